"""The demo data: realistic, loadable twice, and its printed logins work."""

from typing import Any

import pytest
from django.contrib.auth import authenticate

from casys.accounts.models import Body, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.demo import DEMO_PASSWORD, demo_user, load

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing() -> None:
    first = load()
    with unscoped():
        counts = (Body.objects.count(), User.objects.count(), Membership.objects.count())
    assert load() == first
    with unscoped():
        assert (Body.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_it_has_the_bodies_and_clients_the_issue_asks_for() -> None:
    load()
    with unscoped():
        kinds = list(Body.objects.values_list("kind", flat=True))
        clients = Body.objects.filter(kind="client")
        assert kinds.count("accreditation_body") == 1
        assert kinds.count("certification_body") == 2
        assert kinds.count("laboratory") >= 1 and kinds.count("pt_provider") >= 1
        assert len({c.country for c in clients}) >= 4
        assert any(any("\u0400" <= ch <= "\u04ff" for ch in c.name) for c in clients)  # Cyrillic

        def latin(name: str) -> bool:
            return any("a" <= ch.lower() <= "z" for ch in name) and not any(
                "\u0400" <= ch <= "\u04ff" for ch in name
            )

        assert sum(latin(c.name) for c in clients) >= 3
        assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)  # every role


def test_every_printed_login_authenticates() -> None:
    for email, _role, _body in load():
        assert authenticate(username=email, password=DEMO_PASSWORD) is not None, email
    # the demo hashes its one password once for all its logins: still argon2id, as any password
    with unscoped():
        hashes = set(User.objects.values_list("password", flat=True))
    assert len(hashes) == 1 and hashes.pop().startswith("argon2$argon2id$")


def test_a_demo_login_is_hashed_by_the_hasher_the_settings_prefer(settings: Any) -> None:
    # the one hash is kept a process for each hasher: a test (or a deployment) that changes the
    # preferred hasher gets logins it can check, not a hash made before the change
    first = demo_user("one@demo.example", "One")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    second = demo_user("two@demo.example", "Two")
    assert first.password.startswith("argon2$argon2id$")
    assert second.password.startswith("md5$")
    assert authenticate(username="two@demo.example", password=DEMO_PASSWORD) == second

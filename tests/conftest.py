"""Shared fixtures: three users (owner, team member, outsider), their bodies, and a browser.

Every page and endpoint is checked as the owner ("works"), a team member ("team
can" or 403 where a role is needed) and an outsider (404).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CASYS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# CI explores the same examples on every run (no flaky red from a new random draw), and without
# Hypothesis's per-example time limit: a shared 2-core machine can stall an example past 200 ms,
# and speed is measured by benchmarks, not by tests. Developers' runs explore new examples and
# remember failures in .hypothesis/.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
if IN_CI:
    hypothesis_settings.load_profile("ci")


def pytest_configure(config: Any) -> None:
    from casys.accounts.management.commands.compile_translations import compile_all

    compile_all()


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the default language: Django's LocaleMiddleware leaves the language of the
    last request active in the thread, so a test after a French page would otherwise run in French."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_chain_cache() -> Iterator[None]:
    """Each test starts with an empty accreditation-chain cache: the cache is per process and keyed by
    issuer id and the database's chain version, and between tests both start over (rolled-back ids
    are reused on SQLite, the version row is flushed), so a chain cached by an earlier test on the
    same xdist worker could stand for another issuer's."""
    from casys.accreditation.services import chain_cache

    chain_cache.clear()
    yield
    chain_cache.clear()


def make_user(email: str, name: str = "", password: str | None = None) -> User:
    user = User.objects.create_user(email, password, full_name=name or email.split("@")[0].title())
    return user


def make_body(slug: str, kind: str = BodyKind.CERTIFICATION_BODY, **fields: Any) -> Body:
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("country", "LV")
    return Body.all_objects.create(slug=slug, kind=kind, **fields)


@pytest.fixture
def body_a(db: Any) -> Body:
    return make_body("alpha-cert", name="Alpha Certification")


@pytest.fixture
def body_b(db: Any) -> Body:
    return make_body("beta-cert", name="Beta Certification", country="EE")


@pytest.fixture
def owner(body_a: Body) -> User:
    user = make_user("owner@alpha.example", "Olga Owner")
    Membership.all_objects.create(user=user, body=body_a, role=Role.ADMIN)
    return user


@pytest.fixture
def team(body_a: Body) -> User:
    user = make_user("team@alpha.example", "Tom Team")
    Membership.all_objects.create(user=user, body=body_a, role=Role.AUDITOR)
    return user


@pytest.fixture
def outsider(body_b: Body) -> User:
    user = make_user("outsider@beta.example", "Otto Outsider")
    Membership.all_objects.create(user=user, body=body_b, role=Role.ADMIN)
    return user


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner: User) -> Client:
    return _client_for(owner)


@pytest.fixture
def team_client(team: User) -> Client:
    return _client_for(team)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return _client_for(outsider)


@pytest.fixture
def system() -> Iterator[None]:
    """Run the test body as system code (no request scope)."""
    with unscoped():
        yield


@pytest.fixture(scope="module")
def demo_logins(django_db_setup: Any, django_db_blocker: Any) -> Iterator[list[tuple[str, str, str]]]:
    """The demo loaded once for a module of tests that only read it (its logins as
    :func:`casys.demo.load` gives them), in a transaction rolled back after the module's last test.
    Each test (``django_db``, not transactional) runs inside it in a savepoint of its own, so what one
    writes (a session, an audit entry) is gone before the next. A demo load is 20-25 s on PostgreSQL;
    modules of crawls loaded it once a test.

    Every later test of the module runs with the demo loaded, whether it asks for it or not: a module
    that also has tests wanting an empty database puts them first (or does not use this)."""
    from django.db import transaction

    from casys.demo import load

    with django_db_blocker.unblock():
        before = Body.all_objects.count()
        with transaction.atomic():
            logins = load()
            yield logins
            transaction.set_rollback(True)
        assert Body.all_objects.count() == before, "the module's demo was not rolled back"


# --- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM) and shutil.which("chromium") is None:
        message = f"Chromium not found at {CHROMIUM}"
        if IN_CI:
            pytest.fail(message + " (CI=true: a missing component is a failure)")
        pytest.skip(message + " — install Debian's chromium (make test does)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()

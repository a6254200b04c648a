"""Password reset with Django's views and tokens: no enumeration, one use, the user's language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from casys.accounts.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OLD, NEW = "old password long enough", "a brand new passphrase 42"


@pytest.fixture
def jane(db: Any) -> User:
    return make_user("jane@alpha.example", "Jane Doe", password=OLD)


def _ask(client: Client, email: str) -> Any:
    return client.post(reverse("password_reset"), {"email": email})


def _link(message: Any) -> str:
    found = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client: Client, jane: User) -> None:
    known, unknown = _ask(client, jane.email), _ask(client, "nobody@alpha.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [jane.email]
    page = client.get(reverse("password_reset_done")).content.decode()
    assert "If an account uses this address" in page


def test_the_link_sets_a_new_password_once(client: Client, jane: User) -> None:
    _ask(client, jane.email)
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    jane.refresh_from_db()
    assert jane.check_password(NEW)
    again = Client().get(link, follow=True).content.decode()
    assert 'id="reset-invalid"' in again and 'name="new_password1"' not in again


def test_a_wrong_token_is_refused(client: Client, jane: User) -> None:
    _ask(client, jane.email)
    link = _link(mail.outbox[0])
    forged = re.sub(r"/[^/]+/$", "/cxyz-0123456789abcdef0123456789abcdef/", link)
    page = client.get(forged, follow=True).content.decode()
    assert 'id="reset-invalid"' in page
    jane.refresh_from_db()
    assert jane.check_password(OLD)


def test_a_refused_new_password_says_why_and_keeps_the_link(client: Client, jane: User) -> None:
    _ask(client, jane.email)
    set_url = client.get(_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fr", "Choisir un nouveau mot de passe casys"),
        ("ru", "Новый пароль для casys"),
        ("", "Set a new casys password"),
    ],
)
def test_the_email_is_in_the_users_language(client: Client, jane: User, language: str, subject: str) -> None:
    jane.language = language
    jane.save()
    _ask(client, jane.email)
    assert mail.outbox[0].subject == subject


def test_without_a_language_of_their_own_the_email_follows_the_page(client: Client, jane: User) -> None:
    client.post(reverse("set_language"), {"language": "fr"})
    _ask(client, jane.email)
    assert mail.outbox[0].subject == "Choisir un nouveau mot de passe casys"


def test_reset_emails_per_address_are_limited(client: Client, jane: User) -> None:
    for _ in range(12):
        assert _ask(client, jane.email).status_code == 302
    assert len(mail.outbox) == 10

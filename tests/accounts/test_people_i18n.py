"""The people pages and messages in French and Russian."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casys.accounts.models import Body, Membership, Role
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations, members

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase 42"

MEMBERS_PAGE = {
    "fr": ("Inviter une personne", "Invitations en attente", "Modifier les rôles", "Désactiver"),
    "ru": ("Пригласить человека", "Ожидающие приглашения", "Изменить роли", "Деактивировать"),
}
INVITATION_PAGES = {
    "fr": ("Rejoindre Alpha Certification", "Créer mon compte et rejoindre", "ne peut pas être utilisé"),
    "ru": (
        "Вступить в Alpha Certification",
        "Создать учётную запись и вступить",
        "Этой ссылкой-приглашением нельзя",
    ),
}
NO_MEMBERSHIP = {
    "fr": "est membre actif d&#x27;aucun organisme",
    "ru": "не состоит ни в одном органе",
}


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_members_page_is_translated(owner, team, language: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(owner)
    html = client.get(reverse("body-members", args=["alpha-cert"])).content.decode()
    for text in MEMBERS_PAGE[language]:
        assert text in html


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_invitation_pages_are_translated(body_a: Body, language: str) -> None:
    with unscoped():
        _inv, token = invitations.invite(body_a, "new@alpha.example", Role.AUDITOR)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    html = client.get(reverse("invitation", args=[token])).content.decode()
    first, button, invalid = INVITATION_PAGES[language]
    assert first in html and button in html
    assert invalid in client.get(reverse("invitation", args=["nope"])).content.decode()


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_no_membership_message_is_translated(body_a: Body, team, owner, language: str) -> None:
    team.set_password(PASSWORD)
    team.save()
    with unscoped():
        members.deactivate(body_a, team)
    assert not Membership.all_objects.filter(user=team, is_active=True).exists()
    response = Client(HTTP_ACCEPT_LANGUAGE=language).post(
        reverse("login"), {"username": team.email, "password": PASSWORD}
    )
    assert NO_MEMBERSHIP[language] in response.content.decode()

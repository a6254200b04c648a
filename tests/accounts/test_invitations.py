"""Invitations: single use, expiry, revocation, bound to their body, new and existing accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casys.accounts.models import Body, Invitation, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations
from casys.accounts.services.members import MemberError
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase 42"


def _invite(body: Body, email: str = "new@alpha.example", role: str = Role.AUDITOR, **kw) -> str:
    with unscoped():
        return invitations.invite(body, email, role, **kw)[1]


def _url(token: str) -> str:
    return reverse("invitation", args=[token])


def _new_account(client: Client, token: str, **fields) -> object:
    data = {"full_name": "Nina New", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(_url(token), data)


def test_only_the_hash_of_the_token_is_stored(body_a: Body) -> None:
    token = _invite(body_a)
    with unscoped():
        row = Invitation.objects.get()
    assert token not in row.token_hash and len(row.token_hash) == 64
    assert row.expires_at - row.created_at == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))


def test_a_new_person_creates_an_account_joins_and_is_signed_in(client: Client, body_a: Body) -> None:
    token = _invite(body_a)
    page = client.get(_url(token))
    assert page.status_code == 200 and 'name="password1"' in page.content.decode()
    response = _new_account(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("body-detail", args=["alpha-cert"])
    user = User.objects.get(email="new@alpha.example")
    assert user.full_name == "Nina New" and user.check_password(PASSWORD)
    assert list(Membership.all_objects.filter(user=user).values_list("body__slug", "role", "is_active")) == [
        ("alpha-cert", "auditor", True)
    ]
    assert client.get(reverse("body-detail", args=["alpha-cert"])).status_code == 200  # signed in
    with unscoped():
        actions = list(
            AuditEntry.objects.filter(body=body_a).order_by("seq").values_list("action", flat=True)
        )
    assert actions == [
        "accounts.invitation.created",
        "accounts.membership.added",
        "accounts.invitation.accepted",
    ]


def test_the_link_works_once(client: Client, body_a: Body) -> None:
    token = _invite(body_a)
    _new_account(client, token)
    again = Client().get(_url(token))
    assert again.status_code == 410 and 'data-reason="accepted"' in again.content.decode()
    replay = _new_account(Client(), token, full_name="Mallory")
    assert replay.status_code == 410
    assert User.objects.get(email="new@alpha.example").full_name == "Nina New"


def test_it_refuses_an_expired_invitation(client: Client, body_a: Body) -> None:
    token = _invite(body_a)
    Invitation.all_objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _new_account(client, token)
    assert response.status_code == 410 and 'data-reason="expired"' in response.content.decode()
    assert not User.objects.filter(email="new@alpha.example").exists()


def test_it_refuses_a_revoked_invitation(client: Client, body_a: Body) -> None:
    token = _invite(body_a)
    with unscoped():
        invitations.revoke(Invitation.objects.get(), actor=SYSTEM)
    response = client.get(_url(token))
    assert response.status_code == 410 and 'data-reason="revoked"' in response.content.decode()


@pytest.mark.parametrize("token", ["x", "not-a-token-at-all", "A" * 43, "Z" * 500])
def test_an_unknown_token_gets_a_clear_page_not_an_error(client: Client, body_a: Body, token: str) -> None:
    _invite(body_a)
    response = client.get(_url(token))
    assert response.status_code == 404
    assert "This invitation link cannot be used" in response.content.decode()


def test_a_tampered_token_does_not_reach_the_invitation(client: Client, body_a: Body) -> None:
    token = _invite(body_a)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(_url(flipped)).status_code == 404
    assert _new_account(client, flipped).status_code == 404
    assert not User.objects.filter(email="new@alpha.example").exists()


def test_a_token_joins_only_the_body_it_was_made_for(client: Client, body_a: Body, body_b: Body) -> None:
    token = _invite(body_a)
    # whatever the URL or the form says about another body, the invitation row decides
    response = client.post(
        _url(token) + "?body=beta-cert",
        {
            "full_name": "Nina",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "body": "beta-cert",
            "role": "admin",
        },
    )
    assert response.status_code == 302
    rows = list(
        Membership.all_objects.filter(user__email="new@alpha.example").values_list("body__slug", "role")
    )
    assert rows == [("alpha-cert", "auditor")]


def test_a_weak_password_is_refused_and_the_name_is_kept(client: Client, body_a: Body) -> None:
    token = _invite(body_a)
    response = _new_account(client, token, password1="12345", password2="12345")
    html = response.content.decode()
    assert response.status_code == 200 and 'class="field-error"' in html and 'value="Nina New"' in html
    assert not User.objects.filter(email="new@alpha.example").exists()
    differ = _new_account(client, token, password2=PASSWORD + "x")
    assert "The two passwords differ." in differ.content.decode()
    assert not User.objects.filter(email="new@alpha.example").exists()


def test_an_existing_user_signs_in_first_then_accepts(client: Client, body_a: Body, outsider) -> None:
    outsider.set_password(PASSWORD)
    outsider.save()
    token = _invite(body_a, "outsider@beta.example", Role.SCHEME_MANAGER)
    anonymous = client.get(_url(token))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    client.post(reverse("login"), {"username": "outsider@beta.example", "password": PASSWORD})
    assert "Accept the invitation" in client.get(_url(token)).content.decode()
    assert client.post(_url(token))["Location"] == reverse("body-detail", args=["alpha-cert"])
    assert Membership.all_objects.filter(user=outsider, body=body_a, role="scheme_manager").exists()


def test_a_signed_in_user_with_another_email_is_refused(body_a: Body, team_client: Client) -> None:
    token = _invite(body_a, "someone.else@alpha.example")
    response = team_client.post(_url(token))
    assert response.status_code == 403
    assert not Membership.all_objects.filter(user__email="someone.else@alpha.example").exists()
    assert not Membership.all_objects.filter(body=body_a, role="auditor").exclude(
        user__email="team@alpha.example"
    )
    with unscoped():
        assert Invitation.objects.get().accepted_at is None


def test_inviting_an_active_member_or_twice_is_refused_naming_the_field(body_a: Body, team) -> None:
    with unscoped():
        with pytest.raises(MemberError, match="^email: team@alpha.example is already an active member"):
            invitations.invite(body_a, "TEAM@alpha.example", Role.ADMIN)
        invitations.invite(body_a, "x@alpha.example", Role.ADMIN)
        with pytest.raises(MemberError, match="^email: an invitation to x@alpha.example is pending"):
            invitations.invite(body_a, "x@alpha.example", Role.AUDITOR)
        with pytest.raises(MemberError, match="^email: 'nope' is not an e-mail address"):
            invitations.invite(body_a, "nope", Role.ADMIN)
        with pytest.raises(MemberError, match="^role: 'client_contact' is not a role in this body"):
            invitations.invite(body_a, "y@alpha.example", Role.CLIENT_CONTACT)


def test_a_new_link_ends_the_old_one(client: Client, body_a: Body) -> None:
    old = _invite(body_a)
    with unscoped():
        new = invitations.renew(Invitation.objects.get(), actor=SYSTEM)
    assert client.get(_url(old)).status_code == 404
    assert client.get(_url(new)).status_code == 200


def test_the_email_goes_out_in_the_inviters_language_when_the_invitee_is_unknown(body_a: Body) -> None:
    token = _invite(body_a, language="fr")
    with unscoped():
        invitation = Invitation.objects.select_related("body").get()
        sent = invitations.send(invitation, "https://casys.example/invitations/" + token + "/")
    assert sent.sent and sent.language == "fr"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@alpha.example"]
    assert "Invitation à rejoindre Alpha Certification" in mail.outbox[0].subject
    assert token in mail.outbox[0].body and "7 jours" in mail.outbox[0].body


def test_the_email_goes_out_in_the_invitees_language_when_known(body_a: Body) -> None:
    user = make_user("ivan@alpha.example", "Ivan")
    user.language = "ru"
    user.save()
    token = _invite(body_a, "ivan@alpha.example", language="fr")
    with unscoped():
        invitations.send(
            Invitation.objects.select_related("body").get(), "https://x/invitations/" + token + "/"
        )
    assert "Приглашение" in mail.outbox[0].subject and "7 дней" in mail.outbox[0].body


def test_no_email_is_sent_when_no_backend_is_configured(body_a: Body, settings) -> None:
    settings.EMAIL_BACKEND = invitations.NO_EMAIL_BACKEND
    token = _invite(body_a)
    with unscoped():
        sent = invitations.send(Invitation.objects.select_related("body").get(), "https://x/" + token)
    assert not sent.sent and mail.outbox == []

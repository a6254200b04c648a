"""The members page and its actions: every role of the body and of a foreign body, 0 leaks;
roles, deactivation (history kept, sign-in refused, tokens revoked) and reactivation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casys.accounts.models import ROLES_OF_KIND, ApiToken, Body, BodyKind, Invitation, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations, members
from casys.accounts.services.members import MemberError
from casys.accounts.services.scopes import scope_for_user
from casys.accounts.services.tokens import create_token
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase 42"
KIND_ROLES = {role for roles in ROLES_OF_KIND.values() for role in roles}
#: the staff roles of a certification body (alpha-cert): every body's roles, none of another kind's
STAFF_ROLES = [r for r in Role.values if r != Role.CLIENT_CONTACT and r not in KIND_ROLES]


def _member(body: Body, role: str, email: str | None = None) -> User:
    user = make_user(email or f"{role}@{body.slug}.example")
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def pending(body_a: Body, owner) -> Invitation:
    with unscoped():
        return invitations.invite(body_a, "pending@alpha.example", Role.AUDITOR, invited_by=owner)[0]


def _requests(team_id: int, invitation_id: int) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("body-members", args=["alpha-cert"]), {}),
        ("post", reverse("body-members", args=["alpha-cert"]), {"email": "x@y.example", "role": "auditor"}),
        ("post", reverse("member-roles", args=["alpha-cert", team_id]), {"roles": ["admin"]}),
        ("post", reverse("member-deactivate", args=["alpha-cert", team_id]), {}),
        ("post", reverse("member-reactivate", args=["alpha-cert", team_id]), {}),
        ("post", reverse("invitation-revoke", args=["alpha-cert", invitation_id]), {}),
        ("post", reverse("invitation-renew", args=["alpha-cert", invitation_id]), {}),
    ]


def _state(body: Body) -> tuple:
    with unscoped():
        return (
            sorted(Membership.objects.filter(body=body).values_list("user__email", "role", "is_active")),
            sorted(Invitation.objects.filter(body=body).values_list("email", "token_hash", "revoked_at")),
        )


@pytest.mark.parametrize("role", STAFF_ROLES[1:] + [Role.CLIENT_CONTACT])
def test_every_other_role_of_the_body_gets_403_and_changes_nothing(body_a, team, pending, role) -> None:
    client = _client(_member(body_a, role, f"someone-{role}@alpha.example"))
    before = _state(body_a)
    for method, url, data in _requests(team.pk, pending.pk):
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    assert _state(body_a) == before


@pytest.mark.parametrize("role", Role.values)
def test_every_role_of_a_foreign_body_gets_404_and_changes_nothing(
    body_a, body_b, team, pending, role
) -> None:
    client = _client(_member(body_b, role))
    before = _state(body_a)
    for method, url, data in _requests(team.pk, pending.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert (
            b"pending@alpha.example" not in response.content and b"team@alpha.example" not in response.content
        )
    assert _state(body_a) == before


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, body_a, team, pending) -> None:
    for method, url, data in _requests(team.pk, pending.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_admin_cannot_reach_a_foreign_member_or_invitation_through_their_own_body(
    owner_client, body_a, body_b, outsider
) -> None:
    with unscoped():
        foreign = invitations.invite(body_b, "p@beta.example", Role.AUDITOR)[0]
    for url in (
        reverse("member-deactivate", args=["alpha-cert", outsider.pk]),
        reverse("member-roles", args=["alpha-cert", outsider.pk]),
        reverse("invitation-revoke", args=["alpha-cert", foreign.pk]),
        reverse("invitation-renew", args=["alpha-cert", foreign.pk]),
    ):
        assert owner_client.post(url, {"roles": ["auditor"]}).status_code == 404
    assert _state(body_b)[0] == [("outsider@beta.example", "admin", True)]
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_the_admin_sees_members_roles_states_and_pending_invitations(owner_client, team, pending) -> None:
    html = owner_client.get(reverse("body-members", args=["alpha-cert"])).content.decode()
    assert "team@alpha.example" in html and "Auditor / assessor" in html
    assert "pending@alpha.example" in html and "Olga Owner" in html
    assert html.count('name="roles"') == 2 * len(STAFF_ROLES)  # a role box per role for each member


def test_the_body_page_links_to_members_for_admins_only(owner_client, team_client) -> None:
    assert (
        'id="members-link"' in owner_client.get(reverse("body-detail", args=["alpha-cert"])).content.decode()
    )
    assert (
        'id="members-link"'
        not in team_client.get(reverse("body-detail", args=["alpha-cert"])).content.decode()
    )


def test_the_admin_invites_and_sees_the_link_once(owner_client, body_a) -> None:
    response = owner_client.post(
        reverse("body-members", args=["alpha-cert"]), {"email": "New@Alpha.example", "role": "decision_maker"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="invitation-link"' in html
    link = html.split('id="invitation-link" value="')[1].split('"')[0]
    assert link.startswith("http://testserver/invitations/")
    with unscoped():
        invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("new@alpha.example", "decision_maker")
    assert link.split("/")[-2] not in invitation.token_hash
    assert (
        'id="invitation-link"'
        not in owner_client.get(reverse("body-members", args=["alpha-cert"])).content.decode()
    )


def test_a_refused_invitation_keeps_what_was_typed_and_names_the_field(owner_client, team) -> None:
    response = owner_client.post(
        reverse("body-members", args=["alpha-cert"]),
        {"email": "team@alpha.example", "role": "scheme_manager"},
    )
    html = response.content.decode()
    assert 'class="field-error">team@alpha.example is already an active member' in html
    assert 'value="team@alpha.example"' in html and 'value="scheme_manager" selected' in html


def test_the_admin_changes_a_members_roles(owner_client, body_a, team) -> None:
    owner_client.post(
        reverse("member-roles", args=["alpha-cert", team.pk]), {"roles": ["analyst", "auditor"]}
    )
    assert scope_for_user(team).roles[body_a.pk] == frozenset({"analyst", "auditor"})
    owner_client.post(reverse("member-roles", args=["alpha-cert", team.pk]), {"roles": ["analyst"]})
    assert scope_for_user(team).roles[body_a.pk] == frozenset({"analyst"})
    rows = sorted(Membership.all_objects.filter(user=team).values_list("role", "is_active"))
    assert rows == [("analyst", True), ("auditor", False)]  # the ended role stays, as history
    with unscoped():
        entry = AuditEntry.objects.filter(action="accounts.membership.role_changed").order_by("seq").last()
    assert entry.data == {"user": "team@alpha.example", "from": ["auditor", "analyst"], "to": ["analyst"]}
    assert entry.object_type == "accounts.user" and entry.object_id == str(team.pk)


def test_the_last_administrator_cannot_be_demoted_or_deactivated(owner, body_a) -> None:
    with unscoped():
        with pytest.raises(MemberError, match="^role: this is the body's last administrator"):
            members.set_roles(body_a, owner, [Role.AUDITOR])
        with pytest.raises(MemberError, match="^role: this is the body's last administrator"):
            members.deactivate(body_a, owner)
        with pytest.raises(MemberError, match="^roles: choose at least one role"):
            members.set_roles(body_a, owner, [])


def test_a_deactivated_member_keeps_history_loses_access_and_tokens(owner_client, body_a, team) -> None:
    team.set_password(PASSWORD)
    team.save()
    token_row, token = create_token(user=team, body=body_a, name="erp", actor=SYSTEM)
    team_session = _client(team)
    owner_client.post(reverse("member-deactivate", args=["alpha-cert", team.pk]))
    row = Membership.all_objects.get(user=team, body=body_a)
    assert not row.is_active and row.ended_at is not None  # kept, not deleted
    assert team_session.get(reverse("body-detail", args=["alpha-cert"])).status_code == 404
    refused = Client().post(reverse("login"), {"username": "team@alpha.example", "password": PASSWORD})
    assert refused.status_code == 200 and 'id="no-membership"' in refused.content.decode()
    assert "no active membership" in refused.content.decode()
    token_row.refresh_from_db()
    assert token_row.revoked_at is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    with unscoped():
        actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
        entry = AuditEntry.objects.get(action="accounts.membership.deactivated")
    # the refused sign-in above is logged too (accounts.user.login_failed), after these two
    changes = [a for a in actions if a != "accounts.user.login_failed"]
    assert changes[-2:] == ["accounts.token.revoked", "accounts.membership.deactivated"]
    assert entry.data == {"user": "team@alpha.example", "roles": ["auditor"], "revoked_credentials": 1}
    html = owner_client.get(reverse("body-members", args=["alpha-cert"])).content.decode()
    assert "Deactivated on" in html and "team@alpha.example" in html


def test_reactivation_restores_the_roles_but_not_the_tokens(owner_client, body_a, team) -> None:
    _row, token = create_token(user=team, body=body_a, name="erp", actor=SYSTEM)
    owner_client.post(
        reverse("member-roles", args=["alpha-cert", team.pk]), {"roles": ["auditor", "analyst"]}
    )
    owner_client.post(reverse("member-deactivate", args=["alpha-cert", team.pk]))
    owner_client.post(reverse("member-reactivate", args=["alpha-cert", team.pk]))
    assert scope_for_user(team).roles[body_a.pk] == frozenset({"auditor", "analyst"})
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_token_stops_when_the_membership_ends_by_any_path(body_a, team) -> None:
    """Issue 12 finding 13: even a membership ended behind the services' back stops the token."""
    _row, token = create_token(user=team, body=body_a, name="erp", actor=SYSTEM)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    Membership.all_objects.filter(user=team).update(is_active=False)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_token_does_not_come_back_when_the_user_is_invited_again(body_a, team) -> None:
    _row, token = create_token(user=team, body=body_a, name="erp", actor=SYSTEM)
    with unscoped():
        members.deactivate(body_a, team)
        invitation, _raw = invitations.invite(body_a, team.email, Role.AUDITOR)
        invitations.accept(invitation, team)
    assert scope_for_user(team).roles[body_a.pk] == frozenset({"auditor"})
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert ApiToken.all_objects.get().revoked_at is not None


def test_a_person_with_a_pending_invitation_may_sign_in_to_accept_it(body_a, team) -> None:
    team.set_password(PASSWORD)
    team.save()
    with unscoped():
        members.deactivate(body_a, team)
        _inv, token = invitations.invite(body_a, team.email, Role.AUDITOR)
    client = Client()
    url = reverse("invitation", args=[token])
    response = client.post(reverse("login"), {"username": team.email, "password": PASSWORD, "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert client.post(url)["Location"] == reverse("body-detail", args=["alpha-cert"])


def test_the_admin_revokes_and_renews_invitations(owner_client, pending) -> None:
    renewed = owner_client.post(reverse("invitation-renew", args=["alpha-cert", pending.pk]))
    assert 'id="invitation-link"' in renewed.content.decode()
    old_hash = pending.token_hash
    pending.refresh_from_db()
    assert pending.token_hash != old_hash
    owner_client.post(reverse("invitation-revoke", args=["alpha-cert", pending.pk]))
    pending.refresh_from_db()
    assert pending.revoked_at is not None
    html = owner_client.get(reverse("body-members", args=["alpha-cert"])).content.decode()
    assert "pending@alpha.example" not in html.split('id="pending-invitations"')[1].split("</table>")[0]


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (BodyKind.INSPECTION_BODY, Role.INSPECTOR),
        (BodyKind.PERSONS_CERTIFICATION_BODY, Role.EXAMINER),
        (BodyKind.PERSONS_CERTIFICATION_BODY, Role.CANDIDATE),
        (BodyKind.VALIDATION_VERIFICATION_BODY, Role.VERIFIER),
    ],
)
def test_a_role_of_one_kind_of_body_is_offered_there_and_refused_elsewhere(body_a, kind, role) -> None:
    own = Body.all_objects.create(
        name=f"A {kind}", slug=f"own-{kind}".replace("_", "-"), kind=kind, country="LV"
    )
    assert role in members.allowed_roles(own)
    assert set(STAFF_ROLES) <= set(members.allowed_roles(own))
    assert members.check_roles(own, [role]) == [role]
    assert role not in members.allowed_roles(body_a)
    with pytest.raises(MemberError, match=f"role: '{role}' is not a role in this body"):
        members.check_roles(body_a, [role])

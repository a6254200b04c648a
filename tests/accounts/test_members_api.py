"""The members API: administrators' tokens only; every role and a foreign body, full expected JSON."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from casys.accounts.models import Body, Invitation, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _iso(moment) -> str:
    """A date-time as the API writes it (Django's JSON encoder: milliseconds, Z)."""
    return json.loads(json.dumps(moment, cls=DjangoJSONEncoder))


def _token(user: User, body: Body) -> str:
    return create_token(user=user, body=body, name="t", actor=SYSTEM)[1]


def _call(method: str, path: str, token: str | None, payload: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    kwargs = {"data": json.dumps(payload), "content_type": "application/json"} if payload is not None else {}
    return getattr(Client(), method)(path, **kwargs, **headers)


def _requests(team_id: int, invitation_id: int) -> list[tuple[str, str, dict | None]]:
    base = "/api/v1/bodies/alpha-cert"
    return [
        ("get", f"{base}/members", None),
        ("get", f"{base}/invitations", None),
        ("post", f"{base}/invitations", {"email": "x@alpha.example", "role": "auditor"}),
        ("post", f"{base}/invitations/{invitation_id}/revoke", None),
        ("put", f"{base}/members/{team_id}/roles", {"roles": ["analyst"]}),
        ("post", f"{base}/members/{team_id}/deactivate", None),
        ("post", f"{base}/members/{team_id}/reactivate", None),
    ]


@pytest.fixture
def pending(body_a: Body, owner) -> Invitation:
    with unscoped():
        return invitations.invite(body_a, "pending@alpha.example", Role.AUDITOR, invited_by=owner)[0]


def _state(body: Body) -> tuple:
    with unscoped():
        return (
            sorted(Membership.objects.filter(body=body).values_list("user__email", "role", "is_active")),
            sorted(Invitation.objects.filter(body=body).values_list("email", "revoked_at")),
        )


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_every_other_role_gets_403_and_changes_nothing(body_a, team, pending, role) -> None:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body_a, role=role)
    token, before = _token(user, body_a), _state(body_a)
    for method, path, payload in _requests(team.pk, pending.pk):
        assert _call(method, path, token, payload).status_code == 403, path
    assert _state(body_a) == before


@pytest.mark.parametrize("role", Role.values)
def test_every_role_of_a_foreign_body_gets_404_and_changes_nothing(
    body_a, body_b, team, pending, role
) -> None:
    user = make_user(f"{role}@beta.example")
    Membership.all_objects.create(user=user, body=body_b, role=role)
    token, before = _token(user, body_b), _state(body_a)
    for method, path, payload in _requests(team.pk, pending.pk):
        response = _call(method, path, token, payload)
        assert response.status_code == 404 and response.json() == {"detail": "Not Found"}, path
    assert _state(body_a) == before


def test_without_a_token_the_api_answers_401(body_a, team, pending) -> None:
    for method, path, payload in _requests(team.pk, pending.pk):
        assert _call(method, path, None, payload).status_code == 401


def test_the_admin_lists_members_and_pending_invitations(owner, team, body_a, pending) -> None:
    token = _token(owner, body_a)
    assert _call("get", "/api/v1/bodies/alpha-cert/members", token).json() == [
        {
            "user_id": owner.pk,
            "email": "owner@alpha.example",
            "full_name": "Olga Owner",
            "roles": ["admin"],
            "active": True,
            "ended_at": None,
        },
        {
            "user_id": team.pk,
            "email": "team@alpha.example",
            "full_name": "Tom Team",
            "roles": ["auditor"],
            "active": True,
            "ended_at": None,
        },
    ]
    assert _call("get", "/api/v1/bodies/alpha-cert/invitations", token).json() == [
        {
            "id": pending.pk,
            "email": "pending@alpha.example",
            "role": "auditor",
            "created_at": _iso(pending.created_at),
            "expires_at": _iso(pending.expires_at),
            "invited_by": "owner@alpha.example",
        }
    ]


def test_the_admin_invites_and_gets_the_link_once(owner, body_a) -> None:
    token = _token(owner, body_a)
    response = _call(
        "post",
        "/api/v1/bodies/alpha-cert/invitations",
        token,
        {"email": "Nina@Alpha.example", "role": "analyst"},
    )
    assert response.status_code == 201
    body = response.json()
    with unscoped():
        row = Invitation.objects.get()
    link = body.pop("link")
    assert link.startswith("http://testserver/invitations/") and link.split("/")[-2] not in row.token_hash
    assert body == {
        "id": row.pk,
        "email": "nina@alpha.example",
        "role": "analyst",
        "created_at": _iso(row.created_at),
        "expires_at": _iso(row.expires_at),
        "invited_by": "owner@alpha.example",
        "emailed": True,
    }
    again = _call(
        "post", "/api/v1/bodies/alpha-cert/invitations", token, {"email": "nina@alpha.example", "role": "x"}
    )
    assert again.status_code == 422
    assert again.json() == {
        "detail": "role: 'x' is not a role in this body; expected one of "
        "admin, scheme_manager, auditor, decision_maker, analyst, report_reviewer"
    }


def test_the_admin_changes_roles_deactivates_and_reactivates(owner, team, body_a) -> None:
    token = _token(owner, body_a)
    base = f"/api/v1/bodies/alpha-cert/members/{team.pk}"
    changed = _call("put", f"{base}/roles", token, {"roles": ["decision_maker", "auditor"]})
    expected = {
        "user_id": team.pk,
        "email": "team@alpha.example",
        "full_name": "Tom Team",
        "roles": ["auditor", "decision_maker"],
        "active": True,
        "ended_at": None,
    }
    assert changed.json() == expected
    gone = _call("post", f"{base}/deactivate", token).json()
    ended = Membership.all_objects.filter(user=team, is_active=False).values_list("ended_at", flat=True)[0]
    assert gone == {**expected, "active": False, "ended_at": _iso(ended)}
    assert _call("post", f"{base}/deactivate", token).json() == {
        "detail": "user: this person is not an active member of the body"
    }
    assert _call("post", f"{base}/reactivate", token).json() == expected


def test_the_last_admin_cannot_deactivate_themself_through_the_api(owner, body_a) -> None:
    token = _token(owner, body_a)
    response = _call("post", f"/api/v1/bodies/alpha-cert/members/{owner.pk}/deactivate", token)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("role: this is the body's last administrator")


def test_the_admin_revokes_an_invitation(owner, body_a, pending) -> None:
    token = _token(owner, body_a)
    response = _call("post", f"/api/v1/bodies/alpha-cert/invitations/{pending.pk}/revoke", token)
    assert response.status_code == 200 and response.json()["email"] == "pending@alpha.example"
    assert _call("get", "/api/v1/bodies/alpha-cert/invitations", token).json() == []

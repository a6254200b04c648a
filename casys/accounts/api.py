"""API of the accounts app: who am I, my bodies, a body, its audit log, its members and invitations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from casys.accounts.models import Body, Invitation, Role
from casys.accounts.services import invitations, members
from casys.accounts.services.bodies import body_for
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import Actor

router = Router(tags=["accounts"])


class BodyOut(Schema):
    slug: str
    name: str
    name_en: str
    kind: str
    country: str
    city: str


class MeOut(Schema):
    email: str
    full_name: str
    body: str
    roles: list[str]


class AuditEntryOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    data: dict  # type: ignore[type-arg]


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    token = request.api_token  # type: ignore[attr-defined]
    roles = sorted(request.scope.roles.get(token.body_id, ()))  # type: ignore[attr-defined]
    return MeOut(email=token.user.email, full_name=token.user.full_name, body=token.body.slug, roles=roles)


@router.get("/bodies", response=list[BodyOut])
def list_bodies(request: HttpRequest) -> list[Body]:
    return list(Body.objects.order_by("name"))


@router.get("/bodies/{slug}", response=BodyOut)
def get_body(request: HttpRequest, slug: str) -> Body:
    body = Body.objects.filter(slug=slug).first()
    if body is None:
        raise HttpError(404, "Not Found")
    return body


@router.get("/bodies/{slug}/audit-log", response=list[AuditEntryOut])
def body_audit_log(request: HttpRequest, slug: str, limit: int = 100) -> list[AuditEntryOut]:
    body = body_for(slug, Role.ADMIN)
    entries = AuditEntry.objects.filter(body=body).order_by("-seq")[: max(1, min(limit, 1000))]
    return [
        AuditEntryOut(
            seq=e.seq,
            at=e.at,
            actor=e.actor_label,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            data=e.data,
        )
        for e in entries
    ]


# --- members and invitations (administrators' tokens only) --------------------------------------


class MemberOut(Schema):
    user_id: int
    email: str
    full_name: str
    roles: list[str]
    active: bool
    ended_at: datetime | None


class InvitationIn(Schema):
    email: str
    role: str


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime
    invited_by: str | None


class NewInvitationOut(InvitationOut):
    link: str
    emailed: bool


class RolesIn(Schema):
    roles: list[str]


def _member_out(m: members.Member) -> MemberOut:
    return MemberOut(
        user_id=m.user.pk,
        email=m.user.email,
        full_name=m.user.full_name,
        roles=m.roles or m.past_roles,
        active=m.is_active,
        ended_at=m.ended_at,
    )


def _invitation_out(i: Invitation) -> dict[str, Any]:
    return {
        "id": i.pk,
        "email": i.email,
        "role": i.role,
        "created_at": i.created_at,
        "expires_at": i.expires_at,
        "invited_by": i.invited_by.email if i.invited_by else None,
    }


def _refused(exc: members.MemberError) -> HttpError:
    return HttpError(422, str(exc))


def _member_of(body: Body, user_id: int) -> members.Member:
    found = members.member(body, user_id)
    if found is None:
        raise Http404("no such member")
    return found


@router.get("/bodies/{slug}/members", response=list[MemberOut])
def list_members(request: HttpRequest, slug: str) -> list[MemberOut]:
    """Everyone who holds or held a role in the body (deactivated members with ``active`` false)."""
    body = body_for(slug, Role.ADMIN)
    return [_member_out(m) for m in members.members_of(body)]


@router.get("/bodies/{slug}/invitations", response=list[InvitationOut])
def list_invitations(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Pending invitations (their links are never shown again)."""
    body = body_for(slug, Role.ADMIN)
    return [_invitation_out(i) for i in invitations.pending_for(body)]


@router.post("/bodies/{slug}/invitations", response={201: NewInvitationOut})
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn) -> Status[dict[str, Any]]:
    """Invite an e-mail address with a role; the answer carries the link, this once."""
    body = body_for(slug, Role.ADMIN)
    try:
        invitation, token = invitations.invite(
            body,
            payload.email,
            payload.role,
            invited_by=request.api_token.user,  # type: ignore[attr-defined]
            language=request.api_token.user.language,  # type: ignore[attr-defined]
            actor=Actor.from_request(request),
        )
    except members.MemberError as exc:
        raise _refused(exc) from exc
    link = request.build_absolute_uri(reverse("invitation", args=[token]))
    sent = invitations.send(invitation, link)
    return Status(201, {**_invitation_out(invitation), "link": link, "emailed": sent.sent})


@router.post("/bodies/{slug}/invitations/{invitation_id}/revoke", response=InvitationOut)
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int) -> dict[str, Any]:
    body = body_for(slug, Role.ADMIN)
    rows = Invitation.objects.select_related("invited_by")
    invitation = get_object_or_404(rows, pk=invitation_id, body=body)
    try:
        invitations.revoke(invitation, actor=Actor.from_request(request))
    except members.MemberError as exc:
        raise _refused(exc) from exc
    return _invitation_out(invitation)


@router.put("/bodies/{slug}/members/{user_id}/roles", response=MemberOut)
def change_roles(request: HttpRequest, slug: str, user_id: int, payload: RolesIn) -> MemberOut:
    """Give an active member exactly these roles."""
    body = body_for(slug, Role.ADMIN)
    user = _member_of(body, user_id).user
    try:
        members.set_roles(body, user, payload.roles, actor=Actor.from_request(request))
    except members.MemberError as exc:
        raise _refused(exc) from exc
    return _member_out(_member_of(body, user_id))


@router.post("/bodies/{slug}/members/{user_id}/deactivate", response=MemberOut)
def deactivate_member(request: HttpRequest, slug: str, user_id: int) -> MemberOut:
    """End the member's roles in the body and revoke their API tokens there."""
    body = body_for(slug, Role.ADMIN)
    user = _member_of(body, user_id).user
    try:
        members.deactivate(body, user, actor=Actor.from_request(request))
    except members.MemberError as exc:
        raise _refused(exc) from exc
    return _member_out(_member_of(body, user_id))


@router.post("/bodies/{slug}/members/{user_id}/reactivate", response=MemberOut)
def reactivate_member(request: HttpRequest, slug: str, user_id: int) -> MemberOut:
    body = body_for(slug, Role.ADMIN)
    user = _member_of(body, user_id).user
    try:
        members.reactivate(body, user, actor=Actor.from_request(request))
    except members.MemberError as exc:
        raise _refused(exc) from exc
    return _member_out(_member_of(body, user_id))

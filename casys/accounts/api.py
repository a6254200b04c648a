"""API of the accounts app: who am I, my bodies, a body, its audit log."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from casys.accounts.models import Body, Role
from casys.accounts.services.bodies import body_for
from casys.auditlog.models import AuditEntry

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
        from ninja.errors import HttpError

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

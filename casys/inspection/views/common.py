"""What every inspection page needs: the body of the URL with a role check, and who may do what."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.services.bodies import body_for
from casys.inspection.services import inspection_schemes, scheme

KINDS = (BodyKind.INSPECTION_BODY,)
MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)
REVIEWERS = (Role.REPORT_REVIEWER, Role.DECISION_MAKER, Role.ADMIN)
INSPECTORS = (Role.INSPECTOR,)
#: who keeps the instrument register
INSTRUMENT_KEEPERS = (Role.ADMIN, Role.SCHEME_MANAGER, Role.INSPECTOR)


def inspection_body(slug: str, *roles: str) -> Body:
    """The inspection body of ``slug``: 404 unless a member of it, 403 without one of ``roles``."""
    return body_for(slug, *roles, kinds=KINDS)


def can(request: HttpRequest, body: Body, roles: tuple[str, ...]) -> bool:
    return bool(request.scope.has_role(body.id, *roles))  # type: ignore[attr-defined]


def inspectors_of(body: Body) -> Any:
    ids = Membership.all_objects.filter(body_id=body.pk, role=Role.INSPECTOR, is_active=True).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids).order_by("full_name", "email")


def scheme_choices(ids: Any = None) -> list[tuple[str, str]]:
    return [(s, f"{scheme(s).title}") for s in (ids if ids is not None else inspection_schemes())]

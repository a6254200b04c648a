"""What every laboratory page needs: the laboratory of the URL, role checks, form errors from services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import body_for
from casys.laboratory.services import LabInputError

LAB_KINDS = (BodyKind.LABORATORY, BodyKind.INSPECTION_BODY)
ANALYSTS = (Role.ANALYST, Role.ADMIN)
REVIEWERS = (Role.REPORT_REVIEWER, Role.ADMIN)
REPORT_WRITERS = (Role.ANALYST, Role.REPORT_REVIEWER, Role.ADMIN)


def lab_for(slug: str, *roles: str) -> Body:
    """The laboratory (or inspection body) of ``slug``: 404 unless a member of a lab, 403 without a role."""
    return body_for(slug, *roles, kinds=LAB_KINDS)


def can(request: HttpRequest, body: Body, roles: tuple[str, ...]) -> bool:
    return bool(request.scope.has_role(body.id, *roles))  # type: ignore[attr-defined]


def add_service_error(form: Any, exc: LabInputError) -> None:
    """Put a service error on the form field it names (or on the form when it names no field)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc) if field is None else exc.message)

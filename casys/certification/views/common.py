"""Helpers shared by the views: roles, reading posted values with errors that name the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from casys.accounts.confirm import confirmed
from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.refused import keep
from casys.accounts.services.bodies import body_for
from casys.certification.services import CertificationError

MANAGE = (Role.ADMIN, Role.SCHEME_MANAGER)
AUDIT = (Role.ADMIN, Role.SCHEME_MANAGER, Role.AUDITOR)
DECIDE = (Role.ADMIN, Role.DECISION_MAKER)


def cb_for(slug: str, *roles: str) -> Body:
    """The certification body of ``slug``: 404 for a body of another kind (a client's own record)."""
    return body_for(slug, *roles, kinds=(BodyKind.CERTIFICATION_BODY,))


def portal_for(slug: str) -> Body:
    """The client organisation of ``slug`` for its contacts: 404 for staff and bodies of other kinds."""
    return body_for(slug, Role.CLIENT_CONTACT, kinds=(BodyKind.CLIENT,))


def require_confirmation(request: HttpRequest) -> None:
    """Refuse an irreversible step whose form's "I confirm" box was not ticked."""
    if not confirmed(request):
        raise CertificationError("confirm: tick the box to confirm this step; nothing was changed")


def text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "").strip()


def day(request: HttpRequest, name: str, *, required: bool = True) -> date | None:
    raw = text(request, name)
    if not raw:
        if required:
            raise CertificationError(f"{name}: a date is required")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CertificationError(f"{name}: {raw!r} is not a date (YYYY-MM-DD)") from None


def number(request: HttpRequest, name: str, *, default: float | None = None, whole: bool = False) -> Any:
    raw = text(request, name)
    if not raw:
        if default is not None:
            return int(default) if whole else default
        raise CertificationError(f"{name}: a number is required")
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise CertificationError(f"{name}: {raw!r} is not a number") from None
    if whole:
        if value != int(value) or value < 0:
            raise CertificationError(f"{name}: {raw!r} is not a whole number >= 0")
        return int(value)
    return value


def attempt(request: HttpRequest, back: str, action: Callable[[], Any], done: str) -> HttpResponse:
    """Run a service call; on refusal show its message (naming the field), keep what was typed for
    the page shown next (casys.accounts.refused), and change nothing."""
    try:
        action()
    except CertificationError as exc:
        keep(request, str(exc))  # the page shown next keeps what was typed, the reason by its field
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(back)

"""The platform page: a platform superuser creates bodies and invites their first administrators."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from casys.accounts.models import Body, BodyKind
from casys.accounts.services import invitations
from casys.accounts.services.members import MemberError
from casys.accounts.services.onboarding import create_body_inviting_admin
from casys.accounts.views.members import field_errors, invitation_link
from casys.auditlog.services import Actor

FIELDS = ("kind", "name", "slug", "country", "city", "address", "admin_email")


def superuser_required(view: Any) -> Any:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied("only a platform superuser may create bodies")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@superuser_required
def platform_bodies(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"kinds": BodyKind.choices, "typed": {}, "errors": {}}
    if request.method == "POST":
        typed = {f: request.POST.get(f, "").strip() for f in FIELDS}
        try:
            body, invitation, token = create_body_inviting_admin(
                **typed,
                invited_by=request.user,
                language=get_language() or "",
                actor=Actor.from_request(request),
            )
        except MemberError as exc:
            context.update(typed=typed, errors=field_errors(exc))
        else:
            link = invitation_link(request, token)
            context.update(
                created=body,
                new_invitation=invitation,
                new_link=link,
                sent=invitations.send(invitation, link),
            )
    # The platform superuser sees every body by name on purpose: this page is the platform's
    # register of bodies, and no body's records are reached from it.
    context["bodies"] = Body.all_objects.exclude(kind=BodyKind.CLIENT).order_by("name")
    return render(request, "accounts/platform_bodies.html", context)

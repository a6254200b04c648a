"""The invitation link /invitations/<token>/: join a body, creating the account when it is new.

The token names its invitation and nothing else: the body and role come from the
invitation row, never from the URL or the form, so a link cannot be bent to join
another body.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from casys.accounts.models import Body, Invitation, Role
from casys.accounts.services import invitations
from casys.accounts.views.members import field_errors
from casys.auditlog.services import Actor

#: Status of the "not valid" page for each state of a link.
_STATUS = {invitations.ACCEPTED: 410, invitations.REVOKED: 410, invitations.EXPIRED: 410, "unknown": 404}


def landing_url(body: Body, role: str) -> str:
    """Where a new member lands: an area's page for the body (e.g. a client's portal), else the body."""
    for config in apps.get_app_configs():
        hook = getattr(config, "landing_url", None)
        url = hook(body, role) if hook is not None else None
        if url:
            return str(url)
    return reverse("body-detail", args=[body.slug])


def _invalid(request: HttpRequest, reason: str, invitation: Invitation | None = None) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": reason, "invitation": invitation},
        status=_STATUS[reason],
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.find(token)
    if found is None:
        return _invalid(request, "unknown")
    if invitations.state(found) != invitations.PENDING:
        return _invalid(request, invitations.state(found), found)
    signed_in = request.user if request.user.is_authenticated else None
    if signed_in is not None and signed_in.email.lower() != found.email.lower():
        return render(request, "accounts/invitation_other_user.html", {"invitation": found}, status=403)
    context = {"invitation": found, "role": Role(found.role).label, "errors": {}, "typed": {}}
    if invitations.needs_password(invitations.invitee(found)):
        return _new_account(request, found, context)
    if signed_in is None:
        messages.info(request, _("Sign in as {email} to accept the invitation.").format(email=found.email))
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            invitations.accept(found, signed_in, actor=Actor.from_request(request))
        except invitations.InvitationError as exc:
            context["errors"] = field_errors(exc)
        else:
            messages.success(request, _("You joined {body}.").format(body=found.body.name))
            return redirect(landing_url(found.body, found.role))
    return render(request, "accounts/invitation_accept.html", context)


def _new_account(request: HttpRequest, found: Invitation, context: dict) -> HttpResponse:  # type: ignore[type-arg]
    user = invitations.invitee(found)
    context["typed"] = {"full_name": user.full_name if user is not None else ""}
    if request.method == "POST":
        full_name = request.POST.get("full_name", "")
        password, again = request.POST.get("password1", ""), request.POST.get("password2", "")
        context["typed"] = {"full_name": full_name}
        if password != again:
            context["errors"] = {"password2": _("The two passwords differ.")}
        else:
            try:
                user, _membership = invitations.accept_with_password(
                    found, full_name=full_name, password=password, language=get_language() or ""
                )
            except invitations.InvitationError as exc:
                context["errors"] = field_errors(exc)
            else:
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                messages.success(request, _("Welcome! You joined {body}.").format(body=found.body.name))
                return redirect(landing_url(found.body, found.role))
    return render(request, "accounts/invitation_new_account.html", context)

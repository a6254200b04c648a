"""The members page of a body (administrators only): members, roles, invitations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import Body, Invitation, Membership, Role
from casys.accounts.services import invitations, members
from casys.accounts.services.bodies import body_for
from casys.accounts.services.members import MemberError
from casys.auditlog.services import Actor


def field_errors(exc: MemberError) -> dict[str, str]:
    """``{"email": "…"}`` from a service's "email: …" message, to show next to the field."""
    field, _sep, message = str(exc).partition(": ")
    return {field: message} if message else {"general": str(exc)}


def invitation_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("invitation", args=[token]))


def revoke_invitation(request: HttpRequest, invitation: Invitation) -> None:
    """Revoke a pending invitation and say so (or why not): the one step every contacts page shares."""
    try:
        invitations.revoke(invitation, actor=Actor.from_request(request))
    except MemberError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The invitation to {email} was revoked.").format(email=invitation.email))


def renew_invitation(request: HttpRequest, invitation: Invitation) -> dict[str, Any] | None:
    """Give a pending invitation a new link (the old one stops working): the page context that shows
    the link once, or None with the reason in the messages."""
    try:
        token = invitations.renew(invitation, actor=Actor.from_request(request))
    except MemberError as exc:
        messages.error(request, str(exc))
        return None
    link = invitation_link(request, token)
    return {"new_invitation": invitation, "new_link": link, "sent": invitations.send(invitation, link)}


def new_invitation(request: HttpRequest, body: Body, email: str, role: str) -> dict[str, Any]:
    """Invite and e-mail; the template context of the result (the link once, or the errors)."""
    try:
        invitation, token = invitations.invite(
            body,
            email,
            role,
            invited_by=request.user,
            language=get_language() or "",
            actor=Actor.from_request(request),
        )
    except MemberError as exc:
        return {"errors": field_errors(exc), "typed": {"email": email, "role": role}}
    link = invitation_link(request, token)
    return {"new_invitation": invitation, "new_link": link, "sent": invitations.send(invitation, link)}


def role_choices(body: Body) -> list[tuple[str, str]]:
    return [(r, str(Role(r).label)) for r in members.allowed_roles(body)]


def _page(request: HttpRequest, body: Body, extra: dict[str, Any] | None = None) -> HttpResponse:
    context = {
        "body": body,
        "members": members.members_of(body),
        "pending": invitations.pending_for(body),
        "roles": role_choices(body),
        "me": request.user.pk,
        "typed": {},
        "errors": {},
        **(extra or {}),
    }
    return render(request, "accounts/members.html", context)


@login_required
def members_page(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    if request.method == "POST":
        return _page(
            request,
            body,
            new_invitation(request, body, request.POST.get("email", ""), request.POST.get("role", "")),
        )
    return _page(request, body)


def _membership(body: Body, user_id: int) -> Membership:
    row = Membership.objects.filter(body=body, user_id=user_id).select_related("user").first()
    if row is None:
        raise Http404("no such member")
    return row


def _change(request: HttpRequest, slug: str, user_id: int, action: Any, done: str) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    user = _membership(body, user_id).user
    try:
        action(body, user)
    except MemberError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done.format(name=user))
    return redirect("body-members", slug=body.slug)


@login_required
@require_POST
def member_roles(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    roles = request.POST.getlist("roles")
    return _change(
        request,
        slug,
        user_id,
        lambda body, user: members.set_roles(body, user, roles, actor=Actor.from_request(request)),
        _("The roles of {name} were changed."),
    )


@login_required
@require_POST
def member_deactivate(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    return _change(
        request,
        slug,
        user_id,
        lambda body, user: members.deactivate(body, user, actor=Actor.from_request(request)),
        _("{name} was deactivated; their API tokens in this body were revoked."),
    )


@login_required
@require_POST
def member_reactivate(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    return _change(
        request,
        slug,
        user_id,
        lambda body, user: members.reactivate(body, user, actor=Actor.from_request(request)),
        _("{name} was reactivated."),
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    revoke_invitation(request, get_object_or_404(Invitation.objects, pk=pk, body=body))
    return redirect("body-members", slug=body.slug)


@login_required
@require_POST
def invitation_renew(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    shown = renew_invitation(request, get_object_or_404(Invitation.objects, pk=pk, body=body))
    if shown is None:
        return redirect("body-members", slug=body.slug)
    return _page(request, body, shown)

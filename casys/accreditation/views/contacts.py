"""Contacts of a CAB whose record the accreditation body keeps (a CAB that does not run on casys).

They are members of the CAB's body record with the role client contact, invited the same way as a
body's staff (``casys.accounts.services.invitations``); the AB's administrators and scheme managers
invite them. Once joined, a contact sees the accreditations the CAB holds on its accreditation page.
The model is a certification client's "Contacts" section (``casys.certification.views.contacts``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casys.accounts.models import Body, BodyKind, Invitation, Role
from casys.accounts.services import invitations
from casys.accounts.services.bodies import body_for
from casys.accounts.services.members import members_of
from casys.accounts.views.members import new_invitation, renew_invitation, revoke_invitation

MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)


def _ab_and_cab(slug: str, cab_slug: str) -> tuple[Body, Body]:
    """The AB (403 for a role other than its managers) and a CAB record it keeps (else 404)."""
    ab = body_for(slug, *MANAGERS, kinds=(BodyKind.ACCREDITATION_BODY,))
    cab = get_object_or_404(Body.all_objects, slug=cab_slug, managed_by=ab)
    return ab, cab


def _page(request: HttpRequest, ab: Body, cab: Body, extra: dict[str, Any] | None = None) -> HttpResponse:
    context = {
        "body": ab,
        "cab": cab,
        "contacts": [m for m in members_of(cab) if m.is_active],
        "contact_invitations": invitations.pending_for(cab),
        "typed": {},
        "errors": {},
        **(extra or {}),
    }
    return render(request, "accreditation/cab_contacts.html", context)


@login_required
def cab_contacts(request: HttpRequest, slug: str, cab_slug: str) -> HttpResponse:
    ab, cab = _ab_and_cab(slug, cab_slug)
    extra: dict[str, Any] = {}
    if request.method == "POST":
        email = request.POST.get("email", "")
        extra = {"typed": {"email": email}, "errors": {}}
        extra.update(new_invitation(request, cab, email, Role.CLIENT_CONTACT))
    return _page(request, ab, cab, extra)


def _invitation(slug: str, cab_slug: str, invitation_id: int) -> tuple[Body, Body, Invitation]:
    ab, cab = _ab_and_cab(slug, cab_slug)
    return ab, cab, get_object_or_404(Invitation.objects, pk=invitation_id, body=cab)


@login_required
@require_POST
def cab_contact_revoke(request: HttpRequest, slug: str, cab_slug: str, invitation_id: int) -> HttpResponse:
    ab, cab, found = _invitation(slug, cab_slug, invitation_id)
    revoke_invitation(request, found)
    return redirect("accreditation:cab-contacts", slug=ab.slug, cab_slug=cab.slug)


@login_required
@require_POST
def cab_contact_renew(request: HttpRequest, slug: str, cab_slug: str, invitation_id: int) -> HttpResponse:
    ab, cab, found = _invitation(slug, cab_slug, invitation_id)
    shown = renew_invitation(request, found)
    if shown is None:
        return redirect("accreditation:cab-contacts", slug=ab.slug, cab_slug=cab.slug)
    return _page(request, ab, cab, shown)

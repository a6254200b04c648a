"""A client's contacts: the people of the client organisation who use the client portal.

They are members of the client's Body with the role client contact, invited the
same way as a body's staff; staff of the certification body who manage clients
(administrator, scheme manager) invite them from the client's page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casys.accounts.models import Body, Invitation, Role
from casys.accounts.services import invitations
from casys.accounts.services.members import members_of
from casys.accounts.views.members import new_invitation, renew_invitation, revoke_invitation
from casys.certification.models import Client
from casys.certification.views.common import MANAGE, cb_for


def contacts_context(request: HttpRequest, body: Body, client: Client) -> dict[str, Any]:
    """What the client page shows about the client's contacts, and whether the user may invite."""
    org = client.organisation
    return {
        "contacts": [m for m in members_of(org) if m.is_active],
        "contact_invitations": invitations.pending_for(org),
        "can_invite_contacts": request.scope.has_role(body.id, *MANAGE),  # type: ignore[attr-defined]
    }


def _client(body: Body, pk: int) -> Client:
    return get_object_or_404(Client.objects.select_related("organisation"), pk=pk, body=body)


@login_required
def client_contacts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = cb_for(slug, *MANAGE) if request.method == "POST" else cb_for(slug)
    client = _client(body, pk)
    extra: dict[str, Any] = {"typed": {}, "errors": {}}
    if request.method == "POST":
        email = request.POST.get("email", "")
        extra = {"typed": {"email": email}, "errors": {}}
        extra.update(new_invitation(request, client.organisation, email, Role.CLIENT_CONTACT))
    context = {"body": body, "client": client, **contacts_context(request, body, client), **extra}
    return render(request, "certification/contacts.html", context)


def _invitation(body: Body, pk: int, invitation_id: int) -> tuple[Client, Invitation]:
    client = _client(body, pk)
    found = get_object_or_404(Invitation.objects, pk=invitation_id, body=client.organisation)
    return client, found


@login_required
@require_POST
def contact_invitation_revoke(request: HttpRequest, slug: str, pk: int, invitation_id: int) -> HttpResponse:
    body = cb_for(slug, *MANAGE)
    client, found = _invitation(body, pk, invitation_id)
    revoke_invitation(request, found)
    return redirect("certification:client-contacts", slug=body.slug, pk=client.pk)


@login_required
@require_POST
def contact_invitation_renew(request: HttpRequest, slug: str, pk: int, invitation_id: int) -> HttpResponse:
    body = cb_for(slug, *MANAGE)
    client, found = _invitation(body, pk, invitation_id)
    shown = renew_invitation(request, found)
    if shown is None:
        return redirect("certification:client-contacts", slug=body.slug, pk=client.pk)
    context = {
        "body": body,
        "client": client,
        **contacts_context(request, body, client),
        "typed": {},
        "errors": {},
        **shown,
    }
    return render(request, "certification/contacts.html", context)

"""The body's clients (staff): the records it keeps, and their contacts invited to the client portal.

The administrator adds clients and invites their contacts; verifiers read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casys.accounts.models import Body, Role
from casys.accounts.services import invitations
from casys.accounts.services.members import members_of
from casys.accounts.views.members import new_invitation
from casys.auditlog.services import Actor
from casys.verification.forms import ClientForm, add_service_error
from casys.verification.models import Engagement
from casys.verification.services import VerificationInputError
from casys.verification.services.clients import add_client, clients_of
from casys.verification.views.engagements import vv_body

#: Who adds clients and invites their contacts.
MANAGERS = (Role.ADMIN,)


def _may_manage(request: HttpRequest, body: Body) -> bool:
    return bool(request.scope.has_role(body.id, *MANAGERS))  # type: ignore[attr-defined]


@login_required
def client_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = vv_body(slug)
    may = _may_manage(request, body)
    form = ClientForm(request.POST or None)
    if request.method == "POST":
        if not may:
            raise PermissionDenied("adding a client needs the administrator role")
        if form.is_valid():
            try:
                client = add_client(body, actor=Actor.from_request(request), **form.cleaned_data)
            except VerificationInputError as exc:
                add_service_error(form, exc, exc.field if exc.field in form.fields else "name")
            else:
                messages.success(request, _("The client was added."))
                return redirect("verification:client-detail", slug=slug, pk=client.pk)
    context = {"body": body, "clients": clients_of(body), "form": form, "may_manage": may}
    return render(request, "verification/client_list.html", context)


@login_required
def client_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A client: its engagements and its contacts (invited here; they upload on the client portal)."""
    body = vv_body(slug)
    client = next((c for c in clients_of(body) if c.pk == pk), None)
    if client is None:
        raise Http404("no such client")
    may = _may_manage(request, body)
    extra: dict[str, Any] = {"typed": {}, "errors": {}}
    if request.method == "POST":
        if not may:
            raise PermissionDenied("inviting a client's contact needs the administrator role")
        email = request.POST.get("email", "")
        extra = {"typed": {"email": email}, "errors": {}}
        extra.update(new_invitation(request, client, email, Role.CLIENT_CONTACT))
    context = {
        "body": body,
        "client": client,
        "engagements": Engagement.objects.filter(body=body, client=client),
        "contacts": [m for m in members_of(client) if m.is_active],
        "contact_invitations": invitations.pending_for(client),
        "may_manage": may,
        **extra,
    }
    return render(request, "verification/client_detail.html", context)

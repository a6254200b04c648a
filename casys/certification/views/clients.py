"""Client master data pages: the client's names and identifiers, contact persons, addresses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.auditlog.services import Actor
from casys.certification.forms_master import AddressForm, ClientForm, ContactPersonForm, run
from casys.certification.models import Address, Client, ContactPerson
from casys.certification.services import clients
from casys.certification.views.common import MANAGE, cb_for


def _client(slug: str, pk: int, *roles: str) -> Client:
    body = cb_for(slug, *roles)
    return get_object_or_404(Client.objects.select_related("organisation", "body"), pk=pk, body=body)


def _page(request: HttpRequest, client: Client, form, title: str, action: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(
        request,
        "certification/client_form.html",
        {"body": client.body, "client": client, "form": form, "title": title, "action": action},
    )


def _done(request: HttpRequest, client: Client, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("certification:client", args=[client.body.slug, client.pk]))


@login_required
def client_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    client = _client(slug, pk, *MANAGE)
    org = client.organisation
    initial = {
        "name": org.name,
        "name_en": org.name_en,
        "registration_number": client.registration_number,
        "vat_number": client.vat_number,
        "nace_code": client.nace_code,
        "language": client.language,
    }
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and run(
        form, lambda d: clients.update_client(client, **d, actor=Actor.from_request(request))
    ):
        return _done(request, client, _("The client's master data was saved."))
    return _page(request, client, form, _("Master data"), request.path)


@login_required
def contact_person(request: HttpRequest, slug: str, pk: int, cid: int | None = None) -> HttpResponse:
    client = _client(slug, pk, *MANAGE)
    contact = get_object_or_404(ContactPerson.objects, pk=cid, client=client) if cid else None
    initial = (
        {
            "name": contact.name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
            "language": contact.language,
            "primary": contact.is_primary,
        }
        if contact
        else {"language": client.language}
    )
    form = ContactPersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and run(
        form,
        lambda d: clients.save_contact_person(
            client, **d, contact=contact, actor=Actor.from_request(request)
        ),
    ):
        return _done(request, client, _("The contact person was saved."))
    title = _("Contact person") if contact else _("New contact person")
    return _page(request, client, form, title, request.path)


@login_required
@require_POST
def contact_person_remove(request: HttpRequest, slug: str, pk: int, cid: int) -> HttpResponse:
    client = _client(slug, pk, *MANAGE)
    contact = get_object_or_404(ContactPerson.objects, pk=cid, client=client)
    clients.remove_contact_person(contact, actor=Actor.from_request(request))
    return _done(request, client, _("The contact person was removed."))


@login_required
def address(request: HttpRequest, slug: str, pk: int, aid: int | None = None) -> HttpResponse:
    client = _client(slug, pk, *MANAGE)
    found = get_object_or_404(Address.objects, pk=aid, client=client) if aid else None
    initial = (
        {
            "kind": found.kind,
            "street": found.street,
            "postcode": found.postcode,
            "city": found.city,
            "country": found.country,
        }
        if found
        else {"country": client.organisation.country}
    )
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and run(
        form, lambda d: clients.save_address(client, **d, address=found, actor=Actor.from_request(request))
    ):
        return _done(request, client, _("The address was saved."))
    return _page(request, client, form, _("Address") if found else _("New address"), request.path)


@login_required
@require_POST
def address_remove(request: HttpRequest, slug: str, pk: int, aid: int) -> HttpResponse:
    client = _client(slug, pk, *MANAGE)
    found = get_object_or_404(Address.objects, pk=aid, client=client)
    clients.remove_address(found, actor=Actor.from_request(request))
    return _done(request, client, _("The address was removed."))

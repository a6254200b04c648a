"""The inspection body's pages: home, dashboard, scope and types, inspectors, instruments, clients, items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casys.accounts.models import Body, Role
from casys.accounts.services import invitations
from casys.accounts.services.members import members_of
from casys.accounts.views.members import new_invitation
from casys.auditlog.services import Actor
from casys.clock import today
from casys.core.inspection.independence import TYPES
from casys.inspection.charts import defects_by_month
from casys.inspection.forms import (
    ClientForm,
    CompetenceForm,
    InstrumentForm,
    InvolvementForm,
    ItemForm,
    ParentForm,
    ScopeForm,
    add_error,
)
from casys.inspection.models import (
    Competence,
    Defect,
    Inspection,
    InspectionReport,
    Instrument,
    Involvement,
    Item,
    ScopeLine,
    State,
)
from casys.inspection.services import InspectionError, setup
from casys.inspection.views.common import (
    INSTRUMENT_KEEPERS,
    KINDS,
    MANAGERS,
    can,
    inspection_body,
    inspectors_of,
    scheme_choices,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    bodies = Body.objects.filter(id__in=list(request.scope.body_ids), kind__in=KINDS)  # type: ignore[attr-defined]
    return render(request, "inspection/home.html", {"bodies": bodies.order_by("name")})


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    body = inspection_body(slug)
    on = today()
    items = Item.objects.filter(body=body).select_related("owner")
    context = {
        "body": body,
        "today": on,
        "overdue": items.filter(in_service=True, next_due__lt=on).order_by("next_due"),
        "due": items.filter(
            in_service=True, next_due__gte=on, next_due__lte=on + timedelta(days=60)
        ).order_by("next_due"),
        "out_of_service": items.filter(in_service=False).order_by("out_of_service_since"),
        "open": Inspection.objects.filter(body=body)
        .exclude(state__in=[State.REPORTED, State.CANCELLED])
        .select_related("client", "inspector")
        .order_by("planned_on"),
        "reports": InspectionReport.objects.filter(body=body).select_related("client")[:10],
        "chart": defects_by_month(Defect.objects.filter(body=body), on),
        "can_plan": can(request, body, MANAGERS),
    }
    return render(request, "inspection/dashboard.html", context)


@login_required
def scope(request: HttpRequest, slug: str) -> HttpResponse:
    body = inspection_body(slug)
    may = can(request, body, MANAGERS)
    clients = Body.objects.filter(managed_by=body).order_by("name")
    form = ScopeForm(schemes=scheme_choices())
    parent_form = ParentForm(clients=clients, initial={"parent": setup.profile(body).parent})
    if request.method == "POST":
        if not may:
            raise PermissionDenied("declaring the scope needs the administrator or scheme manager role")
        actor = Actor.from_request(request)
        if "parent" in request.POST:
            parent_form = ParentForm(request.POST, clients=clients)
            if parent_form.is_valid():
                setup.set_parent(body, parent_form.cleaned_data["parent"], actor=actor)
                messages.success(request, _("The organisation the body is part of was recorded."))
                return redirect("inspection:scope", slug=body.slug)
        else:
            form = ScopeForm(request.POST, schemes=scheme_choices())
            if form.is_valid():
                try:
                    setup.declare_scope(body, actor=actor, **form.cleaned_data)
                except InspectionError as exc:
                    add_error(form, exc)
                else:
                    messages.success(request, _("The scheme was added to the scope."))
                    return redirect("inspection:scope", slug=body.slug)
    context = {
        "body": body,
        "lines": [(line, TYPES[line.independence]) for line in ScopeLine.objects.filter(body=body)],
        "parent": setup.profile(body).parent,
        "form": form,
        "parent_form": parent_form,
        "may_edit": may,
    }
    return render(request, "inspection/scope.html", context)


def _inspector_forms(body: Body, data: Any = None, which: str = "") -> dict[str, Any]:
    people = inspectors_of(body)
    fields = scheme_choices(ScopeLine.objects.filter(body=body).values_list("scheme_id", flat=True))
    items = Item.objects.filter(body=body)
    return {
        "competence_form": CompetenceForm(
            data if which == "competence" else None, inspectors=people, fields=fields, prefix="competence"
        ),
        "involvement_form": InvolvementForm(
            data if which == "involvement" else None, inspectors=people, items=items, prefix="involvement"
        ),
    }


@login_required
def inspectors(request: HttpRequest, slug: str) -> HttpResponse:
    """Inspectors with their competence (fields) and declared involvements in items."""
    body = inspection_body(slug)
    may = can(request, body, MANAGERS)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms = _inspector_forms(body, request.POST, which)
    if request.method == "POST":
        mine = can(request, body, (Role.INSPECTOR,)) and request.POST.get("involvement-inspector") == str(
            request.user.pk
        )
        if not (may or (which == "involvement" and mine)):
            raise PermissionDenied(
                "needs the administrator or scheme manager role (inspectors declare their own)"
            )
        form = forms[f"{which}_form"] if which in ("competence", "involvement") else None
        if form is not None and form.is_valid():
            try:
                if which == "competence":
                    setup.grant_competence(body, actor=Actor.from_request(request), **form.cleaned_data)
                else:
                    setup.declare_involvement(body, actor=Actor.from_request(request), **form.cleaned_data)
            except InspectionError as exc:
                add_error(form, exc)
            else:
                messages.success(request, _("Recorded."))
                return redirect("inspection:inspectors", slug=body.slug)
    context = {
        "body": body,
        "people": inspectors_of(body),
        "competences": Competence.objects.filter(body=body).select_related("inspector"),
        "involvements": Involvement.objects.filter(body=body).select_related("inspector", "item"),
        "may_edit": may,
        "may_declare": may or can(request, body, (Role.INSPECTOR,)),
        **forms,
    }
    return render(request, "inspection/inspectors.html", context)


@login_required
def instruments(request: HttpRequest, slug: str) -> HttpResponse:
    body = inspection_body(slug)
    may = can(request, body, INSTRUMENT_KEEPERS)
    form = InstrumentForm()
    if request.method == "POST":
        if not may:
            raise PermissionDenied("keeping the instrument register needs an inspector or manager role")
        form = InstrumentForm(request.POST)
        if form.is_valid():
            try:
                setup.add_instrument(body, actor=Actor.from_request(request), **form.cleaned_data)
            except InspectionError as exc:
                add_error(form, exc)
            else:
                messages.success(request, _("The instrument was registered."))
                return redirect("inspection:instruments", slug=body.slug)
    context = {
        "body": body,
        "today": today(),
        "instruments": Instrument.objects.filter(body=body),
        "form": form,
        "may_edit": may,
    }
    return render(request, "inspection/instruments.html", context)


@login_required
def items(request: HttpRequest, slug: str) -> HttpResponse:
    body = inspection_body(slug)
    may = can(request, body, MANAGERS)
    clients = Body.objects.filter(managed_by=body).order_by("name")
    form = ItemForm(clients=clients)
    client_form = ClientForm(prefix="client")
    if request.method == "POST":
        if not may:
            raise PermissionDenied("registering items needs the administrator or scheme manager role")
        actor = Actor.from_request(request)
        if request.POST.get("form") == "client":
            client_form = ClientForm(request.POST, prefix="client")
            if client_form.is_valid():
                try:
                    setup.add_client(body, actor=actor, **client_form.cleaned_data)
                except InspectionError as exc:
                    add_error(client_form, exc)
                else:
                    messages.success(request, _("The client was added."))
                    return redirect("inspection:items", slug=body.slug)
        else:
            form = ItemForm(request.POST, clients=clients)
            if form.is_valid():
                try:
                    setup.add_item(body, actor=actor, **form.cleaned_data)
                except InspectionError as exc:
                    add_error(form, exc)
                else:
                    messages.success(request, _("The item was registered."))
                    return redirect("inspection:items", slug=body.slug)
    context = {
        "body": body,
        "items": Item.objects.filter(body=body).select_related("owner"),
        "clients": clients,
        "form": form,
        "client_form": client_form,
        "may_edit": may,
    }
    return render(request, "inspection/items.html", context)


@login_required
def client_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A client: its items and reports, its contacts (invited here; they read the client's reports)."""
    body = inspection_body(slug)
    client = get_object_or_404(Body.objects, pk=pk, managed_by=body)
    extra: dict[str, Any] = {"typed": {}, "errors": {}}
    may_invite = can(request, body, MANAGERS)
    if request.method == "POST":
        if not may_invite:
            raise PermissionDenied(
                "inviting a client's contact needs the administrator or scheme manager role"
            )
        email = request.POST.get("email", "")
        extra = {"typed": {"email": email}, "errors": {}}
        extra.update(new_invitation(request, client, email, Role.CLIENT_CONTACT))
    context = {
        "body": body,
        "client": client,
        "items": Item.objects.filter(body=body, owner=client),
        "reports": InspectionReport.objects.filter(body=body, client=client),
        "contacts": [m for m in members_of(client) if m.is_active],
        "contact_invitations": invitations.pending_for(client),
        "may_invite": may_invite,
        **extra,
    }
    return render(request, "inspection/client.html", context)

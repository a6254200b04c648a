"""Certification body pages: dashboard, clients, applications, auditors, calendar."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import BodyKind, Role
from casys.accounts.services.bodies import bodies_of, body_for
from casys.auditlog.services import Actor
from casys.certification.models import Application, Audit, Client, Site
from casys.certification.models.application import COMPLEXITY
from casys.certification.models.audit import PHASE_LABELS
from casys.certification.models.client import LANGUAGES
from casys.certification.services import CertificationError, applications, clients, decisions
from casys.certification.services.dashboard import dashboard as dashboard_data
from casys.certification.services.engine import scheme
from casys.certification.views.common import DECIDE, MANAGE, attempt, number, text
from casys.charts.certification import nc_age_chart
from casys.core.competence import IAF_CODES
from casys.core.schemes import available_schemes


def _ms_schemes() -> list[tuple[str, str]]:
    return [
        (s, scheme(s).normative_document)
        for s in available_schemes()
        if scheme(s).object == "management_system"
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    mine = bodies_of(request.user)
    return render(
        request,
        "certification/index.html",
        {
            "bodies": [m for m in mine if m.body.kind == BodyKind.CERTIFICATION_BODY],
            "portals": [m for m in mine if Role.CLIENT_CONTACT in m.roles],
        },
    )


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug)
    d = dashboard_data(body, clock.today())
    chart = nc_age_chart(
        d.nc_by_age,
        title=_("Open nonconformities by age (days)"),
        major=_("Major"),
        minor=_("Minor"),
        days=_("days"),
    )
    # the chart escapes every text it draws (casys.charts.svg)
    context = {"body": body, "d": d, "chart": mark_safe(chart)}  # noqa: S308
    return render(request, "certification/dashboard.html", context)


@login_required
def client_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug)
    if request.method == "POST":
        body = body_for(slug, *MANAGE)
        return attempt(
            request,
            request.path,
            lambda: clients.create_client(
                body,
                name=text(request, "name"),
                country=text(request, "country"),
                city=text(request, "city"),
                address=text(request, "address"),
                language=text(request, "language") or "en",
                consent_to_publication=bool(request.POST.get("consent")),
                actor=Actor.from_request(request),
            ),
            _("The client was registered."),
        )
    page = Paginator(Client.objects.filter(body=body).select_related("organisation"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "certification/clients.html", {"body": body, "page": page, "cert_languages": LANGUAGES}
    )


@login_required
def client_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for(slug)
    client = get_object_or_404(Client.objects.select_related("organisation"), pk=pk, body=body)
    return render(
        request,
        "certification/client.html",
        {
            "body": body,
            "client": client,
            "applications": client.applications.all(),
            "certificates": client.certificates.all(),
            "schemes": _ms_schemes(),
            "complexities": COMPLEXITY,
            "can_edit_master_data": request.scope.has_role(body.pk, *MANAGE),
        },
    )


@login_required
@require_POST
def client_consent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for(slug, *MANAGE)
    client = get_object_or_404(Client.objects, pk=pk, body=body)
    return attempt(
        request,
        reverse("certification:client", args=[slug, pk]),
        lambda: clients.set_consent(
            client, bool(request.POST.get("consent")), actor=Actor.from_request(request)
        ),
        _("Consent recorded."),
    )


def _site(request: HttpRequest, central: bool) -> applications.SiteInput:
    hours = text(request, "part_time_hours")
    return applications.SiteInput(
        name=text(request, "site_name"),
        address=text(request, "site_address"),
        country=text(request, "site_country"),
        central=central,
        full_time=number(request, "full_time", default=0, whole=True),
        shift=number(request, "shift", default=0, whole=True),
        temporary=number(request, "temporary", default=0, whole=True),
        part_time=number(request, "part_time", default=0, whole=True),
        part_time_hours=float(hours) if hours.replace(".", "", 1).isdigit() else None,
    )


@login_required
@require_POST
def application_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for(slug, *MANAGE)
    client = get_object_or_404(Client.objects, pk=pk, body=body)
    created: list[Application] = []

    def run() -> None:
        created.append(
            applications.create_application(
                body,
                client,
                schemes=request.POST.getlist("schemes"),
                scope=text(request, "scope"),
                iaf_codes=applications.parse_codes(text(request, "iaf_codes")),
                complexity=text(request, "complexity"),
                sites=[_site(request, True)],
                received_on=clock.today(),
                actor=Actor.from_request(request),
            )
        )

    response = attempt(
        request, reverse("certification:client", args=[slug, pk]), run, _("The application was recorded.")
    )
    if created:
        response["Location"] = reverse("certification:application", args=[slug, created[0].pk])
    return response


def _application(slug: str, pk: int, *roles: str) -> Application:
    body = body_for(slug, *roles)
    return get_object_or_404(Application.objects.select_related("client__organisation"), pk=pk, body=body)


@login_required
def application_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk)
    sites = Site.objects.filter(application=app).prefetch_related("personnel")
    audits = app.audits.select_related("leader").prefetch_related("team")
    pending = decisions.pending_phase(app)
    return render(
        request,
        "certification/application.html",
        {
            "body": app.body,
            "app": app,
            "sites": sites,
            "audits": audits,
            "decisions": app.decisions.select_related("decided_by"),
            "certificates": app.certificates.all(),
            "pending": pending,
            "pending_label": PHASE_LABELS.get(pending[1], pending[1]) if pending else "",
            "standards": [scheme(s).normative_document for s in app.schemes],
            "codes": [(c, IAF_CODES[c]) for c in app.iaf_codes],
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def application_site(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk, *MANAGE)
    return attempt(
        request,
        reverse("certification:application", args=[slug, pk]),
        lambda: applications.add_site(app, _site(request, False), actor=Actor.from_request(request)),
        _("The site was added."),
    )


@login_required
@require_POST
def application_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk, *MANAGE)
    return attempt(
        request,
        reverse("certification:application", args=[slug, pk]),
        lambda: applications.review_application(
            app,
            adjustment=number(request, "adjustment", default=0),
            adjustment_reason=text(request, "adjustment_reason"),
            integration=number(request, "integration", default=0),
            integration_reason=text(request, "integration_reason"),
            on=clock.today(),
            user=request.user,
            actor=Actor.from_request(request),
        ),
        _("The application was reviewed and the audit time quoted."),
    )


@login_required
@require_POST
def application_decision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk, *DECIDE)
    return attempt(
        request,
        reverse("certification:application", args=[slug, pk]),
        lambda: decisions.take_decision(
            app,
            review_notes=text(request, "review_notes"),
            user=request.user,
            on=clock.today(),
            actor=Actor.from_request(request),
        ),
        _("The certification decision was recorded."),
    )


@login_required
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug)
    rows = (
        Audit.objects.filter(body=body, done_on__isnull=True)
        .select_related("application__client__organisation", "leader")
        .order_by("latest", "planned_on", "id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "certification/calendar.html", {"body": body, "page": page, "today": clock.today()}
    )


__all__ = ["CertificationError"]

"""Certification body pages: dashboard, clients, applications, auditors, calendar."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import BodyKind, Role
from casys.accounts.services.bodies import bodies_of
from casys.auditlog.services import Actor
from casys.certification.justification import food_category_title
from casys.certification.models import Application, Audit, Auditor, Client, Site
from casys.certification.models.application import COMPLEXITY
from casys.certification.models.audit import PHASE_LABELS
from casys.certification.models.client import LANGUAGES
from casys.certification.services import CertificationError, applications, clients, decisions
from casys.certification.services import calendar as calendar_grid
from casys.certification.services.coverage import nc_by_requirement, uncovered_blocking
from casys.certification.services.dashboard import dashboard as dashboard_data
from casys.certification.services.engine import is_product_application, scheme
from casys.certification.services.products import product_schemes
from casys.certification.views.common import (
    DECIDE,
    MANAGE,
    attempt,
    cb_for,
    number,
    require_confirmation,
    text,
)
from casys.certification.views.contacts import contacts_context
from casys.charts.certification import nc_age_chart, nc_by_requirement_chart
from casys.core.audit_time_methods import FOOD_CHAIN_CATEGORIES
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
    body = cb_for(slug)
    d = dashboard_data(body, clock.today())
    chart = nc_age_chart(
        d.nc_by_age,
        title=_("Open nonconformities by age (days)"),
        major=_("Major"),
        minor=_("Minor"),
        days=_("days"),
    )
    by_requirement = nc_by_requirement_chart(
        nc_by_requirement(body),
        title=_("Nonconformities by requirement, across clients"),
        major=_("Major"),
        minor=_("Minor"),
        empty=_("No nonconformity linked to a requirement yet."),
    )
    # the charts escape every text they draw (casys.charts.svg)
    context = {
        "body": body,
        "d": d,
        "chart": mark_safe(chart),  # noqa: S308
        "nc_by_requirement": mark_safe(by_requirement),  # noqa: S308
    }
    return render(request, "certification/dashboard.html", context)


@login_required
def client_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug)
    if request.method == "POST":
        body = cb_for(slug, *MANAGE)
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
    body = cb_for(slug)
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
            "product_schemes": product_schemes(),
            "complexities": COMPLEXITY,
            "food_categories": [(c, food_category_title(c, t)) for c, t in FOOD_CHAIN_CATEGORIES.items()],
            **contacts_context(request, body, client),
            "can_edit_master_data": request.scope.has_role(body.pk, *MANAGE),
        },
    )


@login_required
@require_POST
def client_consent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = cb_for(slug, *MANAGE)
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


def _method_inputs(request: HttpRequest) -> dict[str, Any]:
    """What the schemes' audit-time methods read besides personnel (only the fields filled in):
    ISO/TS 22003-1 category, HACCP studies, relevant MS, additional sites; ISO/IEC 27006-1 factors."""
    out: dict[str, Any] = {}
    if text(request, "category"):
        out["category"] = text(request, "category")
    if text(request, "haccp_studies"):
        out["haccp_studies"] = number(request, "haccp_studies", whole=True)
    if request.POST.get("relevant_ms"):
        out["relevant_ms"] = True
    if text(request, "additional_sites"):
        out["additional_sites"] = number(request, "additional_sites", whole=True)
    factors = []
    for name, factor in (
        ("business_complexity", "business complexity"),
        ("it_environment", "IT environment"),
    ):
        if text(request, name):
            pct = number(request, name)
            if not -30 <= pct <= 100:
                raise CertificationError(f"{name}: {pct:g} % is outside -30 to +100")
            factors.append({"percent": pct, "reason": f"{factor}: given with the application"})
    if factors:
        out["factors"] = factors
    return out


@login_required
@require_POST
def application_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = cb_for(slug, *MANAGE)
    client = get_object_or_404(Client.objects, pk=pk, body=body)
    chosen = [sid for sid, _title in product_schemes() if sid in request.POST.getlist("schemes")]
    if chosen:  # a product scheme: its own form (products, manufacturer, factories)
        url = reverse("certification:product-application-new", args=[slug, pk])
        return redirect(f"{url}?scheme={chosen[0]}")
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
                audit_time_inputs=_method_inputs(request),
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
    body = cb_for(slug, *roles)
    return get_object_or_404(Application.objects.select_related("client__organisation"), pk=pk, body=body)


@login_required
def application_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk)
    if is_product_application(app):
        return redirect("certification:product-application", slug, pk)
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
            "uncovered": uncovered_blocking(app, *pending) if pending else (),
            "standards": [scheme(s).normative_document for s in app.schemes],
            "can_manage": request.scope.has_role(app.body_id, *MANAGE),  # type: ignore[attr-defined]
            "can_decide": request.scope.has_role(app.body_id, *DECIDE),  # type: ignore[attr-defined]
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

    def run() -> None:
        require_confirmation(request)  # granting issues a certificate, published for good
        decisions.take_decision(
            app,
            review_notes=text(request, "review_notes"),
            user=request.user,
            on=clock.today(),
            actor=Actor.from_request(request),
        )

    return attempt(
        request,
        reverse("certification:application", args=[slug, pk]),
        run,
        _("The certification decision was recorded."),
    )


WEEKDAYS = [WEEKDAYS_ABBR[i] for i in range(7)]  # Monday first, translated when rendered


def _month(request: HttpRequest, audits: Any) -> calendar_grid.Month:
    """The month asked for (``?month=YYYY-MM``) as a grid with the audits that fall in it."""
    first = calendar_grid.parse_month(request.GET.get("month"), clock.today())
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    start, end = first - timedelta(days=7), last + timedelta(days=7)  # the grid shows whole weeks
    window = Q(planned_on__gte=start, planned_on__lt=end) | Q(done_on__gte=start, done_on__lt=end)
    window |= Q(planned_on__isnull=True, latest__gte=start, latest__lt=end)
    rows = audits.filter(window).select_related("application__client__organisation")
    return calendar_grid.month_grid(first, rows)


@login_required
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug)
    rows = (
        Audit.objects.filter(body=body, done_on__isnull=True)
        .select_related("application__client__organisation", "leader")
        .order_by("latest", "planned_on", "id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    month = _month(request, Audit.objects.filter(body=body))
    return render(
        request,
        "certification/calendar.html",
        {"body": body, "page": page, "today": clock.today(), "month": month, "weekdays": WEEKDAYS},
    )


@login_required
def my_audits(request: HttpRequest, slug: str) -> HttpResponse:
    """The signed-in auditor's audits in this body (as leader or team member): upcoming first."""
    body = cb_for(slug)
    mine = Audit.objects.filter(body=body).filter(
        Q(pk__in=Audit.objects.filter(body=body, team__user=request.user).values("pk"))
        | Q(leader__user=request.user)
    )
    upcoming = mine.filter(done_on__isnull=True).order_by(
        F("planned_on").asc(nulls_last=True), F("latest").asc(nulls_last=True), "id"
    )
    done = mine.filter(done_on__isnull=False).order_by("-done_on", "-id")
    linked = Auditor.objects.filter(body=body, user=request.user).exists()
    return render(
        request,
        "certification/my_audits.html",
        {
            "body": body,
            "upcoming": upcoming.select_related("application__client__organisation", "leader"),
            "done": Paginator(done.select_related("application__client__organisation"), 50).get_page(
                request.GET.get("page")
            ),
            "linked": linked,
            "today": clock.today(),
            "month": _month(request, mine),
            "weekdays": WEEKDAYS,
        },
    )


__all__ = ["CertificationError"]

"""Product certification pages (ISO/IEC 17065): application, activities, decision, certificate PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.attestations.identity import verification_path
from casys.auditlog.services import Actor
from casys.certification.models import Application, Audit, Auditor, Batch, Certificate, Client, Licence
from casys.certification.models.audit import GRADES, MODES
from casys.certification.models.product import OUTCOMES
from casys.certification.services import CertificationError, audits, products
from casys.certification.services.certificates import effective_status
from casys.certification.services.engine import main_scheme, scheme
from casys.certification.views.common import (
    AUDIT,
    DECIDE,
    MANAGE,
    attempt,
    cb_for,
    day,
    number,
    require_confirmation,
    text,
)
from casys.documents.pdf import qr_svg, render_pdf

PRODUCT_ROWS = 3
FACTORY_ROWS = 2


def _rows(request: HttpRequest, names: tuple[str, ...], count: int) -> list[dict[str, str]]:
    lists = {n: request.POST.getlist(n) for n in names}
    size = max([count, *(len(v) for v in lists.values())])
    return [{n: (lists[n][i].strip() if i < len(lists[n]) else "") for n in names} for i in range(size)]


PRODUCT_FIELDS = ("product_name", "type_designation", "description", "ratings", "normative_document")
FACTORY_FIELDS = ("factory_name", "factory_address", "factory_country")


def _filled(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if any(r.values())]


MANUFACTURER_FIELDS = ("manufacturer_name", "manufacturer_address", "manufacturer_country")
BATCH_FIELDS = ("batch_identification", "batch_lot_size")


def _create(
    request: HttpRequest, body: Any, client: Client, values: dict[str, str], rows: dict[str, Any]
) -> Application:
    """The service call with the form's values; empty product and factory blocks are left out."""
    return products.create_product_application(
        body,
        client,
        scheme_id=values["scheme"],
        products=[products.ProductInput(*(r[n] for n in PRODUCT_FIELDS)) for r in _filled(rows["products"])],
        manufacturer=products.PartyInput(*(values[n] for n in MANUFACTURER_FIELDS)),
        factories=[products.PartyInput(*(r[n] for n in FACTORY_FIELDS)) for r in _filled(rows["factories"])],
        batch=products.BatchInput(values["batch_identification"], values["batch_lot_size"])
        if values["batch_identification"] or values["batch_lot_size"]
        else None,
        received_on=clock.today(),
        actor=Actor.from_request(request),
    )


@login_required
def application_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The application form for a product scheme (ISO/IEC 17065:2012 7.2); a refusal keeps every value."""
    body = cb_for(slug, *MANAGE)
    client = get_object_or_404(Client.objects.select_related("organisation"), pk=pk, body=body)
    org = client.organisation
    values = {
        "scheme": request.GET.get("scheme", ""),
        "manufacturer_name": org.name,
        "manufacturer_address": " ".join(x for x in (org.address, org.city) if x),
        "manufacturer_country": org.country,
        "batch_identification": "",
        "batch_lot_size": "",
    }
    rows = {
        "products": [dict.fromkeys(PRODUCT_FIELDS, "") for _i in range(PRODUCT_ROWS)],
        "factories": [dict.fromkeys(FACTORY_FIELDS, "") for _i in range(FACTORY_ROWS)],
    }
    error = ""
    if request.method == "POST":
        values = {k: text(request, k) for k in ("scheme", *MANUFACTURER_FIELDS, *BATCH_FIELDS)}
        rows = {
            "products": _rows(request, PRODUCT_FIELDS, PRODUCT_ROWS),
            "factories": _rows(request, FACTORY_FIELDS, FACTORY_ROWS),
        }
        try:
            app = _create(request, body, client, values, rows)
        except CertificationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect("certification:product-application", slug, app.pk)
    context = {
        "body": body,
        "client": client,
        "schemes": [
            (sid, title, scheme(sid).normative_document) for sid, title in products.product_schemes()
        ],
        "batch_schemes": [sid for sid, _title in products.product_schemes() if scheme(sid).lot_sampling],
        "values": values,
        "product_rows": rows["products"],
        "factory_rows": rows["factories"],
        "error": error,
        # the group the message names ("factories[0].country: ..." -> "factories"), to show it there too
        "error_field": error.split(":", 1)[0].split("[", 1)[0].split(".", 1)[0] if error else "",
    }
    status = 400 if error else 200
    return render(request, "certification/product_application_form.html", context, status=status)


def _application(slug: str, pk: int, *roles: str) -> Application:
    body = cb_for(slug, *roles)
    app = get_object_or_404(
        Application.objects.select_related("client__organisation", "body"), pk=pk, body=body
    )
    if not products.is_product_application(app):
        _not_a_product()
    return app


def _not_a_product() -> None:
    raise Http404("not a product-certification application")


@login_required
def application_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk)
    key = products.pending(app)
    s = main_scheme(app)
    certificates = list(app.certificates.all())
    today = clock.today()
    licences = list(Licence.objects.filter(certificate__application=app).select_related("certificate"))
    for lic in licences:
        lic.now_status = products.licence_status(lic, today)
    return render(
        request,
        "certification/product_application.html",
        {
            "body": app.body,
            "app": app,
            "scheme": s,
            "products": app.products.all(),
            "manufacturer": getattr(app, "manufacturer", None),
            "factories": app.sites.all(),
            "batch": Batch.objects.filter(application=app).first(),
            "activities": app.audits.prefetch_related("team"),
            "decisions": app.decisions.select_related("decided_by", "outcome"),
            "pending": key,
            "outcomes": [(o, label) for o, label in OUTCOMES if o in products.outcomes_for(app, key)],
            "certificates": certificates,
            "licences": licences,
            "today": today,
            "can_manage": _has(request, app, MANAGE),
            "can_decide": _has(request, app, DECIDE),
        },
    )


def _has(request: HttpRequest, app: Application, roles: tuple[str, ...]) -> bool:
    try:
        cb_for(app.body.slug, *roles)
    except (PermissionDenied, Http404):  # the button is simply not shown
        return False
    return True


@login_required
@require_POST
def application_batch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What the sample drawn from the batch showed (units examined, nonconforming units)."""
    app = _application(slug, pk, *AUDIT)

    def run() -> None:
        products.record_batch_result(
            app,
            examined=number(request, "examined", whole=True),
            nonconforming=number(request, "nonconforming", whole=True),
            on=clock.today(),
            actor=Actor.from_request(request),
        )

    back = reverse("certification:product-application", args=[slug, pk])
    return attempt(request, back, run, _("The sample's result is recorded."))


@login_required
@require_POST
def application_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk, *MANAGE)
    return attempt(
        request,
        reverse("certification:product-application", args=[slug, pk]),
        lambda: products.review_product_application(
            app, on=clock.today(), user=request.user, actor=Actor.from_request(request)
        ),
        _("The application was reviewed; the evaluation activities are planned."),
    )


@login_required
@require_POST
def application_decision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk, *DECIDE)

    def run() -> None:
        require_confirmation(request)  # a grant issues a certificate; suspend and withdraw are published
        products.take_product_decision(
            app,
            outcome=text(request, "outcome"),
            review_notes=text(request, "review_notes"),
            user=request.user,
            on=clock.today(),
            actor=Actor.from_request(request),
        )

    return attempt(
        request,
        reverse("certification:product-application", args=[slug, pk]),
        run,
        _("The certification decision was recorded."),
    )


def _activity(slug: str, pk: int, *roles: str) -> Audit:
    body = cb_for(slug, *roles)
    audit = get_object_or_404(
        Audit.objects.select_related("application__client__organisation", "body"), pk=pk, body=body
    )
    if not products.is_product_application(audit.application):
        _not_a_product()
    return audit


def _results(request: HttpRequest, audit: Audit, kind: str) -> list[products.ResultInput]:
    if kind == "findings":
        return []
    out = []
    for p in audit.application.products.all():
        ref = text(request, f"report_reference_{p.pk}")
        if kind == "market-sample" and not any(
            text(request, f"{n}_{p.pk}") for n in ("report_reference", "laboratory", "sample_source")
        ):
            continue  # no sample of this type was taken
        out.append(
            products.ResultInput(
                p.pk,
                ref,
                text(request, f"laboratory_{p.pk}"),
                day(request, f"tested_on_{p.pk}", required=False),
                text(request, f"result_{p.pk}"),
                text(request, f"sample_source_{p.pk}"),
                day(request, f"sample_bought_on_{p.pk}", required=False),
            )
        )
    return out


@login_required
def activity_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A type test, factory inspection or market-sample test: record it, its results, its findings."""
    audit = _activity(slug, pk)
    kind = products.record_kind(audit)
    error = ""
    if request.method == "POST":
        audit = _activity(slug, pk, *AUDIT)
        pool = {str(a.pk): a for a in Auditor.objects.filter(body=audit.body)}
        try:
            products.record_activity(
                audit,
                done_on=day(request, "done_on"),  # type: ignore[arg-type]
                team=[pool[i] for i in request.POST.getlist("team") if i in pool],
                today=clock.today(),
                days=number(request, "days", default=1),
                mode=text(request, "mode") or "on-site",
                report=text(request, "report"),
                results=_results(request, audit, kind),
                actor=Actor.from_request(request),
            )
        except CertificationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("certification:product-activity", slug, pk)
    return render(
        request,
        "certification/product_activity.html",
        {
            "body": audit.body,
            "audit": audit,
            "kind": kind,
            "products": audit.application.products.all(),
            "results": audit.test_results.select_related("product"),
            "team": audit.team.all(),
            "findings": audit.findings.select_related("verified_by"),
            "auditors": Auditor.objects.filter(body=audit.body, is_active=True),
            "modes": MODES,
            "grades": [(g, label) for g, label in GRADES if g != "ofi"],
            "today": clock.today(),
            "error": error,
            "post": request.POST if error else {},
            "chosen": request.POST.getlist("team") if error else [],
            "can_record": _has(request, audit.application, AUDIT),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def activity_finding(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _activity(slug, pk, *AUDIT)

    def run() -> None:
        if not audit.is_done:
            raise CertificationError("activity: record the factory inspection before its findings")
        if products.record_kind(audit) != "findings":
            raise CertificationError("activity: this activity records test results, not findings")
        audits.add_finding(
            audit,
            grade=text(request, "grade"),
            clause=text(request, "clause"),
            evidence=text(request, "evidence"),
            due=day(request, "due", required=False),
            on=clock.today(),
            actor=Actor.from_request(request),
        )

    return attempt(
        request,
        reverse("certification:product-activity", args=[slug, pk]),
        run,
        _("The finding was recorded."),
    )


def _labels() -> dict[str, str]:
    return {
        "title": _("Product certificate"),
        "certifies": _("This is to certify that the products listed below, supplied by"),
        "conform": _("conform to the requirements of the normative documents named, under the scheme"),
        "body": _("Certification body"),
        "client": _("Certificate holder"),
        "manufacturer": _("Manufacturer"),
        "factories": _("Factories"),
        "products": _("Products and types"),
        "scheme": _("Certification scheme"),
        "standard": _("Certified under"),
        "number": _("Certificate number"),
        "granted": _("Date of grant"),
        "issued": _("Issue date"),
        "expiry": _("Expiry date"),
        "licence": _("Licence to use the mark"),
        "batch": _("Batch certified"),
        "batch_line": _(
            "%(id)s: %(lot)s units; sample of %(n)s drawn by the scheme's plan (%(plan)s), "
            "Ac %(ac)s / Re %(re)s; %(found)s nonconforming"
        ),
        "decided_by": _("Certification decision by"),
        "verify": _("Verify this certificate"),
        "status": _("Status"),
    }


def product_certificate_pdf_response(request: HttpRequest, cert: Certificate) -> HttpResponse:
    """The product certificate (ISO/IEC 17065:2012 7.7.1 a-f): English, with the client's language
    alongside where it is FR or RU."""
    url = request.build_absolute_uri(verification_path(cert.body.slug, cert.number))
    data = product_certificate_pdf_bytes(cert, url)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.number}.pdf"'
    return response


def product_certificate_pdf_bytes(cert: Certificate, url: str) -> bytes:
    """The product certificate as PDF, its QR code opening ``url``."""
    app = cert.application
    second = cert.client.language if cert.client.language in ("fr", "ru") else None
    decision = app.decisions.filter(outcome__outcome="grant").select_related("decided_by").first()
    batch = Batch.all_objects.filter(application=app).first()
    labels = []
    for language in ("en", second) if second else ("en",):
        with translation.override(language):
            label = {"lang": language, **_labels()}
            if batch is not None:
                label["batch_line"] = label["batch_line"] % {
                    "id": batch.identification,
                    "lot": batch.lot_size,
                    "n": batch.sample_size,
                    "plan": batch.plan,
                    "ac": batch.accept_number,
                    "re": batch.reject_number,
                    "found": batch.nonconforming,
                }
            labels.append(label)
    s = scheme(cert.schemes[0])
    context = {
        "cert": cert,
        "body": cert.body,
        "org": cert.client.organisation,
        "scheme": s,
        "products": app.products.all(),
        "manufacturer": getattr(app, "manufacturer", None),
        "licence": Licence.all_objects.filter(certificate=cert).first(),
        "batch": batch,
        "decided_by": decision.decided_by if decision else "",
        "qr": qr_svg(url),
        "url": url,
        "status": effective_status(cert, clock.today()),
        "labels": labels,
    }
    return render_pdf("certification/product_certificate_pdf.html", context)


@login_required
def certificate_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = cb_for(slug)
    cert = get_object_or_404(
        Certificate.objects.select_related("client__organisation", "body", "application"), pk=pk, body=body
    )
    if not products.is_product_application(cert.application):
        _not_a_product()
    return product_certificate_pdf_response(request, cert)

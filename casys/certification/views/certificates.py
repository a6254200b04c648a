"""Certificate pages: list, detail with its events, lifecycle events, the PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.attestations.identity import verification_path
from casys.auditlog.services import Actor
from casys.certification.models import Certificate
from casys.certification.models.certificate import EVENTS
from casys.certification.services import certificates, products
from casys.certification.services.certificate_document import certificate_document
from casys.certification.views.common import DECIDE, MANAGE, attempt, cb_for, day, require_confirmation, text
from casys.certification.views.products import product_certificate_pdf_bytes, product_certificate_pdf_response
from casys.documents.pdf import qr_svg, render_pdf


@login_required
def certificate_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug)
    rows = (
        Certificate.objects.filter(body=body)
        .select_related("client__organisation")
        .order_by("-issue_date", "number")
    )
    status = request.GET.get("status")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for c in page.object_list:
        c.now_status = certificates.effective_status(c, clock.today())
    can_batch = request.scope.has_role(body.pk, *MANAGE, *DECIDE)  # type: ignore[attr-defined]
    context = {"body": body, "page": page, "status": status or "", "can_batch": can_batch}
    return render(request, "certification/certificates.html", context)


def _certificate(slug: str, pk: int, *roles: str) -> Certificate:
    body = cb_for(slug, *roles)
    return get_object_or_404(
        Certificate.objects.select_related("client__organisation", "body"), pk=pk, body=body
    )


@login_required
def certificate_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cert = _certificate(slug, pk)
    return render(
        request,
        "certification/certificate.html",
        {
            "body": cert.body,
            "cert": cert,
            "events": cert.events.select_related("by"),
            "now_status": certificates.effective_status(cert, clock.today()),
            "withdrawal_due": certificates.withdrawal_due(cert),
            "kinds": [(k, v) for k, v in EVENTS if k != "issued"],
            "audits": cert.application.audits.filter(done_on__isnull=True).order_by("latest"),
            "today": clock.today(),
            "can_decide": request.scope.has_role(cert.body_id, *DECIDE),  # type: ignore[attr-defined]
            "verify_url": verification_path(cert.body.slug, cert.number),  # what the QR on the PDF opens
        },
    )


@login_required
@require_POST
def certificate_event(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cert = _certificate(slug, pk, *DECIDE)

    def run() -> None:
        require_confirmation(request)  # an event on an issued certificate is never edited or removed
        certificates.add_event(
            cert,
            text(request, "kind"),
            at=clock.today(),
            user=request.user,
            why=text(request, "why"),
            scope=text(request, "scope"),
            to_body=text(request, "to_body"),
            expiry=day(request, "expiry", required=False),
            actor=Actor.from_request(request),
        )

    return attempt(
        request, reverse("certification:certificate", args=[slug, pk]), run, _("The event was recorded.")
    )


def certificate_pdf_bytes(cert: Certificate, url: str) -> bytes:
    """The certificate as PDF, its QR code opening ``url`` (its public verification page)."""
    context = certificate_document(cert, url=url, status=certificates.effective_status(cert, clock.today()))
    context["qr"] = qr_svg(url)
    return render_pdf("certification/certificate_pdf.html", context)


def pdf_bytes(cert: Certificate, url: str) -> bytes:
    """The certificate's PDF in the form its scheme's object calls for (the batch-PDF job's pages)."""
    if products.is_product_application(cert.application):
        return product_certificate_pdf_bytes(cert, url)
    return certificate_pdf_bytes(cert, url)


def certificate_pdf_response(request: HttpRequest, cert: Certificate) -> HttpResponse:
    """The certificate as PDF: English, with the client's language alongside where it is FR or RU."""
    url = request.build_absolute_uri(verification_path(cert.body.slug, cert.number))
    data = certificate_pdf_bytes(cert, url)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.number}.pdf"'
    return response


def pdf_of(request: HttpRequest, cert: Certificate) -> HttpResponse:
    """The certificate's PDF in the form its scheme's object calls for (product or management system)."""
    if products.is_product_application(cert.application):
        return product_certificate_pdf_response(request, cert)
    return certificate_pdf_response(request, cert)


@login_required
def certificate_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return pdf_of(request, _certificate(slug, pk))

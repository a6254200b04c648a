"""Inspection reports: the staff page with the correction, the PDF, the signed credential, the
client's portal, and the public verification page the report's QR code opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import body_for
from casys.attestations.models import Attestation
from casys.auditlog.services import Actor
from casys.clock import today
from casys.core.credentials import MEDIA_TYPE
from casys.documents.pdf import qr_svg, render_pdf
from casys.inspection.forms import CorrectForm, add_error
from casys.inspection.models import InspectionReport, Photo
from casys.inspection.services import InspectionError, photos
from casys.inspection.services.reports import correct_report, verification_url
from casys.inspection.views.common import REVIEWERS, can, inspection_body


def _report(slug: str, pk: int, *roles: str) -> tuple[Body, InspectionReport]:
    body = inspection_body(slug, *roles)
    found = get_object_or_404(
        InspectionReport.objects.select_related("client", "inspection", "supersedes", "issued_by"),
        body=body,
        pk=pk,
    )
    return body, found


def _status(report: InspectionReport) -> Attestation | None:
    return Attestation.all_objects.filter(
        issuer_id=report.body_id, kind=report.kind, number=report.number
    ).first()


def _detail(request: HttpRequest, body: Body, report: InspectionReport, form: CorrectForm) -> HttpResponse:
    successor = InspectionReport.objects.filter(supersedes=report).first()
    context = {
        "body": body,
        "report": report,
        "c": report.snapshot,
        "attestation": _status(report),
        "successor": successor,
        "verify_url": verification_url(body, report.number),
        "may_correct": can(request, body, REVIEWERS) and successor is None,
        "form": form,
    }
    return render(request, "inspection/report.html", context)


@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, report = _report(slug, pk)
    return _detail(request, body, report, CorrectForm())


@login_required
@require_POST
def report_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A corrected report supersedes this one (17020 7.4.4); this one is never edited."""
    body, report = _report(slug, pk, *REVIEWERS)
    form = CorrectForm(request.POST)
    if form.is_valid():
        try:
            new = correct_report(
                report,
                reason=form.cleaned_data["reason"],
                remarks=form.cleaned_data["remarks"],
                on=today(),
                actor=Actor.from_request(request),
            )
        except InspectionError as exc:
            add_error(form, exc)
        else:
            messages.success(
                request,
                _("Report %(number)s was issued; it supersedes %(old)s.")
                % {"number": new.number, "old": report.number},
            )
            return redirect("inspection:report", slug=body.slug, pk=new.pk)
    return _detail(request, body, report, form)


def pdf_response(report: InspectionReport) -> HttpResponse:
    """The report as PDF in its language, with a QR code to its public verification page."""
    url = verification_url(report.body, report.number)
    with translation.override(report.language):
        pdf = render_pdf(
            "inspection/report_pdf.html",
            {"report": report, "c": report.snapshot, "qr": qr_svg(url), "verify_url": url},
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.number}.pdf"'
    return response


@login_required
def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _body, report = _report(slug, pk)
    return pdf_response(report)


@login_required
def photo_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    body = inspection_body(slug)
    photo = get_object_or_404(Photo.objects, body=body, pk=pk)
    path = photos.photo_path(photo)
    if not path.exists():
        raise Http404("the photo's file is missing")
    return FileResponse(path.open("rb"), content_type=photo.content_type, filename=photo.name)


def _public(slug: str, number: str) -> InspectionReport:
    found = (
        InspectionReport.all_objects.select_related("body", "client")
        .filter(body__slug=slug, number=number, body__kind=BodyKind.INSPECTION_BODY)
        .first()
    )
    if found is None:
        raise Http404("no such inspection report")
    return found


def verify(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    """Public: is this inspection report genuine, and is it the current one or superseded?"""
    report = _public(slug, number)
    successor = InspectionReport.all_objects.filter(supersedes=report).first()
    context = {"report": report, "c": report.snapshot, "attestation": _status(report), "successor": successor}
    return render(request, "inspection/verify.html", context)


def verify_credential(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    """Public: the signed credential of the report (compact JWS, application/vc+jwt)."""
    report = _public(slug, number)
    if not report.credential:
        raise Http404("no signed credential")
    response = HttpResponse(report.credential, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.number}.jwt"'
    return response


@login_required
def portal(request: HttpRequest, slug: str) -> HttpResponse:
    """A client's contacts: the client's inspection reports from the bodies that keep its record."""
    client = body_for(slug, Role.CLIENT_CONTACT, kinds=(BodyKind.CLIENT,))
    rows = InspectionReport.objects.filter(client=client).select_related("body").order_by("-issued_on", "-id")
    return render(request, "inspection/portal.html", {"client": client, "reports": rows})


@login_required
def portal_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    client = body_for(slug, Role.CLIENT_CONTACT, kinds=(BodyKind.CLIENT,))
    report = get_object_or_404(InspectionReport.objects.select_related("body"), client=client, pk=pk)
    return pdf_response(report)

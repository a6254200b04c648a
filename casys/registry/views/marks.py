"""Public pages of marks of conformity (ISO/IEC 17030): a mark with its artwork, rules of use and
licences; a licence ("is this licence valid today for this product?"); and the form through which
anyone reports misuse of a mark, with evidence, to the body that owns it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from casys import clock
from casys.accounts.models import Body
from casys.attestations.identity import verification_path
from casys.attestations.models import Attestation, Kind
from casys.certification.models import Licence, Mark
from casys.certification.services import CertificationError
from casys.certification.services import marks as mark_services

#: reports of misuse a client address may send (django-ratelimit's rate syntax)
REPORT_RATE = "5/h"
REPORT_FIELDS = ("reporter_name", "reporter_email", "where_seen", "description", "licence_number")


def _mark(issuer: str, code: str) -> Mark:
    mark = Mark.all_objects.select_related("body").filter(body__slug=issuer, code=code).first()
    if mark is None:
        raise Http404(_("No such mark"))
    return mark


def _licences(mark: Mark) -> list[Licence]:
    today = clock.today()
    rows = list(
        Licence.all_objects.filter(mark_ref=mark)
        .select_related("certificate__client__organisation", "certificate__application", "body")
        .order_by("number")
    )
    for licence in rows:
        licence.now_status = mark_services.status_of(licence, today)  # type: ignore[attr-defined]
    return rows


def mark_page(request: HttpRequest, issuer: str, code: str) -> HttpResponse:
    """The mark, its rules of use, its licences, and the form to report misuse."""
    mark = _mark(issuer, code)
    values = {name: request.GET.get(name, "") if name == "licence_number" else "" for name in REPORT_FIELDS}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in REPORT_FIELDS}
        if is_ratelimited(request, group="mark-misuse", key="ip", rate=_rate(), increment=True):
            return HttpResponse(
                _("Too many reports: try again later."), status=429, content_type="text/plain"
            )
        upload = request.FILES.get("evidence")
        try:
            report = mark_services.report_misuse(
                mark,
                evidence=upload.read() if upload else None,
                evidence_name=upload.name if upload else "",
                **values,
            )
        except CertificationError as exc:
            field, _sep, message = str(exc).partition(": ")
            errors[field] = message
            status = 400
        else:
            messages.success(
                request,
                _("Thank you. Your report %(ref)s was sent to %(body)s, who will examine it.")
                % {"ref": report.reference, "body": mark.body.name},
            )
            return redirect(request.path)
    context: dict[str, Any] = {"mark": mark, "licences": _licences(mark), "values": values, "errors": errors}
    return render(request, "registry/mark.html", context, status=status)


def _rate() -> str:
    return str(getattr(settings, "CASYS_MISUSE_REPORT_RATE", REPORT_RATE))


def mark_artwork(request: HttpRequest, issuer: str, code: str) -> HttpResponse:
    """The artwork as an image: served with a policy that runs nothing, even if opened on its own."""
    mark = _mark(issuer, code)
    response = HttpResponse(bytes(mark.artwork), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{mark.code}.svg"'
    response["ETag"] = f'"{mark.artwork_sha256}"'
    return response


def licence_page(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    """Is this licence valid today, and for which products?"""
    licence = (
        Licence.all_objects.filter(body__slug=issuer, number=number)
        .select_related("certificate__client__organisation", "certificate__application", "mark_ref", "body")
        .first()
    )
    if licence is None:
        body = Body.all_objects.filter(slug=issuer).first()
        context = {"issuer": issuer, "number": number, "body": body}
        return render(request, "registry/licence_not_found.html", context, status=404)
    today = clock.today()
    cert = licence.certificate
    row = Attestation.all_objects.filter(issuer=licence.body, kind=Kind.MARK_LICENCE, number=number).first()
    context = {
        "licence": licence,
        "status": mark_services.status_of(licence, today),
        "today": today,
        "holder": cert.client.organisation,
        "certificate_url": verification_path(licence.body.slug, cert.number),
        "valid_until": cert.expiry_date,
        "attestation": row,
    }
    return render(request, "registry/licence.html", context)


def licence_credential(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    """The licence's signed credential (VC-JWT), for a verifier offline."""
    row = Attestation.all_objects.filter(issuer__slug=issuer, kind=Kind.MARK_LICENCE, number=number).first()
    if row is None:
        raise Http404(_("No such licence"))
    response = HttpResponse(row.credential, content_type="application/vc+jwt")
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in number)
    response["Content-Disposition"] = f'attachment; filename="{issuer}-{safe}.jwt"'
    return response

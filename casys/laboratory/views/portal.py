"""The customer portal of a laboratory's customer: its contacts read and download its issued reports.

Reached only by the customer body's contacts (role client contact); a draft report is
never shown, and a contact of another customer gets 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import body_for
from casys.laboratory.models import ReportStatus, TestReport
from casys.laboratory.views.reports import report_pdf_response


def _customer(slug: str) -> Body:
    return body_for(slug, Role.CLIENT_CONTACT, kinds=(BodyKind.CLIENT,))


def _issued(customer: Body):  # type: ignore[no-untyped-def]
    return TestReport.objects.filter(customer=customer, status=ReportStatus.ISSUED).select_related("body")


@login_required
def portal(request: HttpRequest, slug: str) -> HttpResponse:
    customer = _customer(slug)
    return render(request, "laboratory/portal.html", {"customer": customer, "reports": _issued(customer)})


@login_required
def portal_report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    customer = _customer(slug)
    report = get_object_or_404(_issued(customer), pk=pk)
    return report_pdf_response(report.body, report)

"""The client portal: a client contact's certificates, audits and findings to answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.certification.models import Attachment, Audit, AuditPlan, Certificate, Finding
from casys.certification.services import audits, certificates
from casys.certification.views.audits import attachment_response
from casys.certification.views.certificates import pdf_of
from casys.certification.views.common import attempt, portal_for, text


@login_required
def portal(request: HttpRequest, slug: str) -> HttpResponse:
    org = portal_for(slug)
    certs = list(Certificate.objects.filter(client__organisation=org).select_related("body"))
    for c in certs:
        c.now_status = certificates.effective_status(c, clock.today())
    return render(
        request,
        "certification/portal.html",
        {
            "org": org,
            "certificates": certs,
            "audits": Audit.objects.filter(application__client__organisation=org)
            .select_related("body")
            .order_by("done_on", "latest"),
            "findings": Finding.objects.filter(audit__application__client__organisation=org)
            .select_related("audit")
            .order_by("verified_on", "raised_on"),
            "today": clock.today(),
            "plans_sent": set(
                AuditPlan.objects.filter(
                    audit__application__client__organisation=org, status__in=("sent", "accepted", "objected")
                ).values_list("audit_id", flat=True)
            ),
        },
    )


def _finding(org: Body, pk: int) -> Finding:
    return get_object_or_404(
        Finding.objects.select_related("audit__body"), pk=pk, audit__application__client__organisation=org
    )


@login_required
def portal_finding(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One finding for the client: its state, what to answer, and every step so far (who, when, what)."""
    org = portal_for(slug)
    finding = _finding(org, pk)
    return render(
        request,
        "certification/portal_finding.html",
        {
            "org": org,
            "f": finding,
            "steps": finding.steps.prefetch_related("attachments"),
            "attachments": finding.attachments.all(),
        },
    )


@login_required
@require_POST
def portal_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = portal_for(slug)
    finding = _finding(org, pk)
    return attempt(
        request,
        reverse("certification:portal-finding", args=[slug, pk]),
        lambda: audits.answer_finding(
            finding,
            correction=text(request, "correction"),
            root_cause=text(request, "root_cause"),
            corrective_action=text(request, "corrective_action"),
            on=clock.today(),
            user=request.user,
            files=request.FILES.getlist("files"),
            actor=Actor.from_request(request),
        ),
        _("Your answer was sent to the certification body."),
    )


@login_required
def portal_certificate_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = portal_for(slug)
    cert = get_object_or_404(
        Certificate.objects.select_related("client__organisation", "body"), pk=pk, client__organisation=org
    )
    return pdf_of(request, cert)


@login_required
def portal_attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    org = portal_for(slug)
    attachment = get_object_or_404(
        Attachment.objects, pk=pk, finding__audit__application__client__organisation=org
    )
    return attachment_response(attachment)

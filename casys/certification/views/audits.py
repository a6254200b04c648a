"""Audit pages: plan and team, record, findings and their verification."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.services.bodies import body_for
from casys.auditlog.services import Actor
from casys.certification.models import Audit, Auditor, Finding
from casys.certification.models.audit import GRADES, MODES
from casys.certification.services import audits, products
from casys.certification.views.common import AUDIT, MANAGE, attempt, day, number, text


def _audit(slug: str, pk: int, *roles: str) -> Audit:
    body = body_for(slug, *roles)
    return get_object_or_404(
        Audit.objects.select_related("application__client__organisation", "leader"), pk=pk, body=body
    )


@login_required
def audit_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk)
    if products.is_product_application(audit.application):  # type test, factory inspection, market sample
        return redirect("certification:product-activity", slug, pk)
    return render(
        request,
        "certification/audit.html",
        {
            "body": audit.body,
            "audit": audit,
            "team": audit.team.all(),
            "findings": audit.findings.select_related("verified_by"),
            "auditors": Auditor.objects.filter(body=audit.body, is_active=True),
            "modes": MODES,
            "grades": GRADES,
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def audit_plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk, *MANAGE)
    pool = Auditor.objects.filter(body=audit.body).prefetch_related(
        "qualifications", "conflicts__client__organisation", "user"
    )

    def run() -> None:
        from casys.certification.services import CertificationError

        chosen = {str(a.pk): a for a in pool}
        leader = chosen.get(text(request, "leader"))
        if leader is None:
            raise CertificationError("leader: choose the team leader")
        team = [chosen[i] for i in request.POST.getlist("team") if i in chosen]
        audits.plan_audit(
            audit,
            leader=leader,
            team=team,
            planned_on=day(request, "planned_on"),  # type: ignore[arg-type]
            days=number(request, "days"),
            actor=Actor.from_request(request),
        )

    return attempt(
        request,
        reverse("certification:audit", args=[slug, pk]),
        run,
        _("The audit plan and team were saved."),
    )


@login_required
@require_POST
def audit_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk, *AUDIT)
    return attempt(
        request,
        reverse("certification:audit", args=[slug, pk]),
        lambda: audits.record_audit(
            audit,
            done_on=day(request, "done_on"),
            mode=text(request, "mode"),
            days=number(request, "days"),  # type: ignore[arg-type]
            remote_days=number(request, "remote_days", default=0),
            report=text(request, "report"),
            actor=Actor.from_request(request),
        ),
        _("The audit was recorded."),
    )


@login_required
@require_POST
def finding_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk, *AUDIT)
    return attempt(
        request,
        reverse("certification:audit", args=[slug, pk]),
        lambda: audits.add_finding(
            audit,
            grade=text(request, "grade"),
            clause=text(request, "clause"),
            evidence=text(request, "evidence"),
            due=day(request, "due", required=False),
            on=clock.today(),
            actor=Actor.from_request(request),
        ),
        _("The finding was recorded."),
    )


@login_required
@require_POST
def finding_verify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for(slug, *AUDIT)
    finding = get_object_or_404(Finding.objects, pk=pk, body=body)
    return attempt(
        request,
        reverse("certification:audit", args=[slug, finding.audit_id]),
        lambda: audits.verify_finding(
            finding, on=clock.today(), user=request.user, actor=Actor.from_request(request)
        ),
        _("The finding was verified and closed."),
    )

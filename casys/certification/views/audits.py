"""Audit pages: plan and team, record, findings, their verification and evidence files.

Recording an audit and raising or verifying its findings is for the audit's team
(leader and members, through ``Auditor.user``) and the body's managers
(administrator, scheme manager) — not for anyone holding the auditor role.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.auditlog.services import Actor
from casys.certification.models import Attachment, Audit, Auditor, Finding
from casys.certification.models.audit import GRADES, MODES
from casys.certification.services import CertificationError, attachments, audits, products
from casys.certification.views.common import AUDIT, MANAGE, attempt, cb_for, day, number, text


def _audit(slug: str, pk: int, *roles: str) -> Audit:
    body = cb_for(slug, *roles)
    return get_object_or_404(
        Audit.objects.select_related("application__client__organisation", "leader"), pk=pk, body=body
    )


def may_audit(request: HttpRequest, audit: Audit) -> bool:
    """A manager of the body, or an auditor on this audit's team (ISO/IEC 17021-1:2015 9.2.2)."""
    scope = request.scope  # type: ignore[attr-defined]
    if scope.has_role(audit.body_id, *MANAGE):
        return True
    return scope.has_role(audit.body_id, *AUDIT) and audits.on_team(audit, request.user)


def _team_audit(request: HttpRequest, slug: str, pk: int) -> Audit:
    audit = _audit(slug, pk, *AUDIT)
    if not may_audit(request, audit):
        raise PermissionDenied("only the audit's team and the body's managers act on this audit")
    return audit


@login_required
def audit_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk)
    if products.is_product_application(audit.application):  # type test, factory inspection, market sample
        return redirect("certification:product-activity", slug, pk)
    scope = request.scope  # type: ignore[attr-defined]
    return render(
        request,
        "certification/audit.html",
        {
            "body": audit.body,
            "audit": audit,
            "team": audit.team.all(),
            "findings": audit.findings.select_related("verified_by").prefetch_related("attachments"),
            "auditors": Auditor.objects.filter(body=audit.body, is_active=True),
            "modes": MODES,
            "grades": GRADES,
            "today": clock.today(),
            "can_plan": scope.has_role(audit.body_id, *MANAGE),
            "can_audit": may_audit(request, audit),
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
    audit = _team_audit(request, slug, pk)
    return attempt(
        request,
        reverse("certification:audit", args=[slug, pk]),
        lambda: audits.record_audit(
            audit,
            done_on=day(request, "done_on"),  # type: ignore[arg-type]
            mode=text(request, "mode"),
            days=number(request, "days"),
            remote_days=number(request, "remote_days", default=0),
            report=text(request, "report"),
            user=request.user,
            actor=Actor.from_request(request),
        ),
        _("The audit was recorded."),
    )


@login_required
@require_POST
def finding_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _team_audit(request, slug, pk)
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
            user=request.user,
            files=request.FILES.getlist("files"),
            actor=Actor.from_request(request),
        ),
        _("The finding was recorded."),
    )


def _finding(request: HttpRequest, slug: str, pk: int, *, acting: bool) -> Finding:
    body = cb_for(slug, *(AUDIT if acting else ()))
    finding = get_object_or_404(
        Finding.objects.select_related("audit__application__client__organisation", "verified_by"),
        pk=pk,
        body=body,
    )
    if acting and not may_audit(request, finding.audit):
        raise PermissionDenied("only the audit's team and the body's managers act on its findings")
    return finding


@login_required
def finding_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    finding = _finding(request, slug, pk, acting=False)
    return render(
        request,
        "certification/finding.html",
        {
            "body": finding.audit.body,
            "f": finding,
            "steps": finding.steps.select_related("by").prefetch_related("attachments"),
            "attachments": finding.attachments.all(),
            "can_verify": may_audit(request, finding.audit),
        },
    )


@login_required
@require_POST
def finding_verify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    finding = _finding(request, slug, pk, acting=True)

    def run() -> None:
        comment = text(request, "comment")
        if not comment:
            raise CertificationError("comment: say what was checked to accept the answer")
        audits.verify_finding(
            finding, on=clock.today(), user=request.user, comment=comment, actor=Actor.from_request(request)
        )

    return attempt(
        request,
        reverse("certification:finding", args=[slug, finding.pk]),
        run,
        _("The finding was verified and closed."),
    )


@login_required
@require_POST
def finding_send_back(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    finding = _finding(request, slug, pk, acting=True)
    return attempt(
        request,
        reverse("certification:finding", args=[slug, finding.pk]),
        lambda: audits.send_back(
            finding,
            reason=text(request, "reason"),
            on=clock.today(),
            user=request.user,
            actor=Actor.from_request(request),
        ),
        _("The answer was sent back to the client."),
    )


@login_required
@require_POST
def finding_attach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    finding = _finding(request, slug, pk, acting=True)

    def run() -> None:
        files = attachments.check_uploads(request.FILES.getlist("files"))
        if not files:
            raise CertificationError("files: choose a file to attach")
        attachments.attach(finding, files, user=request.user, actor=Actor.from_request(request))

    return attempt(
        request,
        reverse("certification:finding", args=[slug, finding.pk]),
        run,
        _("The evidence file was attached."),
    )


def attachment_response(attachment: Attachment) -> FileResponse:
    """The stored file, always as a download with its checked media type (never rendered inline)."""
    path = attachments.path_of(attachment)
    if not path.is_file():
        raise Http404("the stored file is missing")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attachment_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    body = cb_for(slug)
    return attachment_response(get_object_or_404(Attachment.objects, pk=pk, body=body))

"""Pages of the audit plan, the auditors' checklists, coverage over the cycle and remote audits.

Everyone of the body reads the plan, the coverage and the reports; the body's managers generate,
change and send the plan; the audit's team (and the managers) fill the checklists and record how
remote activities went; the client's contacts see the plan and the team in the portal and answer.
"""

from __future__ import annotations

import json
from fractions import Fraction

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from casys import clock
from casys.auditlog.services import Actor
from casys.certification.models import (
    Application,
    Audit,
    Auditor,
    AuditPlan,
    ChecklistEntry,
    RemoteAssessment,
)
from casys.certification.models.audit import GRADES
from casys.certification.models.plan import CONFORMITY, LINE_MODES
from casys.certification.services import CertificationError, checklists, coverage, plans, remote, reports
from casys.certification.views.audits import _audit, may_audit
from casys.certification.views.common import AUDIT, MANAGE, attempt, cb_for, day, number, portal_for, text
from casys.core import audit_plan, remote_audit
from casys.requirements.services.catalogues import search

LANGUAGES = ("en", "fr", "ru")
#: ISO/IEC TS 17012:2024 5.2.2, the conditions in our words (casys.core.remote_audit), translated.
CONDITION_LABELS = {
    "objectives": gettext_lazy("Remote methods do not compromise the objectives of the audit programme"),
    "acceptance": gettext_lazy("The use of remote methods is appropriate and accepted by both parties"),
    "technology": gettext_lazy("The technologies are selected and their management is defined"),
    "information": gettext_lazy("The information available is sufficient for remote auditing"),
    "scope": gettext_lazy("The scope and limits of remote use are defined in the audit programme"),
    "capability": gettext_lazy(
        "Both parties' competence and technical and physical capability are confirmed"
    ),
    "understanding": gettext_lazy("Differences in understanding between the parties are resolved"),
    "fallback": gettext_lazy("It is agreed how the method is modified if necessary (fallback)"),
}


def _plan_of(audit: Audit) -> AuditPlan | None:
    return AuditPlan.all_objects.filter(audit=audit).first()


@login_required
def plan_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk)
    scope = request.scope  # type: ignore[attr-defined]
    plan = _plan_of(audit)
    lines = list(plan.lines.select_related("auditor")) if plan else []
    share = audit_plan.remote_share([(Fraction(str(x.days)), x.is_remote) for x in lines])
    return render(
        request,
        "certification/plan.html",
        {
            "body": audit.body,
            "audit": audit,
            "plan": plan,
            "lines": lines,
            "auditors": Auditor.objects.filter(body=audit.body, is_active=True),
            "modes": LINE_MODES,
            "md5_days": audit.days,
            "can_manage": scope.has_role(audit.body_id, *MANAGE),
            "can_audit": may_audit(request, audit),
            "activities": audit.remote_activities.all(),
            "consents": audit.recording_consents.all(),
            "languages": LANGUAGES,
            "remote_share": round(float(share) * 100, 1),
            "notify_ab": remote_audit.notice_required(share, remote.rules_of(audit.application)),
            "profiles": plans.profile_choices(audit),
            "transitions": plans.transition_choices(audit),
        },
    )


@login_required
@require_POST
def plan_generate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk, *MANAGE)
    return attempt(
        request,
        reverse("certification:plan", args=[slug, pk]),
        lambda: plans.generate(
            audit,
            profile=request.POST.get("profile") if "profile" in request.POST else None,
            transition_from=request.POST.get("transition_from")
            if "transition_from" in request.POST
            else None,
            actor=Actor.from_request(request),
        ),
        _("The audit plan was generated."),
    )


@login_required
@require_POST
def plan_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk, *MANAGE)
    plan = get_object_or_404(AuditPlan.objects, audit=audit)
    pool = {str(a.pk): a for a in Auditor.objects.filter(body=audit.body)}

    def run() -> None:
        lines = []
        for i, line in enumerate(plan.lines.all()):
            auditor = pool.get(text(request, f"auditor-{line.pk}"))
            if auditor is None:
                raise CertificationError(f"lines[{i}].auditor: choose an auditor")
            lines.append(
                plans.LineInput(
                    days=number(request, f"days-{line.pk}"),
                    auditor=auditor,
                    mode=text(request, f"mode-{line.pk}"),
                    on=day(request, f"on-{line.pk}", required=False),
                )
            )
        plans.save_lines(plan, lines, actor=Actor.from_request(request))

    return attempt(
        request, reverse("certification:plan", args=[slug, pk]), run, _("The audit plan was saved.")
    )


@login_required
@require_POST
def plan_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk, *MANAGE)
    plan = get_object_or_404(AuditPlan.objects, audit=audit)
    return attempt(
        request,
        reverse("certification:plan", args=[slug, pk]),
        lambda: plans.send(
            plan,
            on=clock.today(),
            justification=text(request, "justification"),
            actor=Actor.from_request(request),
        ),
        _("The audit plan was sent to the client."),
    )


def _language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "en")
    if lang not in LANGUAGES:
        raise CertificationError(f"lang: one of {', '.join(LANGUAGES)}")
    return lang


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _lang_or_404(request: HttpRequest) -> str:
    try:
        return _language(request)
    except CertificationError as exc:
        raise PermissionDenied(str(exc)) from exc


@login_required
def plan_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk)
    plan = get_object_or_404(AuditPlan.objects, audit=audit)
    lang = _lang_or_404(request)
    return _pdf(reports.plan_pdf(plan, lang), f"audit-plan-{audit.pk}-{lang}.pdf")


@login_required
def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk)
    lang = _lang_or_404(request)
    return _pdf(reports.report_pdf(audit, lang), f"audit-report-{audit.pk}-{lang}.pdf")


def _json(document: dict, name: str) -> HttpResponse:  # type: ignore[type-arg]
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def oscal_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk)
    return _json(reports.assessment_results(audit), f"assessment-results-{audit.pk}.json")


@login_required
def oscal_poam(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(slug, pk)
    try:
        document = reports.poam(audit)
    except CertificationError as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    return _json(document, f"poam-{audit.pk}.json")


# --- checklists -------------------------------------------------------------------------------------


def _team_audit(request: HttpRequest, slug: str, pk: int) -> Audit:
    audit = _audit(slug, pk, *AUDIT)
    if not may_audit(request, audit):
        raise PermissionDenied("only the audit's team and the body's managers fill its checklists")
    return audit


def _auditor_of(request: HttpRequest, audit: Audit) -> Auditor | None:
    """The auditor whose checklist the page shows: ``?auditor=`` for a manager, else the user's own record."""
    scope = request.scope  # type: ignore[attr-defined]
    wanted = request.GET.get("auditor") or request.POST.get("auditor")
    if wanted and scope.has_role(audit.body_id, *MANAGE):
        return get_object_or_404(Auditor.objects, pk=wanted, body=audit.body)
    own = Auditor.objects.filter(body=audit.body, user=request.user).first()
    if own is None and scope.has_role(audit.body_id, *MANAGE):
        return audit.leader
    return own


@login_required
def checklist_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _team_audit(request, slug, pk)
    auditor = _auditor_of(request, audit)
    query = request.GET.get("q", "").strip()
    scope = checklists.scope_of(audit)
    matches = list(search(scope[0].document, query)[:20]) if query and scope else []
    entries = ChecklistEntry.objects.filter(audit=audit, auditor=auditor).select_related(
        "requirement", "finding"
    )
    return render(
        request,
        "certification/checklist.html",
        {
            "body": audit.body,
            "audit": audit,
            "auditor": auditor,
            "team": [audit.leader, *audit.team.exclude(pk=audit.leader_id)] if audit.leader else [],
            "entries": entries.prefetch_related("files"),
            "scope": scope,
            "query": query,
            "matches": matches,
            "chosen": request.GET.get("requirement", ""),
            "conformity": CONFORMITY,
            "grades": GRADES,
            "can_manage": request.scope.has_role(audit.body_id, *MANAGE),  # type: ignore[attr-defined]
        },
    )


@login_required
@require_POST
def checklist_prepare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _team_audit(request, slug, pk)
    return attempt(
        request,
        reverse("certification:checklist", args=[slug, pk]),
        lambda: checklists.prepare(audit, actor=Actor.from_request(request)),
        _("The checklists were prepared from the plan."),
    )


@login_required
@require_POST
def checklist_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _team_audit(request, slug, pk)
    auditor = _auditor_of(request, audit)
    back = reverse("certification:checklist", args=[slug, pk])
    if auditor is not None and request.POST.get("auditor"):
        back += f"?auditor={auditor.pk}"

    def run() -> None:
        if auditor is None:
            raise CertificationError("auditor: you have no auditor record in this body")
        requirement = text(request, "requirement")
        if not requirement:
            raise CertificationError("requirement: give a requirement id of the scheme's profile")
        entry = checklists.entry_for(audit, auditor, requirement)
        checklists.record(
            entry,
            conformity=text(request, "conformity"),
            notes=text(request, "notes"),
            interviewees=text(request, "interviewees").split(","),
            files=request.FILES.getlist("files"),
            grade=text(request, "grade"),
            finding_ids=text(request, "finding_ids").replace(";", ",").split(","),
            due=day(request, "due", required=False),
            user=request.user,
            actor=Actor.from_request(request),
        )

    return attempt(request, back, run, _("The checklist entry was recorded."))


# --- coverage and remote ----------------------------------------------------------------------------


def _application(slug: str, pk: int, *roles: str) -> Application:
    body = cb_for(slug, *roles)
    return get_object_or_404(Application.objects.select_related("client__organisation"), pk=pk, body=body)


@login_required
def coverage_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk)
    cycles = sorted({a.cycle for a in app.audits.all()})
    try:
        cycle = int(request.GET.get("cycle") or (cycles[0] if cycles else 1))
    except ValueError:
        cycle = 1
    cov = coverage.for_cycle(app, cycle)
    return render(
        request,
        "certification/coverage.html",
        {"body": app.body, "app": app, "cov": cov, "cycles": cycles, "reason": coverage.reason(cov)},
    )


@login_required
def remote_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk)
    assessment = RemoteAssessment.objects.filter(application=app).first()
    met = assessment.met if assessment else {}
    evidence = assessment.evidence if assessment else {}
    rows = [
        ({"id": c.id, "text": CONDITION_LABELS[c.id]}, met.get(c.id, False), evidence.get(c.id, ""))
        for c in remote_audit.CONDITIONS
    ]
    return render(
        request,
        "certification/remote.html",
        {
            "body": app.body,
            "app": app,
            "assessment": assessment,
            "rows": rows,
            "unmet": remote_audit.unmet(met),
            "rules": remote.rules_of(app),
            "can_manage": request.scope.has_role(app.body_id, *MANAGE),  # type: ignore[attr-defined]
        },
    )


@login_required
@require_POST
def remote_assess(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    app = _application(slug, pk, *MANAGE)
    return attempt(
        request,
        reverse("certification:remote", args=[slug, pk]),
        lambda: plans.assess_remote(
            app,
            met={c: request.POST.get(f"met_{c}") == "on" for c in remote_audit.CONDITION_IDS},
            evidence={c: request.POST.get(f"evidence_{c}", "") for c in remote_audit.CONDITION_IDS},
            user=request.user,
            on=clock.today(),
            actor=Actor.from_request(request),
        ),
        _("The conditions for remote auditing were recorded."),
    )


@login_required
@require_POST
def remote_activity(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _team_audit(request, slug, pk)
    return attempt(
        request,
        reverse("certification:plan", args=[slug, pk]),
        lambda: remote.record_activity(
            audit,
            activity=text(request, "activity"),
            mode=text(request, "mode"),
            ict=text(request, "ict"),
            participants=text(request, "participants"),
            interruptions=text(request, "interruptions"),
            recording=text(request, "recording"),
            actor=Actor.from_request(request),
        ),
        _("The remote activity was recorded."),
    )


@login_required
@require_POST
def remote_consent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _team_audit(request, slug, pk)
    return attempt(
        request,
        reverse("certification:plan", args=[slug, pk]),
        lambda: remote.log_consent(
            audit,
            given_by=text(request, "given_by"),
            covers=text(request, "covers"),
            actor=Actor.from_request(request),
        ),
        _("The permission to record was logged."),
    )


# --- portal -----------------------------------------------------------------------------------------


def _portal_plan(slug: str, pk: int) -> tuple[object, AuditPlan]:
    org = portal_for(slug)
    plan = get_object_or_404(
        AuditPlan.objects.select_related("audit__body", "audit__leader"),
        audit__pk=pk,
        audit__application__client__organisation=org,
        status__in=("sent", "accepted", "objected"),
    )
    return org, plan


def _portal_team(audit: Audit) -> list[Auditor]:
    """The audit's team as its client sees it (the audit was reached through the client's scope;
    auditor records are the body's, so they are read by the audit, not through the scope)."""
    members = Auditor.all_objects.filter(audits=audit).exclude(pk=audit.leader_id).order_by("name")
    return [a for a in [audit.leader, *members] if a is not None]


@login_required
def portal_plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org, plan = _portal_plan(slug, pk)
    audit = plan.audit
    return render(
        request,
        "certification/portal_plan.html",
        {
            "org": org,
            "plan": plan,
            "audit": audit,
            "lines": plan.lines.select_related("auditor"),
            "team": _portal_team(audit),
        },
    )


@login_required
@require_POST
def portal_plan_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org, plan = _portal_plan(slug, pk)
    audit = plan.audit
    team = {str(a.pk): a for a in _portal_team(audit)}
    accept = request.POST.get("answer") == "accept"
    return attempt(
        request,
        reverse("certification:portal-plan", args=[slug, pk]),
        lambda: plans.answer(
            plan,
            accept=accept,
            member=team.get(text(request, "member")),
            reason=text(request, "reason"),
            user=request.user,
            on=clock.today(),
            actor=Actor.from_request(request),
        ),
        _("Your answer was sent to the certification body."),
    )

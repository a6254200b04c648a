"""Planning pages of an engagement (ISO 14064-3:2019 6.1): the verification plan with the team's
competence and time, risk per source, sampling plans, control tests, base year, removals and the
figures of a project claim; and the body's register of verifier competences."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casys import clock
from casys.accounts.models import Membership, Role, User
from casys.accounts.scoping import current_scope
from casys.auditlog.services import Actor
from casys.core.ghg.base_year import default_threshold
from casys.core.ghg.project import ClaimTypeError, shipped_claim_type, shipped_claim_types
from casys.core.ghg.risk import WORK_DESCRIPTIONS
from casys.verification import forms_planning as f
from casys.verification.models import (
    ControlTest,
    Engagement,
    EngagementStatus,
    SamplingPlan,
    VerifierCompetence,
)
from casys.verification.services import VerificationInputError, checklist
from casys.verification.services.claims import claim_table, claim_type_of, record_claim_figures
from casys.verification.services.competence import record_competence
from casys.verification.services.planning import (
    assess_source,
    base_year_recalculation,
    create_sampling_plan,
    evaluate_sample,
    plan_control_test,
    plan_engagement,
    record_control_result,
    record_removal,
    record_structural_change,
    selected_items,
    set_base_year,
)
from casys.verification.views.engagements import vv_body

Run = Callable[[Actor, dict[str, Any]], object]


def _engagement(slug: str, pk: int) -> tuple[Any, Engagement]:
    body = vv_body(slug)
    return body, get_object_or_404(Engagement.objects.filter(body=body), pk=pk)


def _form_page(
    request: HttpRequest, body: Any, e: Engagement, form: forms.Form, title: str, run: Run, done: str
) -> HttpResponse:
    """A planning form: the service call with the form's values; a refusal is shown next to the field it
    names (everything typed kept, nothing saved); a success goes back to the plan."""
    if request.method == "POST" and form.is_valid():
        try:
            run(Actor.from_request(request), form.cleaned_data)
        except VerificationInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, done)
            return redirect("verification:plan", slug=body.slug, pk=e.pk)
    context = {"body": body, "e": e, "form": form, "title": title}
    return render(request, "verification/planning/form.html", context)


@login_required
def plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The verification plan: team competence and time, risks per source, samples, control tests,
    base year and removals, claim figures."""
    body, e = _engagement(slug, pk)
    assessed = set(e.risks.values_list("source", flat=True))
    sources = sorted(set(e.lines.values_list("source", flat=True)) - assessed)
    context = {
        "body": body,
        "e": e,
        "plan": getattr(e, "plan", None),
        "risks": e.risks.all(),
        "unassessed": sources,
        "work": WORK_DESCRIPTIONS,
        "samples": e.sampling_plans.all(),
        "controls": e.control_tests.all(),
        "base_year": getattr(e, "base_year", None),
        "changes": e.structural_changes.all(),
        "recalculation": base_year_recalculation(e),
        "removals": e.removals.all(),
        "claim": claim_table(e),
        "open": e.status in ("planning", "execution"),
        "claim_types": shipped_claim_types(),
        "checklist": checklist.coverage_of(e),
        "checklist_open": e.status not in (EngagementStatus.DECIDED, EngagementStatus.ISSUED),
    }
    return render(request, "verification/planning/plan.html", context)


@login_required
def plan_header(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    current = getattr(e, "plan", None)
    initial = (
        {"sector": current.sector, "days": current.days, "justification": current.justification}
        if current
        else None
    )
    form = f.PlanForm(request.POST or None, initial=initial)
    return _form_page(
        request, body, e, form, _("Sector and time allocated"),
        lambda actor, d: plan_engagement(e, actor=actor, **d), _("The plan was recorded."),
    )  # fmt: skip


@login_required
def risk_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    form = f.RiskForm(request.POST or None, initial={"source": request.GET.get("source", "")})
    return _form_page(
        request, body, e, form, _("Assess the risks of a source"),
        lambda actor, d: assess_source(e, actor=actor, **d), _("The risks of the source were recorded."),
    )  # fmt: skip


def _sampling_run(e: Engagement) -> Run:
    def run(actor: Actor, d: dict[str, Any]) -> object:
        seed = d.pop("seed")
        return create_sampling_plan(
            e, actor=actor, seed=secrets.randbelow(2**31) if seed is None else seed, **d
        )

    return run


@login_required
def sample_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    form = f.SamplingForm(request.POST or None)
    return _form_page(
        request, body, e, form, _("Plan a monetary-unit sample"), _sampling_run(e),
        _("The sample was planned and selected."),
    )  # fmt: skip


@login_required
def sample_detail(request: HttpRequest, slug: str, pk: int, sid: int) -> HttpResponse:
    """A sampling plan: its parameters, the selection from its seed, and the evaluation (or its form)."""
    body, e = _engagement(slug, pk)
    sample = get_object_or_404(SamplingPlan.objects.filter(engagement=e), pk=sid)
    form = f.EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluate_sample(sample, actor=Actor.from_request(request), audited=form.cleaned_data["audited"])
        except VerificationInputError as exc:
            form.add_error("audited", str(exc))
        else:
            messages.success(request, _("The sample was evaluated: its projected misstatement was recorded."))
            return redirect("verification:sample", slug=slug, pk=pk, sid=sid)
    context = {
        "body": body, "e": e, "s": sample, "selected": selected_items(sample), "form": form,
        "open": e.status in ("planning", "execution"),
    }  # fmt: skip
    return render(request, "verification/planning/sample.html", context)


@login_required
def control_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    form = f.ControlTestForm(request.POST or None)
    return _form_page(
        request, body, e, form, _("Plan a control test"),
        lambda actor, d: plan_control_test(e, actor=actor, **d), _("The control test was planned."),
    )  # fmt: skip


@login_required
def control_result(request: HttpRequest, slug: str, pk: int, cid: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    test = get_object_or_404(ControlTest.objects.filter(engagement=e), pk=cid)
    form = f.ControlResultForm(request.POST or None)
    return _form_page(
        request, body, e, form, _("Result of the control test: %(control)s") % {"control": test.control},
        lambda actor, d: record_control_result(test, actor=actor, **d), _("The result was recorded."),
    )  # fmt: skip


@login_required
def base_year(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    t = default_threshold()
    form = f.BaseYearForm(request.POST or None, initial={"threshold_percent": t.percent, "source": t.source})
    return _form_page(
        request, body, e, form, _("Base year"),
        lambda actor, d: set_base_year(e, actor=actor, **d), _("The base year was recorded."),
    )  # fmt: skip


@login_required
def change_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    form = f.StructuralChangeForm(request.POST or None)
    return _form_page(
        request, body, e, form, _("Record a structural change"),
        lambda actor, d: record_structural_change(e, actor=actor, **d),
        _("The structural change was recorded."),
    )  # fmt: skip


@login_required
def removal_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, e = _engagement(slug, pk)
    form = f.RemovalForm(request.POST or None)
    return _form_page(
        request, body, e, form, _("Record removals"),
        lambda actor, d: record_removal(e, actor=actor, **d), _("The removals were recorded."),
    )  # fmt: skip


@login_required
def checklist_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Answer a requirement of the verification checklist with its evidence."""
    body, e = _engagement(slug, pk)
    form = f.ChecklistForm(request.POST or None, initial={"requirement": request.GET.get("requirement", "")})
    return _form_page(
        request, body, e, form, _("Answer a requirement of the checklist"),
        lambda actor, d: checklist.answer(e, actor=actor, on=clock.today(), **d),
        _("The requirement was answered."),
    )  # fmt: skip


@login_required
def claim_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One period of a claim other than an inventory; the fields are the claim type's terms."""
    body, e = _engagement(slug, pk)
    current = claim_type_of(e)
    try:
        claim = current or shipped_claim_type(request.GET.get("type", "iso14064-2-project"))
    except ClaimTypeError:
        claim = shipped_claim_type("iso14064-2-project")
    form = f.ClaimFigureForm(request.POST or None, claim=claim)

    def run(actor: Actor, d: dict[str, Any]) -> object:
        period = d.pop("period")
        return record_claim_figures(e, actor=actor, claim_type=claim.id, period=period, values=d)

    return _form_page(request, body, e, form, claim.name, run, _("The figures were recorded."))


def _verifiers(body: Any) -> list[tuple[str, str]]:
    ids = Membership.objects.filter(body=body, role=Role.VERIFIER, is_active=True).values_list(
        "user_id", flat=True
    )
    return [
        (str(u.pk), u.full_name or u.email)
        for u in User.objects.filter(pk__in=list(ids)).order_by("full_name")
    ]


@login_required
def competences(request: HttpRequest, slug: str) -> HttpResponse:
    """The register of verifier competences: verifiers read it, the administrator records."""
    body = vv_body(slug)
    is_admin = current_scope().everything or current_scope().has_role(body.id, Role.ADMIN)
    form = f.CompetenceForm(request.POST or None, people=_verifiers(body))
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied("only the administrator records competences")
        if form.is_valid():
            d = form.cleaned_data
            try:
                user = User.objects.get(pk=int(d["user"]))
                record_competence(
                    body, actor=Actor.from_request(request), user=user, kind=d["kind"], value=d["value"]
                )
            except VerificationInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("The competence was recorded."))
                return redirect("verification:competences", slug=slug)
    rows = (
        VerifierCompetence.objects.filter(body=body)
        .select_related("user")
        .order_by("user__full_name", "kind")
    )
    context = {"body": body, "rows": rows, "form": form if is_admin else None}
    return render(request, "verification/planning/competences.html", context)

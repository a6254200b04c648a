"""Assessment pages: record an assessment of an accredited CAB, its findings, and the decision on it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import Body, Membership, User
from casys.accounts.services.bodies import STAFF_KINDS, body_for
from casys.accreditation.forms import AssessmentForm, DecisionForm, FindingForm, split_list
from casys.accreditation.models import Accreditation, Assessment, AssessmentFinding
from casys.accreditation.services.accreditations import AccreditationInputError
from casys.accreditation.services.assessments import (
    AssessmentInput,
    DecisionInput,
    WitnessInput,
    add_finding,
    close_finding,
    decide,
    may_decide,
    open_nonconformities,
    record_assessment,
)
from casys.accreditation.views.pages import ASSESSMENT_STAFF, DECIDERS, MANAGERS, _field_error, _is_ab
from casys.auditlog.services import Actor

WITNESS_ROWS = 3


def _members(body: Body) -> list[User]:
    ids = Membership.all_objects.filter(body=body, is_active=True).values("user_id")  # not the deactivated
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email"))


def _accreditation(body: Body, number: str) -> Accreditation:
    return get_object_or_404(Accreditation.objects.select_related("body", "cab"), body=body, number=number)


def _witness_rows(data: Any) -> tuple[list[dict[str, str]], list[WitnessInput], dict[int, str]]:
    rows, inputs, errors = [], [], {}
    for i in range(WITNESS_ROWS):
        r = {k: (data.get(f"witness-{i}-{k}") or "").strip() for k in ("activity", "location", "on")}
        rows.append(r)
        if not any(r.values()):
            continue
        try:
            on = date.fromisoformat(r["on"])
        except ValueError:
            errors[i] = _("when: a date is required")
            continue
        inputs.append(WitnessInput(activity=r["activity"], location=r["location"], on=on))
    return rows, inputs, errors


@login_required
def new_assessment(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    body = body_for(slug, *MANAGERS, kinds=STAFF_KINDS)
    acc = _accreditation(body, number)
    members = _members(body)
    form = AssessmentForm(request.POST or None, members=members)
    rows, witnessed, witness_errors = _witness_rows(request.POST)
    if request.method == "POST" and form.is_valid() and not witness_errors:
        d = form.cleaned_data
        by_id = {u.pk: u for u in members}
        try:
            a = record_assessment(
                acc,
                AssessmentInput(
                    kind=d["kind"],
                    start=d["start"],
                    end=d["end"],
                    team_leader=by_id[d["team_leader"]],
                    assessors=[by_id[i] for i in d["assessors"]],
                    witnessed=witnessed,
                    recommendation=d["recommendation"],
                    summary=d["summary"],
                ),
                actor=Actor.from_request(request),
            )
        except AccreditationInputError as exc:
            if exc.field.startswith("witnessed["):
                # the i-th witnessed activity given is the i-th filled row
                filled = [i for i, r in enumerate(rows) if any(r.values())]
                witness_errors[filled[int(exc.field[10 : exc.field.index("]")])]] = exc.reason
            else:
                _field_error(form, exc)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("accreditation:assessment", slug, number, a.pk)
    context = {
        "body": body,
        "acc": acc,
        "form": form,
        "witness_rows": [(i, r, witness_errors.get(i, "")) for i, r in enumerate(rows)],
    }
    return render(request, "accreditation/assessment_new.html", context, status=400 if form.is_bound else 200)


def _assessment(body: Body, number: str, pk: int) -> Assessment:
    acc = _accreditation(body, number)
    return get_object_or_404(
        Assessment.objects.select_related("accreditation__body", "accreditation__cab", "team_leader"),
        accreditation=acc,
        pk=pk,
    )


def _page(
    request: HttpRequest,
    body: Body,
    a: Assessment,
    finding_form: FindingForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    decision = a.decisions.select_related("decided_by").first()
    user = request.user
    context = {
        "body": body,
        "acc": a.accreditation,
        "a": a,
        "assessors": list(a.assessors.all()),
        "witnessed": list(a.witnessed.all()),
        "findings": list(a.findings.all()),
        "open_ncs": open_nonconformities(a),
        "decision": decision,
        "finding_form": finding_form or FindingForm(),
        "decision_form": decision_form or DecisionForm(initial={"on": clock.today()}),
        "can_record": decision is None and _is_ab(request, body, *ASSESSMENT_STAFF),
        "is_decider": decision is None and _is_ab(request, body, *DECIDERS),
        "independent": may_decide(a, user),
        "today": clock.today(),
    }
    return render(request, "accreditation/assessment.html", context, status=status)


@login_required
def assessment_detail(request: HttpRequest, slug: str, number: str, pk: int) -> HttpResponse:
    body = body_for(slug, kinds=STAFF_KINDS)
    return _page(request, body, _assessment(body, number, pk))


@login_required
@require_POST
def assessment_finding(request: HttpRequest, slug: str, number: str, pk: int) -> HttpResponse:
    body = body_for(slug, *ASSESSMENT_STAFF, kinds=STAFF_KINDS)
    a = _assessment(body, number, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            add_finding(a, d["grade"], d["clause"], d["text"], actor=Actor.from_request(request))
        except AccreditationInputError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect("accreditation:assessment", slug, number, pk)
    return _page(request, body, a, finding_form=form, status=400)


@login_required
@require_POST
def assessment_finding_close(request: HttpRequest, slug: str, number: str, pk: int, fid: int) -> HttpResponse:
    body = body_for(slug, *ASSESSMENT_STAFF, kinds=STAFF_KINDS)
    a = _assessment(body, number, pk)
    finding = get_object_or_404(AssessmentFinding.objects, assessment=a, pk=fid)
    try:
        on = date.fromisoformat(request.POST.get("on") or clock.today().isoformat())
        close_finding(finding, on, actor=Actor.from_request(request))
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Finding closed."))
    return redirect("accreditation:assessment", slug, number, pk)


@login_required
@require_POST
def assessment_decision(request: HttpRequest, slug: str, number: str, pk: int) -> HttpResponse:
    body = body_for(slug, *DECIDERS, kinds=STAFF_KINDS)
    a = _assessment(body, number, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            decide(
                a,
                DecisionInput(
                    kind=d["kind"],
                    on=d["on"],
                    reason=d["reason"],
                    normative_document=d["normative_document"],
                    iaf_codes=split_list(d["iaf_codes"]),
                    methods=split_list(d["methods"]),
                ),
                actor=Actor.from_request(request),
            )
        except AccreditationInputError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Accreditation decision recorded."))
            return redirect("accreditation:detail", slug, number)
    return _page(request, body, a, decision_form=form, status=400)

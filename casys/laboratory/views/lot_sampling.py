"""Lot-by-lot acceptance inspection: schemes, the plan for the next lot, recording lots, the history.

Any member of the body reads (a client contact gets 403); analysts, scheme
managers and administrators define schemes, record lots and resume.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import EXTERNAL_ROLES, Body, Role
from casys.auditlog.services import Actor
from casys.charts.lot_sampling import LotMark, lot_history_chart
from casys.clock import today
from casys.laboratory.forms_lot_sampling import LotForm, ResumeForm, SchemeForm
from casys.laboratory.models import SamplingScheme, Severity
from casys.laboratory.services import LabInputError
from casys.laboratory.services.lot_sampling import (
    History,
    create_scheme,
    history,
    plan_for,
    reason_text,
    record_lot,
    reduced_unavailable,
    resume_sampling,
)
from casys.laboratory.views.common import add_service_error, can, lab_for

READERS = tuple(r.value for r in Role if r not in EXTERNAL_ROLES)
INSPECTORS = (Role.ANALYST, Role.SCHEME_MANAGER, Role.ADMIN)
BADGES = {"normal": "ok", "reduced": "ok", "tightened": "warn", "discontinued": "bad"}
CHART_LOTS = 100


@login_required
def scheme_list(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug, *READERS)
    schemes = SamplingScheme.objects.filter(body=lab).order_by("code").prefetch_related("lots", "resumptions")
    page = Paginator(schemes, 50).get_page(request.GET.get("page"))
    rows = [(s, history(s).state) for s in page]
    context = {
        "lab": lab,
        "page": page,
        "rows": rows,
        "badges": BADGES,
        "can_create": can(request, lab, INSPECTORS),
    }
    return render(request, "laboratory/lot_sampling_list.html", context)


@login_required
def scheme_new(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug, *INSPECTORS)
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = create_scheme(lab, actor=Actor.from_request(request), **form.cleaned_data)
        except LabInputError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The sampling scheme was defined."))
            return redirect("laboratory:lot-sampling-detail", slug=lab.slug, code=scheme.code)
    return render(request, "laboratory/lot_sampling_form.html", {"lab": lab, "form": form})


def _scheme(lab: Body, code: str) -> SamplingScheme:
    return get_object_or_404(SamplingScheme.objects, body=lab, code=code)


def _chart(past: History) -> str:
    marks = [
        LotMark(s.lot.lot, s.lot.severity, s.lot.accepted, s.lot.found) for s in past.steps[-CHART_LOTS:]
    ]
    return lot_history_chart(
        marks,
        title=_("Lot history"),
        severity_labels={s.value: str(s.label) for s in Severity},
        outcome_labels=(_("accepted"), _("rejected")),
        axis_label=_("found in the samples"),
    )


def _detail(request: HttpRequest, lab: Body, scheme: SamplingScheme, **forms: Any) -> HttpResponse:
    past = history(scheme)
    state = past.state
    context: dict[str, Any] = {
        "lab": lab,
        "scheme": scheme,
        "state": state,
        "badge": BADGES[state.severity.value],
        "reason": reason_text(state.reason),
        "severity_label": Severity(state.severity.value).label,
        "reduced_note": reduced_unavailable(),
        "can_record": can(request, lab, INSPECTORS),
        "chart": mark_safe(_chart(past)) if past.steps else "",  # noqa: S308  (built by casys.charts.svg)
    }
    if state.severity.value != Severity.DISCONTINUED:
        last = past.steps[-1].lot.lot_size if past.steps else scheme.lot_size
        try:
            context["plan"] = plan_for(scheme, last, state.severity.value)
            context["plan_lot_size"] = last
        except LabInputError as exc:
            context["plan_error"] = exc.message
        context["lot_form"] = forms.get("lot_form") or LotForm(
            double=scheme.double, initial={"lot_size": last, "inspected_on": today()}
        )
    else:
        context["resume_form"] = forms.get("resume_form") or ResumeForm(initial={"resumed_on": today()})
        if "lot_form" in forms:  # a lot posted while discontinued
            context["refused"] = " ".join(forms["lot_form"].non_field_errors())
    steps = list(reversed(past.steps))
    context["page"] = Paginator(steps, 25).get_page(request.GET.get("page"))
    return render(request, "laboratory/lot_sampling_detail.html", context)


@login_required
def scheme_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    lab = lab_for(slug, *READERS)
    return _detail(request, lab, _scheme(lab, code))


@login_required
@require_POST
def lot_record(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    lab = lab_for(slug, *INSPECTORS)
    scheme = _scheme(lab, code)
    form = LotForm(request.POST, double=scheme.double)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            lot, after = record_lot(scheme, actor=Actor.from_request(request), **data)
        except LabInputError as exc:
            add_service_error(form, exc)
        else:
            text = _("Lot %(lot)s accepted.") if lot.accepted else _("Lot %(lot)s rejected.")
            messages.success(request, text % {"lot": lot.lot})
            if after.steps[-1].event:
                messages.warning(request, reason_text(after.state.reason))
            return redirect("laboratory:lot-sampling-detail", slug=lab.slug, code=scheme.code)
    return _detail(request, lab, scheme, lot_form=form)


@login_required
@require_POST
def sampling_resume(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    lab = lab_for(slug, *INSPECTORS)
    scheme = _scheme(lab, code)
    form = ResumeForm(request.POST)
    if form.is_valid():
        try:
            resume_sampling(scheme, actor=Actor.from_request(request), **form.cleaned_data)
        except LabInputError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Inspection resumed on tightened inspection (MIL-STD-105E 4.7.5)."))
            return redirect("laboratory:lot-sampling-detail", slug=lab.slug, code=scheme.code)
    return _detail(request, lab, scheme, resume_form=form)


def moved(request: HttpRequest, slug: str, rest: str) -> HttpResponse:
    """The pages were under ``/inspection/`` before "inspection" came to mean ISO/IEC 17020 (issue 15):
    an old bookmark is permanently moved to the same page under ``/lot-sampling/``, query string kept.
    Nothing is read here, so the page it lands on does the permission checks."""
    target = reverse("laboratory:lot-sampling", args=[slug]) + rest
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

"""Inspections: the list, planning, and the inspection page where the inspector fills the checklist
(made for a phone: one card per check), with the assignment, review, report and cancel actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.clock import today
from casys.inspection.forms import (
    AssignForm,
    IssueForm,
    PhotoForm,
    PlanForm,
    ReasonForm,
    ReviewForm,
    add_error,
)
from casys.inspection.models import CheckResult, Inspection, Instrument, Item, Photo, ScopeLine, State
from casys.inspection.services import InspectionError, inspections, photos, reports, scheme
from casys.inspection.views.common import (
    MANAGERS,
    REVIEWERS,
    can,
    inspection_body,
    inspectors_of,
    scheme_choices,
)


@login_required
def inspection_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = inspection_body(slug)
    state = request.GET.get("state", "")
    rows = Inspection.objects.filter(body=body).select_related("client", "inspector")
    if state in State.values:
        rows = rows.filter(state=state)
    context = {
        "body": body,
        "rows": rows[:200],
        "states": State.choices,
        "state": state,
        "can_plan": can(request, body, MANAGERS),
    }
    return render(request, "inspection/inspection_list.html", context)


@login_required
def inspection_new(request: HttpRequest, slug: str) -> HttpResponse:
    body = inspection_body(slug, *MANAGERS)
    schemes = scheme_choices(ScopeLine.objects.filter(body=body).values_list("scheme_id", flat=True))
    clients = Body.objects.filter(managed_by=body).order_by("name")
    items = Item.objects.filter(body=body).select_related("owner")
    form = PlanForm(
        request.POST or None, schemes=schemes, clients=clients, items=items, initial={"planned_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = inspections.plan_inspection(body, actor=Actor.from_request(request), **form.cleaned_data)
        except InspectionError as exc:
            add_error(form, exc)
        else:
            messages.success(request, _("Inspection %(ref)s was planned.") % {"ref": found.reference})
            return redirect("inspection:inspection", slug=body.slug, pk=found.pk)
    return render(request, "inspection/inspection_form.html", {"body": body, "form": form})


def _inspection(slug: str, pk: int, *roles: str) -> tuple[Body, Inspection]:
    body = inspection_body(slug, *roles)
    found = get_object_or_404(
        Inspection.objects.select_related("client", "inspector", "reviewed_by", "body"), body=body, pk=pk
    )
    return body, found


def _cards(inspection: Inspection, error: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    plan = inspections.plan_of(inspection)
    results = {(r.item_id, r.check_id): r for r in CheckResult.objects.filter(inspection=inspection)}
    cards = []
    for item in inspection.items.order_by("identifier"):
        sample = inspections.sample_of(inspection, item)
        for check in plan.checklist:
            mine = error is not None and error["item"] == item.pk and error["check"] == check.id
            cards.append(
                {
                    "item": item,
                    "check": check,
                    "result": results.get((item.pk, check.id)),
                    "sample": sample if check.by_plan else None,
                    "error": error if mine else None,
                }
            )
    return cards


def _page(request: HttpRequest, body: Body, inspection: Inspection, **forms: Any) -> HttpResponse:
    mine = request.user.pk == inspection.inspector_id
    state = inspection.state
    plan = inspections.plan_of(inspection)
    context = {
        "body": body,
        "cov": inspections.requirement_coverage(inspection),
        "i": inspection,
        "plan": plan,
        "scheme": scheme(inspection.scheme_id),
        "items": inspection.items.order_by("identifier"),
        "cards": _cards(inspection, forms.get("check_error")),
        "defects": inspection.defects.select_related("item"),
        "photos": Photo.objects.filter(inspection=inspection),
        "instruments": Instrument.objects.filter(body=body, calibration_due__gte=today()),
        "reports": inspection.reports.order_by("issued_on", "id"),
        "may_assign": can(request, body, MANAGERS) and state in (State.PLANNED, State.ASSIGNED),
        "may_start": mine and state == State.ASSIGNED,
        "may_record": mine and state == State.IN_PROGRESS,
        "may_review": can(request, body, REVIEWERS)
        and not mine
        and state == State.IN_REVIEW
        and plan.second_review
        and inspection.reviewed_by_id is None,
        "may_issue": can(request, body, REVIEWERS)
        and state == State.IN_REVIEW
        and (not plan.second_review or inspection.reviewed_by_id is not None),
        "may_cancel": can(request, body, MANAGERS) and state not in (State.REPORTED, State.CANCELLED),
        "assign_form": forms.get("assign_form") or AssignForm(inspectors=inspectors_of(body)),
        "review_form": forms.get("review_form") or ReviewForm(),
        "issue_form": forms.get("issue_form") or IssueForm(initial={"language": request.LANGUAGE_CODE[:2]}),
        "cancel_form": forms.get("cancel_form") or ReasonForm(prefix="cancel"),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "check_error": forms.get("check_error"),
        "typed": forms.get("typed", {}),
    }
    return render(request, "inspection/inspection.html", context)


@login_required
def inspection_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspection(slug, pk)
    return _page(request, body, found)


def _done(request: HttpRequest, body: Body, found: Inspection, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("inspection:inspection", slug=body.slug, pk=found.pk)


@login_required
@require_POST
def inspection_assign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspection(slug, pk, *MANAGERS)
    form = AssignForm(request.POST, inspectors=inspectors_of(body))
    if form.is_valid():
        try:
            inspections.assign(
                found, inspector=form.cleaned_data["inspector"], on=today(), actor=Actor.from_request(request)
            )
        except InspectionError as exc:
            add_error(form, exc)
        else:
            return _done(request, body, found, _("The inspector was assigned."))
    return _page(request, body, found, assign_form=form)


def _inspector(request: HttpRequest, slug: str, pk: int) -> tuple[Body, Inspection]:
    body, found = _inspection(slug, pk)
    if request.user.pk != found.inspector_id:
        raise PermissionDenied("only the assigned inspector works on the inspection")
    return body, found


@login_required
@require_POST
def inspection_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspector(request, slug, pk)
    try:
        inspections.start(found, on=today(), actor=Actor.from_request(request))
    except InspectionError as exc:
        messages.error(request, str(exc))
        return redirect("inspection:inspection", slug=body.slug, pk=found.pk)
    return _done(request, body, found, _("The inspection is in progress."))


@login_required
@require_POST
def inspection_check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record one check (one card of the checklist); a refusal is shown on the card, as typed."""
    body, found = _inspector(request, slug, pk)
    item = get_object_or_404(found.items.all(), pk=request.POST.get("item") or 0)
    instrument_id = request.POST.get("instrument") or None
    instrument = get_object_or_404(Instrument.objects, pk=instrument_id, body=body) if instrument_id else None
    check_id = request.POST.get("check", "")
    try:
        inspections.record_check(
            found,
            item=item,
            check_id=check_id,
            value=request.POST.get("value", ""),
            u=request.POST.get("u", ""),
            instrument=instrument,
            subcontractor=request.POST.get("subcontractor", ""),
            on=today(),
            actor=Actor.from_request(request),
        )
    except InspectionError as exc:
        typed = {k: request.POST.get(k, "") for k in ("value", "u", "instrument", "subcontractor")}
        error = {"item": item.pk, "check": check_id, "field": exc.field, "message": str(exc)}
        return _page(request, body, found, check_error=error, typed=typed)
    return redirect(f"{request.path.rsplit('/check/', 1)[0]}/#check-{item.pk}-{check_id}")


@login_required
@require_POST
def inspection_photo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspector(request, slug, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            photos.add_photo(
                found,
                data=upload.read(),
                name=upload.name,
                check_id=form.cleaned_data["check_id"],
                actor=Actor.from_request(request),
            )
        except InspectionError as exc:
            add_error(form, exc)
        else:
            return _done(request, body, found, _("The photo was attached."))
    return _page(request, body, found, photo_form=form)


@login_required
@require_POST
def inspection_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspector(request, slug, pk)
    try:
        inspections.submit(found, on=today(), actor=Actor.from_request(request))
    except InspectionError as exc:
        messages.error(request, str(exc))
        return redirect("inspection:inspection", slug=body.slug, pk=found.pk)
    return _done(request, body, found, _("The inspection was submitted for review."))


@login_required
@require_POST
def inspection_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspection(slug, pk, *REVIEWERS)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            inspections.review(
                found,
                approve=request.POST.get("decision") == "approve",
                note=form.cleaned_data["note"],
                on=today(),
                actor=Actor.from_request(request),
            )
        except InspectionError as exc:
            add_error(form, exc)
        else:
            return _done(request, body, found, _("The review was recorded."))
    return _page(request, body, found, review_form=form)


@login_required
@require_POST
def inspection_issue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspection(slug, pk, *REVIEWERS)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            report = reports.issue_report(
                found, on=today(), actor=Actor.from_request(request), **form.cleaned_data
            )
        except InspectionError as exc:
            add_error(form, exc)
        else:
            messages.success(request, _("Report %(number)s was issued.") % {"number": report.number})
            return redirect("inspection:report", slug=body.slug, pk=report.pk)
    return _page(request, body, found, issue_form=form)


@login_required
@require_POST
def inspection_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body, found = _inspection(slug, pk, *MANAGERS)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            inspections.cancel(found, reason=form.cleaned_data["reason"], actor=Actor.from_request(request))
        except InspectionError as exc:
            add_error(form, exc)
        else:
            return _done(request, body, found, _("The inspection was cancelled."))
    return _page(request, body, found, cancel_form=form)

"""The participating laboratory's portal: its participations, results (form or CSV), its report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from casys.accounts.models import BodyKind
from casys.accounts.services.bodies import body_for
from casys.auditlog.services import Actor
from casys.proficiency.models import Item, Measurand, Participation, Result, RoundStatus
from casys.proficiency.services import ProficiencyError, reports, results, rounds
from casys.proficiency.views.common import (
    LAB_SUBMITTERS,
    credential_response,
    number,
    participation_of,
    pdf_language,
    pdf_response,
    uploaded_text,
)


def _lab(slug: str, *roles: str):  # type: ignore[no-untyped-def]
    return body_for(slug, *roles, kinds=(BodyKind.LABORATORY,))


@login_required
def participations(request: HttpRequest, slug: str) -> HttpResponse:
    lab = _lab(slug)
    rows = Participation.objects.filter(participant=lab).select_related("round__scheme__provider")
    return render(
        request,
        "proficiency/participations.html",
        {"lab": lab, "participations": rows.order_by("-round__opens_on")},
    )


def _form_entries(
    request: HttpRequest, items: list[Item], measurands: list[Measurand]
) -> list[results.Entry]:
    entries = []
    for item in items:
        for measurand in measurands:
            key = f"r_{item.id}_{measurand.id}"
            value = number(request.POST.get(key), f"{item.code} {measurand.name}: result")
            if value is None:
                continue
            U = number(request.POST.get(f"U_{item.id}_{measurand.id}"), f"{item.code} {measurand.name}: U")
            entries.append(results.Entry(item.code, measurand.name, value, U))
    return entries


@login_required
def participation_detail(request: HttpRequest, slug: str, participation_id: int) -> HttpResponse:
    lab = _lab(slug)
    participation = participation_of(lab, participation_id)
    pt_round = participation.round
    items = list(Item.objects.filter(round=pt_round))
    measurands = list(Measurand.objects.filter(round=pt_round))
    if request.method == "POST":
        _lab(slug, *LAB_SUBMITTERS)
        try:
            count = results.submit(
                participation, _form_entries(request, items, measurands), actor=Actor.from_request(request)
            )
        except results.ResultsError as exc:
            for error in exc.errors:
                messages.error(request, error)
        except ProficiencyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext("%(count)d result submitted.", "%(count)d results submitted.", count)
                % {"count": count},
            )
            return redirect("proficiency:participation", slug=slug, participation_id=participation.id)
    stored = {(r.item_id, r.measurand_id): r for r in Result.objects.filter(participation=participation)}
    posted = request.POST if request.method == "POST" else None  # a refused submission keeps what was typed
    grid = [
        {
            "item": item,
            "cells": [
                {
                    "measurand": m,
                    "result": stored.get((item.id, m.id)),
                    "typed": posted.get(f"r_{item.id}_{m.id}") if posted is not None else None,
                    "typed_U": posted.get(f"U_{item.id}_{m.id}") if posted is not None else None,
                }
                for m in measurands
            ],
        }
        for item in items
    ]
    context = {
        "lab": lab,
        "participation": participation,
        "round": pt_round,
        "measurands": measurands,
        "grid": grid,
        "open": results.accepts_results(participation),
        "can_submit": request.scope.has_role(lab.id, *LAB_SUBMITTERS),  # type: ignore[attr-defined]
        "published": pt_round.status == RoundStatus.PUBLISHED,
        "report_languages": rounds.REPORT_LANGUAGES,
    }
    return render(request, "proficiency/participation.html", context)


@login_required
@require_POST
def upload(request: HttpRequest, slug: str, participation_id: int) -> HttpResponse:
    lab = _lab(slug, *LAB_SUBMITTERS)
    participation = participation_of(lab, participation_id)
    try:
        count = results.upload_submission(
            participation, uploaded_text(request), actor=Actor.from_request(request)
        )
    except results.ResultsError as exc:
        messages.error(request, _("Nothing was stored: the CSV file has errors."))
        for error in exc.errors:
            messages.error(request, error)
    except ProficiencyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(count)d result submitted.", "%(count)d results submitted.", count) % {"count": count},
        )
    return redirect("proficiency:participation", slug=slug, participation_id=participation.id)


@login_required
@require_POST
def set_language(request: HttpRequest, slug: str, participation_id: int) -> HttpResponse:
    lab = _lab(slug, *LAB_SUBMITTERS)
    participation = participation_of(lab, participation_id)
    try:
        rounds.set_language(
            participation, request.POST.get("language", ""), actor=Actor.from_request(request)
        )
    except ProficiencyError as exc:
        messages.error(request, str(exc))
    return redirect("proficiency:participation", slug=slug, participation_id=participation.id)


def _published_report(slug: str, participation_id: int):  # type: ignore[no-untyped-def]
    lab = _lab(slug)
    participation = participation_of(lab, participation_id)
    if participation.round.status != RoundStatus.PUBLISHED:
        raise Http404("the report is not published yet")
    context = reports.participant_report(participation)
    if context is None:
        raise Http404("no evaluation")
    return lab, participation, context


@login_required
def report(request: HttpRequest, slug: str, participation_id: int) -> HttpResponse:
    lab, participation, context = _published_report(slug, participation_id)
    return render(
        request,
        "proficiency/report.html",
        {**context, "lab": lab, "report_languages": rounds.REPORT_LANGUAGES},
    )


@login_required
def report_pdf(request: HttpRequest, slug: str, participation_id: int) -> HttpResponse:
    _lab_body, participation, _context = _published_report(slug, participation_id)
    language = pdf_language(request, participation.language)
    filename = f"{participation.round.code}-{participation.code}.pdf"
    # built again in the report's language: the chart titles and axis labels are drawn text
    return pdf_response(
        "proficiency/report_pdf.html",
        lambda: reports.participant_report(participation),
        language,
        filename,
    )


@login_required
def credential(request: HttpRequest, slug: str, participation_id: int) -> HttpResponse:
    participation = participation_of(_lab(slug), participation_id)
    if participation.round.status != RoundStatus.PUBLISHED:
        raise Http404("the report is not published yet")
    return credential_response(participation)

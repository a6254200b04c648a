"""The PT provider's pages: schemes, rounds (design, invitations, status), evaluation, summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from casys.accounts.confirm import confirmed
from casys.accounts.models import Body, BodyKind
from casys.accounts.refused import keep
from casys.auditlog.services import Actor
from casys.jobs import services as jobs
from casys.proficiency import jobs as pt_jobs
from casys.proficiency.models import (
    HomogeneityStudy,
    Item,
    Measurand,
    Participation,
    PTScheme,
    Result,
    Round,
    RoundStatus,
)
from casys.proficiency.services import ProficiencyError, evaluation, reports, results, rounds
from casys.proficiency.views.common import (
    PROVIDER_MANAGERS,
    credential_response,
    number,
    pdf_language,
    pdf_response,
    provider_for,
    round_of,
    uploaded_text,
)


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError as exc:
        raise ProficiencyError(f"{field}: give a date as YYYY-MM-DD") from exc


@login_required
def schemes(request: HttpRequest, slug: str) -> HttpResponse:
    provider = provider_for(slug)
    can_manage = request.scope.has_role(provider.id, *PROVIDER_MANAGERS)  # type: ignore[attr-defined]
    if request.method == "POST":
        provider = provider_for(slug, *PROVIDER_MANAGERS)
        try:
            scheme = rounds.create_scheme(
                provider,
                name=request.POST.get("name", ""),
                description=request.POST.get("description", ""),
                actor=Actor.from_request(request),
            )
        except ProficiencyError as exc:
            keep(request, str(exc))
            messages.error(request, str(exc))
        else:
            return redirect("proficiency:scheme", slug=slug, scheme_id=scheme.id)
    listing = PTScheme.objects.filter(provider=provider).order_by("name")
    return render(
        request,
        "proficiency/schemes.html",
        {"provider": provider, "schemes": listing, "can_manage": can_manage},
    )


@login_required
def scheme_detail(request: HttpRequest, slug: str, scheme_id: int) -> HttpResponse:
    provider = provider_for(slug)
    scheme = get_object_or_404(PTScheme.objects, pk=scheme_id, provider=provider)
    can_manage = request.scope.has_role(provider.id, *PROVIDER_MANAGERS)  # type: ignore[attr-defined]
    if request.method == "POST":
        provider_for(slug, *PROVIDER_MANAGERS)
        try:
            pt_round = rounds.create_round(
                scheme,
                code=request.POST.get("code", ""),
                title=request.POST.get("title", ""),
                opens_on=_date(request.POST.get("opens_on", ""), "opens_on"),
                deadline=_date(request.POST.get("deadline", ""), "deadline"),
                actor=Actor.from_request(request),
            )
        except ProficiencyError as exc:
            keep(request, str(exc))
            messages.error(request, str(exc))
        else:
            return redirect("proficiency:round", slug=slug, round_id=pt_round.id)
    page = Paginator(Round.objects.filter(scheme=scheme).order_by("-opens_on", "code"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "proficiency/scheme.html",
        {"provider": provider, "scheme": scheme, "page": page, "can_manage": can_manage},
    )


@login_required
def round_detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    provider = provider_for(slug)
    pt_round = round_of(provider, round_id)
    participations = list(Participation.objects.filter(round=pt_round).select_related("participant"))
    counts: dict[int, int] = {}
    for participation_id in Result.objects.filter(participation__round=pt_round).values_list(
        "participation_id", flat=True
    ):
        counts[participation_id] = counts.get(participation_id, 0) + 1
    for p in participations:
        p.result_count = counts.get(p.id, 0)  # type: ignore[attr-defined]
    context = {
        "provider": provider,
        "round": pt_round,
        "measurands": Measurand.objects.filter(round=pt_round),
        "items": Item.objects.filter(round=pt_round),
        "studies": HomogeneityStudy.objects.filter(round=pt_round).select_related("item", "measurand"),
        "participations": participations,
        "laboratories": rounds.laboratories_to_invite(pt_round),
        "evaluation": evaluation.current_evaluation(pt_round),
        "can_manage": request.scope.has_role(provider.id, *PROVIDER_MANAGERS),  # type: ignore[attr-defined]
        "editable": pt_round.status in (RoundStatus.DRAFT, RoundStatus.OPEN),
        "report_languages": [("en", "English"), ("fr", "Français"), ("ru", "Русский")],
        "statuses": RoundStatus,
    }
    return render(request, "proficiency/round.html", context)


def _managed_round(request: HttpRequest, slug: str, round_id: int) -> Round:
    return round_of(provider_for(slug, *PROVIDER_MANAGERS), round_id)


def _done(request: HttpRequest, slug: str, pt_round: Round, anchor: str = "") -> HttpResponse:
    response = redirect("proficiency:round", slug=slug, round_id=pt_round.id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
@require_POST
def add_measurand(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    pt_round = _managed_round(request, slug, round_id)
    try:
        rounds.add_measurand(
            pt_round,
            name=request.POST.get("name", ""),
            unit=request.POST.get("unit", ""),
            sigma_pt=number(request.POST.get("sigma_pt"), "sigma_pt"),
            mass_fraction_per_unit=number(
                request.POST.get("mass_fraction_per_unit"), "mass_fraction_per_unit"
            ),
            actor=Actor.from_request(request),
        )
    except ProficiencyError as exc:
        keep(request, str(exc))
        messages.error(request, str(exc))
    return _done(request, slug, pt_round, "design")


@login_required
@require_POST
def add_item(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    pt_round = _managed_round(request, slug, round_id)
    try:
        rounds.add_item(
            pt_round,
            code=request.POST.get("code", ""),
            description=request.POST.get("description", ""),
            actor=Actor.from_request(request),
        )
    except ProficiencyError as exc:
        keep(request, str(exc))
        messages.error(request, str(exc))
    return _done(request, slug, pt_round, "design")


def _item_and_measurand(request: HttpRequest, pt_round: Any) -> tuple[Item, Measurand]:
    """The round's item and measurand named in the form (404 if they are not the round's)."""
    item = get_object_or_404(
        Item.objects, pk=number(request.POST.get("item"), "item", required=True), round=pt_round
    )
    measurand = get_object_or_404(
        Measurand.objects,
        pk=number(request.POST.get("measurand"), "measurand", required=True),
        round=pt_round,
    )
    return item, measurand


@login_required
@require_POST
def homogeneity(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    pt_round = _managed_round(request, slug, round_id)
    try:
        item, measurand = _item_and_measurand(request, pt_round)
        study = rounds.record_homogeneity(
            item,
            measurand,
            csv_text=uploaded_text(request),
            sigma_pt=number(request.POST.get("sigma_pt"), "sigma_pt"),
            actor=Actor.from_request(request),
        )
    except ProficiencyError as exc:
        keep(request, str(exc))
        messages.error(request, str(exc))
    else:
        verdict = _("adequately homogeneous") if study.passes else _("not adequately homogeneous")
        messages.success(request, _("Homogeneity checked: %(verdict)s.") % {"verdict": verdict})
    return _done(request, slug, pt_round, "homogeneity")


@login_required
@require_POST
def invite(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    pt_round = _managed_round(request, slug, round_id)
    laboratory = Body.all_objects.filter(
        slug=request.POST.get("laboratory", ""), kind=BodyKind.LABORATORY
    ).first()
    try:
        if laboratory is None:
            raise ProficiencyError("laboratory: choose a laboratory")
        rounds.invite(
            pt_round,
            laboratory,
            code=request.POST.get("code", ""),
            language=request.POST.get("language", "en"),
            actor=Actor.from_request(request),
        )
    except ProficiencyError as exc:
        keep(request, str(exc))
        messages.error(request, str(exc))
    return _done(request, slug, pt_round, "participants")


STATUS_ACTIONS = {"open": rounds.open_round, "close": rounds.close_round, "publish": rounds.publish_round}
#: steps that cannot be undone: closing ends submissions, publishing releases the reports
CONFIRMED_ACTIONS = {"close", "publish"}


@login_required
@require_POST
def change_status(request: HttpRequest, slug: str, round_id: int, action: str) -> HttpResponse:
    pt_round = _managed_round(request, slug, round_id)
    operation = STATUS_ACTIONS.get(action)
    if operation is None:
        from django.http import Http404

        raise Http404("no such action")
    try:
        if action in CONFIRMED_ACTIONS and not confirmed(request):
            raise ProficiencyError("confirm: tick the box to confirm this step; nothing was changed")
        operation(pt_round, actor=Actor.from_request(request))
    except ProficiencyError as exc:
        keep(request, str(exc))
        messages.error(request, str(exc))
    return _done(request, slug, pt_round)


@login_required
@require_POST
def upload_series(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    pt_round = _managed_round(request, slug, round_id)
    try:
        item, measurand = _item_and_measurand(request, pt_round)
        count = results.upload_series(
            item, measurand, uploaded_text(request), actor=Actor.from_request(request)
        )
    except results.ResultsError as exc:
        for error in exc.errors:
            messages.error(request, error)
    except ProficiencyError as exc:
        keep(request, str(exc))
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(count)d result stored.", "%(count)d results stored.", count) % {"count": count},
        )
    return _done(request, slug, pt_round, "participants")


def _exclusions(text: str) -> dict[str, str]:
    exclusions = {}
    for number_, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, reason = line.partition(":")
        if not sep or not code.strip() or not reason.strip():
            raise ProficiencyError(f"exclusions, line {number_}: write 'CODE: reason'")
        exclusions[code.strip()] = reason.strip()
    return exclusions


@login_required
def evaluate(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    provider = provider_for(slug, *PROVIDER_MANAGERS)
    pt_round = round_of(provider, round_id)
    if request.method == "POST":
        try:
            exclusions = _exclusions(request.POST.get("exclusions", ""))
            if not confirmed(request):
                raise ProficiencyError("confirm: tick the box to confirm the evaluation; nothing was changed")
            if "background" in request.POST:
                return _queue_evaluation(request, provider, pt_round, exclusions)
            evaluation.evaluate(
                pt_round,
                assigned=request.POST.get("assigned", ""),
                sigma_source=request.POST.get("sigma_pt", ""),
                score=request.POST.get("score", ""),
                exclusions=exclusions,
                actor=Actor.from_request(request),
            )
        except ProficiencyError as exc:
            keep(request, str(exc))
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The round was evaluated."))
            return redirect("proficiency:summary", slug=slug, round_id=pt_round.id)
    context = {
        "provider": provider,
        "round": pt_round,
        "assigned_methods": evaluation.ASSIGNED_METHODS,
        "sigma_sources": evaluation.SIGMA_SOURCES,
        "score_kinds": evaluation.SCORE_KINDS,
        "codes": Participation.objects.filter(round=pt_round).values_list("code", flat=True),
        "posted": request.POST,
    }
    return render(request, "proficiency/evaluate.html", context)


def _queue_evaluation(
    request: HttpRequest, provider: Body, pt_round: Round, exclusions: dict[str, str]
) -> HttpResponse:
    """The evaluation with the participants' reports, as a background job (checked before queueing)."""
    if pt_round.status not in (RoundStatus.CLOSED, RoundStatus.EVALUATED):
        raise ProficiencyError("status: close the round before evaluating it; a published round is final")
    choices = {
        "assigned": request.POST.get("assigned", ""),
        "sigma_pt": request.POST.get("sigma_pt", ""),
        "score": request.POST.get("score", ""),
        "exclusions": exclusions,
    }
    codes = set(Participation.objects.filter(round=pt_round).values_list("code", flat=True))
    evaluation.check_choices(choices["assigned"], choices["sigma_pt"], choices["score"], exclusions, codes)
    job = jobs.enqueue(
        provider,
        pt_jobs.ROUND_REPORTS,
        params={"round": pt_round.pk, "evaluate": choices},
        input_name=pt_jobs.zip_name(pt_round),
        created_by=request.user,
        actor=Actor.from_request(request),
    )
    return redirect("jobs:detail", provider.slug, job.pk)


@login_required
@require_POST
def reports_job(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Render the round's summary and every participant's report PDF into a ZIP, as a background job."""
    provider = provider_for(slug, *PROVIDER_MANAGERS)
    pt_round = round_of(provider, round_id)
    if evaluation.current_evaluation(pt_round) is None:
        messages.error(request, _("round: the round has not been evaluated yet."))
        return _done(request, slug, pt_round)
    job = jobs.enqueue(
        provider,
        pt_jobs.ROUND_REPORTS,
        params={"round": pt_round.pk},
        input_name=pt_jobs.zip_name(pt_round),
        created_by=request.user,
        actor=Actor.from_request(request),
    )
    return redirect("jobs:detail", provider.slug, job.pk)


@login_required
def summary(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    provider = provider_for(slug)
    pt_round = round_of(provider, round_id)
    context = reports.round_summary(pt_round)
    if context is None:
        messages.error(request, _("The round has not been evaluated yet."))
        return _done(request, slug, pt_round)
    participations = Participation.objects.filter(round=pt_round).select_related("participant")
    return render(
        request,
        "proficiency/summary.html",
        {**context, "provider": provider, "participations": participations},
    )


@login_required
def summary_pdf(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    provider = provider_for(slug)
    pt_round = round_of(provider, round_id)
    context = reports.round_summary(pt_round)
    if context is None:
        from django.http import Http404

        raise Http404("not evaluated")
    language = pdf_language(request, request.LANGUAGE_CODE)
    return pdf_response(
        "proficiency/summary_pdf.html",
        lambda: reports.round_summary(pt_round),
        language,
        f"{pt_round.code}-summary.pdf",
    )


@login_required
def participant_report_pdf(
    request: HttpRequest, slug: str, round_id: int, participation_id: int
) -> HttpResponse:
    provider = provider_for(slug)
    pt_round = round_of(provider, round_id)
    participation = get_object_or_404(Participation.objects, pk=participation_id, round=pt_round)
    context = reports.participant_report(participation)
    if context is None:
        from django.http import Http404

        raise Http404("not evaluated")
    language = pdf_language(request, participation.language)
    return pdf_response(
        "proficiency/report_pdf.html",
        lambda: reports.participant_report(participation),
        language,
        f"{pt_round.code}-{participation.code}.pdf",
    )


@login_required
def participant_credential(
    request: HttpRequest, slug: str, round_id: int, participation_id: int
) -> HttpResponse:
    pt_round = round_of(provider_for(slug), round_id)
    participation = get_object_or_404(
        Participation.objects.select_related("round"), pk=participation_id, round=pt_round
    )
    return credential_response(participation)

"""API of the proficiency app (mounted under /api/v1/proficiency/).

A provider's token sees its rounds, every participation and every score; a laboratory's
token sees the rounds it takes part in, its own participation, results and scores only —
never another participant's (the scoped managers filter in the database).
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from casys.auditlog.services import Actor
from casys.proficiency.models import (
    Item,
    Measurand,
    Participation,
    Result,
    ResultSource,
    Round,
    RoundStatus,
    Score,
    SeriesEvaluation,
)
from casys.proficiency.services import ProficiencyError, results
from casys.proficiency.services.evaluation import current_evaluation
from casys.proficiency.views.common import LAB_SUBMITTERS

router = Router(tags=["proficiency"])


class MeasurandOut(Schema):
    name: str
    unit: str
    sigma_pt: float | None


class RoundOut(Schema):
    id: int
    scheme: str
    provider: str
    code: str
    title: str
    status: str
    opens_on: date
    deadline: date


class RoundDetailOut(RoundOut):
    measurands: list[MeasurandOut]
    items: list[str]


class ParticipationOut(Schema):
    id: int
    code: str
    laboratory: str
    submitted_at: datetime | None


class ResultIn(Schema):
    item: str
    measurand: str
    result: float
    U: float | None = None


class SubmissionIn(Schema):
    results: list[ResultIn]


class SubmissionOut(Schema):
    stored: int


class ResultOut(Schema):
    participant: str
    item: str
    measurand: str
    result: float
    U: float | None
    source: str


class SeriesOut(Schema):
    item: str
    measurand: str
    unit: str
    x_pt: float
    u_x_pt: float
    sigma_pt: float
    p: int
    score: str
    assigned_method: str
    sigma_pt_source: str


class EvaluationOut(Schema):
    round: str
    evaluated_at: datetime
    assigned: str
    sigma_pt: str
    score: str
    exclusions: dict[str, str]
    series: list[SeriesOut]


class ScoreOut(Schema):
    participant: str
    item: str
    measurand: str
    x: float
    D: float
    D_percent: float | None
    kind: str
    value: float | None
    classification: str
    used_in_statistics: bool


def _round(round_id: int) -> Round:
    return get_object_or_404(Round.objects.select_related("scheme__provider"), pk=round_id)


def _is_provider(request: HttpRequest, pt_round: Round) -> bool:
    return bool(request.scope.has_role(pt_round.scheme.provider_id))  # type: ignore[attr-defined]


def _round_out(pt_round: Round) -> RoundOut:
    return RoundOut(
        id=pt_round.id,
        scheme=pt_round.scheme.name,
        provider=pt_round.scheme.provider.slug,
        code=pt_round.code,
        title=pt_round.title,
        status=pt_round.status,
        opens_on=pt_round.opens_on,
        deadline=pt_round.deadline,
    )


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request: HttpRequest) -> list[RoundOut]:
    rows = Round.objects.select_related("scheme__provider").order_by("-opens_on", "code")[:500]
    return [_round_out(r) for r in rows]


@router.get("/rounds/{round_id}", response=RoundDetailOut)
def get_round(request: HttpRequest, round_id: int) -> RoundDetailOut:
    pt_round = _round(round_id)
    return RoundDetailOut(
        **_round_out(pt_round).dict(),
        measurands=[
            MeasurandOut(name=m.name, unit=m.unit, sigma_pt=m.sigma_pt)
            for m in Measurand.objects.filter(round=pt_round)
        ],
        items=[i.code for i in Item.objects.filter(round=pt_round)],
    )


@router.get("/rounds/{round_id}/participations", response=list[ParticipationOut])
def list_participations(request: HttpRequest, round_id: int) -> list[ParticipationOut]:
    pt_round = _round(round_id)
    rows = Participation.objects.filter(round=pt_round).select_related("participant").order_by("code")
    return [
        ParticipationOut(id=p.id, code=p.code, laboratory=p.participant.slug, submitted_at=p.submitted_at)
        for p in rows
    ]


@router.get("/rounds/{round_id}/results", response=list[ResultOut])
def list_results(request: HttpRequest, round_id: int) -> list[ResultOut]:
    pt_round = _round(round_id)
    rows = Result.objects.filter(participation__round=pt_round).select_related(
        "participation", "item", "measurand"
    )
    return [
        ResultOut(
            participant=r.participation.code,
            item=r.item.code,
            measurand=r.measurand.name,
            result=r.value,
            U=r.U,
            source=r.source,
        )
        for r in rows.order_by("participation__code", "item__code", "measurand_id")
    ]


@router.post("/rounds/{round_id}/results", response=SubmissionOut)
def submit_results(request: HttpRequest, round_id: int, payload: SubmissionIn) -> SubmissionOut:
    pt_round = _round(round_id)
    token = request.api_token  # type: ignore[attr-defined]
    participation = get_object_or_404(Participation.objects, round=pt_round, participant_id=token.body_id)
    if not request.scope.has_role(token.body_id, *LAB_SUBMITTERS):  # type: ignore[attr-defined]
        raise HttpError(403, "your role in this laboratory does not allow submitting results")
    entries = [results.Entry(r.item, r.measurand, r.result, r.U) for r in payload.results]
    try:
        stored = results.submit(
            participation, entries, source=ResultSource.API, actor=Actor.from_request(request)
        )
    except ProficiencyError as exc:
        raise HttpError(422, str(exc)) from exc
    return SubmissionOut(stored=stored)


def _visible_evaluation(request: HttpRequest, pt_round: Round):  # type: ignore[no-untyped-def]
    if not _is_provider(request, pt_round) and pt_round.status != RoundStatus.PUBLISHED:
        raise Http404("not published")
    evaluation = current_evaluation(pt_round)
    if evaluation is None:
        raise Http404("not evaluated")
    return evaluation


@router.get("/rounds/{round_id}/evaluation", response=EvaluationOut)
def get_evaluation(request: HttpRequest, round_id: int) -> EvaluationOut:
    pt_round = _round(round_id)
    evaluation = _visible_evaluation(request, pt_round)
    series = SeriesEvaluation.objects.filter(evaluation=evaluation).select_related("item", "measurand")
    provider = _is_provider(request, pt_round)
    return EvaluationOut(
        round=pt_round.code,
        evaluated_at=evaluation.evaluated_at,
        assigned=evaluation.assigned_method,
        sigma_pt=evaluation.sigma_source,
        score=evaluation.score_kind,
        # Exclusions name participants by code; a participant only learns whether it was excluded.
        exclusions={
            code: reason
            for code, reason in evaluation.exclusions.items()
            if provider or Participation.objects.filter(round=pt_round, code=code).exists()
        },
        series=[
            SeriesOut(
                item=s.item.code,
                measurand=s.measurand.name,
                unit=s.measurand.unit,
                x_pt=s.x_pt,
                u_x_pt=s.u_x_pt,
                sigma_pt=s.sigma_pt,
                p=s.p,
                score=s.score_kind,
                assigned_method=s.assigned_text,
                sigma_pt_source=s.sigma_text,
            )
            for s in series.order_by("item__code", "measurand_id")
        ],
    )


@router.get("/rounds/{round_id}/scores", response=list[ScoreOut])
def list_scores(request: HttpRequest, round_id: int) -> list[ScoreOut]:
    pt_round = _round(round_id)
    evaluation = _visible_evaluation(request, pt_round)
    rows = Score.objects.filter(series__evaluation=evaluation).select_related(
        "participation", "series__item", "series__measurand"
    )
    return [
        ScoreOut(
            participant=s.participation.code,
            item=s.series.item.code,
            measurand=s.series.measurand.name,
            x=s.x,
            D=s.D,
            D_percent=s.D_percent,
            kind=s.kind,
            value=s.value,
            classification=s.classification,
            used_in_statistics=s.used_in_statistics,
        )
        for s in rows.order_by("participation__code", "series__item__code", "series__measurand_id")
    ]

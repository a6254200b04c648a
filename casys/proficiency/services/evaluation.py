"""Evaluating a closed round with core.proficiency, recorded as an auditable Evaluation.

Every choice (assigned value method, σpt source, score, each exclusion and its reason) is
stored on the Evaluation and written to the audit log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from casys import clock
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core.proficiency import EvaluationError, ParticipantResult, evaluate_round
from casys.core.proficiency.assigned_value import AssignedValueError
from casys.core.proficiency.robust import RobustStatisticsError
from casys.core.proficiency.scores import ScoreError
from casys.core.proficiency.sigma_pt import SigmaPtError
from casys.proficiency.models import (
    Evaluation,
    Item,
    Measurand,
    Participation,
    Result,
    Round,
    RoundStatus,
    Score,
    SeriesEvaluation,
)
from casys.proficiency.services import ProficiencyError

ASSIGNED_METHODS = ("algorithm-a", "q-hampel", "median")
SIGMA_SOURCES = ("prescribed", "robust", "horwitz")
SCORE_KINDS = ("auto", "z", "zprime", "zeta", "en")


def _sigma_for(measurand: Measurand, source: str) -> tuple[str | float, float]:
    if source == "prescribed":
        if measurand.sigma_pt is None:
            raise ProficiencyError(f"sigma_pt: measurand {measurand.name} has no prescribed σpt")
        return measurand.sigma_pt, 1.0
    if source == "horwitz":
        if measurand.mass_fraction_per_unit is None:
            raise ProficiencyError(
                f"sigma_pt: measurand {measurand.name} needs the mass fraction of one unit for Horwitz"
            )
        return "horwitz", measurand.mass_fraction_per_unit
    return "robust", 1.0


def check_choices(
    assigned: str, sigma_source: str, score: str, exclusions: Mapping[str, str], codes: set[str]
) -> None:
    if assigned not in ASSIGNED_METHODS:
        raise ProficiencyError(f"assigned: choose one of {', '.join(ASSIGNED_METHODS)}")
    if sigma_source not in SIGMA_SOURCES:
        raise ProficiencyError(f"sigma_pt: choose one of {', '.join(SIGMA_SOURCES)}")
    if score not in SCORE_KINDS:
        raise ProficiencyError(f"score: choose one of {', '.join(SCORE_KINDS)}")
    for code, reason in exclusions.items():
        if code not in codes:
            raise ProficiencyError(f"exclusions: no participant {code!r} in this round")
        if not reason.strip():
            raise ProficiencyError(f"exclusions: give the reason for excluding {code}")


def _series(pt_round: Round) -> dict[tuple[int, int], list[Result]]:
    grouped: dict[tuple[int, int], list[Result]] = {}
    rows = Result.all_objects.filter(participation__round=pt_round).select_related("participation")
    for result in rows.order_by("participation__code"):
        grouped.setdefault((result.item_id, result.measurand_id), []).append(result)
    return grouped


def _evaluate_series(
    evaluation: Evaluation,
    item: Item,
    measurand: Measurand,
    results: list[Result],
    choices: dict[str, Any],
) -> None:
    sigma, per_unit = _sigma_for(measurand, choices["sigma_pt"])
    codes = {r.participation.code for r in results}
    exclude = {c: why for c, why in choices["exclusions"].items() if c in codes}
    data = [ParticipantResult(r.participation.code, r.value, None, r.U) for r in results]
    label = f"item {item.code}, measurand {measurand.name}"
    try:
        ev = evaluate_round(
            data,
            assigned=choices["assigned"],
            sigma_pt=sigma,
            score=choices["score"],
            exclude=exclude,
            mass_fraction_per_unit=per_unit,
        )
    except (EvaluationError, AssignedValueError, RobustStatisticsError, ScoreError, SigmaPtError) as exc:
        raise ProficiencyError(f"{label}: {exc}") from exc
    series = SeriesEvaluation.all_objects.create(
        evaluation=evaluation,
        item=item,
        measurand=measurand,
        x_pt=ev.assigned.x,
        u_x_pt=ev.assigned.u,
        assigned_text=ev.assigned.method[:200],
        sigma_pt=ev.sigma_pt.sigma,
        sigma_text=ev.sigma_pt.source[:200],
        robust_x=ev.robust.x if ev.robust else None,
        robust_s=ev.robust.s if ev.robust else None,
        p=ev.assigned.p or len(data) - len(exclude),
        score_kind=ev.score_kind,
        u_negligible=ev.u_negligible,
    )
    notes = {e.participant: e.reason for e in ev.excluded}
    by_code = {r.participation.code: r.participation for r in results}
    Score.all_objects.bulk_create(
        Score(
            series=series,
            participation=by_code[p.participant],
            x=p.x,
            D=p.D,
            D_percent=p.D_percent,
            kind=p.score.kind if p.score else "",
            value=p.score.value if p.score else None,
            classification=p.score.classification if p.score else "",
            used_in_statistics=p.used_in_statistics,
            note=notes.get(p.participant, "")[:300],
        )
        for p in ev.participants
    )


@transaction.atomic
def evaluate(
    pt_round: Round,
    *,
    assigned: str = "algorithm-a",
    sigma_source: str = "prescribed",
    score: str = "auto",
    exclusions: Mapping[str, str] | None = None,
    actor: Actor = SYSTEM,
) -> Evaluation:
    """Evaluate every series (item × measurand) of a closed round; a new record each time."""
    pt_round = Round.all_objects.select_for_update().select_related("scheme").get(pk=pt_round.pk)
    if pt_round.status not in (RoundStatus.CLOSED, RoundStatus.EVALUATED):
        raise ProficiencyError("status: close the round before evaluating it; a published round is final")
    exclusions = {c.strip(): r.strip() for c, r in (exclusions or {}).items()}
    codes = set(Participation.all_objects.filter(round=pt_round).values_list("code", flat=True))
    check_choices(assigned, sigma_source, score, exclusions, codes)
    grouped = _series(pt_round)
    if not grouped:
        raise ProficiencyError("results: the round has no results to evaluate")
    evaluation = Evaluation.all_objects.create(
        round=pt_round,
        assigned_method=assigned,
        sigma_source=sigma_source,
        score_kind=score,
        exclusions=exclusions,
        evaluated_by=actor.user,
        evaluated_at=clock.now(),
    )
    items = {i.id: i for i in Item.all_objects.filter(round=pt_round)}
    measurands = {m.id: m for m in Measurand.all_objects.filter(round=pt_round)}
    for (item_id, measurand_id), results in sorted(
        grouped.items(), key=lambda kv: (items[kv[0][0]].code, kv[0][1])
    ):
        _evaluate_series(evaluation, items[item_id], measurands[measurand_id], results, evaluation.choices)
    pt_round.status = RoundStatus.EVALUATED
    pt_round.save(update_fields=["status"])
    provider = pt_round.scheme.provider_id
    log(
        "proficiency.evaluation.recorded", actor=actor, body=provider, obj=evaluation, data=evaluation.choices
    )
    log(
        "proficiency.evaluation.assigned_value_chosen",
        actor=actor,
        body=provider,
        obj=evaluation,
        data={"round": pt_round.code, "assigned": assigned},
    )
    log(
        "proficiency.evaluation.sigma_pt_chosen",
        actor=actor,
        body=provider,
        obj=evaluation,
        data={"round": pt_round.code, "sigma_pt": sigma_source, "score": score},
    )
    for code, reason in sorted(exclusions.items()):
        log(
            "proficiency.evaluation.result_excluded",
            actor=actor,
            body=provider,
            obj=evaluation,
            data={"round": pt_round.code, "participant": code, "reason": reason},
        )
    return evaluation


def current_evaluation(pt_round: Round) -> Evaluation | None:
    """The latest evaluation of the round (through the request's scope)."""
    return Evaluation.objects.filter(round=pt_round).order_by("-evaluated_at", "-id").first()

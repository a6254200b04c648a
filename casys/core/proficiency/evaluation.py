"""Evaluation of one PT round: assigned value, σpt, scores (ISO 13528:2022, clauses 7–9).

:func:`evaluate_round` is the single entry point the web application and the CLI call.
It returns a :class:`RoundEvaluation` holding everything a round report needs: the
assigned value and how it was obtained, u(x_pt), whether z' was needed, σpt and its
source, every participant's score and classification, and the results excluded from
the statistics or from scoring, with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from casys.core.proficiency import assigned_value as av
from casys.core.proficiency import scores as sc
from casys.core.proficiency import sigma_pt as sp
from casys.core.proficiency.csv_input import ParticipantResult
from casys.core.proficiency.robust import RobustEstimate

ScoreKind = Literal["auto", "z", "zprime", "zeta", "en"]
SCORE_KINDS = ("auto", "z", "zprime", "zeta", "en")


class EvaluationError(ValueError):
    """Raised when a round cannot be evaluated with the choices given."""


@dataclass(frozen=True)
class Exclusion:
    """A result left out of the statistics (``stage="statistics"``) or not scored (``"score"``)."""

    participant: str
    stage: str
    reason: str


@dataclass(frozen=True)
class ParticipantEvaluation:
    """One participant's result, D, D % and score (``score`` is None when not scored)."""

    participant: str
    x: float
    u: float | None
    U: float | None
    D: float
    D_percent: float | None
    score: sc.Score | None
    used_in_statistics: bool


@dataclass(frozen=True)
class RoundEvaluation:
    """Everything a round report needs.

    ``assigned`` (x_pt, u(x_pt), method), ``sigma_pt`` (σpt and source), ``robust`` (the
    robust estimate computed from the participants, if any), ``u_negligible``
    (u(x_pt) ≤ 0.3·σpt), ``z_prime_needed`` (the opposite: z would understate the
    uncertainty of x_pt, ISO 13528:2022, 9.5.1), ``score_kind`` actually used, the
    ``participants`` in input order and the ``excluded`` results.
    """

    assigned: av.AssignedValue
    sigma_pt: sp.SigmaPt
    robust: RobustEstimate | None
    u_negligible: bool
    z_prime_needed: bool
    score_kind: str
    participants: tuple[ParticipantEvaluation, ...]
    excluded: tuple[Exclusion, ...]


def _assigned(
    values: list[float], assigned: str | float | av.AssignedValue, u_assigned: float | None
) -> tuple[av.AssignedValue, RobustEstimate | None]:
    if isinstance(assigned, av.AssignedValue):
        return assigned, None
    if isinstance(assigned, str):
        if u_assigned is not None:
            raise EvaluationError("u_assigned applies to a numeric assigned value, not to a consensus")
        if not values:
            raise EvaluationError("no results left to compute a consensus value from")
        return av.consensus(values, assigned)
    return av.given(float(assigned), 0.0 if u_assigned is None else u_assigned), None


def _sigma(
    sigma_pt: str | float | sp.SigmaPt,
    x_pt: float,
    values: list[float],
    estimate: RobustEstimate | None,
    mass_fraction_per_unit: float,
) -> tuple[sp.SigmaPt, RobustEstimate | None]:
    if isinstance(sigma_pt, sp.SigmaPt):
        return sigma_pt, estimate
    if sigma_pt == "robust":
        if estimate is None:
            if not values:
                raise EvaluationError("no results left to compute a robust standard deviation from")
            estimate = av.robust_estimate(values, "algorithm-a")
        return sp.from_robust_sd(estimate.s, estimate.method), estimate
    if sigma_pt == "horwitz":
        horwitz = sp.thompson_horwitz(abs(x_pt) * mass_fraction_per_unit)
        return sp.SigmaPt(horwitz.sigma / mass_fraction_per_unit, horwitz.source), estimate
    if isinstance(sigma_pt, str):
        raise EvaluationError(f"unknown sigma_pt {sigma_pt!r}: give a number, 'robust' or 'horwitz'")
    return sp.prescribed(float(sigma_pt)), estimate


def _score(
    kind: str, result: ParticipantResult, assigned: av.AssignedValue, sigma: float, k: float
) -> tuple[sc.Score | None, str | None]:
    if kind == "z":
        return sc.z(result.x, assigned.x, sigma), None
    if kind == "zprime":
        return sc.z_prime(result.x, assigned.x, sigma, assigned.u), None
    if kind == "zeta":
        u = result.u if result.u is not None else (result.U / k if result.U is not None else None)
        if u is None:
            return None, "no uncertainty (u or U) given, needed for ζ"
        if math.hypot(u, assigned.u) == 0.0:
            return None, "u(x) and u(x_pt) are both zero: ζ is undefined"
        return sc.zeta(result.x, u, assigned.x, assigned.u), None
    U = result.U if result.U is not None else (k * result.u if result.u is not None else None)
    if U is None:
        return None, "no uncertainty (U or u) given, needed for En"
    if math.hypot(U, k * assigned.u) == 0.0:
        return None, "U(x) and U(x_pt) are both zero: En is undefined"
    return sc.en(result.x, U, assigned.x, k * assigned.u), None


def evaluate_round(
    results: Sequence[ParticipantResult],
    *,
    assigned: str | float | av.AssignedValue = "algorithm-a",
    u_assigned: float | None = None,
    sigma_pt: str | float | sp.SigmaPt = "robust",
    score: str = "auto",
    exclude: Mapping[str, str] | None = None,
    k: float = 2.0,
    mass_fraction_per_unit: float = 1.0,
) -> RoundEvaluation:
    """Evaluate a PT round.

    - ``assigned``: ``"algorithm-a"``, ``"q-hampel"`` or ``"median"`` (consensus,
      ISO 13528:2022, 7.7, u = 1.25·s*/√p), a number (with ``u_assigned``, default 0), or an
      :class:`~casys.core.proficiency.assigned_value.AssignedValue` built by the caller
      (formulation, CRM, expert laboratories).
    - ``sigma_pt``: a number (prescribed, 8.2), ``"robust"`` (s* of the round, 8.6; the
      consensus method's s*, or Algorithm A's when x_pt is given), ``"horwitz"``
      (Horwitz–Thompson at x_pt, 8.4; ``mass_fraction_per_unit`` converts results to a
      mass fraction, e.g. 1e-6 for mg/kg), or a :class:`~casys.core.proficiency.sigma_pt.SigmaPt`.
    - ``score``: ``"z"``, ``"zprime"``, ``"zeta"``, ``"en"``, or ``"auto"``: z when
      u(x_pt) ≤ 0.3·σpt, else z' (ISO 13528:2022, 9.5.1).
    - ``exclude``: participant → reason, for results left out of the statistics
      (blunders, ISO 13528:2022, 6.3); they are still scored.
    - ``k``: coverage factor relating U and u for ζ and En.

    >>> from casys.core.proficiency.csv_input import ParticipantResult as R
    >>> data = [R("A", 10.0), R("B", 10.2), R("C", 9.8), R("D", 10.1), R("E", 9.9), R("F", 15.0)]
    >>> ev = evaluate_round(data, sigma_pt=0.5)
    >>> round(ev.assigned.x, 3), ev.score_kind, [p.score.classification for p in ev.participants][-1]
    (10.086, 'z', 'unsatisfactory')
    """
    if score not in SCORE_KINDS:
        raise EvaluationError(f"unknown score {score!r}; choose one of {', '.join(SCORE_KINDS)}")
    if not results:
        raise EvaluationError("no results to evaluate")
    exclude = dict(exclude or {})
    known = {r.participant for r in results}
    for participant in exclude:
        if participant not in known:
            raise EvaluationError(f"excluded participant {participant!r} has no result in this round")
    excluded = [Exclusion(p, "statistics", reason) for p, reason in exclude.items()]
    values = [r.x for r in results if r.participant not in exclude]
    assigned_value, estimate = _assigned(values, assigned, u_assigned)
    sigma, estimate = _sigma(sigma_pt, assigned_value.x, values, estimate, mass_fraction_per_unit)
    negligible = av.uncertainty_is_negligible(assigned_value.u, sigma.sigma)
    kind = ("z" if negligible else "zprime") if score == "auto" else score
    participants = []
    for result in results:
        value, why_not = _score(kind, result, assigned_value, sigma.sigma, k)
        if why_not is not None:
            excluded.append(Exclusion(result.participant, "score", why_not))
        participants.append(
            ParticipantEvaluation(
                participant=result.participant,
                x=result.x,
                u=result.u,
                U=result.U,
                D=sc.d(result.x, assigned_value.x),
                D_percent=None if assigned_value.x == 0.0 else sc.d_percent(result.x, assigned_value.x),
                score=value,
                used_in_statistics=result.participant not in exclude,
            )
        )
    return RoundEvaluation(
        assigned=assigned_value,
        sigma_pt=sigma,
        robust=estimate,
        u_negligible=negligible,
        z_prime_needed=not negligible,
        score_kind=kind,
        participants=tuple(participants),
        excluded=tuple(excluded),
    )

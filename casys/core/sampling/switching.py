"""Switching rules between normal, tightened and reduced inspection as a state machine.

Fed one lot result at a time, :func:`next_state` returns the severity for the
next lot and the clause that decided it. Rules (MIL-STD-105E 4.7):

* start on normal inspection (4.6.1);
* normal → tightened when 2 of 5 or fewer consecutive lots have been rejected
  on original inspection (4.7.1);
* tightened → normal when 5 consecutive lots have been accepted (4.7.2);
* normal → reduced (4.7.3) when all hold: (a) the preceding 10 lots on normal
  inspection were accepted; (b) the total number of nonconforming items (or
  nonconformities) in the samples of those 10 lots is at most the limit number
  of Table VIII; (c) production is at a steady rate; (d) the responsible
  authority considers reduced inspection desirable. Table VIII is not shipped
  (see data/iso2859/README.md): a body passes it as :class:`LimitNumberRule`.
  ISO 2859-1:1999 replaced (a)/(b) by a *switching score*; it is available as
  :class:`SwitchingScoreRule` whose points and threshold the body supplies
  from its copy of ISO 2859-1 (not public, so no numbers are built in);
* reduced → normal (4.7.4) when a lot is rejected, or a lot is accepted with a
  count strictly between Ac and Re (4.9.4), or production becomes irregular;
* discontinuation: once ``discontinue_after`` lots (default 5) have not been
  accepted while on tightened inspection, acceptance inspection is
  discontinued until the supplier has improved quality; it then resumes on
  tightened inspection. That is the rule of ISO 2859-1 and ANSI/ASQ Z1.4-2003
  (cumulative 5 lots not accepted on tightened inspection). MIL-STD-105E 4.7.5
  words it differently: inspection should be discontinued when 10 consecutive
  lots remain on tightened inspection (or another number set by the
  responsible authority), as quoted on public pages; that count of lots on
  tightened inspection is not modelled here.

There is no path from tightened straight to reduced: tightened only leads to
normal or to discontinuation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from casys.core.sampling.plans import DoublePlan, SinglePlan
from casys.core.sampling.tables import LimitNumbers, SamplingTableError


class Severity(StrEnum):
    """Inspection severity (MIL-STD-105E 4.6 and 4.7)."""

    NORMAL = "normal"
    TIGHTENED = "tightened"
    REDUCED = "reduced"
    DISCONTINUED = "discontinued"


@dataclass(frozen=True)
class LotResult:
    """Result of inspecting one lot, as the switching rules need it.

    ``nonconforming`` and ``sample_units`` count all samples inspected for the
    lot (first and second sample of a double plan, MIL-STD-105E 4.7.3 b).
    ``reinstate_normal`` marks a reduced-inspection lot accepted with a count
    between Ac and Re (4.9.4). ``Ac`` and ``accepted_at_tighter_aql`` feed the
    ISO 2859-1:1999 switching score only.
    """

    accepted: bool
    nonconforming: int = 0
    sample_units: int = 0
    reinstate_normal: bool = False
    production_steady: bool = True
    reduced_approved: bool = False
    Ac: int | None = None
    accepted_at_tighter_aql: bool | None = None


def lot_result(plan: SinglePlan | DoublePlan, first: int, second: int | None = None) -> LotResult:
    """Judge one lot by its plan, as the switching rules need it (MIL-STD-105E 4.9.4, 4.10).

    ``first`` is the count in the (first) sample, ``second`` the count in the
    second sample of a double plan, needed only when the first count lies
    strictly between Ac1 and Re1. On reduced inspection a final count strictly
    between Ac and Re accepts the lot and reinstates normal inspection (4.9.4).

    >>> from casys.core.sampling.plans import single_plan
    >>> plan = single_plan(5000, "II", 1.0, "reduced")   # n 80, Ac 2, Re 5
    >>> r = lot_result(plan, 3)
    >>> r.accepted, r.reinstate_normal, r.sample_units
    (True, True, 80)
    """
    for name, value in (("first", first), ("second", second)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise SamplingTableError(f"{name}: need a count >= 0, got {value!r}")
    reduced = plan.inspection == "reduced"
    if isinstance(plan, SinglePlan) or plan.single is not None:
        n, ac, re = (
            (plan.n, plan.Ac, plan.Re) if isinstance(plan, SinglePlan) else (plan.n1, plan.Ac1, plan.Re1)
        )
        return LotResult(first < re, first, n, reduced and ac < first < re, Ac=ac)
    if first <= plan.Ac1 or first >= plan.Re1:
        return LotResult(first <= plan.Ac1, first, plan.n1, Ac=plan.Ac1)
    if second is None:
        raise SamplingTableError(
            f"second: the first count {first} lies between Ac1 and Re1; take the second sample"
        )
    total = first + second
    between = plan.Ac2 < total < plan.Re2
    return LotResult(total < plan.Re2, total, plan.n1 + plan.n2, reduced and between, Ac=plan.Ac2)


@dataclass(frozen=True)
class LimitNumberRule:
    """Normal → reduced by MIL-STD-105E 4.7.3 with the limit numbers of Table VIII for ``aql``."""

    limit_numbers: LimitNumbers
    aql: str
    lots: int = 10  # MIL-STD-105E 4.7.3 a: "the preceding 10 lots"


@dataclass(frozen=True)
class SwitchingScoreRule:
    """Normal → reduced by a switching score (ISO 2859-1:1999 9.3.3); numbers from the body's copy.

    Per lot on normal inspection: a lot not accepted resets the score to 0; for
    a plan with Ac >= 2 an accepted lot adds ``points_tighter`` if it would also
    have been accepted at the AQL one step tighter, else resets to 0; for Ac 0
    or 1 an accepted lot adds ``points_small_ac``. Reduced inspection may start
    when the score reaches ``threshold``.
    """

    points_tighter: int
    points_small_ac: int
    threshold: int


@dataclass(frozen=True)
class SwitchingRules:
    """Parameters of the switching rules; ``reduced`` None means reduced inspection is never used."""

    reduced: LimitNumberRule | SwitchingScoreRule | None = None
    tightened_window: int = 5  # MIL-STD-105E 4.7.1: "2 out of 5 or fewer consecutive lots"
    tightened_rejections: int = 2  # MIL-STD-105E 4.7.1
    normal_after_accepted: int = 5  # MIL-STD-105E 4.7.2: "5 consecutive lots"
    discontinue_after: int = 5  # lots not accepted on tightened (see module docstring)


@dataclass(frozen=True)
class SwitchingState:
    """Where the switching rules stand: the severity for the next lot and why."""

    severity: Severity = Severity.NORMAL
    reason: str = "start on normal inspection (MIL-STD-105E 4.6.1)"
    lots: int = 0
    on_normal: tuple[LotResult, ...] = ()
    accepted_run: int = 0
    not_accepted_on_tightened: int = 0
    score: int = 0


def _to(state: SwitchingState, severity: Severity, reason: str) -> SwitchingState:
    return SwitchingState(severity=severity, reason=reason, lots=state.lots)


def _reduced_allowed(history: tuple[LotResult, ...], score: int, rules: SwitchingRules) -> str | None:
    rule = rules.reduced
    last = history[-1]
    if rule is None or not (last.production_steady and last.reduced_approved):
        return None
    if isinstance(rule, SwitchingScoreRule):
        return "switching score reached (ISO 2859-1:1999 9.3.3)" if score >= rule.threshold else None
    window = history[-rule.lots :]
    if len(window) < rule.lots or not all(lot.accepted for lot in window):
        return None
    units = sum(lot.sample_units for lot in window)
    limit = rule.limit_numbers.limit(units, rule.aql)
    found = sum(lot.nonconforming for lot in window)
    if limit is None or found > limit:
        return None
    return (
        f"{rule.lots} lots accepted, {found} nonconforming <= limit number {limit} "
        "(MIL-STD-105E 4.7.3, Table VIII)"
    )


def _score(score: int, lot: LotResult, rules: SwitchingRules) -> int:
    rule = rules.reduced
    if not isinstance(rule, SwitchingScoreRule):
        return 0
    if not lot.accepted:
        return 0
    if lot.Ac is None:
        raise SamplingTableError("Ac: the switching score needs the acceptance number of each lot's plan")
    if lot.Ac >= 2:
        if lot.accepted_at_tighter_aql is None:
            raise SamplingTableError("accepted_at_tighter_aql: needed by the switching score when Ac >= 2")
        return score + rule.points_tighter if lot.accepted_at_tighter_aql else 0
    return score + rule.points_small_ac


_TO_TIGHTENED = "2 of 5 or fewer consecutive lots rejected (MIL-STD-105E 4.7.1)"


def _after_normal(state: SwitchingState, lot: LotResult, rules: SwitchingRules) -> SwitchingState:
    history = (*state.on_normal, lot)
    recent = history[-rules.tightened_window :]
    if sum(not x.accepted for x in recent) >= rules.tightened_rejections:
        return _to(state, Severity.TIGHTENED, _TO_TIGHTENED)
    score = _score(state.score, lot, rules)
    why = _reduced_allowed(history, score, rules)
    if why is not None:
        return _to(state, Severity.REDUCED, why)
    reason = "normal inspection continues (MIL-STD-105E 4.6.1)"
    return replace(state, reason=reason, on_normal=history, score=score)


def _after_tightened(state: SwitchingState, lot: LotResult, rules: SwitchingRules) -> SwitchingState:
    missed = state.not_accepted_on_tightened + (0 if lot.accepted else 1)
    if missed >= rules.discontinue_after:
        why = f"{missed} lots not accepted on tightened inspection: discontinue"
        return _to(state, Severity.DISCONTINUED, why)
    run = state.accepted_run + 1 if lot.accepted else 0
    if run >= rules.normal_after_accepted:
        return _to(state, Severity.NORMAL, "5 consecutive lots accepted on tightened (MIL-STD-105E 4.7.2)")
    return replace(
        state,
        reason="tightened inspection continues (MIL-STD-105E 4.7.2)",
        accepted_run=run,
        not_accepted_on_tightened=missed,
    )


def _after_reduced(state: SwitchingState, lot: LotResult) -> SwitchingState:
    if not lot.accepted:
        return _to(state, Severity.NORMAL, "lot rejected on reduced inspection (MIL-STD-105E 4.7.4 a)")
    if lot.reinstate_normal:
        why = "count between Ac and Re on reduced inspection (MIL-STD-105E 4.7.4 b, 4.9.4)"
        return _to(state, Severity.NORMAL, why)
    if not lot.production_steady:
        return _to(state, Severity.NORMAL, "production irregular or delayed (MIL-STD-105E 4.7.4 c)")
    return replace(state, reason="reduced inspection continues (MIL-STD-105E 4.7.4)")


def next_state(state: SwitchingState, lot: LotResult, rules: SwitchingRules | None = None) -> SwitchingState:
    """Severity for the next lot after ``lot`` was inspected under ``state.severity``.

    >>> s = SwitchingState()
    >>> s = next_state(s, LotResult(accepted=False))
    >>> s = next_state(s, LotResult(accepted=False))
    >>> s.severity.value, s.reason
    ('tightened', '2 of 5 or fewer consecutive lots rejected (MIL-STD-105E 4.7.1)')
    """
    rules = rules or SwitchingRules()
    counted = replace(state, lots=state.lots + 1)
    if state.severity is Severity.NORMAL:
        return _after_normal(counted, lot, rules)
    if state.severity is Severity.TIGHTENED:
        return _after_tightened(counted, lot, rules)
    if state.severity is Severity.REDUCED:
        return _after_reduced(counted, lot)
    raise SamplingTableError("state: inspection is discontinued; resume() once quality has improved")


def resume(state: SwitchingState) -> SwitchingState:
    """Resume a discontinued inspection on tightened inspection (MIL-STD-105E 4.7.5)."""
    if state.severity is not Severity.DISCONTINUED:
        raise SamplingTableError(f"state: inspection is {state.severity.value}, not discontinued")
    return _to(state, Severity.TIGHTENED, "inspection resumed on tightened inspection (MIL-STD-105E 4.7.5)")


def run(lots: Iterable[LotResult], rules: SwitchingRules | None = None) -> tuple[SwitchingState, ...]:
    """States after each lot of ``lots``, starting on normal inspection; stops at discontinuation."""
    states: list[SwitchingState] = []
    state = SwitchingState()
    for lot in lots:
        state = next_state(state, lot, rules)
        states.append(state)
        if state.severity is Severity.DISCONTINUED:
            break
    return tuple(states)

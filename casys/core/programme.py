"""Audit programme generated from a scheme's phases (ISO/IEC 17021-1:2015 9.1.3, 9.6).

Rules applied (ISO/IEC 17021-1:2015):

* 9.1.3.2: the certification cycle (here ``attestation.validity_years``, 3 for
  management systems) begins with the certification or recertification decision;
* 9.6.2.2: surveillance at least once a calendar year (except in recertification
  years); the first surveillance after initial certification no later than 12 months
  after the certification decision (the scheme's ``first_within_months``);
* 9.6.3: recertification completed, with its decision, before expiry; 9.6.3.2.5:
  after expiry the body can restore certification within 6 months if the outstanding
  recertification activities are completed, otherwise at least a stage 2 is conducted.

A phase with ``every = "year"`` (product schemes) is due every 12 months from the
decision. Expiry is the day before the anniversary (casys convention). The time
between stage 2 and the decision is certification-body policy (the standard does not
fix it): :func:`decision_deadline` uses the scheme's ``max_days_after_stage2``.

>>> from casys.core.schemes import load_scheme
>>> p = generate_programme(load_scheme("iso9001"), date(2026, 3, 10))
>>> [(a.phase, a.latest.isoformat()) for a in p.activities]
[('surveillance', '2027-03-10'), ('surveillance', '2028-03-10'), ('recertification', '2028-12-10')]
>>> p.cycles[0].expiry.isoformat()
'2029-03-09'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from casys.core.schemes.model import Phase, Scheme

#: ISO/IEC 17021-1:2015 9.6.3.2.5: restoration possible within 6 months after expiry.
RESTORATION_MONTHS = 6
#: Months before expiry by which the recertification audit is planned, leaving time for
#: the decision: certification-body policy (casys default), not a normative number.
DEFAULT_RECERTIFICATION_LEAD_MONTHS = 3


class ProgrammeError(ValueError):
    """Bad input to the programme; the message names the field."""


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, clamped to the month's last day (29 Feb -> 28 Feb).

    >>> add_months(date(2024, 2, 29), 12), add_months(date(2026, 8, 31), -3)
    (datetime.date(2025, 2, 28), datetime.date(2026, 5, 31))
    """
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in range(d.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(d.day, 28))


@dataclass(frozen=True)
class PlannedActivity:
    """A phase of the programme with its window: due no later than ``latest``."""

    cycle: int
    phase: str
    activities: tuple[str, ...]
    earliest: date
    latest: date
    decision: bool
    decision_by: date | None
    rule: str


@dataclass(frozen=True)
class Cycle:
    """One certification cycle: from its decision to its expiry."""

    index: int
    decision: date
    expiry: date


@dataclass(frozen=True)
class Programme:
    """The dated programme of an engagement: cycles and planned activities."""

    scheme: str
    decision_date: date
    cycles: tuple[Cycle, ...]
    activities: tuple[PlannedActivity, ...]


def _repeated(
    phase: Phase, cycle: Cycle, first_anchor: date, prev_year: int, initial: bool, until: date
) -> list[PlannedActivity]:
    out: list[PlannedActivity] = []
    k = 1
    while True:
        due = add_months(cycle.decision, 12 * k)
        if phase.every == "calendar-year":
            if k == 1 and phase.first_within_months and initial:
                due = min(due, add_months(first_anchor, phase.first_within_months))
            due = min(due, date(prev_year + 1, 12, 31))
            earliest = date(due.year, 1, 1)
            rule = (
                "ISO/IEC 17021-1:2015 9.6.2.2: first surveillance within "
                f"{phase.first_within_months} months of the certification decision"
                if k == 1 and initial
                else "ISO/IEC 17021-1:2015 9.6.2.2: at least once a calendar year"
            )
        else:
            earliest = add_months(due, -3) if k > 1 else cycle.decision
            rule = "scheme: every 12 months from the decision"
        if due >= until:
            return out
        out.append(
            PlannedActivity(
                cycle.index,
                phase.id,
                phase.activities,
                max(earliest, cycle.decision),
                due,
                phase.decision,
                due if phase.decision else None,
                rule,
            )
        )
        prev_year = due.year
        k += 1


def generate_programme(
    scheme: Scheme,
    decision_date: date,
    *,
    cycles: int = 1,
    recertification_lead_months: int = DEFAULT_RECERTIFICATION_LEAD_MONTHS,
) -> Programme:
    """The programme of ``cycles`` certification cycles from the initial decision on ``decision_date``."""
    if cycles < 1:
        raise ProgrammeError(f"cycles: must be at least 1, got {cycles}")
    if recertification_lead_months < 0:
        raise ProgrammeError(
            f"recertification_lead_months: must not be negative, got {recertification_lead_months}"
        )
    years = scheme.attestation.validity_years
    repeated = [p for p in scheme.phases if p.every is not None]
    recert = [p for p in scheme.phases if p.before == "expiry"]
    activities: list[PlannedActivity] = []
    cycle_list: list[Cycle] = []
    start, prev_year = decision_date, decision_date.year
    for index in range(1, cycles + 1):
        expiry = add_months(start, 12 * years) - timedelta(days=1)
        cycle = Cycle(index, start, expiry)
        cycle_list.append(cycle)
        recert_due = min(add_months(expiry + timedelta(days=1), -recertification_lead_months), expiry)
        until = recert_due if recert else expiry
        for phase in repeated:
            planned = _repeated(phase, cycle, decision_date, prev_year, index == 1, until)
            activities.extend(planned)
            if planned:
                prev_year = planned[-1].latest.year
        for phase in recert:
            rule = (
                "ISO/IEC 17021-1:2015 9.6.3: recertification audit and decision before expiry "
                f"({recertification_lead_months} months lead: body policy)"
            )
            activities.append(
                PlannedActivity(
                    index,
                    phase.id,
                    phase.activities,
                    add_months(recert_due, -6),
                    recert_due,
                    phase.decision,
                    expiry,
                    rule,
                )
            )
            prev_year = recert_due.year
        if not recert:
            break  # without a recertification phase the attestation simply expires
        start = expiry + timedelta(days=1)  # 9.6.3.2.4: new expiry based on the existing certification
    return Programme(scheme.id, decision_date, tuple(cycle_list), tuple(activities))


def decision_deadline(scheme: Scheme, last_stage2_day: date, max_days: int | None = None) -> date:
    """Latest decision date after stage 2: the scheme's (or given) limit, a body policy.

    ISO/IEC 17021-1:2015 leaves this limit to the certification body.

    >>> from casys.core.schemes import load_scheme
    >>> decision_deadline(load_scheme("iso9001"), date(2026, 1, 15)).isoformat()
    '2026-07-14'
    """
    days = max_days if max_days is not None else scheme.decision.max_days_after_stage2
    if days is None:
        raise ProgrammeError(f"max_days: scheme {scheme.id!r} sets no limit after stage 2; pass one")
    if days <= 0:
        raise ProgrammeError(f"max_days: must be positive, got {days}")
    return last_stage2_day + timedelta(days=days)


@dataclass(frozen=True)
class Restoration:
    """Outcome of a late recertification (ISO/IEC 17021-1:2015 9.6.3.2.5)."""

    possible: bool
    deadline: date
    new_expiry: date | None
    required: str


def restoration(expiry: date, recertification_completed: date | None, validity_years: int = 3) -> Restoration:
    """Can an expired certification be restored? Within 6 months of expiry with the outstanding
    recertification completed; the new expiry is based on the prior cycle; otherwise a stage 2.

    >>> r = restoration(date(2029, 3, 9), date(2029, 6, 1))
    >>> r.possible, r.deadline.isoformat(), r.new_expiry
    (True, '2029-09-09', datetime.date(2032, 3, 9))
    >>> restoration(date(2029, 3, 9), None).required
    'stage2'
    """
    deadline = add_months(expiry, RESTORATION_MONTHS)
    if recertification_completed is not None and recertification_completed < expiry:
        raise ProgrammeError(
            "recertification_completed: before expiry, this is a recertification, not a restoration"
        )
    if recertification_completed is not None and recertification_completed <= deadline:
        return Restoration(
            True, deadline, add_months(expiry, 12 * validity_years), "recertification-activities"
        )
    return Restoration(False, deadline, None, "stage2")

"""Defect grades and their consequences; when an item is next due (ISO/IEC 17020:2012 7.1, 7.4).

A scheme grades each defect (dangerous, major, minor) and says what each grade leads to
(``[inspection.grading]``): the item taken out of service at once, a repeat inspection within a
number of days, or a note in the report. The numbers are the scheme's; this module only applies
them, so a scheme with other grades or days runs through the same code.

>>> from casys.core.schemes import load_scheme
>>> plan = load_scheme("lifting-equipment-periodic").inspection
>>> o = outcome(plan, ["minor", "major"], date(2026, 3, 2))
>>> o.out_of_service, o.repeat_by, o.next_due
(False, datetime.date(2026, 3, 30), datetime.date(2026, 3, 30))
>>> outcome(plan, [], date(2026, 3, 2)).next_due
datetime.date(2027, 3, 2)
>>> o = outcome(plan, ["dangerous"], date(2026, 3, 2))
>>> o.out_of_service, o.next_due
(True, None)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from casys.core.inspection.plan import InspectionPlan
from casys.core.programme import add_months


@dataclass(frozen=True)
class Consequence:
    """What one defect grade leads to, found on a date."""

    grade: str
    consequence: str
    out_of_service: bool
    repeat_by: date | None
    text: str


@dataclass(frozen=True)
class Outcome:
    """The consequences of all defects of one inspection.

    ``out_of_service``: the item is taken out of service at once (it returns only after a new
    inspection); ``repeat_by``: the earliest repeat inspection a defect asks for; ``next_due``: when
    the item is next inspected — the repeat date or the periodic interval, whichever comes first,
    and None while it is out of service.
    """

    consequences: tuple[Consequence, ...]
    out_of_service: bool
    repeat_by: date | None
    periodic_due: date | None
    next_due: date | None


def consequence(plan: InspectionPlan, grade: str, found_on: date) -> Consequence:
    """The consequence of a defect of ``grade`` found on ``found_on``, as the scheme grades it.

    >>> from casys.core.schemes import load_scheme
    >>> consequence(load_scheme("pressure-equipment-periodic").inspection, "major", date(2026, 1, 5)).text
    'major defect: repeat inspection by 2026-02-04 (within 30 days)'
    """
    try:
        rule = plan.rule(grade)
    except KeyError as exc:
        raise ValueError(f"grade: {exc.args[0]}") from None
    out = rule.consequence == "out-of-service"
    repeat = found_on + timedelta(days=rule.within_days) if rule.within_days is not None else None
    if out:
        text = f"{grade} defect: the item is taken out of service at once"
    elif repeat is not None:
        text = f"{grade} defect: repeat inspection by {repeat.isoformat()} (within {rule.within_days} days)"
    else:
        text = f"{grade} defect: noted in the report"
    return Consequence(grade, rule.consequence, out, repeat, text)


def next_periodic(last: date, interval_months: int | None) -> date | None:
    """The next periodic inspection after one on ``last`` (None when the scheme has no interval).

    >>> next_periodic(date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    if interval_months is None:
        return None
    if interval_months <= 0:
        raise ValueError(f"interval_months: must be a positive number of months, got {interval_months}")
    return add_months(last, interval_months)


def outcome(plan: InspectionPlan, grades: Iterable[str], inspected_on: date) -> Outcome:
    """The consequences of the defects graded ``grades`` in an inspection on ``inspected_on``."""
    found = tuple(consequence(plan, g, inspected_on) for g in grades)
    out = any(c.out_of_service for c in found)
    repeats = [c.repeat_by for c in found if c.repeat_by is not None]
    repeat_by = min(repeats) if repeats else None
    periodic = next_periodic(inspected_on, plan.interval_months)
    candidates = [d for d in (repeat_by, periodic) if d is not None]
    next_due = None if out or not candidates else min(candidates)
    return Outcome(found, out, repeat_by, periodic, next_due)

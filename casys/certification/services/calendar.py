"""A month as a grid of weeks for the calendar pages (server-rendered, no script)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from casys.certification.models import Audit


@dataclass
class Day:
    on: date
    in_month: bool
    audits: list[Audit] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list[list[Day]]
    previous: date
    next: date

    @property
    def key(self) -> str:
        return self.first.strftime("%Y-%m")


def parse_month(raw: str | None, today: date) -> date:
    """The first day of the month ``YYYY-MM`` (this month when missing or malformed)."""
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def audit_day(audit: Audit) -> date | None:
    """The day an audit stands on the calendar: carried out, else planned, else due."""
    return audit.done_on or audit.planned_on or audit.latest


def month_grid(first: date, audits: Iterable[Audit]) -> Month:
    """Weeks of ``first``'s month (Monday first), each day with the audits that fall on it."""
    by_day: dict[date, list[Audit]] = {}
    for a in audits:
        d = audit_day(a)
        if d is not None:
            by_day.setdefault(d, []).append(a)
    weeks = [
        [Day(d, d.month == first.month, by_day.get(d, [])) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Month(first, weeks, previous, following)

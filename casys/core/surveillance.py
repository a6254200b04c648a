"""A surveillance overdue past the scheme's limit: the certificate's suspension, proposed or applied.

ISO/IEC 17021-1:2015 9.6.2.2 fixes when a surveillance audit is due (at least once a calendar year,
the first no later than 12 months after the certification decision): the programme's ``latest``
date (:mod:`casys.core.programme`). 9.6.5.1 names, among the cases where the body suspends
certification, a client who does not allow surveillance or recertification audits at the required
frequencies. How many days after the due date the body acts, and whether its decision maker
decides (a proposal) or the suspension applies at once, the standard leaves open: the scheme file
says it (``surveillance_overdue``, :class:`~casys.core.schemes.model.OverdueLimit`), with its
source.

>>> limit = OverdueLimit(after_days=30, then="propose-suspension", source="scheme")
>>> overdue(date(2026, 3, 10), date(2026, 4, 9), limit) is None  # 30 days late: within the limit
True
>>> o = overdue(date(2026, 3, 10), date(2026, 4, 10), limit)
>>> o.days_late, o.action, o.limit_passed_on.isoformat()
(31, 'propose-suspension', '2026-04-10')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from casys.core.schemes.model import OverdueLimit


@dataclass(frozen=True)
class Overdue:
    """A surveillance ``days_late`` days past its due date ``due``; its limit passed on
    ``limit_passed_on``; ``action`` is what the scheme says follows."""

    due: date
    days_late: int
    limit_passed_on: date
    action: str
    source: str


def overdue(due: date, today: date, limit: OverdueLimit) -> Overdue | None:
    """The overdue surveillance due on ``due`` as seen on ``today``, or None while within the limit
    (a surveillance is late from the day after ``due``; the limit passes ``after_days`` later)."""
    passed_on = due + timedelta(days=limit.after_days + 1)
    if today < passed_on:
        return None
    return Overdue(due, (today - due).days, passed_on, limit.then, limit.source)


def strictest(limits: Iterable[OverdueLimit | None]) -> OverdueLimit | None:
    """Of the limits of the schemes a certificate covers, the one that acts first (an immediate
    suspension before a proposal on the same day); None when no scheme sets one.

    >>> a = OverdueLimit(30, "propose-suspension", "a")
    >>> b = OverdueLimit(30, "suspend", "b")
    >>> strictest([a, None, b]).then, strictest([None]) is None
    ('suspend', True)
    """
    known = [limit for limit in limits if limit is not None]
    if not known:
        return None
    return min(known, key=lambda limit: (limit.after_days, limit.then != "suspend"))

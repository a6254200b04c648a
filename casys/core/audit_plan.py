"""The audit plan (ISO/IEC 17021-1:2015 9.2.3): requirements x processes x sites x auditors, with
times that add up to the audit time of IAF MD 5:2019 — no more, no less.

Times are kept in eighths of a day (one hour of an eight-hour auditor-day), so that they add up
exactly (eighths are exact in binary floating point as well as in fractions).

>>> lines = allocate(Fraction(3, 2), 4)
>>> [str(x) for x in lines], str(sum(lines))
(['3/8', '3/8', '3/8', '3/8'], '3/2')
>>> [str(x) for x in allocate(Fraction(1), 3)]
['3/8', '3/8', '1/4']
>>> try:
...     check_total([Fraction(1, 2), Fraction(1, 2)], 1.5)
... except PlanError as e:
...     print(e)
days: the plan's times add up to 1 auditor-day(s), the audit time (IAF MD 5) is 1.5: no more, no less
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

#: The smallest unit of time a plan line takes: one hour of an eight-hour auditor-day
#: (IAF MD 5:2019 2.1: an auditor-day is normally 8 hours).
UNIT = Fraction(1, 8)


class PlanError(ValueError):
    """A plan that cannot stand; the message names the field (``days``, ``lines[2].days`` ...)."""


def _frac(x: float | Fraction | str) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(str(x))


def allocate(total: float | Fraction, n: int) -> list[Fraction]:
    """Split ``total`` auditor-days over ``n`` lines in eighths of a day, the larger shares first,
    so that the shares add up to ``total`` exactly."""
    t = _frac(total)
    if n <= 0:
        raise PlanError("lines: a plan needs at least one line")
    if t <= 0 or (t / UNIT).denominator != 1:
        raise PlanError(f"days: {float(t):g} is not a positive number of eighths of a day")
    units = int(t / UNIT)
    base, extra = divmod(units, n)
    return [UNIT * (base + (1 if i < extra else 0)) for i in range(n)]


def check_total(days: Sequence[float | Fraction], audit_days: float | Fraction) -> Fraction:
    """Refuse a plan whose lines' times are not eighths of a day, negative, or do not add up to the
    audit time exactly; return the total."""
    total = Fraction(0)
    for i, d in enumerate(days):
        x = _frac(d)
        if x < 0 or (x / UNIT).denominator != 1:
            raise PlanError(f"lines[{i}].days: {float(x):g} is not a number of eighths of a day >= 0")
        total += x
    expected = _frac(audit_days)
    if total != expected:
        raise PlanError(
            f"days: the plan's times add up to {float(total):g} auditor-day(s), the audit time "
            f"(IAF MD 5) is {float(expected):g}: no more, no less"
        )
    return total


def remote_share(days: Sequence[tuple[float | Fraction, bool]]) -> Fraction:
    """The share of the plan's time done remotely, from (days, remote) pairs.

    >>> str(remote_share([(1, False), (Fraction(1, 2), True)]))
    '1/3'
    """
    total = sum((_frac(d) for d, _ in days), Fraction(0))
    remote = sum((_frac(d) for d, r in days if r), Fraction(0))
    return remote / total if total else Fraction(0)

"""Judging the answers to an inspection scheme's checklist (ISO/IEC 17020:2012 7.1, 7.3).

A visual check takes pass or fail; a measured value is judged against its limits by the scheme's
decision rule with its measurement uncertainty (:mod:`casys.core.conformity.decision_rules`, ILAC
G8:09/2019); a count of defects passes up to the item's ``max_count``, or up to the acceptance
number of the batch's sampling plan. An answer of the wrong type is refused with the field named.

>>> from casys.core.schemes import load_scheme
>>> plan = load_scheme("lifting-equipment-periodic").inspection
>>> judge(plan.item("hook-latch"), True).passed
True
>>> r = judge(plan.item("hook-throat-opening"), 4.6, u=0.3)
>>> r.passed, r.grade, r.detail
(False, 'dangerous', '4.6 % with U = 0.6 %: guarded acceptance gives fail (acceptance interval up to 4.4)')
>>> judge(plan.item("rope-broken-wires"), "three")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
casys.core.inspection.checklist.ChecklistError: rope-broken-wires.value: a count check takes a whole ...
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from casys.core.conformity.decision_rules import Decision, decide
from casys.core.conformity.probability import ToleranceInterval
from casys.core.inspection.plan import CheckItem


class ChecklistError(ValueError):
    """An answer that does not fit its check item; the message names ``<item>.<field>``."""


@dataclass(frozen=True)
class CheckResult:
    """The judgement of one answer: ``grade`` is the defect's grade when it failed (None if passed)."""

    check: str
    passed: bool
    grade: str | None
    detail: str
    decision: Decision | None = None


def _result(item: CheckItem, passed: bool, detail: str, decision: Decision | None = None) -> CheckResult:
    return CheckResult(item.id, passed, None if passed else item.grade, detail, decision)


def judge(
    item: CheckItem,
    value: object,
    *,
    u: float | None = None,
    k: float = 2.0,
    acceptance_number: int | None = None,
) -> CheckResult:
    """Judge ``value`` for ``item``: ``u`` (standard uncertainty, same unit) for a measured check,
    ``acceptance_number`` (Ac of the plan for the lot) for a count check taken ``by_plan``."""
    if item.kind == "visual":
        if not isinstance(value, bool):
            raise ChecklistError(f"{item.id}.value: a visual check takes pass or fail, got {value!r}")
        return _result(item, value, "pass" if value else "fail")
    if item.kind == "count":
        return _count(item, value, acceptance_number)
    return _measured(item, value, u, k)


def _count(item: CheckItem, value: object, acceptance_number: int | None) -> CheckResult:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ChecklistError(
            f"{item.id}.value: a count check takes a whole number of 0 or more, got {value!r}"
        )
    limit = acceptance_number if item.by_plan else item.max_count
    if limit is None:
        raise ChecklistError(
            f"{item.id}.acceptance_number: the count is judged by the sampling plan's Ac: give it"
        )
    return _result(item, value <= limit, f"{value} found, at most {limit} accepted")


def _measured(item: CheckItem, value: object, u: float | None, k: float) -> CheckResult:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ChecklistError(
            f"{item.id}.value: a measured check takes a number in {item.unit}, got {value!r}"
        )
    if u is None or isinstance(u, bool) or not math.isfinite(u) or u < 0:
        raise ChecklistError(
            f"{item.id}.u: give the standard uncertainty of the measurement (0 or more), got {u!r}"
        )
    d = decide(float(value), float(u), ToleranceInterval(item.lower, item.upper), item.decision_rule, k=k)
    limits = []
    if math.isfinite(d.acceptance.A_L):
        limits.append(f"from {d.acceptance.A_L:g}")
    if math.isfinite(d.acceptance.A_U):
        limits.append(f"up to {d.acceptance.A_U:g}")
    detail = (
        f"{value:g} {item.unit} with U = {d.U:g} {item.unit}: {d.rule_name} gives "
        f"{'pass' if d.accepted else 'fail'} (acceptance interval {' '.join(limits)})"
    )
    return _result(item, d.accepted, detail, d)

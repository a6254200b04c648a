"""What an inspection scheme declares (ISO/IEC 17020:2012 7.1): its checks, defect grading and interval.

An inspection scheme file (``body = "inspection"``, see docs/inspection.md) has an
``[inspection]`` table, parsed by :mod:`casys.core.schemes.loader` into these
records. Each check item names the requirement it verifies (a clause of the
normative document), its kind and its acceptance criterion; each defect grade
names its consequence. No number here is normative: the shipped schemes say
which of theirs come from a public document and which are their own choice.

>>> CheckItem("hook", "EN 13155 5.1", "Hook latch", "visual", "latch closes").kind
'visual'
"""

from __future__ import annotations

from dataclasses import dataclass

#: Kinds of check item: a visual (pass/fail) check, a measured value with limits (judged by a
#: decision rule with its measurement uncertainty, ILAC G8:09/2019), a count of defects.
CHECK_KINDS = ("visual", "measured", "count")

#: Defect grades, worst first.
GRADES = ("dangerous", "major", "minor")

#: What a defect's grade leads to: the item taken out of service at once, a repeat inspection
#: within a number of days the scheme gives, or a note in the report.
CONSEQUENCES = ("out-of-service", "repeat-inspection", "noted")

#: Objects an inspection scheme inspects (ISO/IEC 17020:2012 1 and 3.1 name products, processes,
#: services and installations; a batch is a product inspected by sampling).
INSPECTION_OBJECTS = ("item", "installation", "batch", "service")


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist.

    ``lower``/``upper`` (with ``unit``) are the tolerance limits of a measured check, judged by
    ``decision_rule`` (``simple``, ``guarded-acceptance``, ``guarded-rejection``); ``max_count``
    is the largest acceptable count of a count check; ``grade`` is the grade of the defect when the
    check fails.
    """

    id: str
    requirement: str
    text: str
    kind: str
    acceptance: str
    grade: str = "major"
    unit: str = ""
    lower: float | None = None
    upper: float | None = None
    decision_rule: str = "simple"
    max_count: int | None = None
    by_plan: bool = False
    requirements: tuple[str, ...] = ()  # ids in the scheme's requirement profile this check covers


@dataclass(frozen=True)
class GradeRule:
    """The consequence of a defect of one grade; ``within_days`` for a repeat inspection."""

    grade: str
    consequence: str
    within_days: int | None = None


@dataclass(frozen=True)
class InspectionPlan:
    """The inspection part of a scheme: method, checklist, grading, interval, review."""

    method: str
    checklist: tuple[CheckItem, ...]
    grading: tuple[GradeRule, ...]
    interval_months: int | None = None
    second_review: bool = False
    source: str = ""
    profile: str = ""  # the requirement profile the checks' ``requirements`` name ids of

    def covered(self, answered: set[str]) -> set[str]:
        """The requirement ids the checks ``answered`` (their ids) cover."""
        return {r for c in self.checklist if c.id in answered for r in c.requirements}

    def rule(self, grade: str) -> GradeRule:
        """The consequence rule of ``grade``; ``KeyError`` naming the grades the scheme has."""
        for r in self.grading:
            if r.grade == grade:
                return r
        raise KeyError(f"grade {grade!r}: the scheme grades {', '.join(r.grade for r in self.grading)}")

    def item(self, check_id: str) -> CheckItem:
        """The check item ``check_id``; ``KeyError`` naming it otherwise."""
        for c in self.checklist:
            if c.id == check_id:
                return c
        raise KeyError(f"checklist: no item {check_id!r}")

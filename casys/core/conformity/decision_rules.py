"""Decision rules for statements of conformity (ILAC G8:09/2019, JCGM 106:2012 clause 8).

A decision rule turns a measured value ``y`` with expanded uncertainty
``U = k·u`` and a tolerance interval [T_L, T_U] into a decision. The rule fixes
the acceptance interval [A_L, A_U]:

* simple acceptance ("shared risk", ILAC G8:09/2019 4.2.1; JCGM 106:2012 8.2):
  the acceptance interval is the tolerance interval;
* guarded acceptance (ILAC G8:09/2019 4.2.2; JCGM 106:2012 8.3.2): the
  acceptance interval is the tolerance interval narrowed by a guard band
  ``w = r·U`` at each finite limit;
* guarded rejection (ILAC G8:09/2019 4.2.3; JCGM 106:2012 8.3.3): the
  acceptance interval is widened by ``w``.

A binary statement says pass or fail. A non-binary statement (ILAC G8:09/2019
4.2.3 and its figure of pass / conditional pass / conditional fail / fail)
says "conditional" when the value lies within ``w`` of a tolerance limit.

The specific risks of one result follow JCGM 106:2012 9.3: an accepted item
carries the specific consumer's risk 1 - p_c, a rejected item the specific
producer's risk p_c.

ISO/IEC 17025:2017 7.8.6 requires the report to name the decision rule used:
every :class:`Decision` carries the rule's name and reference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from casys.core.conformity.probability import (
    ConformityInputError,
    ToleranceInterval,
    check_uncertainty,
    conformance_probability,
    nonconformance_probability,
)


class Rule(StrEnum):
    """The decision rules this module knows, with the clause that defines each."""

    SIMPLE = "simple"
    GUARDED_ACCEPTANCE = "guarded-acceptance"
    GUARDED_REJECTION = "guarded-rejection"


RULE_REFERENCES: dict[Rule, str] = {
    Rule.SIMPLE: "ILAC G8:09/2019 4.2.1 (simple acceptance, shared risk); JCGM 106:2012 8.2",
    Rule.GUARDED_ACCEPTANCE: "ILAC G8:09/2019 4.2.2 (guarded acceptance, w = r·U); JCGM 106:2012 8.3.2",
    Rule.GUARDED_REJECTION: "ILAC G8:09/2019 4.2.3 (guarded rejection, w = r·U); JCGM 106:2012 8.3.3",
}

RULE_NAMES: dict[Rule, str] = {
    Rule.SIMPLE: "simple acceptance",
    Rule.GUARDED_ACCEPTANCE: "guarded acceptance",
    Rule.GUARDED_REJECTION: "guarded rejection",
}


class Statement(StrEnum):
    """Statements of conformity (ILAC G8:09/2019 4.2.1 to 4.2.3)."""

    PASS = "pass"
    CONDITIONAL_PASS = "conditional pass"
    CONDITIONAL_FAIL = "conditional fail"
    FAIL = "fail"


@dataclass(frozen=True)
class AcceptanceInterval:
    """Acceptance interval [A_L, A_U] (JCGM 106:2012 3.3.9); infinite where no limit applies."""

    A_L: float
    A_U: float

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the closed acceptance interval."""
        return self.A_L <= value <= self.A_U


@dataclass(frozen=True)
class Decision:
    """Outcome of a decision rule applied to one measured value.

    ``accepted`` is the decision; ``statement`` the statement of conformity;
    ``p_c`` the conformance probability; ``R_C`` and ``R_P`` the specific
    consumer's and producer's risks (JCGM 106:2012 9.3.2/9.3.3); ``w`` the guard
    band and ``acceptance`` the acceptance interval used; ``rule``, ``rule_name``
    and ``reference`` name the decision rule for the report (ISO/IEC 17025:2017 7.8.6).
    """

    y: float
    u: float
    k: float
    U: float
    tolerance: ToleranceInterval
    rule: Rule
    rule_name: str
    reference: str
    r: float
    w: float
    acceptance: AcceptanceInterval
    accepted: bool
    statement: Statement
    binary: bool
    p_c: float
    R_C: float
    R_P: float


def acceptance_interval(tolerance: ToleranceInterval, rule: Rule, w: float) -> AcceptanceInterval:
    """Acceptance interval for ``rule`` with guard band ``w`` (ILAC G8:09/2019 4.2; JCGM 106:2012 8.3).

    >>> acceptance_interval(ToleranceInterval(9.9, 10.1), Rule.GUARDED_ACCEPTANCE, 0.02)
    AcceptanceInterval(A_L=9.92, A_U=10.08)
    """
    if w < 0 or not math.isfinite(w):
        raise ConformityInputError(f"guard: guard band w must be finite and >= 0, got {w}")
    if rule is Rule.SIMPLE:
        return AcceptanceInterval(tolerance.lower, tolerance.upper)
    sign = 1.0 if rule is Rule.GUARDED_ACCEPTANCE else -1.0
    lower = tolerance.lower + sign * w
    upper = tolerance.upper - sign * w
    if lower > upper:
        raise ConformityInputError(
            f"guard: guard band w = {w} leaves no acceptance interval inside "
            f"[{tolerance.lower}, {tolerance.upper}]"
        )
    return AcceptanceInterval(lower, upper)


def _statement(y: float, tolerance: ToleranceInterval, accepted: bool, binary: bool, w: float) -> Statement:
    if binary:
        return Statement.PASS if accepted else Statement.FAIL
    # Non-binary statement (ILAC G8:09/2019 4.2.3): conditional within w of a limit.
    inside = tolerance.contains(y)
    distance = min(abs(y - tolerance.lower), abs(y - tolerance.upper))
    if inside:
        return Statement.PASS if distance > w else Statement.CONDITIONAL_PASS
    return Statement.FAIL if distance > w else Statement.CONDITIONAL_FAIL


def decide(
    y: float,
    u: float,
    tolerance: ToleranceInterval,
    rule: Rule | str = Rule.SIMPLE,
    r: float = 1.0,
    k: float = 2.0,
    binary: bool = True,
) -> Decision:
    """Apply a decision rule to a measured value ``y`` with standard uncertainty ``u``.

    ``U = k·u`` is the expanded uncertainty and ``w = r·U`` the guard band
    (ILAC G8:09/2019 4.2.2). Simple acceptance ignores ``r`` (w = 0) for the
    decision; a non-binary statement still uses ``w = r·U`` to mark the
    conditional zone (ILAC G8:09/2019 4.2.3).

    >>> d = decide(10.02, 0.01, ToleranceInterval(9.9, 10.1), "guarded-acceptance")
    >>> d.acceptance, d.accepted, d.statement.value, round(d.p_c, 4)
    (AcceptanceInterval(A_L=9.92, A_U=10.08), True, 'pass', 1.0)
    >>> decide(10.09, 0.01, ToleranceInterval(9.9, 10.1), "simple", binary=False).statement.value
    'conditional pass'
    """
    rule = Rule(rule)
    u = check_uncertainty(u)
    if not math.isfinite(k) or k <= 0:
        raise ConformityInputError(f"k: coverage factor must be > 0, got {k}")
    if not math.isfinite(r) or r < 0:
        raise ConformityInputError(f"guard: guard-band multiplier r must be >= 0, got {r}")
    U = k * u
    w = r * U
    acceptance = acceptance_interval(tolerance, rule, 0.0 if rule is Rule.SIMPLE else w)
    accepted = acceptance.contains(float(y))
    p_c = conformance_probability(y, u, tolerance)
    return Decision(
        y=float(y),
        u=u,
        k=float(k),
        U=U,
        tolerance=tolerance,
        rule=rule,
        rule_name=RULE_NAMES[rule],
        reference=RULE_REFERENCES[rule],
        r=float(r),
        w=0.0 if rule is Rule.SIMPLE else w,
        acceptance=acceptance,
        accepted=accepted,
        statement=_statement(float(y), tolerance, accepted, binary, w),
        binary=binary,
        p_c=p_c,
        R_C=nonconformance_probability(y, u, tolerance) if accepted else 0.0,
        R_P=p_c if not accepted else 0.0,
    )

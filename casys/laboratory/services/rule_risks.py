"""What each decision rule means for a method: acceptance limits and risks (ILAC G8:09/2019, JCGM 106:2012).

Shown to the laboratory and its customer before they agree a rule (ISO/IEC 17025:2017 7.1.3):

* the acceptance interval of each rule with the guard band w = r·U of the
  method's own expanded uncertainty (ILAC G8 4.2; JCGM 106 8.3);
* the worst specific risks: the specific consumer's risk of an item accepted on
  an acceptance limit, and the specific producer's risk of an item rejected
  just past it (JCGM 106 9.3);
* global consumer's and producer's risks (JCGM 106 9.5) when the laboratory has
  enough results of the method to describe the production process: the prior is
  normal with the mean of the measured values and the standard deviation
  √(s² − u²), the spread of the measured values less the measurement's own
  contribution (measured value = measurand + measurement error, independent).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from casys.core.conformity import (
    ConformityInputError,
    Rule,
    acceptance_interval,
    conformance_probability,
    global_risks,
    nonconformance_probability,
)
from casys.laboratory.models import TestMethod
from casys.laboratory.services.decisions import tolerance_of

# Fewer results than this say too little about the process to show global risks.
MIN_RESULTS_FOR_PRIOR = 10
RULES = ((Rule.SIMPLE, 0.0), (Rule.GUARDED_ACCEPTANCE, 1.0), (Rule.GUARDED_REJECTION, 1.0))


@dataclass(frozen=True)
class Prior:
    """The process as seen through the method's results: n values, mean y0 and spread u0."""

    n: int
    y0: float
    s: float
    u0: float | None
    why_not: str = ""


@dataclass(frozen=True)
class RuleRisks:
    """One rule on one method: acceptance limits, worst specific risks, global risks (or None)."""

    rule: Rule
    r: float
    w: float
    A_L: float | None
    A_U: float | None
    worst_R_C: float | None
    worst_R_P: float | None
    global_R_C: float | None
    global_R_P: float | None
    error: str = ""


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def process_prior(values: list[float], u: float) -> Prior | None:
    """The prior of JCGM 106:2012 9.5 from measured values of the method, or None without enough of them."""
    if len(values) < MIN_RESULTS_FOR_PRIOR:
        return None
    y0 = statistics.fmean(values)
    s = statistics.stdev(values)
    if s <= u:
        return Prior(len(values), y0, s, None, "spread of the results not larger than u")
    return Prior(len(values), y0, s, math.sqrt(s * s - u * u))


def _worst(limit: float, u: float, method: TestMethod) -> tuple[float, float]:
    """R_C of an item accepted on the limit and R_P of one rejected just past it."""
    tolerance = tolerance_of(method)
    return nonconformance_probability(limit, u, tolerance), conformance_probability(limit, u, tolerance)


def rule_risks(method: TestMethod, u: float, U: float, prior: Prior | None) -> list[RuleRisks]:
    """Each rule of :data:`RULES` on ``method`` with standard uncertainty ``u`` and expanded ``U``."""
    tolerance = tolerance_of(method)
    rows = []
    for rule, r in RULES:
        w = r * U
        try:
            acceptance = acceptance_interval(tolerance, rule, w)
        except ConformityInputError as exc:
            rows.append(RuleRisks(rule, r, w, None, None, None, None, None, None, str(exc)))
            continue
        # the binding limit: the finite acceptance limit with the larger R_C (both equal if symmetric)
        limits = [a for a in (acceptance.A_L, acceptance.A_U) if math.isfinite(a)]
        worst = max((_worst(a, u, method) for a in limits), default=(None, None))
        g_c = g_p = None
        if prior is not None and prior.u0 is not None:
            g = global_risks(prior.y0, prior.u0, u, tolerance, acceptance)
            g_c, g_p = g.R_C, g.R_P
        rows.append(
            RuleRisks(
                rule, r, w, _finite(acceptance.A_L), _finite(acceptance.A_U), worst[0], worst[1], g_c, g_p
            )
        )
    return rows

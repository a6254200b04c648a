"""Key figures of a sampling plan read off its operating characteristic.

What an inspector asks of a plan besides its numbers: how likely a lot at the
AQL is to be accepted, which quality is accepted only 10 % of the time, what
the outgoing quality is at worst when rejected lots are screened, and, for a
double plan, how many items are inspected on average. All of them are computed
from the OC curve of :mod:`casys.core.sampling.oc` by their definitions; no
table value is used:

* ``P_a`` at the AQL (MIL-STD-105E 4.2: the AQL is a process average
  considered satisfactory; plans accept it with high probability);
* the qualities at which P_a is 0.95, 0.50 and 0.10 (``p95``, ``p50`` and the
  limiting quality ``LQ10``; MIL-STD-105E 4.11.2 and Tables VI-A/VII-A
  tabulate LQ for P_a = 10 % and 5 %);
* the average outgoing quality limit AOQL = max over p of
  p · P_a(p) · (N − n) / N, for a lot of N items whose rejected lots are
  screened 100 % and whose nonconforming items are replaced (MIL-STD-105E 4.11.3
  and Table V);
* for a double plan the average sample number ASN(p) = n1 + n2 · P(Ac1 < d1 < Re1)
  (MIL-STD-105E 4.11.4 and Table IX).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import binom, poisson

from casys.core.sampling.oc import MODELS, probability_of_acceptance
from casys.core.sampling.plans import DoublePlan, SinglePlan
from casys.core.sampling.tables import SamplingTableError


@dataclass(frozen=True)
class PlanCharacteristics:
    """Key figures of a plan; qualities as fractions (0.01 = 1 %) or defects per unit.

    ``ASN_at_AQL`` is the average number of items inspected per lot at the AQL
    (equal to ``n`` for a single plan).
    """

    model: str
    P_a_at_AQL: float
    p95: float
    p50: float
    LQ10: float
    AOQL: float
    p_at_AOQL: float
    ASN_at_AQL: float


def _upper(model: str) -> float:
    return 1.0 if model == "binomial" else 50.0


def quality_at(plan: SinglePlan | DoublePlan, P_a: float, model: str = "binomial") -> float:
    """The quality p at which the plan accepts with probability ``P_a`` (0 < P_a < 1).

    >>> from casys.core.sampling.plans import single_plan
    >>> plan = single_plan(5000, "II", 1.0)   # n = 200, Ac = 5
    >>> round(quality_at(plan, 0.10), 4)      # limiting quality LQ10
    0.0459
    """
    if not 0.0 < P_a < 1.0:
        raise SamplingTableError(f"P_a: must lie strictly between 0 and 1, got {P_a}")
    if model not in MODELS:
        raise SamplingTableError(f"model: {model!r} is not one of {', '.join(MODELS)}")

    def gap(p: float) -> float:
        return float(probability_of_acceptance(plan, p, model)[0]) - P_a

    upper = _upper(model)
    if gap(upper) > 0:
        return upper
    return float(brentq(gap, 0.0, upper, xtol=1e-14, rtol=1e-12))


def average_sample_number(plan: SinglePlan | DoublePlan, p: float, model: str = "binomial") -> float:
    """Average number of items inspected per lot at quality ``p`` (MIL-STD-105E 4.11.4).

    A double plan takes the second sample when Ac1 < d1 < Re1:

    >>> from casys.core.sampling.plans import SinglePlan, DoublePlan
    >>> plan = DoublePlan(5000, "II", "1.0", "normal", "L", "L", 125, 125, 2, 5, 6, 7, False, "t", "s")
    >>> round(average_sample_number(plan, 0.0), 1), round(average_sample_number(plan, 1.0), 1)
    (125.0, 125.0)
    """
    if isinstance(plan, SinglePlan):
        return float(plan.n)
    if plan.n2 == 0:
        return float(plan.n1)
    if model == "binomial":
        undecided = binom.cdf(plan.Re1 - 1, plan.n1, p) - binom.cdf(plan.Ac1, plan.n1, p)
    else:
        undecided = poisson.cdf(plan.Re1 - 1, plan.n1 * p) - poisson.cdf(plan.Ac1, plan.n1 * p)
    return float(plan.n1 + plan.n2 * undecided)


def _inspected(plan: SinglePlan | DoublePlan) -> int:
    return plan.n if isinstance(plan, SinglePlan) else plan.n1 + plan.n2


def average_outgoing_quality_limit(
    plan: SinglePlan | DoublePlan, lot_size: int, model: str = "binomial"
) -> tuple[float, float]:
    """AOQL and the quality where it occurs, for rectifying inspection of lots of ``lot_size``.

    AOQ(p) = p · P_a(p) · (N − n) / N (the items of an accepted lot outside the
    sample are not inspected; a rejected lot is screened). ``n`` is the largest
    number of items a lot's samples hold (n1 + n2 for a double plan).
    """
    if lot_size < 1:
        raise SamplingTableError(f"lot_size: must be >= 1, got {lot_size}")
    share = max(0, lot_size - _inspected(plan)) / lot_size
    if share == 0:
        return 0.0, 0.0
    high = quality_at(plan, 1e-6, model)

    def negative_aoq(p: float) -> float:
        return -p * float(probability_of_acceptance(plan, p, model)[0]) * share

    # coarse grid, then a bounded refinement around the best grid point
    grid = np.linspace(0.0, high, 401)
    values = [negative_aoq(float(p)) for p in grid]
    i = int(np.argmin(values))
    low_p, high_p = float(grid[max(0, i - 1)]), float(grid[min(len(grid) - 1, i + 1)])
    best = minimize_scalar(negative_aoq, bounds=(low_p, high_p), method="bounded", options={"xatol": 1e-12})
    return float(-best.fun), float(best.x)


def characteristics(
    plan: SinglePlan | DoublePlan, model: str = "binomial", lot_size: int | None = None
) -> PlanCharacteristics:
    """Key figures of ``plan`` (see the module docstring); ``lot_size`` defaults to the plan's.

    >>> from casys.core.sampling.plans import single_plan
    >>> c = characteristics(single_plan(5000, "II", 1.0))
    >>> round(c.P_a_at_AQL, 3), round(c.LQ10, 4), round(c.AOQL, 4)
    (0.984, 0.0459, 0.0152)
    """
    aql = float(plan.aql) / 100.0
    P_a_at_AQL = float(probability_of_acceptance(plan, aql, model)[0])
    aoql, p_aoql = average_outgoing_quality_limit(plan, lot_size or plan.lot_size, model)
    return PlanCharacteristics(
        model=model,
        P_a_at_AQL=P_a_at_AQL,
        p95=quality_at(plan, 0.95, model),
        p50=quality_at(plan, 0.50, model),
        LQ10=quality_at(plan, 0.10, model),
        AOQL=aoql,
        p_at_AOQL=p_aoql,
        ASN_at_AQL=average_sample_number(plan, aql, model),
    )

"""Operating characteristic (OC) curves of sampling plans (MIL-STD-105E 4.11 and Table X).

The probability of acceptance ``P_a`` as a function of the process quality
``p`` uses the binomial distribution for nonconforming items (``p`` = fraction
nonconforming) and the Poisson distribution for nonconformities (``p`` =
nonconformities per unit, i.e. per-100-units value / 100), as MIL-STD-105E
4.11 states for its OC curves.

A lot is accepted when the count is below the rejection number ``Re``; for the
normal and tightened plans ``Re = Ac + 1``, for reduced plans with a gap the
counts strictly between Ac and Re also accept the lot (MIL-STD-105E 4.9.4).

Double plans (MIL-STD-105E 4.10.2)::

    P_a = P(d1 <= Ac1) + Σ_{Ac1 < d1 < Re1} P(d1) · P(d2 <= Ac2' - d1)

where Ac2' = Re2 - 1 counts "accept" after the second sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq
from scipy.stats import binom, poisson

from casys.core.sampling.plans import DoublePlan, SinglePlan
from casys.core.sampling.tables import SamplingTableError

MODELS = ("binomial", "poisson")


@dataclass(frozen=True)
class OCPoint:
    """One point of an OC curve: quality ``p`` and probability of acceptance ``P_a``."""

    p: float
    P_a: float


def _cdf(k: NDArray[np.int64] | int, n: int, p: NDArray[np.float64], model: str) -> NDArray[np.float64]:
    if model == "binomial":
        return np.asarray(binom.cdf(k, n, p), dtype=float)
    return np.asarray(poisson.cdf(k, n * p), dtype=float)


def _pmf(k: int, n: int, p: NDArray[np.float64], model: str) -> NDArray[np.float64]:
    if model == "binomial":
        return np.asarray(binom.pmf(k, n, p), dtype=float)
    return np.asarray(poisson.pmf(k, n * p), dtype=float)


def probability_of_acceptance(
    plan: SinglePlan | DoublePlan, p: float | NDArray[np.float64], model: str = "binomial"
) -> NDArray[np.float64]:
    """Probability of acceptance of ``plan`` at quality ``p`` (array in, array out).

    >>> from casys.core.sampling.plans import single_plan
    >>> plan = single_plan(5000, "II", 1.0)   # n = 200, Ac = 5
    >>> round(float(probability_of_acceptance(plan, 0.01)[0]), 4)
    0.984
    """
    if model not in MODELS:
        raise SamplingTableError(f"model: {model!r} is not one of {', '.join(MODELS)}")
    q = np.atleast_1d(np.asarray(p, dtype=float))
    if np.any(q < 0) or (model == "binomial" and np.any(q > 1)):
        raise SamplingTableError("p: fraction nonconforming must lie in [0, 1]")
    if isinstance(plan, SinglePlan):
        return _cdf(plan.Re - 1, plan.n, q, model)
    if plan.n2 == 0:  # asterisk: the single plan applies
        return _cdf(plan.Re1 - 1, plan.n1, q, model)
    total = _cdf(plan.Ac1, plan.n1, q, model)
    for d1 in range(plan.Ac1 + 1, plan.Re1):
        total = total + _pmf(d1, plan.n1, q, model) * _cdf(plan.Re2 - 1 - d1, plan.n2, q, model)
    return total


def oc_curve(
    plan: SinglePlan | DoublePlan,
    points: int = 21,
    model: str = "binomial",
    p_max: float | None = None,
) -> tuple[OCPoint, ...]:
    """OC curve points for plotting: ``points`` equally spaced values of p from 0 to ``p_max``.

    Without ``p_max`` the curve runs to the quality at which P_a falls to 0.01.
    Pure data for an SVG renderer; nothing is drawn here.

    >>> from casys.core.sampling.plans import single_plan
    >>> curve = oc_curve(single_plan(5000, "II", 1.0), points=5)
    >>> curve[0], len(curve)
    (OCPoint(p=0.0, P_a=1.0), 5)
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise SamplingTableError(f"points: need an integer >= 2, got {points}")
    if p_max is None:
        upper = 1.0 if model == "binomial" else 50.0

        def excess(p: float) -> float:
            return float(probability_of_acceptance(plan, p, model)[0]) - 0.01

        p_max = float(brentq(excess, 0.0, upper, xtol=1e-12)) if excess(upper) < 0 else upper
    if p_max <= 0:
        raise SamplingTableError(f"p_max: must be > 0, got {p_max}")
    grid = np.linspace(0.0, p_max, points)
    values = probability_of_acceptance(plan, grid, model)
    return tuple(OCPoint(float(x), float(y)) for x, y in zip(grid, values, strict=True))

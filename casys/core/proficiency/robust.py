"""Robust statistics for proficiency testing (ISO 13528:2022, clause 6.5 and annex C).

The estimators here give a location ``x`` (x*) and a scale ``s`` (s*) that are not
dragged away by a few outlying results:

- :func:`median`, :func:`made` and :func:`niqr` — simple estimators (C.2);
- :func:`algorithm_a` — Huber's M-estimator with iterated scale, Algorithm A (C.3.1);
- :func:`q_method` and :func:`hampel` — the Q method for s* (C.5.2) and the Hampel
  estimator for x* (C.5.3), combined in :func:`q_hampel` (C.5.4).

Every function takes a sequence of floats and is invariant to the order of the results.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.stats import norm

# ISO 13528:2022, C.2.2: MADe = 1.483·median|x_i − med(x)|, the factor making MADe an
# estimate of σ for normally distributed data (1/Φ⁻¹(0.75) = 1.4826, rounded by the standard).
MADE_FACTOR = 1.483
# ISO 13528:2022, C.2.3: nIQR = 0.7413·IQR (1/(2·Φ⁻¹(0.75)) = 0.74130).
NIQR_FACTOR = 0.7413
# ISO 13528:2022, C.3.1, formulae (C.3)–(C.6): winsorisation at x* ± 1.5·s*, and the
# factor 1.134 that corrects the standard deviation of winsorised normal data.
ALGORITHM_A_K = 1.5
ALGORITHM_A_FACTOR = 1.134
# ISO 13528:2022, C.5.3.2: tuning constants of the Hampel ψ function.
HAMPEL_A, HAMPEL_B, HAMPEL_C = 1.5, 3.0, 4.5

Stop = Literal["third-figure", "converged"]


class RobustStatisticsError(ValueError):
    """Raised when a robust estimator cannot be computed from the data given."""


@dataclass(frozen=True)
class RobustEstimate:
    """A robust location and scale: ``x`` (x*), ``s`` (s*), from ``p`` results.

    ``iterations`` is the number of updates made (0 for non-iterative methods);
    ``method`` names the estimator.
    """

    x: float
    s: float
    p: int
    method: str
    iterations: int = 0


def _values(results: Sequence[float], minimum: int = 1) -> np.ndarray:
    data = np.asarray(results, dtype=float)
    if data.ndim != 1:
        raise RobustStatisticsError("results must be a flat sequence of numbers")
    if data.size < minimum:
        raise RobustStatisticsError(f"at least {minimum} results are needed, got {data.size}")
    if not np.all(np.isfinite(data)):
        position = int(np.flatnonzero(~np.isfinite(data))[0])
        raise RobustStatisticsError(f"result at position {position} is not a finite number")
    # Sorted, as annex C writes the data (x_1 ≤ … ≤ x_p): the estimates are then exactly
    # independent of the order the results came in, floating-point sums included.
    return np.sort(data)


def median(results: Sequence[float]) -> float:
    """The median of the results (ISO 13528:2022, C.2.1).

    >>> median([3.0, 1.0, 2.0, 10.0])
    2.5
    """
    return float(np.median(_values(results)))


def made(results: Sequence[float]) -> float:
    """Scaled median absolute deviation MADe = 1.483·med|x_i − med(x)| (ISO 13528:2022, C.2.2).

    >>> round(made([1.0, 2.0, 3.0, 4.0, 100.0]), 3)
    1.483
    """
    data = _values(results)
    return MADE_FACTOR * float(np.median(np.abs(data - np.median(data))))


def niqr(results: Sequence[float]) -> float:
    """Normalised interquartile range nIQR = 0.7413·(Q3 − Q1) (ISO 13528:2022, C.2.3).

    Quartiles are taken with linear interpolation between order statistics
    (NumPy's default, Hyndman–Fan type 7); ISO 13528 leaves the quartile
    definition to the provider and notes that different definitions give slightly
    different values for small p.

    >>> niqr([1.0, 2.0, 3.0, 4.0, 5.0])
    1.4826
    """
    data = _values(results)
    q1, q3 = np.percentile(data, [25.0, 75.0])
    return NIQR_FACTOR * float(q3 - q1)


def _algorithm_a_start(data: np.ndarray) -> tuple[float, float]:
    x = float(np.median(data))
    s = MADE_FACTOR * float(np.median(np.abs(data - x)))
    if s == 0.0:
        raise RobustStatisticsError(
            "MADe is zero (more than half of the results are equal): Algorithm A cannot start "
            "(ISO 13528:2022, C.3.1); use another estimator or a prescribed σpt"
        )
    return x, s


def _algorithm_a_update(data: np.ndarray, x: float, s: float) -> tuple[float, float]:
    delta = ALGORITHM_A_K * s
    winsorised = np.clip(data, x - delta, x + delta)
    s_new = ALGORITHM_A_FACTOR * float(np.std(winsorised, ddof=1))
    if s_new == 0.0:
        raise RobustStatisticsError("Algorithm A collapsed to s* = 0 (ISO 13528:2022, C.3.1)")
    return float(np.mean(winsorised)), s_new


def algorithm_a_steps(results: Sequence[float], steps: int) -> list[tuple[float, float]]:
    """The starting values and the first ``steps`` updates (x*, s*) of Algorithm A (ISO 13528:2022, C.3.1).

    For a report that shows the iterations, or to check a worked example step by step.

    >>> [(round(x, 3), round(s, 4)) for x, s in algorithm_a_steps([1.0, 2.0, 3.0, 4.0, 10.0], 1)]
    [(3.0, 1.483), (3.045, 1.8752)]
    """
    data = _values(results, minimum=2)
    x, s = _algorithm_a_start(data)
    trace = [(x, s)]
    for _ in range(steps):
        x, s = _algorithm_a_update(data, x, s)
        trace.append((x, s))
    return trace


def _third_figure_place(s: float) -> int:
    """Decimal place of the third significant figure of ``s`` (ISO 13528:2022, C.3.1)."""
    return 2 - math.floor(math.log10(abs(s)))


def _same_to_third_figure(x_old: float, s_old: float, x_new: float, s_new: float) -> bool:
    places = _third_figure_place(s_new)
    return round(s_old, places) == round(s_new, places) and round(x_old, places) == round(x_new, places)


def algorithm_a(
    results: Sequence[float],
    *,
    stop: Stop = "third-figure",
    max_iterations: int = 1000,
) -> RobustEstimate:
    """Robust mean and standard deviation by Algorithm A (ISO 13528:2022, C.3.1).

    Start from x* = median and s* = MADe (C.3.1, formulae C.1, C.2); winsorise every
    result at x* ± δ with δ = 1.5·s* (C.3, C.4); update x* as the mean and s* as
    1.134 × the standard deviation of the winsorised results (C.5, C.6); repeat.

    ``stop="third-figure"`` applies the standard's stopping rule: stop when neither the
    third significant figure of s* nor the same decimal place of x* changes from one
    iteration to the next. ``stop="converged"`` iterates until the estimates no longer
    change in floating point (relative change < 1e-14), which the standard permits
    ("the process converges").

    >>> est = algorithm_a([10.0, 10.2, 9.8, 10.1, 9.9, 10.0, 15.0])
    >>> round(est.x, 3), round(est.s, 3), est.iterations
    (10.055, 0.22, 9)
    """
    data = _values(results, minimum=2)
    x, s = _algorithm_a_start(data)
    p = data.size
    for iteration in range(1, max_iterations + 1):
        x_new, s_new = _algorithm_a_update(data, x, s)
        if stop == "third-figure":
            done = _same_to_third_figure(x, s, x_new, s_new)
        else:
            done = abs(s_new - s) <= 1e-14 * s and abs(x_new - x) <= 1e-14 * max(s, abs(x))
        x, s = x_new, s_new
        if done:
            return RobustEstimate(x=x, s=s, p=p, method="algorithm-a", iterations=iteration)
    raise RobustStatisticsError(f"Algorithm A did not converge in {max_iterations} iterations")


def _h1(data: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Discontinuity points of H1 (C.5.2.2) and H1 at those points; and H1(0)."""
    p = data.size
    i, j = np.triu_indices(p, k=1)
    differences = np.sort(np.abs(data[i] - data[j]))
    # Differences equal in exact arithmetic can differ in the last bits (0.03 − 0.02 ≠ 0.01);
    # merge those within 1e-9 of the largest, so ties stay ties whatever the unit of the data.
    tolerance = 1e-9 * float(differences[-1])
    starts = np.concatenate(([True], np.diff(differences) > tolerance))
    differences = differences[starts][np.cumsum(starts) - 1]
    differences[differences <= tolerance] = 0.0
    pairs = differences.size
    h1_zero = float(np.count_nonzero(differences == 0.0)) / pairs
    points = np.unique(differences[differences > 0.0])
    h1_points = np.searchsorted(differences, points, side="right") / pairs
    return points, h1_points, h1_zero


def q_method(results: Sequence[float]) -> float:
    """Robust standard deviation s* by the Q method, one result per laboratory (ISO 13528:2022, C.5.2).

    H1(x) is the empirical distribution of the p(p−1)/2 absolute differences between
    laboratories' results. G1 is the continuous, piecewise linear function through
    (0, 0) and the points (x_k, (H1(x_k) + H1(x_{k−1}))/2) at the discontinuities
    x_1 < x_2 < … of H1 with H1(x_0) taken as 0 (C.5.2.2). Then

        s* = G1⁻¹(0.25 + 0.75·H1(0)) / (√2 · Φ⁻¹(0.625 + 0.375·H1(0)))

    where H1(0) is the fraction of tied pairs. ISO 13528:2022 adds small-sample correction
    factors (table C.2, C.5.2.1) that are not public; they are not applied here.

    >>> round(q_method([1.0, 2.0, 3.0, 4.0, 5.0]), 4)
    2.5362
    """
    data = _values(results, minimum=2)
    points, h1_points, h1_zero = _h1(data)
    if points.size == 0:
        raise RobustStatisticsError("all results are equal: no scale by the Q method (ISO 13528:2022, C.5.2)")
    previous = np.concatenate(([0.0], h1_points[:-1]))
    g1 = 0.5 * (h1_points + previous)
    xs = np.concatenate(([0.0], points))
    gs = np.concatenate(([0.0], g1))
    target = 0.25 + 0.75 * h1_zero
    numerator = float(np.interp(target, gs, xs))
    denominator = math.sqrt(2.0) * float(norm.ppf(0.625 + 0.375 * h1_zero))
    return numerator / denominator


def _hampel_psi(q: np.ndarray) -> np.ndarray:
    """Hampel's redescending ψ with a = 1.5, b = 3, c = 4.5 (ISO 13528:2022, C.5.3.2)."""
    a = np.abs(q)
    out = np.where(a <= HAMPEL_A, a, np.where(a <= HAMPEL_B, HAMPEL_A, np.maximum(HAMPEL_C - a, 0.0)))
    out = np.where(a > HAMPEL_C, 0.0, out)
    signed: np.ndarray = np.sign(q) * out
    return signed


def hampel(results: Sequence[float], s: float) -> float:
    """Robust mean x* by the Hampel estimator with scale ``s`` held fixed (ISO 13528:2022, C.5.3).

    Solves Σ ψ((x_i − x)/s) = 0. The left side is continuous and piecewise linear in x
    with nodes at x_i ± {1.5, 3, 4.5}·s, so the roots are found exactly by linear
    interpolation between nodes (C.5.3.3). Of several roots the one nearest the median
    is taken; if two are equally near, or there is none, x* is the median.

    >>> round(hampel([9.9, 10.0, 10.1, 10.2, 13.0], s=0.2), 4)
    10.05
    """
    data = _values(results)
    if not s > 0.0:
        raise RobustStatisticsError("the scale s for the Hampel estimator must be positive")
    med = float(np.median(data))
    # psi is dimensionless (bounded by 1.5), so "zero" is judged with a tolerance that does not
    # change when the results are shifted or scaled.
    zero = 1e-9 * data.size
    if abs(float(np.sum(_hampel_psi((data - med) / s)))) <= zero:
        # The median itself solves the equation (e.g. on a plateau where every result is beyond
        # 4.5 s): it is the root nearest the median.
        return med
    offsets = np.array([-HAMPEL_C, -HAMPEL_B, -HAMPEL_A, HAMPEL_A, HAMPEL_B, HAMPEL_C]) * s
    nodes = np.unique((data[:, None] + offsets[None, :]).ravel())
    values = np.array([float(np.sum(_hampel_psi((data - d) / s))) for d in nodes])
    values[np.abs(values) <= zero] = 0.0
    roots: list[float] = [float(d) for d, v in zip(nodes, values, strict=True) if v == 0.0]
    for k in range(nodes.size - 1):
        v0, v1 = values[k], values[k + 1]
        if v0 * v1 < 0.0:
            roots.append(float(nodes[k] - v0 * (nodes[k + 1] - nodes[k]) / (v1 - v0)))
    if not roots:
        return med
    distances = [abs(r - med) for r in roots]
    nearest = min(distances)
    closest = sorted({r for r, d in zip(roots, distances, strict=True) if d == nearest})
    return closest[0] if len(closest) == 1 else med


def q_hampel(results: Sequence[float]) -> RobustEstimate:
    """Q/Hampel: s* by the Q method and x* by the Hampel estimator (ISO 13528:2022, C.5.4).

    >>> est = q_hampel([9.9, 10.0, 10.1, 10.2, 13.0])
    >>> round(est.x, 3), round(est.s, 3)
    (10.05, 0.311)
    """
    data = _values(results, minimum=2)
    s = q_method(data.tolist())
    return RobustEstimate(x=hampel(data.tolist(), s), s=s, p=data.size, method="q-hampel")


def median_made(results: Sequence[float]) -> RobustEstimate:
    """x* = median and s* = MADe (ISO 13528:2022, C.2), as one estimate.

    >>> median_made([1.0, 2.0, 3.0, 4.0, 100.0])
    RobustEstimate(x=3.0, s=1.483, p=5, method='median', iterations=0)
    """
    data = _values(results)
    return RobustEstimate(x=median(data.tolist()), s=made(data.tolist()), p=data.size, method="median")

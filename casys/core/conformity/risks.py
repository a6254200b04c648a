"""Global risks and acceptance limits for a target risk (JCGM 106:2012 clauses 8 and 9).

Global risks (JCGM 106:2012 9.5) describe a production process, not one item.
The prior PDF of the measurand is normal, ``N(y0, u0)`` (the production process,
JCGM 106:2012 9.5.2), and a measured value given the true value ``η`` is
``N(η, u_m)`` (JCGM 106:2012 9.5.3). With the tolerance interval C and the
acceptance interval A:

* global consumer's risk (JCGM 106:2012 9.5.4)::

      R_C = ∫_{η ∉ C} g0(η) · P(y_m ∈ A | η) dη

* global producer's risk (JCGM 106:2012 9.5.5)::

      R_P = ∫_{η ∈ C} g0(η) · P(y_m ∉ A | η) dη

The inner probability is a difference of normal CDFs; the outer integral is
evaluated with :func:`scipy.integrate.quad`, split at the tolerance limits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.stats import norm

from casys.core.conformity.decision_rules import AcceptanceInterval
from casys.core.conformity.probability import (
    ConformityInputError,
    ToleranceInterval,
    check_uncertainty,
)

_NORMAL_REFERENCE = "JCGM 106:2012 9.5 (global risks, normal prior and normal measurement PDF)"


@dataclass(frozen=True)
class GlobalRisks:
    """Global consumer's and producer's risks of a decision rule on a process (JCGM 106:2012 9.5).

    ``y0``/``u0`` are the prior (process) mean and standard deviation, ``u_m`` the
    standard measurement uncertainty, ``tolerance`` and ``acceptance`` the intervals.
    ``p_conforming`` is the prior probability that an item conforms.
    """

    y0: float
    u0: float
    u_m: float
    tolerance: ToleranceInterval
    acceptance: AcceptanceInterval
    R_C: float
    R_P: float
    p_conforming: float
    reference: str = _NORMAL_REFERENCE


class ProcessPrior(Protocol):
    """The prior PDF g0(η) of the production process (JCGM 106:2012 9.5.2), e.g. a frozen
    :mod:`scipy.stats` distribution such as ``scipy.stats.gamma(4, scale=0.25)``."""

    def pdf(self, x: float) -> float: ...
    def cdf(self, x: float) -> float: ...
    def ppf(self, q: float) -> float: ...
    def mean(self) -> float: ...
    def std(self) -> float: ...


# The prior is integrated between its 1e-13 and 1 - 1e-13 quantiles: the mass left out is
# far below the quad tolerance, and a prior bounded below (gamma) keeps its bound.
_PRIOR_TAIL = 1e-13


def _p_accept(eta: float, u_m: float, acceptance: AcceptanceInterval) -> float:
    upper = norm.cdf((acceptance.A_U - eta) / u_m) if math.isfinite(acceptance.A_U) else 1.0
    lower = norm.cdf((acceptance.A_L - eta) / u_m) if math.isfinite(acceptance.A_L) else 0.0
    return float(upper - lower)


def _integrate(f: Callable[[float], float], a: float, b: float) -> float:
    if b <= a:
        return 0.0
    value, _ = quad(f, a, b, limit=200, epsabs=1e-14, epsrel=1e-10)
    return float(value)


def _check_acceptance(acceptance: AcceptanceInterval) -> None:
    if math.isnan(acceptance.A_L) or math.isnan(acceptance.A_U) or acceptance.A_L > acceptance.A_U:
        raise ConformityInputError(
            f"acceptance limits: lower {acceptance.A_L} must not exceed upper {acceptance.A_U}"
        )


def global_risks(
    y0: float,
    u0: float,
    u_m: float,
    tolerance: ToleranceInterval,
    acceptance: AcceptanceInterval | None = None,
) -> GlobalRisks:
    """Global consumer's and producer's risks (JCGM 106:2012 9.5.4, 9.5.5).

    Without ``acceptance`` the acceptance interval is the tolerance interval
    (simple acceptance). A measurement far better than the process spread
    carries almost no risk:

    >>> r = global_risks(10.0, 0.05, 1e-6, ToleranceInterval(9.9, 10.1))
    >>> r.R_C < 1e-4 and r.R_P < 1e-4
    True
    >>> round(global_risks(10.0, 0.05, 0.01, ToleranceInterval(9.9, 10.1)).p_conforming, 4)
    0.9545
    """
    u0 = check_uncertainty(u0, "process-std")
    if not math.isfinite(y0):
        raise ConformityInputError(f"process-mean: must be finite, got {y0}")
    # the normal prior as a frozen distribution, whose mean and std are y0 and u0: the same
    # integrals, checks of u_m and acceptance default as any other prior
    risks = global_risks_with_prior(norm(y0, u0), u_m, tolerance, acceptance)
    return replace(risks, reference=_NORMAL_REFERENCE)


def _outer_integrals(
    g0: Callable[[float], float],
    lo: float,
    hi: float,
    u_m: float,
    tolerance: ToleranceInterval,
    acceptance: AcceptanceInterval,
) -> tuple[float, float]:
    """R_C and R_P (JCGM 106:2012 9.5.4, 9.5.5) for the prior density g0 on [lo, hi]."""
    t_l = min(max(tolerance.lower, lo), hi)
    t_u = min(max(tolerance.upper, lo), hi)

    def consumer(eta: float) -> float:
        return g0(eta) * _p_accept(eta, u_m, acceptance)

    def producer(eta: float) -> float:
        return g0(eta) * (1.0 - _p_accept(eta, u_m, acceptance))

    R_C = _integrate(consumer, lo, t_l) + _integrate(consumer, t_u, hi)
    R_P = _integrate(producer, t_l, t_u)
    return R_C, R_P


def global_risks_with_prior(
    prior: ProcessPrior,
    u_m: float,
    tolerance: ToleranceInterval,
    acceptance: AcceptanceInterval | None = None,
) -> GlobalRisks:
    """Global risks for any prior PDF of the process (JCGM 106:2012 9.5), normal measurement PDF.

    JCGM 106:2012 9.5 leaves the prior g0(η) general; its ball-bearing example takes a gamma
    PDF for a radial error motion that cannot be negative. ``y0``/``u0`` of the result are the
    prior's mean and standard deviation.

    >>> from scipy.stats import norm as normal
    >>> a = global_risks_with_prior(normal(10.0, 0.05), 0.01, ToleranceInterval(9.9, 10.1))
    >>> b = global_risks(10.0, 0.05, 0.01, ToleranceInterval(9.9, 10.1))
    >>> abs(a.R_C - b.R_C) < 1e-12 and abs(a.R_P - b.R_P) < 1e-12
    True
    """
    u_m = check_uncertainty(u_m, "u")
    if acceptance is None:
        acceptance = AcceptanceInterval(tolerance.lower, tolerance.upper)
    _check_acceptance(acceptance)
    lo, hi = float(prior.ppf(_PRIOR_TAIL)), float(prior.ppf(1.0 - _PRIOR_TAIL))
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ConformityInputError(f"prior: its quantiles must be finite and increasing, got [{lo}, {hi}]")
    R_C, R_P = _outer_integrals(lambda eta: float(prior.pdf(eta)), lo, hi, u_m, tolerance, acceptance)
    upper = float(prior.cdf(tolerance.upper)) if math.isfinite(tolerance.upper) else 1.0
    lower = float(prior.cdf(tolerance.lower)) if math.isfinite(tolerance.lower) else 0.0
    return GlobalRisks(
        y0=float(prior.mean()),
        u0=float(prior.std()),
        u_m=u_m,
        tolerance=tolerance,
        acceptance=acceptance,
        R_C=R_C,
        R_P=R_P,
        p_conforming=upper - lower,
        reference="JCGM 106:2012 9.5 (global risks, given prior and normal measurement PDF)",
    )


def _check_target(target: float) -> float:
    if not (0.0 < target < 0.5):
        raise ConformityInputError(f"target risk: must be between 0 and 0.5, got {target}")
    return float(target)


def acceptance_limits_for_specific_risk(
    u: float, tolerance: ToleranceInterval, target: float
) -> AcceptanceInterval:
    """Acceptance limits at which the specific consumer's risk equals ``target`` (JCGM 106:2012 8.3.2, 9.3.2).

    A measured value on an acceptance limit has conformance probability
    ``1 - target``; values inside have a higher one. For a single limit the guard
    band is ``w = u·z`` with ``z`` the standard normal quantile of ``1 - target``
    (JCGM 106:2012 8.3.2); for a two-sided interval the symmetric guard band is
    found by root finding.

    >>> a = acceptance_limits_for_specific_risk(1.0, ToleranceInterval(T_U=10.0), 0.05)
    >>> round(a.A_U, 4)
    8.3551
    """
    u = check_uncertainty(u)
    target = _check_target(target)
    if not tolerance.two_sided:
        w = u * float(norm.isf(target))
        return AcceptanceInterval(tolerance.lower + w, tolerance.upper - w)
    half = (tolerance.upper - tolerance.lower) / 2.0
    centre = tolerance.lower + half

    def excess(w: float) -> float:
        y = tolerance.upper - w
        p_c = float(norm.cdf((tolerance.upper - y) / u) - norm.cdf((tolerance.lower - y) / u))
        return (1.0 - p_c) - target

    if excess(half) > 0:
        raise ConformityInputError(
            f"target risk: {target} cannot be reached; even a value at the centre has risk above it"
        )
    w = float(brentq(excess, 0.0, half, xtol=1e-14 * max(1.0, abs(centre))))
    return AcceptanceInterval(tolerance.lower + w, tolerance.upper - w)


def acceptance_limits_for_global_risk(
    y0: float, u0: float, u_m: float, tolerance: ToleranceInterval, target: float
) -> tuple[AcceptanceInterval, GlobalRisks]:
    """Guarded-acceptance limits whose global consumer's risk equals ``target`` (JCGM 106:2012 9.5).

    The guard band ``w`` is the same at each finite limit; it is found with
    :func:`scipy.optimize.brentq`. Raises when simple acceptance already meets the target.

    >>> a, r = acceptance_limits_for_global_risk(10.0, 0.05, 0.01, ToleranceInterval(9.9, 10.1), 1e-4)
    >>> abs(r.R_C - 1e-4) < 1e-9 and a.A_U < 10.1
    True
    """
    target = _check_target(target)
    u_m = check_uncertainty(u_m, "u")
    width = (tolerance.upper - tolerance.lower) / 2.0 if tolerance.two_sided else 20.0 * u_m + 20.0 * u0

    def risk(w: float) -> float:
        acc = AcceptanceInterval(tolerance.lower + w, tolerance.upper - w)
        return global_risks(y0, u0, u_m, tolerance, acc).R_C - target

    if risk(0.0) <= 0:
        raise ConformityInputError(
            f"target risk: simple acceptance already has R_C below {target}; no guard band needed"
        )
    w = float(brentq(risk, 0.0, width * (1 - 1e-12), xtol=1e-15, rtol=1e-12))
    acceptance = AcceptanceInterval(tolerance.lower + w, tolerance.upper - w)
    return acceptance, global_risks(y0, u0, u_m, tolerance, acceptance)

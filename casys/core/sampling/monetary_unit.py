"""Monetary-unit sampling (MUS; in a GHG verification the "monetary" unit is a tonne of CO2e).

Planning and evaluation with Poisson reliability factors, as the AICPA Audit
Guide *Audit Sampling* (2017), Appendix C, tabulates them: the reliability
factor for ``k`` misstatements at confidence ``c`` is the upper ``c`` bound of a
Poisson mean after ``k`` events, R(k, c) = Γ⁻¹(c; k + 1) (the inverse regularized
lower incomplete gamma function).

*Sample size*: the smallest ``n`` for which the bound on the misstatement rate,
with the expected misstatement spread as ``n·E/N`` tainting units, stays below
the tolerable rate: Γ⁻¹(c; 1 + n·E/N) / n < T/N (the rule that reproduces AICPA
Table C-1, as jfa's ``planning(likelihood = "poisson")`` does). With no expected
misstatement that is n = ⌊R(0, c)·N/T⌋ + 1, e.g. 95 %: R = 2.9957, T = 5 % of
N → 60 (research note §3 vector 3.5).

*Evaluation* (Stringer bound): sampling interval J = N / n; items whose book
value is at least J are evaluated in full (their misstatement counts as it is);
the others by their tainting t = (book − audited) / book. Projected misstatement
= Σ top-stratum misstatements + Σ t·J; basic precision = R(0)·J; upper
misstatement limit = basic precision + Σ_i (R(i) − R(i−1))·t_(i)·J over the
positive taintings in decreasing order, plus the top-stratum overstatements.

>>> p = mus_sample_size(population=1_000_000, tolerable=50_000, confidence=0.95)
>>> p.sample_size, round(p.sampling_interval, 2), round(p.reliability_factor, 4)
(60, 16666.67, 2.9957)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scipy.special import betaincinv, gammaincinv

LIKELIHOODS: tuple[str, ...] = ("poisson", "binomial")


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")


def poisson_factor(k: float, confidence: float) -> float:
    """Poisson reliability factor R(k, c) = Γ⁻¹(c; k + 1) (``k`` may be a fractional tainting sum).

    >>> round(poisson_factor(0, 0.95), 4), round(poisson_factor(1, 0.95), 4)
    (2.9957, 4.7439)
    """
    _check_confidence(confidence)
    return float(gammaincinv(k + 1.0, confidence))


def binomial_factor(k: int, confidence: float, n: int) -> float:
    """Binomial reliability factor n·B⁻¹(c; k + 1, n − k) (Clopper–Pearson upper bound times n)."""
    _check_confidence(confidence)
    if k >= n:
        return float(n)
    return float(n * betaincinv(k + 1.0, n - k, confidence))


@dataclass(frozen=True)
class MUSPlan:
    """A MUS sample size, its sampling interval and the reliability factor it rests on."""

    population: float
    tolerable: float
    expected: float
    confidence: float
    sample_size: int
    sampling_interval: float
    reliability_factor: float


def mus_sample_size(
    population: float,
    tolerable: float,
    confidence: float,
    expected: float = 0.0,
    *,
    max_n: int = 1_000_000,
) -> MUSPlan:
    """Sample size for a population of ``population`` units, tolerable and expected misstatement.

    ``reliability_factor`` is R at the expected tainting ``n·E/N`` (R(0, c) when none is expected).
    """
    _check_confidence(confidence)
    if population <= 0:
        raise ValueError("population must be above 0")
    if not 0 < tolerable <= population:
        raise ValueError("tolerable misstatement must be above 0 and at most the population")
    if not 0 <= expected < tolerable:
        raise ValueError("expected misstatement must be zero or more and below the tolerable misstatement")
    t, e = tolerable / population, expected / population
    for n in range(1, max_n + 1):
        factor = poisson_factor(n * e, confidence)
        if factor / n < t:
            return MUSPlan(population, tolerable, expected, confidence, n, population / n, factor)
    raise ValueError(f"no sample size up to {max_n} reaches that precision")


@dataclass(frozen=True)
class SampleItem:
    """A sampled item: its book value and the audited (verified) value."""

    item: str
    book_value: float
    audited_value: float

    @property
    def misstatement(self) -> float:
        """Book − audited (positive: overstated)."""
        return self.book_value - self.audited_value


@dataclass(frozen=True)
class MUSEvaluation:
    """The evaluation of a MUS sample (Stringer bound); amounts in the population's unit."""

    population: float
    sample_size: int
    confidence: float
    likelihood: str
    sampling_interval: float
    top_stratum_misstatement: float
    taintings: tuple[float, ...]
    projected_misstatement: float
    basic_precision: float
    incremental_allowance: float
    upper_misstatement_limit: float


def _factors(likelihood: str, confidence: float, n: int) -> Callable[[int], float]:
    if likelihood == "poisson":
        return lambda k: poisson_factor(k, confidence)
    if likelihood == "binomial":
        return lambda k: binomial_factor(k, confidence, n)
    raise ValueError(f"likelihood must be one of {', '.join(LIKELIHOODS)}")


def mus_evaluate(
    items: Sequence[SampleItem],
    population: float,
    confidence: float,
    *,
    sample_size: int | None = None,
    likelihood: str = "poisson",
) -> MUSEvaluation:
    """Evaluate a MUS sample: projected misstatement, basic precision and the Stringer upper limit.

    ``sample_size`` defaults to the number of items. Understatements (negative
    taintings) enter the projected misstatement but not the upper limit of
    overstatement (Stringer's bound is one-sided).
    """
    _check_confidence(confidence)
    n = sample_size if sample_size is not None else len(items)
    if n <= 0:
        raise ValueError("the sample has no items")
    if population <= 0:
        raise ValueError("population must be above 0")
    factor = _factors(likelihood, confidence, n)
    interval = population / n
    top = [it for it in items if it.book_value >= interval]
    low = [it for it in items if it.book_value < interval]
    for it in low:
        if it.book_value <= 0:
            raise ValueError(f"item {it.item}: book value must be above 0")
    top_misstatement = math.fsum(it.misstatement for it in top)
    taints = tuple(it.misstatement / it.book_value for it in low)
    projected = top_misstatement + math.fsum(t * interval for t in taints)
    basic = factor(0) * interval
    positive = sorted((t for t in taints if t > 0), reverse=True)
    increments = [(factor(i) - factor(i - 1)) * t * interval for i, t in enumerate(positive, start=1)]
    stringer = basic + math.fsum(increments)
    incremental = stringer - basic - math.fsum(t * interval for t in positive)
    upper = stringer + math.fsum(max(it.misstatement, 0.0) for it in top)
    return MUSEvaluation(
        population=population, sample_size=n, confidence=confidence, likelihood=likelihood,
        sampling_interval=interval, top_stratum_misstatement=top_misstatement, taintings=taints,
        projected_misstatement=projected, basic_precision=basic, incremental_allowance=incremental,
        upper_misstatement_limit=upper,
    )  # fmt: skip

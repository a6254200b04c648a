"""Conformance probability of one measured value (JCGM 106:2012, clause 7).

The state of knowledge of the measurand after the measurement is a normal PDF
with expectation ``y`` (the measured value) and standard deviation ``u`` (the
standard measurement uncertainty), JCGM 106:2012 7.2. The conformance
probability ``p_c`` is the probability that the measurand lies in the tolerance
interval [T_L, T_U]; a one-sided interval has ``T_L = -inf`` or ``T_U = +inf``.

JCGM 106:2012 7.2.1 (single lower limit)::

    p_c = 1 - Φ((T_L - y) / u)

JCGM 106:2012 7.2.2 (single upper limit)::

    p_c = Φ((T_U - y) / u)

JCGM 106:2012 7.3 (two-sided interval)::

    p_c = Φ((T_U - y) / u) - Φ((T_L - y) / u)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm


class ConformityInputError(ValueError):
    """A decision-rule or risk input is invalid; the message names the field."""


@dataclass(frozen=True)
class ToleranceInterval:
    """Tolerance interval [T_L, T_U] (JCGM 106:2012 3.3.5); an absent limit is infinite.

    >>> ToleranceInterval(9.9, 10.1).two_sided
    True
    >>> ToleranceInterval(T_L=None, T_U=5.0).T_L
    -inf
    """

    T_L: float | None = None
    T_U: float | None = None

    def __post_init__(self) -> None:
        lower = -math.inf if self.T_L is None else float(self.T_L)
        upper = math.inf if self.T_U is None else float(self.T_U)
        if math.isnan(lower) or math.isnan(upper):
            raise ConformityInputError("tolerance limits: NaN is not a limit")
        if math.isinf(lower) and math.isinf(upper):
            raise ConformityInputError("tolerance limits: give --lower, --upper or both")
        if lower >= upper:
            raise ConformityInputError(f"tolerance limits: lower {lower} must be below upper {upper}")
        object.__setattr__(self, "T_L", lower)
        object.__setattr__(self, "T_U", upper)

    @property
    def lower(self) -> float:
        """T_L as a float (-inf when absent)."""
        return float(self.T_L)  # type: ignore[arg-type]

    @property
    def upper(self) -> float:
        """T_U as a float (+inf when absent)."""
        return float(self.T_U)  # type: ignore[arg-type]

    @property
    def two_sided(self) -> bool:
        """Whether both limits are finite."""
        return math.isfinite(self.lower) and math.isfinite(self.upper)

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the closed interval."""
        return self.lower <= value <= self.upper


def check_uncertainty(u: float, field: str = "u") -> float:
    """Return ``u`` as a float if it is a finite positive number, else raise naming ``field``."""
    value = float(u)
    if not math.isfinite(value) or value <= 0.0:
        raise ConformityInputError(f"{field}: standard uncertainty must be a finite number > 0, got {u}")
    return value


def _checked(y: float, u: float) -> tuple[float, float]:
    """A finite measured value and a valid standard uncertainty, or an error naming the field."""
    value = float(y)
    if not math.isfinite(value):
        raise ConformityInputError(f"value: measured value must be finite, got {value}")
    return value, check_uncertainty(u)


def conformance_probability(y: float, u: float, tolerance: ToleranceInterval) -> float:
    """Conformance probability p_c of a measured value (JCGM 106:2012 7.2 and 7.3).

    ``y`` is the measured value, ``u`` its standard uncertainty, both in the unit
    of the tolerance limits. A measured value on a single limit has p_c = 0.5
    (JCGM 106:2012 8.2.2, simple acceptance at the limit):

    >>> conformance_probability(10.0, 0.1, ToleranceInterval(T_U=10.0))
    0.5
    >>> round(conformance_probability(10.0, 0.05, ToleranceInterval(9.9, 10.1)), 4)
    0.9545
    """
    y, u = _checked(y, u)
    upper = float(norm.cdf((tolerance.upper - y) / u)) if math.isfinite(tolerance.upper) else 1.0
    lower = float(norm.cdf((tolerance.lower - y) / u)) if math.isfinite(tolerance.lower) else 0.0
    # Upper-tail form for a lone lower limit keeps precision far inside the interval.
    if not math.isfinite(tolerance.upper):
        return float(norm.sf((tolerance.lower - y) / u))
    return max(0.0, upper - lower)


def nonconformance_probability(y: float, u: float, tolerance: ToleranceInterval) -> float:
    """Probability 1 - p_c that the measurand lies outside the tolerance interval (JCGM 106:2012 7.3).

    Summed from the two tails, so it keeps its relative precision when p_c is
    close to 1, where ``1 - p_c`` would round to a multiple of 2⁻⁵³. The
    specific consumer's risk of an accepted item is this number (9.3.2).

    >>> f"{nonconformance_probability(10.02, 0.01, ToleranceInterval(9.9, 10.1)):.3e}"
    '6.221e-16'
    >>> nonconformance_probability(10.0, 0.1, ToleranceInterval(T_U=10.0))
    0.5
    """
    y, u = _checked(y, u)
    below = float(norm.cdf((tolerance.lower - y) / u)) if math.isfinite(tolerance.lower) else 0.0
    above = float(norm.sf((tolerance.upper - y) / u)) if math.isfinite(tolerance.upper) else 0.0
    return min(1.0, below + above)

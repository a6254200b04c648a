"""Standard deviation for proficiency assessment σpt (ISO 13528:2022, clause 8).

Each function returns a :class:`SigmaPt` naming its source, so the report can say
how σpt was chosen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Horwitz function σ_H = 0.02·c^0.8495, c a dimensionless mass fraction
# (Horwitz, Kamps, Boyer, J. Assoc. Off. Anal. Chem. 63 (1980) 1344; quoted as a general
# model for σpt in ISO 13528:2022, 8.4 and in the IUPAC Harmonized Protocol 2006, 3.5.2).
HORWITZ_FACTOR = 0.02
HORWITZ_EXPONENT = 0.8495
# Thompson's modification (M. Thompson, Analyst 125 (2000) 385–386): below c = 1.2·10⁻⁷
# σ = 0.22·c; above c = 0.138, σ = 0.01·c^0.5; Horwitz in between.
THOMPSON_LOW_LIMIT = 1.2e-7
THOMPSON_LOW_FACTOR = 0.22
THOMPSON_HIGH_LIMIT = 0.138
THOMPSON_HIGH_FACTOR = 0.01


class SigmaPtError(ValueError):
    """Raised when σpt cannot be determined from the values given."""


@dataclass(frozen=True)
class SigmaPt:
    """σpt (``sigma``) and where it came from (``source``, with a clause)."""

    sigma: float
    source: str


def _positive(value: float, name: str) -> float:
    if not (math.isfinite(value) and value > 0.0):
        raise SigmaPtError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def prescribed(sigma: float) -> SigmaPt:
    """σpt fixed for fitness for purpose or by experts (ISO 13528:2022, 8.2).

    >>> prescribed(0.5)
    SigmaPt(sigma=0.5, source='prescribed (ISO 13528:2022, 8.2)')
    """
    return SigmaPt(_positive(sigma, "sigma_pt"), "prescribed (ISO 13528:2022, 8.2)")


def horwitz(c: float) -> SigmaPt:
    """Horwitz σ_H = 0.02·c^0.8495 for a mass fraction c (ISO 13528:2022, 8.4).

    Returns σ as a mass fraction; multiply by the unit of the results where needed.

    >>> round(horwitz(1e-6).sigma / 1e-6, 4)  # 1 mg/kg: RSD 16 %
    0.16
    """
    c = _positive(c, "mass fraction c")
    if c > 1.0:
        raise SigmaPtError(f"the Horwitz function takes a mass fraction ≤ 1, got {c}")
    return SigmaPt(HORWITZ_FACTOR * c**HORWITZ_EXPONENT, "Horwitz function (ISO 13528:2022, 8.4)")


def thompson_horwitz(c: float) -> SigmaPt:
    """Horwitz function with Thompson's modification (Analyst 125 (2000) 385).

    >>> round(thompson_horwitz(1e-9).sigma / 1e-9, 2)  # 1 µg/kg: RSD 22 %
    0.22
    >>> round(thompson_horwitz(0.5).sigma, 5)
    0.00707
    """
    c = _positive(c, "mass fraction c")
    if c > 1.0:
        raise SigmaPtError(f"the Horwitz function takes a mass fraction ≤ 1, got {c}")
    source = "Horwitz function with Thompson's modification (Analyst 125 (2000) 385; ISO 13528:2022, 8.4)"
    if c < THOMPSON_LOW_LIMIT:
        return SigmaPt(THOMPSON_LOW_FACTOR * c, source)
    if c > THOMPSON_HIGH_LIMIT:
        return SigmaPt(THOMPSON_HIGH_FACTOR * math.sqrt(c), source)
    return SigmaPt(HORWITZ_FACTOR * c**HORWITZ_EXPONENT, source)


def from_earlier_rounds(relative_sds: Sequence[float], x_pt: float) -> SigmaPt:
    """σpt from the experience of earlier rounds (ISO 13528:2022, 8.3).

    The standard leaves the summary to the provider; casys takes the median of the
    relative robust standard deviations of earlier rounds, times the assigned value.

    >>> from_earlier_rounds([0.05, 0.06, 0.04], 200.0).sigma
    10.0
    """
    values = np.asarray(relative_sds, dtype=float)
    if values.size == 0:
        raise SigmaPtError("at least one earlier round is needed")
    for position, value in enumerate(values):
        _positive(float(value), f"relative standard deviation at position {position}")
    return SigmaPt(float(np.median(values)) * abs(x_pt), "earlier rounds (ISO 13528:2022, 8.3)")


def from_precision_experiment(s_R: float, s_r: float, m: int = 1) -> SigmaPt:
    """σpt = √(σ_R² − σ_r²·(1 − 1/m)) from a collaborative study (ISO 13528:2022, 8.5).

    ``m`` is the number of replicates each participant averages.

    >>> round(from_precision_experiment(2.0, 1.0, m=2).sigma, 4)
    1.8708
    """
    s_R = _positive(s_R, "s_R")
    s_r = _positive(s_r, "s_r")
    if m < 1:
        raise SigmaPtError(f"m must be at least 1, got {m}")
    variance = s_R**2 - s_r**2 * (1.0 - 1.0 / m)
    if variance <= 0.0:
        raise SigmaPtError("s_R must exceed s_r·√(1 − 1/m)")
    return SigmaPt(math.sqrt(variance), "precision experiment (ISO 13528:2022, 8.5)")


def from_robust_sd(s: float, method: str) -> SigmaPt:
    """σpt = s*, the robust standard deviation of this round's results (ISO 13528:2022, 8.6).

    >>> from_robust_sd(0.25, "algorithm-a").source
    'robust standard deviation s* (algorithm-a) of the round (ISO 13528:2022, 8.6)'
    """
    return SigmaPt(
        _positive(s, "robust standard deviation s*"),
        f"robust standard deviation s* ({method}) of the round (ISO 13528:2022, 8.6)",
    )

"""Decision consistency at a cut score, from a single administration.

- **Livingston's coefficient** (Livingston 1972, "Criterion-referenced applications of
  classical test theory", *J. Educ. Meas.* 9(1), 13–26):
  ``k²(X, T_X) = (ρ σ² + (μ − C)²) / (σ² + (μ − C)²)`` with ρ a reliability coefficient
  (KR-20 here), σ² the variance and μ the mean of the total scores, C the cut. It equals ρ
  when the cut is at the mean and grows towards 1 as the cut moves away from it.
- **Subkoviak's agreement index** p₀ and **kappa** (Subkoviak 1988, "A practitioner's guide
  to computation and interpretation of reliability indices for mastery tests",
  *J. Educ. Meas.* 25(1), 47–55): the standardised cut ``z = (c − 0.5 − M)/S`` (S with divisor
  n − 1) and the reliability are looked up in Subkoviak's tables (|z| 0.0–2.0 by 0.1,
  reliability 0.1–0.9 by 0.1). The tables come from the bivariate-normal approximation
  (Huynh 1976; Peng & Subkoviak 1980): with ρ the reliability,
  ``p₀ = Φ₂(z, z; ρ) + Φ₂(−z, −z; ρ)``, ``p_c = Φ(z)² + Φ(−z)²``,
  ``κ = (p₀ − p_c)/(1 − p_c)``; :func:`subkoviak` gives both the table look-up (rounded as
  R's rcrtan does: |z| and ρ to one decimal, |z| > 2 read as 2, ρ ≥ 0.95 read as 0.9) and the
  formula at the unrounded z and ρ.
- **Brennan's Φ(λ)** (Brennan 1984, in Berk (ed.), *A guide to criterion-referenced test
  construction*, 231–266) and **Brown's short-cut φ** (Brown 1990, *Language Testing* 7,
  77–97), as rcrtan implements them (proportion-score variance with divisor n).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import multivariate_normal, norm

from casys.core.psychometrics.item_analysis import PsychometricsError

# Subkoviak (1988), tables of p₀ and κ by |z| (rows 0.0, 0.1 … 2.0) and reliability (columns
# 0.1 … 0.9), as transcribed in R's rcrtan 0.1.1 (gtlaflair/rcrtan, data-raw/sub_agree_coef.csv
# and sub_kappa_coef.csv). Two cells disagree with the bivariate-normal formula the tables come
# from by more than rounding and look like transcription errors — p₀ at z = 1.0, ρ = 0.4 reads
# 0.77 (formula 0.79) and κ at z = 1.6, ρ = 0.3 reads 0.06 (formula 0.10); they are kept as
# transcribed (tests/core/psychometrics/test_decision_consistency.py checks every other cell).
SUBKOVIAK_AGREEMENT = (
    (0.53, 0.56, 0.60, 0.63, 0.67, 0.70, 0.75, 0.80, 0.86),
    (0.53, 0.57, 0.60, 0.63, 0.67, 0.71, 0.75, 0.80, 0.86),
    (0.54, 0.57, 0.61, 0.64, 0.67, 0.71, 0.75, 0.80, 0.86),
    (0.56, 0.59, 0.62, 0.65, 0.68, 0.72, 0.76, 0.80, 0.86),
    (0.58, 0.60, 0.63, 0.66, 0.69, 0.73, 0.77, 0.81, 0.87),
    (0.60, 0.62, 0.65, 0.68, 0.71, 0.74, 0.78, 0.82, 0.87),
    (0.62, 0.65, 0.67, 0.70, 0.73, 0.76, 0.79, 0.83, 0.88),
    (0.65, 0.67, 0.70, 0.72, 0.75, 0.77, 0.80, 0.84, 0.89),
    (0.68, 0.70, 0.72, 0.74, 0.77, 0.79, 0.82, 0.85, 0.90),
    (0.71, 0.73, 0.75, 0.77, 0.79, 0.81, 0.84, 0.87, 0.90),
    (0.75, 0.76, 0.77, 0.77, 0.81, 0.83, 0.85, 0.88, 0.91),
    (0.78, 0.79, 0.80, 0.81, 0.83, 0.85, 0.87, 0.89, 0.92),
    (0.80, 0.81, 0.82, 0.84, 0.85, 0.86, 0.88, 0.90, 0.93),
    (0.83, 0.84, 0.85, 0.86, 0.87, 0.88, 0.90, 0.91, 0.94),
    (0.86, 0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.93, 0.95),
    (0.88, 0.88, 0.89, 0.90, 0.90, 0.91, 0.92, 0.94, 0.95),
    (0.90, 0.90, 0.91, 0.91, 0.92, 0.93, 0.93, 0.95, 0.96),
    (0.92, 0.92, 0.92, 0.93, 0.93, 0.94, 0.95, 0.95, 0.97),
    (0.93, 0.93, 0.94, 0.94, 0.94, 0.95, 0.95, 0.96, 0.97),
    (0.95, 0.95, 0.95, 0.95, 0.95, 0.96, 0.96, 0.97, 0.98),
    (0.96, 0.96, 0.96, 0.96, 0.96, 0.97, 0.97, 0.97, 0.98),
)
SUBKOVIAK_KAPPA = (
    (0.06, 0.13, 0.19, 0.26, 0.33, 0.41, 0.49, 0.59, 0.71),
    (0.06, 0.13, 0.19, 0.26, 0.33, 0.41, 0.49, 0.59, 0.71),
    (0.06, 0.13, 0.19, 0.26, 0.33, 0.41, 0.49, 0.59, 0.71),
    (0.06, 0.12, 0.19, 0.26, 0.33, 0.40, 0.49, 0.59, 0.71),
    (0.06, 0.12, 0.19, 0.25, 0.32, 0.40, 0.48, 0.58, 0.71),
    (0.06, 0.12, 0.18, 0.25, 0.32, 0.40, 0.48, 0.58, 0.70),
    (0.06, 0.12, 0.18, 0.24, 0.31, 0.39, 0.47, 0.57, 0.70),
    (0.05, 0.11, 0.17, 0.24, 0.31, 0.38, 0.47, 0.57, 0.70),
    (0.05, 0.11, 0.17, 0.23, 0.30, 0.37, 0.46, 0.56, 0.69),
    (0.05, 0.10, 0.16, 0.22, 0.29, 0.36, 0.45, 0.55, 0.68),
    (0.05, 0.10, 0.15, 0.21, 0.28, 0.35, 0.44, 0.54, 0.68),
    (0.04, 0.09, 0.14, 0.20, 0.27, 0.34, 0.43, 0.53, 0.67),
    (0.04, 0.08, 0.14, 0.19, 0.26, 0.33, 0.42, 0.52, 0.66),
    (0.04, 0.08, 0.13, 0.18, 0.25, 0.32, 0.41, 0.51, 0.65),
    (0.03, 0.07, 0.12, 0.17, 0.23, 0.31, 0.39, 0.50, 0.64),
    (0.03, 0.07, 0.11, 0.16, 0.22, 0.29, 0.38, 0.49, 0.63),
    (0.03, 0.06, 0.06, 0.15, 0.21, 0.28, 0.37, 0.47, 0.62),
    (0.02, 0.05, 0.09, 0.14, 0.20, 0.27, 0.35, 0.46, 0.61),
    (0.02, 0.05, 0.08, 0.13, 0.18, 0.25, 0.34, 0.45, 0.60),
    (0.02, 0.04, 0.08, 0.12, 0.17, 0.24, 0.32, 0.43, 0.59),
    (0.02, 0.04, 0.07, 0.11, 0.16, 0.22, 0.31, 0.42, 0.58),
)


def livingston(reliability: float, mean: float, variance: float, cut: float) -> float:
    """Livingston's k²(X, T_X) (see the module docstring).

    >>> livingston(0.8, 20.0, 25.0, 20.0), round(livingston(0.8, 20.0, 25.0, 25.0), 4)
    (0.8, 0.9)
    """
    if variance <= 0.0:
        raise PsychometricsError("Livingston's coefficient needs a positive score variance")
    d2 = (mean - cut) ** 2
    return (reliability * variance + d2) / (variance + d2)


@dataclass(frozen=True)
class Subkoviak:
    """Subkoviak's indices: ``z`` (unrounded), ``reliability`` used, the table look-up
    (``z_rounded``, ``reliability_rounded``, ``p0_table``, ``kappa_table``) and the
    bivariate-normal values at the unrounded z and reliability (``p0``, ``kappa``)."""

    z: float
    reliability: float
    z_rounded: float
    reliability_rounded: float
    p0_table: float
    kappa_table: float
    p0: float
    kappa: float


def agreement_normal(z: float, reliability: float) -> tuple[float, float]:
    """p₀ and κ of the bivariate-normal approximation (Huynh 1976; Peng & Subkoviak 1980).

    >>> [round(v, 2) for v in agreement_normal(0.0, 0.5)]
    [0.67, 0.33]
    """
    rho = min(max(reliability, 0.0), 0.999999)
    both_below = float(multivariate_normal(mean=[0.0, 0.0], cov=[[1.0, rho], [rho, 1.0]]).cdf([z, z]))
    below = float(norm.cdf(z))
    p0 = both_below + (1.0 - 2.0 * below + both_below)
    pc = below**2 + (1.0 - below) ** 2
    return p0, (p0 - pc) / (1.0 - pc)


def subkoviak(mean: float, sd: float, cut: float, reliability: float) -> Subkoviak:
    """Subkoviak's agreement p₀ and κ at the raw ``cut`` (``sd`` with divisor n − 1).

    >>> s = subkoviak(8.157895, 1.462994, 8, 0.4250152)
    >>> round(s.z, 2), s.p0_table, s.kappa_table
    (-0.45, 0.66, 0.25)
    """
    if sd <= 0.0:
        raise PsychometricsError("Subkoviak's indices need a positive standard deviation")
    z = (cut - 0.5 - mean) / sd
    z_rounded = min(round(abs(z), 1), 2.0)
    r_rounded = min(max(round(reliability, 1), 0.1), 0.9)
    row, column = round(z_rounded * 10), round(r_rounded * 10) - 1
    p0, kappa = agreement_normal(abs(z), reliability)
    return Subkoviak(
        z,
        reliability,
        z_rounded,
        r_rounded,
        SUBKOVIAK_AGREEMENT[row][column],
        SUBKOVIAK_KAPPA[row][column],
        p0,
        kappa,
    )


def phi_lambda(totals: npt.ArrayLike, items: int, cut_proportion: float) -> float:
    """Brennan's Φ(λ) at the cut ``λ`` (a proportion), from total scores (as rcrtan computes it).

    ``1 − (1/(k−1)) · (M_p(1 − M_p) − S_p²) / ((M_p − λ)² + S_p²)``, proportion scores, S_p² with divisor n.
    """
    p = np.asarray(totals, dtype=np.float64) / items
    if items < 2 or p.size < 2:
        raise PsychometricsError("Φ(λ) needs at least 2 items and 2 candidates")
    m, s2 = float(p.mean()), float(p.var())
    return 1.0 - (m * (1.0 - m) - s2) / ((items - 1) * ((m - cut_proportion) ** 2 + s2))


def phi_domain(totals: npt.ArrayLike, items: int, reliability: float) -> float:
    """Brown's short-cut φ (domain-score dependability) from the totals and a KR coefficient."""
    p = np.asarray(totals, dtype=np.float64) / items
    n = p.size
    if items < 2 or n < 2:
        raise PsychometricsError("φ needs at least 2 items and 2 candidates")
    m, s2 = float(p.mean()), float(p.var())
    true = n * s2 / (n - 1) * reliability
    return true / (true + (m * (1.0 - m) - s2) / (items - 1))

"""Homogeneity and stability of proficiency test items (ISO 13528:2022, annex B).

Homogeneity: g items drawn at random, each measured m ≥ 2 times under repeatability
conditions. From the item means and within-item standard deviations (B.3):

- s_x, the standard deviation of the item means;
- s_w, the pooled within-item standard deviation;
- s_s = √max(0, s_x² − s_w²/m), the between-samples standard deviation.

The items are adequately homogeneous when s_s ≤ 0.3·σpt (B.2.2), or — allowing for the
repeatability of the homogeneity measurements — when s_s² ≤ c with
c = F1·(0.3·σpt)² + F2·s_w² (B.2.3). The coefficients are computed from their
distributions as the standard defines them (annex B, table B.1, for α = 0.05):
F1 = χ²_{1−α}(g − 1)/(g − 1) and F2 = (F_{1−α}(g − 1, g(m − 1)) − 1)/m.

Stability (B.5): |ȳ₁ − ȳ₂| ≤ 0.3·σpt, optionally widened by 2·√(u²(ȳ₁) + u²(ȳ₂)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2, f

# ISO 13528:2022, B.2.2: the between-samples standard deviation shall not exceed 0.3·σpt.
HOMOGENEITY_FRACTION = 0.3
# ISO 13528:2022, B.2.3: F1 and F2 are tabulated (table B.1) for a 95 % level of confidence.
DEFAULT_ALPHA = 0.05


class HomogeneityError(ValueError):
    """Raised when the homogeneity or stability data are not usable; names the item."""


@dataclass(frozen=True)
class Homogeneity:
    """Result of a homogeneity check (ISO 13528:2022, annex B).

    ``g`` items with ``m`` replicates; ``x`` general mean; ``s_x``, ``s_w``, ``s_s``;
    ``limit`` = 0.3·σpt and ``passes`` for B.2.2; ``F1``, ``F2``, ``c`` and
    ``passes_allowing_repeatability`` (s_s² ≤ c) for B.2.3; ``s_w_ratio`` = s_w/σpt
    (annex B recommends a homogeneity method with s_w/σpt < 0.5).
    """

    g: int
    m: int
    x: float
    s_x: float
    s_w: float
    s_s: float
    sigma_pt: float
    limit: float
    passes: bool
    F1: float
    F2: float
    c: float
    passes_allowing_repeatability: bool
    s_w_ratio: float


def f_coefficients(g: int, m: int = 2, alpha: float = DEFAULT_ALPHA) -> tuple[float, float]:
    """F1 and F2 of ISO 13528:2022, B.2.3, computed from the χ² and F distributions.

    >>> [round(v, 2) for v in f_coefficients(20)]
    [1.59, 0.57]
    """
    if g < 2 or m < 2:
        raise HomogeneityError(f"need at least 2 items and 2 replicates, got g={g}, m={m}")
    f1 = float(chi2.ppf(1.0 - alpha, g - 1)) / (g - 1)
    f2 = (float(f.ppf(1.0 - alpha, g - 1, g * (m - 1))) - 1.0) / m
    return f1, f2


def check(items: Sequence[Sequence[float]], sigma_pt: float, alpha: float = DEFAULT_ALPHA) -> Homogeneity:
    """Homogeneity check of ``items`` (one list of replicate results per item) against σpt.

    >>> h = check([[10.0, 10.2], [10.1, 10.1], [9.9, 10.1], [10.2, 10.0]], sigma_pt=0.5)
    >>> round(h.s_s, 4), h.passes, h.passes_allowing_repeatability
    (0.0, True, True)
    """
    if not (math.isfinite(sigma_pt) and sigma_pt > 0.0):
        raise HomogeneityError(f"sigma_pt must be a positive number, got {sigma_pt!r}")
    if len(items) < 2:
        raise HomogeneityError(f"at least 2 items are needed, got {len(items)}")
    m = len(items[0])
    for position, replicates in enumerate(items):
        if len(replicates) != m:
            raise HomogeneityError(
                f"item {position + 1} has {len(replicates)} replicates, item 1 has {m}: "
                "annex B needs the same number for every item"
            )
    if m < 2:
        raise HomogeneityError("each item needs at least 2 replicates")
    data = np.asarray(items, dtype=float)
    g = data.shape[0]
    means = data.mean(axis=1)
    s_x = float(np.std(means, ddof=1))
    s_w = math.sqrt(float(np.mean(np.var(data, axis=1, ddof=1))))
    s_s = math.sqrt(max(0.0, s_x**2 - s_w**2 / m))
    limit = HOMOGENEITY_FRACTION * sigma_pt
    f1, f2 = f_coefficients(g, m, alpha)
    c = f1 * limit**2 + f2 * s_w**2
    return Homogeneity(
        g=g,
        m=m,
        x=float(means.mean()),
        s_x=s_x,
        s_w=s_w,
        s_s=s_s,
        sigma_pt=sigma_pt,
        limit=limit,
        passes=s_s <= limit,
        F1=f1,
        F2=f2,
        c=c,
        passes_allowing_repeatability=s_s**2 <= c,
        s_w_ratio=s_w / sigma_pt,
    )


@dataclass(frozen=True)
class Stability:
    """Stability check (ISO 13528:2022, B.5): difference of means against its limit."""

    difference: float
    limit: float
    passes: bool


def stability(
    before: Sequence[float],
    after: Sequence[float],
    sigma_pt: float,
    *,
    allow_for_uncertainty: bool = False,
) -> Stability:
    """|ȳ₁ − ȳ₂| ≤ 0.3·σpt (ISO 13528:2022, B.5.1).

    With ``allow_for_uncertainty`` the limit becomes 0.3·σpt + 2·√(u²(ȳ₁) + u²(ȳ₂)),
    u(ȳ) = s/√n, for when the measurement uncertainty of the stability study is not
    negligible (B.5.1, note).

    >>> s = stability([10.0, 10.2], [10.1, 10.0], 0.5)
    >>> round(s.difference, 6), round(s.limit, 6), s.passes
    (0.05, 0.15, True)
    """
    if len(before) < 1 or len(after) < 1:
        raise HomogeneityError("both stability groups need at least one result")
    first = np.asarray(before, dtype=float)
    second = np.asarray(after, dtype=float)
    difference = abs(float(first.mean()) - float(second.mean()))
    limit = HOMOGENEITY_FRACTION * sigma_pt
    if allow_for_uncertainty:
        if first.size < 2 or second.size < 2:
            raise HomogeneityError("allowing for uncertainty needs at least 2 results in each group")
        u2 = float(first.var(ddof=1)) / first.size + float(second.var(ddof=1)) / second.size
        limit += 2.0 * math.sqrt(u2)
    return Stability(difference=difference, limit=limit, passes=difference <= limit)

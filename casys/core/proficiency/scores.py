"""Performance statistics and their evaluation (ISO 13528:2022, clause 9).

D and D %, z, z', ζ and En, with the classification the standard gives:
for z, z' and ζ, |score| ≤ 2 satisfactory, 2 < |score| < 3 questionable (warning signal),
|score| ≥ 3 unsatisfactory (action signal) (ISO 13528:2022, 9.4.1, 9.5, 9.6;
ISO/IEC 17043:2023, annex B); for En, |En| ≤ 1 satisfactory, |En| > 1 unsatisfactory
(ISO 13528:2022, 9.7). Combined scores over rounds: RSZ and SSZ.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scipy.stats import chi2

Classification = Literal["satisfactory", "questionable", "unsatisfactory"]

# ISO 13528:2022, 9.4.1: warning limit 2.0 and action limit 3.0 for z (and z', ζ).
WARNING_LIMIT = 2.0
ACTION_LIMIT = 3.0
# ISO 13528:2022, 9.7.1: |En| ≤ 1.0 indicates satisfactory performance.
EN_LIMIT = 1.0


class ScoreError(ValueError):
    """Raised when a performance score cannot be computed from the values given."""


@dataclass(frozen=True)
class Score:
    """A performance score: its kind (``z``, ``z'``, ``zeta``, ``En``), value and classification."""

    kind: str
    value: float
    classification: Classification


def _positive(value: float, name: str) -> float:
    if not (math.isfinite(value) and value > 0.0):
        raise ScoreError(f"{name} must be a positive number, got {value!r}")
    return value


def d(x: float, x_pt: float) -> float:
    """Difference D = x − x_pt (ISO 13528:2022, 9.3.1).

    >>> d(10.4, 10.0)
    0.40000000000000036
    """
    return x - x_pt


def d_percent(x: float, x_pt: float) -> float:
    """Percent difference D % = 100·(x − x_pt)/x_pt (ISO 13528:2022, 9.3.2).

    >>> round(d_percent(10.4, 10.0), 6)
    4.0
    """
    if x_pt == 0.0:
        raise ScoreError("D % is undefined for an assigned value of zero")
    return 100.0 * (x - x_pt) / x_pt


def classify(score: float) -> Classification:
    """Classify a z, z' or ζ score against the limits 2.0 and 3.0 (ISO 13528:2022, 9.4.1).

    >>> classify(2.0), classify(-2.5), classify(3.0)
    ('satisfactory', 'questionable', 'unsatisfactory')
    """
    magnitude = abs(score)
    if magnitude <= WARNING_LIMIT:
        return "satisfactory"
    if magnitude < ACTION_LIMIT:
        return "questionable"
    return "unsatisfactory"


def classify_en(score: float) -> Classification:
    """Classify an En score: |En| ≤ 1 satisfactory, else unsatisfactory (ISO 13528:2022, 9.7.1).

    >>> classify_en(1.0), classify_en(-1.01)
    ('satisfactory', 'unsatisfactory')
    """
    return "satisfactory" if abs(score) <= EN_LIMIT else "unsatisfactory"


def z(x: float, x_pt: float, sigma_pt: float) -> Score:
    """z = (x − x_pt)/σpt (ISO 13528:2022, 9.4.1).

    >>> z(10.5, 10.0, 0.2)
    Score(kind='z', value=2.5, classification='questionable')
    """
    value = (x - x_pt) / _positive(sigma_pt, "sigma_pt")
    return Score("z", value, classify(value))


def z_prime(x: float, x_pt: float, sigma_pt: float, u_x_pt: float) -> Score:
    """z' = (x − x_pt)/√(σpt² + u²(x_pt)) (ISO 13528:2022, 9.5.1).

    >>> z_prime(10.5, 10.0, 0.3, 0.4)
    Score(kind="z'", value=1.0, classification='satisfactory')
    """
    value = (x - x_pt) / math.hypot(_positive(sigma_pt, "sigma_pt"), u_x_pt)
    return Score("z'", value, classify(value))


def zeta(x: float, u_x: float, x_pt: float, u_x_pt: float) -> Score:
    """ζ = (x − x_pt)/√(u²(x) + u²(x_pt)) (ISO 13528:2022, 9.6.1).

    >>> zeta(10.5, 0.3, 10.0, 0.4).value
    1.0
    """
    value = (x - x_pt) / _positive(math.hypot(u_x, u_x_pt), "√(u²(x) + u²(x_pt))")
    return Score("zeta", value, classify(value))


def en(x: float, U_x: float, x_pt: float, U_x_pt: float) -> Score:
    """En = (x − x_pt)/√(U²(x) + U²(x_pt)) (ISO 13528:2022, 9.7.1).

    >>> en(10.5, 0.3, 10.0, 0.4)
    Score(kind='En', value=1.0, classification='satisfactory')
    """
    value = (x - x_pt) / _positive(math.hypot(U_x, U_x_pt), "√(U²(x) + U²(x_pt))")
    return Score("En", value, classify_en(value))


@dataclass(frozen=True)
class CombinedScore:
    """Combined performance over ``m`` rounds.

    ``rsz`` = Σz/√m and ``ssz`` = Σz², with ``p_ssz`` the probability of an SSZ at least
    as large for a laboratory performing as σpt predicts (χ² with m degrees of freedom),
    and the number of scores in each class.
    """

    m: int
    rsz: float
    ssz: float
    p_ssz: float
    satisfactory: int
    questionable: int
    unsatisfactory: int


def combined(scores: Sequence[float]) -> CombinedScore:
    """RSZ and SSZ over several rounds, and counts of each classification.

    RSZ (rescaled sum of z) and SSZ (sum of squared z) are those of the IUPAC
    Harmonised Protocol (Thompson, Wood, Pure Appl. Chem. 65 (1993) 2123);
    ISO 13528:2022, clause 9 (combined performance scores) warns that they can hide an
    individual unsatisfactory score, hence the counts next to them.

    >>> c = combined([1.0, -1.0, 2.5, 0.5])
    >>> round(c.rsz, 4), c.ssz, c.questionable
    (1.5, 8.5, 1)
    """
    if not scores:
        raise ScoreError("at least one score is needed")
    m = len(scores)
    ssz = sum(s * s for s in scores)
    classes = [classify(s) for s in scores]
    return CombinedScore(
        m=m,
        rsz=sum(scores) / math.sqrt(m),
        ssz=ssz,
        p_ssz=float(chi2.sf(ssz, m)),
        satisfactory=classes.count("satisfactory"),
        questionable=classes.count("questionable"),
        unsatisfactory=classes.count("unsatisfactory"),
    )

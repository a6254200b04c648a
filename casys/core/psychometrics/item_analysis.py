"""Classical item analysis of a scored examination (one row per candidate, one column per item).

What is computed, for ``n`` candidates and ``k`` items scored 0/1 (``X``, total score ``t``):

- item difficulty ``p_j`` = share of candidates answering item j correctly (the "p-value",
  Crocker & Algina 1986, *Introduction to classical and modern test theory*, ch. 14);
- discrimination as the point-biserial correlation ``r_pb`` = Pearson correlation of
  item j with the total score, and the corrected one with the rest score ``t − x_j``
  (item removed from the total; Crocker & Algina, ch. 14); the correlation does not
  depend on the variance divisor;
- KR-20 (Kuder & Richardson 1937, *Psychometrika* 2(3), eq. 20):
  ``k/(k−1) · (1 − Σ p_j q_j / s_t²)``;
- KR-21 (same paper, eq. 21): ``k/(k−1) · (1 − M (k − M) / (k s_t²))``;
- Cronbach's alpha (Cronbach 1951, *Psychometrika* 16(3)): ``k/(k−1) · (1 − Σ s_j² / s_t²)``;
- the standard error of measurement ``SEM = s_t · √(1 − α)``;
- split-half: the correlation of the odd-item and even-item half scores (items 1, 3, 5…
  against 2, 4, 6… in column order) stepped up by Spearman–Brown, ``2 r / (1 + r)``
  (Spearman 1910, Brown 1910, *Br. J. Psychol.* 3);
- the score distribution (number of candidates at each total score 0…k).

**Variance divisor.** Every variance here (items and total) divides by ``n − ddof``; the
default ``ddof = 1`` (the sample variance, as R's ``var()``, ltm, rcrtan and pingouin use).
With the same divisor for items and total, alpha on 0/1 items *is* KR-20 whatever the
divisor (``s_j² = p_j q_j · n/(n − ddof)`` and the factor cancels in the ratio); KR-21, the
reported standard deviation and the SEM do depend on it.

Item flags (casys's defaults, parameters of :class:`FlagThresholds`; no standard fixes them):
``too_easy`` p > 0.90, ``too_hard`` p < 0.20, ``negative_discrimination`` corrected r_pb < 0,
``low_discrimination`` 0 ≤ corrected r_pb < 0.15.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt


class PsychometricsError(ValueError):
    """Raised when the data cannot be analysed; the message says what is wrong."""


@dataclass(frozen=True)
class FlagThresholds:
    """Where an item is flagged for review (casys's defaults — no standard fixes them)."""

    too_easy: float = 0.90
    too_hard: float = 0.20
    low_discrimination: float = 0.15


@dataclass(frozen=True)
class ItemStatistics:
    """One item: difficulty ``p``, point-biserial ``rpb`` and ``rpb_corrected`` (item vs rest),
    ``alpha_if_deleted`` and the review ``flags``. A correlation is ``None`` when the item or the
    total does not vary (everyone right, or everyone wrong)."""

    id: str
    p: float
    rpb: float | None
    rpb_corrected: float | None
    alpha_if_deleted: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class SplitHalf:
    """Odd/even split: correlation ``r_halves`` of the half scores and the Spearman–Brown ``r_sb``."""

    r_halves: float | None
    r_sb: float | None


@dataclass(frozen=True)
class ItemAnalysis:
    """Test-level and item-level statistics of one administration (see the module docstring)."""

    candidates: int
    items: tuple[ItemStatistics, ...]
    mean: float
    sd: float
    kr20: float | None
    kr21: float | None
    alpha: float | None
    sem: float | None
    split_half: SplitHalf
    distribution: tuple[int, ...]
    ddof: int
    totals: npt.NDArray[np.int32] = field(repr=False, compare=False)


def as_scored(scored: npt.ArrayLike) -> npt.NDArray[np.uint8]:
    x = np.asarray(scored)
    if x.ndim != 2:
        raise PsychometricsError(
            f"scored responses must be a table (candidates × items), got {x.ndim} dimensions"
        )
    if x.dtype == np.bool_:
        return x.view(np.uint8)
    if x.dtype != np.uint8:
        if not np.isin(x, (0, 1)).all():
            bad = np.argwhere(~np.isin(x, (0, 1)))[0]
            raise PsychometricsError(
                f"candidate {bad[0] + 1}, item {bad[1] + 1}: score {x[bad[0], bad[1]].item()} is not 0 or 1"
            )
        return x.astype(np.uint8)
    if x.size and int(x.max()) > 1:
        bad = np.argwhere(x > 1)[0]
        raise PsychometricsError(
            f"candidate {bad[0] + 1}, item {bad[1] + 1}: score {x[bad[0], bad[1]]} is not 0 or 1"
        )
    return x


def _reliability(k: int, error: float, total: float) -> float | None:
    if k < 2 or total <= 0.0:
        return None
    return k / (k - 1) * (1.0 - error / total)


def _correlations(
    cov: npt.NDArray[np.float64], var_x: npt.NDArray[np.float64], var_y: npt.NDArray[np.float64] | float
) -> list[float | None]:
    den = np.sqrt(var_x * var_y)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(den > 0.0, cov / np.where(den > 0.0, den, 1.0), np.nan)
    return [None if math.isnan(v) else float(v) for v in r]


def _flags(p: float, rc: float | None, thresholds: FlagThresholds) -> tuple[str, ...]:
    flags = []
    if p > thresholds.too_easy:
        flags.append("too_easy")
    if p < thresholds.too_hard:
        flags.append("too_hard")
    if rc is not None and rc < 0.0:
        flags.append("negative_discrimination")
    elif rc is not None and rc < thresholds.low_discrimination:
        flags.append("low_discrimination")
    return tuple(flags)


def analyse(
    scored: npt.ArrayLike,
    item_ids: Sequence[str] | None = None,
    *,
    ddof: int = 1,
    thresholds: FlagThresholds = FlagThresholds(),
) -> ItemAnalysis:
    """Item and test statistics of ``scored`` (candidates × items, 0/1; bool is fastest).

    >>> a = analyse([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], ["Q1", "Q2", "Q3"])
    >>> [item.p for item in a.items]
    [0.75, 0.5, 0.25]
    >>> round(a.kr20, 4), a.kr20 == a.alpha, a.distribution
    (0.75, True, (1, 1, 1, 1))
    """
    x = as_scored(scored)
    n, k = x.shape
    if n < 2 or k < 1:
        raise PsychometricsError(f"need at least 2 candidates and 1 item, got {n} × {k}")
    if item_ids is None:
        item_ids = [str(j + 1) for j in range(k)]
    if len(item_ids) != k:
        raise PsychometricsError(f"{len(item_ids)} item ids for {k} items")
    if n - ddof <= 0:
        raise PsychometricsError(f"ddof={ddof} leaves no degrees of freedom with {n} candidates")
    # einsum sums uint8 into int32 exactly and, along columns, 4× faster than ndarray.sum
    totals = np.einsum("ij->i", x, dtype=np.int32)
    right = np.einsum("ij->j", x, dtype=np.int32)
    cross = np.einsum("i,ij->j", totals, x)  # Σ_i t_i x_ij, exact in integers
    scale = n / (n - ddof)
    p = right / n
    mean = float(totals.mean())
    var_t = float(totals.var(ddof=ddof))
    var_items = p * (1.0 - p) * scale
    cov_t = (cross / n - p * mean) * scale
    cov_rest = cov_t - var_items
    var_rest = var_t - 2.0 * cov_t + var_items
    sum_var = float(var_items.sum())
    rpb = _correlations(cov_t, var_items, var_t)
    rpb_c = _correlations(cov_rest, var_items, var_rest)
    items = []
    for j in range(k):
        a_del = _reliability(k - 1, sum_var - float(var_items[j]), float(var_rest[j]))
        pj = float(p[j])
        items.append(
            ItemStatistics(item_ids[j], pj, rpb[j], rpb_c[j], a_del, _flags(pj, rpb_c[j], thresholds))
        )
    alpha = _reliability(k, sum_var, var_t)
    kr21 = _reliability(k, mean * (k - mean) / k, var_t)
    sd = math.sqrt(var_t)
    sem = None if alpha is None else sd * math.sqrt(max(0.0, 1.0 - alpha))
    return ItemAnalysis(
        candidates=n,
        items=tuple(items),
        mean=mean,
        sd=sd,
        kr20=alpha,
        kr21=kr21,
        alpha=alpha,
        sem=sem,
        split_half=_split_half(x, totals),
        distribution=tuple(int(c) for c in np.bincount(totals, minlength=k + 1)),
        ddof=ddof,
        totals=totals,
    )


def spearman_brown(r: float, factor: float = 2.0) -> float:
    """Reliability of a test ``factor`` times as long: ``f r / (1 + (f − 1) r)`` (Spearman–Brown).

    >>> round(spearman_brown(0.5), 4)
    0.6667
    """
    return factor * r / (1.0 + (factor - 1.0) * r)


def split_half(scored: npt.ArrayLike) -> SplitHalf:
    """Odd/even split-half reliability with the Spearman–Brown step-up.

    Items 1, 3, 5… (in column order) form one half, items 2, 4, 6… the other.

    >>> s = split_half([[1, 1, 1, 1], [1, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0]])
    >>> round(s.r_halves, 4), round(s.r_sb, 4)
    (0.8182, 0.9)
    """
    x = as_scored(scored)
    return _split_half(x, np.einsum("ij->i", x, dtype=np.int32))


def _split_half(x: npt.NDArray[np.uint8], totals: npt.NDArray[np.int32]) -> SplitHalf:
    if x.shape[1] < 2:
        return SplitHalf(None, None)
    odd = np.einsum("ij->i", x[:, 0::2], dtype=np.int32)
    even = totals - odd
    if odd.min() == odd.max() or even.min() == even.max():
        return SplitHalf(None, None)
    r = float(np.corrcoef(odd, even)[0, 1])
    return SplitHalf(r, spearman_brown(r) if r > -1.0 else None)


def kr21(k: int, mean: float, variance: float) -> float | None:
    """KR-21 from the number of items, the mean and the variance of the total scores.

    KR-21 uses the totals only; give the variance with the divisor you mean (rcrtan uses n − 1).

    >>> round(kr21(10, 8.157895, 1.462994 ** 2), 4)
    0.331
    """
    return _reliability(k, mean * (k - mean) / k, variance)


def cronbach_alpha(scores: npt.ArrayLike, *, ddof: int = 1) -> float | None:
    """Cronbach's alpha of any item scores (rubric points, 0/1…), candidates × items.

    ``k/(k−1) · (1 − Σ s_j² / s_t²)`` with every variance divided by ``n − ddof``
    (Cronbach 1951). On 0/1 items it equals KR-20 (see :func:`analyse`).

    >>> round(cronbach_alpha([[2, 3, 3], [1, 2, 3], [0, 1, 1], [1, 1, 0]]), 4)
    0.8611
    """
    x = np.asarray(scores, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] - ddof <= 0:
        raise PsychometricsError("need a table of scores (candidates × items) with more candidates than ddof")
    if not np.isfinite(x).all():
        raise PsychometricsError("scores must be finite numbers")
    item_vars = float(x.var(axis=0, ddof=ddof).sum())
    return _reliability(x.shape[1], item_vars, float(x.sum(axis=1).var(ddof=ddof)))

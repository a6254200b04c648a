"""Cut scores: modified Angoff, Hofstee compromise, borderline group (and regression).

- **Modified Angoff** (Angoff 1971, in Thorndike (ed.), *Educational Measurement*, 2nd ed.,
  pp. 514–515; Cizek & Bunch 2007, *Standard Setting*, ch. 6): each judge rates, for each item,
  the probability that a minimally competent candidate answers it correctly. A judge's cut
  is the sum of their ratings; the panel's cut is the mean of the judges' cuts, reported with
  the standard deviation of the judges' cuts (divisor J − 1) and its standard error
  ``SE = SD / √J`` (Cizek & Bunch 2007, ch. 6). Rounds (ratings revised after discussion
  and impact data) are analysed one by one; the last round gives the cut. The raw cut is
  **not rounded**: a candidate passes with a score ≥ the cut (the rounding policy is the
  scheme's, recorded with the decision).
- **Hofstee** (Hofstee 1983, in Scheuneman (ed.), *On Educational Testing*, pp. 109–127):
  judges fix the lowest and highest acceptable cut ``k_min``, ``k_max`` (score units) and the
  lowest and highest acceptable failure rate ``f_min``, ``f_max`` (per cent). The line from
  ``(k_min, f_max)`` to ``(k_max, f_min)`` is met with the observed failure curve
  ``F(c)`` = % of candidates scoring **below** c. The grid is the observed scores in
  ``[k_min, k_max]`` (with a cut c, a candidate passes with a score ≥ c, so only observed
  scores give distinct failure rates); the cut is the first grid point where
  ``F(c) ≥ line(c)``; if the curve never meets the line, ``k_max``.
- **Borderline group** (Livingston & Zieky 1982, *Passing scores*, ETS; in OSCEs
  e.g. Kramer et al. 2003): the cut is the median score of the candidates the examiners
  rated "borderline". **Borderline regression** (Kramer et al. 2003, *Med. Educ.* 37(2)):
  the least-squares line of score on global rating, read at the borderline rating.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from casys.core.psychometrics.item_analysis import PsychometricsError


@dataclass(frozen=True)
class AngoffResult:
    """One round of a modified Angoff panel.

    ``cut_score`` raw (sum of item probabilities), ``cut_score_percent`` of the ``items``,
    ``judges``, ``sd`` of the judges' cuts (divisor J − 1; ``None`` with one judge), ``se`` =
    sd/√J, each judge's cut in ``judge_cuts`` and each item's mean rating in ``item_means``.
    """

    cut_score: float
    cut_score_percent: float
    judges: int
    items: int
    sd: float | None
    se: float | None
    judge_cuts: tuple[float, ...]
    item_means: tuple[float, ...]


def angoff(ratings: npt.ArrayLike) -> AngoffResult:
    """Cut score of one round of ratings (judges × items, probabilities 0–1).

    >>> r = angoff([[.6, .7, .5, .8, .9], [.55, .65, .45, .85, .95], [.7, .75, .6, .75, .85]])
    >>> round(r.cut_score, 4), round(r.cut_score_percent, 2), round(r.se, 4)
    (3.5333, 70.67, 0.0601)
    """
    x = np.asarray(ratings, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise PsychometricsError("Angoff ratings must be a table of judges × items")
    if not np.isfinite(x).all() or (x < 0.0).any() or (x > 1.0).any():
        judge, item = np.argwhere(~(np.isfinite(x) & (x >= 0.0) & (x <= 1.0)))[0]
        raise PsychometricsError(
            f"judge {judge + 1}, item {item + 1}: rating {x[judge, item]} is outside 0–1 (a probability)"
        )
    cuts = x.sum(axis=1)
    j, k = x.shape
    cut = float(cuts.mean())
    sd = float(cuts.std(ddof=1)) if j > 1 else None
    return AngoffResult(
        cut_score=cut,
        cut_score_percent=100.0 * cut / k,
        judges=j,
        items=k,
        sd=sd,
        se=None if sd is None else sd / math.sqrt(j),
        judge_cuts=tuple(float(c) for c in cuts),
        item_means=tuple(float(m) for m in x.mean(axis=0)),
    )


def angoff_rounds(rounds: Sequence[npt.ArrayLike]) -> tuple[AngoffResult, ...]:
    """Each round analysed on its own; the panel's cut is the last round's."""
    if not rounds:
        raise PsychometricsError("no Angoff round given")
    results = tuple(angoff(r) for r in rounds)
    if len({r.items for r in results}) != 1:
        raise PsychometricsError("every Angoff round must rate the same items")
    return results


@dataclass(frozen=True)
class HofsteeResult:
    """Hofstee cut: ``cut_score`` (score units), ``fail_rate`` (% scoring below it) and whether
    the failure curve met the judges' line inside the box (``intersects``)."""

    cut_score: float
    fail_rate: float
    intersects: bool


def hofstee(scores: npt.ArrayLike, k_min: float, k_max: float, f_min: float, f_max: float) -> HofsteeResult:
    """Hofstee compromise on the observed ``scores`` (see the module docstring for the grid).

    >>> h = hofstee([40, 50, 50, 60, 70, 80, 90, 90, 95, 100], 50, 70, 10, 40)
    >>> h.cut_score, h.fail_rate
    (60.0, 30.0)
    """
    s = np.sort(np.asarray(scores, dtype=np.float64))
    if s.size == 0 or not np.isfinite(s).all():
        raise PsychometricsError("Hofstee needs at least one finite score")
    if not k_min < k_max:
        raise PsychometricsError(f"k_min ({k_min}) must be below k_max ({k_max})")
    if not 0.0 <= f_min < f_max <= 100.0:
        raise PsychometricsError(f"need 0 ≤ f_min < f_max ≤ 100 (per cent), got f_min={f_min}, f_max={f_max}")
    grid = np.unique(s[(s >= k_min) & (s <= k_max)])
    for c in grid:
        fail = 100.0 * float(np.searchsorted(s, c, side="left")) / s.size
        line = f_max - (f_max - f_min) * (float(c) - k_min) / (k_max - k_min)
        if fail >= line:
            return HofsteeResult(float(c), fail, True)
    fail = 100.0 * float(np.searchsorted(s, k_max, side="left")) / s.size
    return HofsteeResult(float(k_max), fail, False)


@dataclass(frozen=True)
class BorderlineResult:
    """Borderline-group cut (``cut_score`` = median), with the group's size ``n`` and ``mean``."""

    cut_score: float
    n: int
    mean: float


def borderline_group(
    scores: npt.ArrayLike, ratings: npt.ArrayLike, borderline: object = 2
) -> BorderlineResult:
    """Median score of the candidates whose global rating is ``borderline``.

    >>> borderline_group([8, 11, 12, 14, 13, 17], [1, 1, 2, 2, 2, 3]).cut_score
    13.0
    """
    s = np.asarray(scores, dtype=np.float64)
    r = np.asarray(ratings)
    if s.shape != r.shape:
        raise PsychometricsError(f"{s.size} scores but {r.size} ratings")
    group = s[r == borderline]
    if group.size == 0:
        raise PsychometricsError(f"no candidate was rated borderline ({borderline!r})")
    return BorderlineResult(float(np.median(group)), int(group.size), float(group.mean()))


@dataclass(frozen=True)
class BorderlineRegression:
    """Least-squares ``score = intercept + slope · rating``; ``cut_score`` read at the borderline rating."""

    cut_score: float
    slope: float
    intercept: float


def borderline_regression(
    scores: npt.ArrayLike, ratings: npt.ArrayLike, borderline: float = 2.0
) -> BorderlineRegression:
    """Borderline regression method (Kramer et al. 2003).

    >>> r = borderline_regression([8, 11, 12, 14, 13, 17], [1, 1, 2, 2, 2, 3])
    >>> round(r.slope, 4), round(r.cut_score, 4)
    (3.7059, 13.1176)
    """
    s = np.asarray(scores, dtype=np.float64)
    r = np.asarray(ratings, dtype=np.float64)
    if s.shape != r.shape or s.size < 2 or float(r.std()) == 0.0:
        raise PsychometricsError(
            "borderline regression needs paired scores and ratings, with ratings that vary"
        )
    slope, intercept = np.polyfit(r, s, 1)
    return BorderlineRegression(float(intercept + slope * borderline), float(slope), float(intercept))

"""Differential item functioning by the Mantel–Haenszel procedure, with ETS's A/B/C classes.

Candidates are matched on the total score (the studied item included, Holland & Thayer 1988,
"Differential item performance and the Mantel–Haenszel procedure", in Wainer & Braun (eds.),
*Test Validity*, 129–145). In stratum k, with ``A_k``/``B_k`` the reference group right/wrong,
``C_k``/``D_k`` the focal group right/wrong and ``N_k`` its size:

- common odds ratio (Mantel & Haenszel 1959, *J. Natl Cancer Inst.* 22):
  ``α_MH = Σ A_k D_k / N_k  ÷  Σ B_k C_k / N_k`` (> 1: the item favours the reference group);
- ``MH D-DIF = −2.35 ln α_MH`` on ETS's delta scale (negative: harder for the focal group);
- its standard error ``2.35 · SE(ln α_MH)`` with the variance of Robins, Breslow & Greenland
  (1986, *Biometrics* 42(2), 311–323);
- the MH chi-square with continuity correction (Holland & Thayer 1988):
  ``(|Σ A_k − Σ E(A_k)| − 0.5)² / Σ Var(A_k)``, ``E(A_k) = n_Rk m_1k / N_k``,
  ``Var(A_k) = n_Rk n_Fk m_1k m_0k / (N_k² (N_k − 1))``, 1 degree of freedom.

Strata with fewer than two candidates, or with one group only, carry no information and drop
out of every sum.

ETS classes (Zieky 1993, in Holland & Wainer (eds.), *Differential Item Functioning*,
337–347; restated in Zwick 2012, *A review of ETS differential item functioning assessment
procedures*, ETS RR-12-08, p. 3):

- **A** (negligible): MH D-DIF not significantly different from 0 (the MH chi-square at the
  5 % level) or |MH D-DIF| < 1;
- **C** (large): |MH D-DIF| ≥ 1.5 and significantly greater than 1 in absolute value;
- **B** (moderate): otherwise.

"Significantly greater than 1" is tested here one-sided at the 5 % level,
``(|MH D-DIF| − 1) / SE > 1.645`` — casys's reading of the rule (a parameter).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import chi2

from casys.core.psychometrics.item_analysis import PsychometricsError, as_scored

DELTA_SCALE = -2.35  # ETS delta scale (Holland & Thayer 1988): MH D-DIF = −2.35 ln α_MH
ALPHA = 0.05
Z_ONE_SIDED_5 = 1.6448536269514722  # Φ⁻¹(0.95)


@dataclass(frozen=True)
class MantelHaenszel:
    """MH statistics of one item; ``None`` where the data cannot give them (no usable stratum,
    or a zero sum making the odds ratio 0 or infinite)."""

    id: str
    mh_odds_ratio: float | None
    mh_delta: float | None
    se_delta: float | None
    chi_square: float | None
    p_value: float | None
    ets_class: str | None


def ets_class(
    delta: float | None,
    se: float | None,
    p_value: float | None,
    *,
    alpha: float = ALPHA,
    z_c: float = Z_ONE_SIDED_5,
) -> str | None:
    """A, B or C by ETS's rule (module docstring).

    >>> ets_class(-0.8, 0.2, 0.001), ets_class(-1.2, 0.2, 0.001), ets_class(-1.8, 0.2, 0.001)
    ('A', 'B', 'C')
    >>> ets_class(-1.6, 0.5, 0.001), ets_class(-2.0, 1.5, 0.2)
    ('B', 'A')
    """
    if delta is None or p_value is None:
        return None
    if p_value >= alpha or abs(delta) < 1.0:
        return "A"
    if abs(delta) >= 1.5 and se is not None and se > 0.0 and (abs(delta) - 1.0) / se > z_c:
        return "C"
    return "B"


@dataclass(frozen=True)
class Stratified:
    """MH statistics of a set of 2×2 tables: ``odds_ratio`` (α_MH), ``log_se`` (SE of ln α_MH,
    Robins–Breslow–Greenland), ``chi_square`` (continuity-corrected) and its ``p_value``."""

    odds_ratio: float | None
    log_se: float | None
    chi_square: float | None
    p_value: float | None


def stratified(a: npt.ArrayLike, b: npt.ArrayLike, c: npt.ArrayLike, d: npt.ArrayLike) -> Stratified:
    """MH common odds ratio and chi-square of 2×2 tables ``[[a, b], [c, d]]``, one per stratum.

    Rows: reference group, focal group; columns: right, wrong. Strata missing a row, or with
    fewer than two observations, drop out.

    >>> s = stratified([2, 3], [1, 2], [1, 1], [2, 2])
    >>> round(s.odds_ratio, 4)
    3.4
    """
    a, b, c, d = (np.asarray(v, dtype=np.float64) for v in (a, b, c, d))
    n_r, n_f = a + b, c + d
    n = n_r + n_f
    use = (n_r > 0) & (n_f > 0) & (n >= 2)
    a, b, c, d, n, n_r, n_f = (v[use] for v in (a, b, c, d, n, n_r, n_f))
    m1, m0 = a + c, b + d
    var_a = float((n_r * n_f * m1 * m0 / (n * n * (n - 1.0))).sum())
    chi_square = p_value = None
    if var_a > 0.0:
        chi_square = max(0.0, abs(float(a.sum() - (n_r * m1 / n).sum())) - 0.5) ** 2 / var_a
        p_value = float(chi2.sf(chi_square, 1))
    r, s = a * d / n, b * c / n
    sr, ss = float(r.sum()), float(s.sum())
    if sr <= 0.0 or ss <= 0.0:
        return Stratified(None, None, chi_square, p_value)
    pk, qk = (a + d) / n, (b + c) / n
    var_log = (
        float((pk * r).sum()) / (2.0 * sr * sr)
        + float((pk * s + qk * r).sum()) / (2.0 * sr * ss)
        + float((qk * s).sum()) / (2.0 * ss * ss)
    )
    return Stratified(sr / ss, math.sqrt(var_log), chi_square, p_value)


def _item(
    right: npt.NDArray[np.uint8],
    focal: npt.NDArray[np.bool_],
    strata: npt.NDArray[np.int64],
    size: int,
    item: str,
) -> MantelHaenszel:
    cell = strata * 4 + focal.astype(np.int64) * 2 + right.astype(np.int64)
    counts = np.bincount(cell, minlength=size * 4).reshape(size, 4)
    # columns: reference wrong, reference right, focal wrong, focal right
    s = stratified(counts[:, 1], counts[:, 0], counts[:, 3], counts[:, 2])
    if s.odds_ratio is None or s.log_se is None:
        return MantelHaenszel(item, None, None, None, s.chi_square, s.p_value, None)
    delta = DELTA_SCALE * math.log(s.odds_ratio)
    se = 2.35 * s.log_se
    return MantelHaenszel(
        item, s.odds_ratio, delta, se, s.chi_square, s.p_value, ets_class(delta, se, s.p_value)
    )


def mantel_haenszel(
    scored: npt.ArrayLike, focal: npt.ArrayLike, item_ids: Sequence[str] | None = None
) -> tuple[MantelHaenszel, ...]:
    """MH DIF of every item; ``focal`` is True for candidates of the focal group.

    >>> x = [[1, 1], [1, 0], [0, 1], [0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    >>> [r.mh_odds_ratio for r in mantel_haenszel(x, [0, 0, 0, 0, 1, 1, 1, 1], ["Q1", "Q2"])]
    [1.0, 1.0]
    """
    x = as_scored(scored)
    g = np.asarray(focal, dtype=bool)
    if g.shape != (x.shape[0],):
        raise PsychometricsError(f"{g.size} group memberships for {x.shape[0]} candidates")
    if g.all() or not g.any():
        raise PsychometricsError("DIF needs candidates in both the reference and the focal group")
    ids = [str(j + 1) for j in range(x.shape[1])] if item_ids is None else list(item_ids)
    if len(ids) != x.shape[1]:
        raise PsychometricsError(f"{len(ids)} item ids for {x.shape[1]} items")
    strata = x.sum(axis=1, dtype=np.int64)
    size = x.shape[1] + 1
    return tuple(_item(x[:, j], g, strata, size, ids[j]) for j in range(x.shape[1]))

"""Repeatability and reproducibility by the basic method of ISO 5725-2.

For each level j, laboratories i report n_i replicate results. From the cell means ȳ_i
and cell standard deviations s_i (ISO 5725-2:1994, 7.4.1, formulae (2) and (3)):

- T1 = Σn_i·ȳ_i, T2 = Σn_i·ȳ_i², T3 = Σn_i, T4 = Σn_i², T5 = Σ(n_i − 1)·s_i² (7.4.4);
- s_r² = T5/(T3 − p);
- s_L² = ((T2·T3 − T1²)/(T3·(p − 1)) − s_r²)·T3·(p − 1)/(T3² − T4), set to 0 when negative
  (7.4.5.1);
- s_R² = s_r² + s_L²; m̂ = T1/T3 (7.4.5).

The repeatability and reproducibility limits are r = 2.8·s_r and R = 2.8·s_R
(ISO 5725-6:1994, 4.1.4: 2.8 ≈ 1.96·√2, for a 95 % probability).

Each level also gets Mandel's h and k per laboratory, Cochran's test on the cell
variances and Grubbs' single and double tests on the cell means, with their 5 % and 1 %
critical values (see :mod:`casys.core.precision.outlier_tests`), and each laboratory's
classification: the worst verdict of the tests that point at it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from casys.core.precision import outlier_tests as ot

# ISO 5725-6:1994, 4.1.4: r = 2.8·σ_r and R = 2.8·σ_R (f·√2 with f = 1.96, rounded).
LIMIT_FACTOR = 2.8
_RANK = {"correct": 0, "straggler": 1, "outlier": 2}


@dataclass(frozen=True)
class Cell:
    """One laboratory at one level: ``n`` results, mean ``y``, standard deviation ``s``, h, k, verdict."""

    laboratory: str
    n: int
    y: float
    s: float | None
    h: float
    k: float | None
    classification: ot.Classification


@dataclass(frozen=True)
class Level:
    """Precision at one level: m (m̂), s_r, s_L, s_R, r, R, the cells and the outlier tests."""

    level: str
    p: int
    n: int
    m: float
    s_r: float
    s_L: float
    s_R: float
    r: float
    R: float
    h_critical_5: float | None
    h_critical_1: float | None
    k_critical_5: float | None
    k_critical_1: float | None
    cells: tuple[Cell, ...]
    tests: tuple[ot.OutlierTest, ...]


def _worse(a: ot.Classification, b: ot.Classification) -> ot.Classification:
    return a if _RANK[a] >= _RANK[b] else b


def _cochran(labs: list[str], sds: list[float | None], n: int) -> ot.OutlierTest | None:
    usable = [(lab, s) for lab, s in zip(labs, sds, strict=True) if s is not None]
    total = sum(s * s for _, s in usable)
    if len(usable) < 3 or n < 2 or total == 0.0:
        return None
    lab, s_max = max(usable, key=lambda item: item[1])
    statistic = s_max * s_max / total
    c5 = ot.cochran_critical(len(usable), n, ot.STRAGGLER_ALPHA)
    c1 = ot.cochran_critical(len(usable), n, ot.OUTLIER_ALPHA)
    return ot.OutlierTest("cochran", statistic, c5, c1, (lab,), ot.classify_upper(statistic, c5, c1))


def _grubbs(labs: list[str], means: list[float], seed: int) -> list[ot.OutlierTest]:
    p = len(means)
    if p < 3:
        return []
    data = np.asarray(means, dtype=float)
    s = float(np.std(data, ddof=1))
    if s == 0.0:
        return []
    order = np.argsort(data, kind="stable")
    g5, g1 = ot.grubbs_critical(p, ot.STRAGGLER_ALPHA), ot.grubbs_critical(p, ot.OUTLIER_ALPHA)
    high = (float(data[order[-1]]) - float(data.mean())) / s
    low = (float(data.mean()) - float(data[order[0]])) / s
    tests = [
        ot.OutlierTest("grubbs-high", high, g5, g1, (labs[order[-1]],), ot.classify_upper(high, g5, g1)),
        ot.OutlierTest("grubbs-low", low, g5, g1, (labs[order[0]],), ot.classify_upper(low, g5, g1)),
    ]
    if p < 4:
        return tests
    d5 = ot.double_grubbs_critical(p, ot.STRAGGLER_ALPHA, seed=seed)
    d1 = ot.double_grubbs_critical(p, ot.OUTLIER_ALPHA, seed=seed + 1)
    # ISO 5725-2:1994, 7.3.4.1: the double test is applied when the single test shows no outlier.
    for side, single, pair in (("high", tests[0], order[-2:]), ("low", tests[1], order[:2])):
        if single.classification != "outlier":
            g = ot.double_grubbs_statistic(means, side)  # type: ignore[arg-type]
            named = tuple(labs[i] for i in pair)
            verdict = ot.classify_lower(g, d5, d1)
            tests.append(ot.OutlierTest(f"double-grubbs-{side}", g, d5, d1, named, verdict))
    return tests


def _variances(cells: list[tuple[str, np.ndarray]]) -> tuple[float, float, float]:
    p = len(cells)
    n = np.array([c.size for _, c in cells], dtype=float)
    y = np.array([c.mean() for _, c in cells])
    s2 = np.array([c.var(ddof=1) if c.size > 1 else 0.0 for _, c in cells])
    t1, t2, t3, t4 = float(n @ y), float(n @ y**2), float(n.sum()), float(n @ n)
    t5 = float((n - 1.0) @ s2)
    if t3 - p <= 0:
        raise ot.PrecisionError("no replicates: s_r needs at least one laboratory with 2 or more results")
    s_r2 = t5 / (t3 - p)
    s_d2 = (t2 * t3 - t1 * t1) / (t3 * (p - 1))
    s_l2 = max(0.0, (s_d2 - s_r2) * t3 * (p - 1) / (t3 * t3 - t4))
    return t1 / t3, s_r2, s_l2


def analyse_level(level: str, data: dict[str, list[float]], *, seed: int) -> Level:
    """Analyse one level; ``data`` maps laboratory → its replicate results.

    ``seed`` drives the Monte Carlo estimate of the double Grubbs critical values.

    >>> lv = analyse_level("1", {"A": [10.0, 10.2], "B": [10.4, 10.6], "C": [9.9, 10.1]}, seed=1)
    >>> round(lv.m, 4), round(lv.s_r, 4), round(lv.s_R, 4), round(lv.r, 4)
    (10.2, 0.1414, 0.2828, 0.396)
    """
    cells = [(lab, np.asarray(values, dtype=float)) for lab, values in data.items()]
    p = len(cells)
    if p < 2:
        raise ot.PrecisionError(f"level {level}: at least 2 laboratories are needed, got {p}")
    m, s_r2, s_l2 = _variances(cells)
    s_r, s_L = math.sqrt(s_r2), math.sqrt(s_l2)
    s_R = math.sqrt(s_r2 + s_l2)
    labs = [lab for lab, _ in cells]
    means = [float(c.mean()) for _, c in cells]
    sds: list[float | None] = [float(c.std(ddof=1)) if c.size > 1 else None for _, c in cells]
    n = Counter(c.size for _, c in cells).most_common(1)[0][0]  # ISO 5725-2:1994, 7.3.3.2: most frequent n
    h = ot.mandel_h(means)
    with_sd = [s for s in sds if s is not None]
    k_values = iter(ot.mandel_k(with_sd)) if len(with_sd) >= 2 else iter(())
    ks = [next(k_values, None) if s is not None else None for s in sds]
    tests = [t for t in [_cochran(labs, sds, n)] if t is not None] + _grubbs(labs, means, seed)
    verdict: dict[str, ot.Classification] = dict.fromkeys(labs, "correct")
    for test in tests:
        for lab in test.laboratories:
            verdict[lab] = _worse(verdict[lab], test.classification)
    return Level(
        level=level,
        p=p,
        n=n,
        m=m,
        s_r=s_r,
        s_L=s_L,
        s_R=s_R,
        r=LIMIT_FACTOR * s_r,
        R=LIMIT_FACTOR * s_R,
        h_critical_5=ot.h_critical(p, ot.STRAGGLER_ALPHA) if p >= 3 else None,
        h_critical_1=ot.h_critical(p, ot.OUTLIER_ALPHA) if p >= 3 else None,
        k_critical_5=ot.k_critical(p, n, ot.STRAGGLER_ALPHA) if n >= 2 else None,
        k_critical_1=ot.k_critical(p, n, ot.OUTLIER_ALPHA) if n >= 2 else None,
        cells=tuple(
            Cell(lab, int(c.size), mean, s, hv, kv, verdict[lab])
            for (lab, c), mean, s, hv, kv in zip(cells, means, sds, h, ks, strict=True)
        ),
        tests=tuple(tests),
    )


def analyse(results: Sequence[tuple[str, str, float]], *, seed: int) -> tuple[Level, ...]:
    """Analyse every level of a precision experiment; ``results`` are (laboratory, level, x).

    Levels and laboratories keep the order in which they first appear.

    >>> rows = [("A", "1", 10.0), ("A", "1", 10.2), ("B", "1", 10.4), ("B", "1", 10.6)]
    >>> [round(lv.s_r, 4) for lv in analyse(rows, seed=1)]
    [0.1414]
    """
    grouped: dict[str, dict[str, list[float]]] = {}
    for laboratory, level, x in results:
        grouped.setdefault(level, {}).setdefault(laboratory, []).append(float(x))
    if not grouped:
        raise ot.PrecisionError("no results")
    return tuple(
        analyse_level(level, data, seed=seed + 10 * i) for i, (level, data) in enumerate(grouped.items())
    )

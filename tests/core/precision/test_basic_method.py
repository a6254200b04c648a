"""ISO 5725-2 basic method: s_r, s_L, s_R, r, R and the laboratories' classification."""

import math

import numpy as np
import pytest
from scipy.stats import f_oneway

from casys.core import precision
from casys.core.precision import PrecisionError

BALANCED = {
    "A": [4.44, 4.39, 4.41],
    "B": [4.55, 4.60, 4.58],
    "C": [4.32, 4.36, 4.35],
    "D": [4.47, 4.45, 4.50],
    "E": [4.40, 4.42, 4.37],
    "F": [4.52, 4.49, 4.55],
}


def test_a_balanced_level_agrees_with_one_way_anova():
    # For equal n: s_r² = MS_within and s_L² = (MS_between − MS_within)/n (ISO 5725-2:1994, 7.4.5).
    level = precision.analyse_level("1", BALANCED, seed=1)
    cells = [np.array(v) for v in BALANCED.values()]
    ms_within = float(np.mean([c.var(ddof=1) for c in cells]))
    anova = f_oneway(*cells)
    ms_between = anova.statistic * ms_within
    assert level.s_r == pytest.approx(math.sqrt(ms_within))
    assert level.s_L == pytest.approx(math.sqrt((ms_between - ms_within) / 3))
    assert level.s_R == pytest.approx(math.hypot(level.s_r, level.s_L))
    assert level.r == pytest.approx(2.8 * level.s_r)  # ISO 5725-6:1994, 4.1.4
    assert level.R == pytest.approx(2.8 * level.s_R)
    assert level.m == pytest.approx(np.mean([x for c in cells for x in c]))


def test_an_unbalanced_level_uses_the_t_sums():
    # ISO 5725-2:1994, 7.4.4, worked by hand: cells (1, 3), (2, 2, 2, 6), (5).
    level = precision.analyse_level("1", {"A": [1.0, 3.0], "B": [2.0, 2.0, 2.0, 6.0], "C": [5.0]}, seed=1)
    # T1 = 4 + 12 + 5 = 21, T2 = 2·4 + 4·9 + 25 = 69, T3 = 7, T4 = 4 + 16 + 1 = 21,
    # T5 = 1·2 + 3·4 = 14; s_r² = 14/(7 − 3) = 3.5; s_d² = (69·7 − 441)/(7·2) = 3;
    # s_L² = (3 − 3.5)·14/(49 − 21) < 0 → 0.
    assert level.s_r == pytest.approx(math.sqrt(3.5))
    assert level.s_L == 0.0
    assert level.m == pytest.approx(3.0)
    assert level.cells[2].s is None and level.cells[2].k is None


def test_it_flags_a_laboratory_whose_mean_is_far_off_as_grubbs_outlier():
    data = dict(BALANCED, G=[5.40, 5.42, 5.38], H=[4.46, 4.43, 4.47])
    level = precision.analyse_level("1", data, seed=1)
    high = next(t for t in level.tests if t.name == "grubbs-high")
    assert high.laboratories == ("G",) and high.classification == "outlier"
    assert high.statistic > high.critical_1
    assert next(c for c in level.cells if c.laboratory == "G").classification == "outlier"


def test_it_flags_a_laboratory_with_a_large_spread_by_cochran():
    data = dict(BALANCED, G=[4.10, 4.90, 4.45])
    level = precision.analyse_level("1", data, seed=1)
    cochran = next(t for t in level.tests if t.name == "cochran")
    assert cochran.laboratories == ("G",) and cochran.classification == "outlier"
    g = next(c for c in level.cells if c.laboratory == "G")
    assert g.k is not None and g.k > level.k_critical_1


def test_it_analyses_each_level_in_order_of_appearance():
    rows = [(lab, lvl, x) for lvl in ("low", "high") for lab, xs in BALANCED.items() for x in xs]
    levels = precision.analyse(rows, seed=5)
    assert [lv.level for lv in levels] == ["low", "high"]
    assert levels[0].s_r == pytest.approx(levels[1].s_r)


def test_it_needs_two_laboratories():
    with pytest.raises(PrecisionError, match="level 1: at least 2 laboratories"):
        precision.analyse_level("1", {"A": [1.0, 2.0]}, seed=1)

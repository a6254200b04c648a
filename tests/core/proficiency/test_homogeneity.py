"""Homogeneity and stability checks (ISO 13528:2022, annex B)."""

import math

import numpy as np
import pytest
from scipy.stats import f_oneway

from casys.core.proficiency import homogeneity

# ISO 13528:2022, table B.1 (also ISO 13528:2015, table B.1): F1 and F2 for g items measured in
# duplicate, 95 % level; given to 2 decimals. The same figures appear in several public PT tools.
TABLE_B1 = {
    20: (1.59, 0.57), 19: (1.60, 0.59), 18: (1.62, 0.62), 17: (1.64, 0.64), 16: (1.67, 0.68),
    15: (1.69, 0.71), 14: (1.72, 0.75), 13: (1.75, 0.80), 12: (1.79, 0.86), 11: (1.83, 0.93),
    10: (1.88, 1.01), 9: (1.94, 1.11), 8: (2.01, 1.25), 7: (2.10, 1.43),
}  # fmt: skip


@pytest.mark.parametrize("g", sorted(TABLE_B1))
def test_it_computes_f1_and_f2_of_table_b1(g):
    f1, f2 = homogeneity.f_coefficients(g, m=2)
    assert (round(f1, 2), round(f2, 2)) == TABLE_B1[g]


ITEMS = [[10.1, 10.3], [10.0, 9.9], [10.4, 10.2], [9.8, 10.0], [10.2, 10.2], [10.1, 9.7], [10.3, 10.1]]


def test_its_between_samples_sd_agrees_with_one_way_anova():
    # s_x²·m = MS_between and s_w² = MS_within, so F = m·s_x²/s_w² (ISO 13528:2022, B.3).
    h = homogeneity.check(ITEMS, sigma_pt=0.5)
    anova = f_oneway(*[np.array(i) for i in ITEMS])
    assert 2 * h.s_x**2 / h.s_w**2 == pytest.approx(anova.statistic)
    assert h.s_s == pytest.approx(math.sqrt(max(0.0, h.s_x**2 - h.s_w**2 / 2)))


def test_it_passes_items_within_0_3_sigma_and_fails_heterogeneous_ones():
    assert homogeneity.check(ITEMS, sigma_pt=1.0).passes
    shifted = [[a + 0.5 * i, b + 0.5 * i] for i, (a, b) in enumerate(ITEMS)]
    h = homogeneity.check(shifted, sigma_pt=1.0)
    assert not h.passes and not h.passes_allowing_repeatability


def test_the_repeatability_criterion_is_the_wider_one():
    h = homogeneity.check(ITEMS, sigma_pt=0.2)
    assert h.c == pytest.approx(h.F1 * (0.3 * 0.2) ** 2 + h.F2 * h.s_w**2)
    assert math.sqrt(h.c) > h.limit


def test_it_names_the_item_with_a_missing_replicate():
    with pytest.raises(homogeneity.HomogeneityError, match="item 3 has 1 replicates"):
        homogeneity.check([[1.0, 1.1], [1.0, 1.2], [1.3]], sigma_pt=0.5)


def test_stability_compares_the_difference_of_means_with_0_3_sigma():
    assert homogeneity.stability([10.0, 10.1], [10.2, 10.3], 1.0).passes
    assert not homogeneity.stability([10.0, 10.1], [10.4, 10.5], 1.0).passes
    widened = homogeneity.stability([10.0, 10.1], [10.4, 10.5], 1.0, allow_for_uncertainty=True)
    assert widened.limit == pytest.approx(0.3 + 2 * math.sqrt(0.005 / 2 + 0.005 / 2))

"""Performance scores and their classification (ISO 13528:2022, clause 9)."""

import math

import pytest
from scipy.stats import chi2

from casys.core.proficiency import scores


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "satisfactory"),
        (2.0, "satisfactory"),
        (-2.0, "satisfactory"),
        (2.01, "questionable"),
        (-2.99, "questionable"),
        (3.0, "unsatisfactory"),
        (-7.0, "unsatisfactory"),
    ],
)
def test_it_classifies_z_at_2_and_3(value, expected):
    # ISO 13528:2022, 9.4.1: |z| ≤ 2.0 acceptable, 2.0 < |z| < 3.0 warning, |z| ≥ 3.0 action.
    assert scores.classify(value) == expected


def test_it_classifies_en_at_1():
    # ISO 13528:2022, 9.7.1: |En| ≤ 1.0 satisfactory.
    assert scores.en(10.1, 0.1, 10.0, 0.0).classification == "satisfactory"
    assert scores.en(10.11, 0.1, 10.0, 0.0).classification == "unsatisfactory"


def test_the_four_scores_follow_their_formulae():
    x, x_pt, sigma, u_pt = 12.0, 10.0, 0.8, 0.6
    assert scores.z(x, x_pt, sigma).value == pytest.approx(2.5)
    assert scores.z_prime(x, x_pt, sigma, u_pt).value == pytest.approx(2.0)  # √(0.64 + 0.36) = 1
    assert scores.zeta(x, 0.8, x_pt, u_pt).value == pytest.approx(2.0)
    assert scores.en(x, 1.6, x_pt, 1.2).value == pytest.approx(1.0)
    assert scores.d(x, x_pt) == 2.0
    assert scores.d_percent(x, x_pt) == pytest.approx(20.0)


def test_it_refuses_d_percent_for_a_zero_assigned_value():
    with pytest.raises(scores.ScoreError, match="assigned value of zero"):
        scores.d_percent(1.0, 0.0)


def test_it_combines_scores_over_rounds():
    # RSZ = Σz/√m and SSZ = Σz² (IUPAC Harmonised Protocol, Thompson & Wood 1993); SSZ ~ χ²(m).
    z = [1.2, -0.4, 2.6, 0.1, -3.2]
    c = scores.combined(z)
    assert c.rsz == pytest.approx(sum(z) / math.sqrt(5))
    assert c.ssz == pytest.approx(sum(v * v for v in z))
    assert c.p_ssz == pytest.approx(chi2.sf(c.ssz, 5))
    assert (c.satisfactory, c.questionable, c.unsatisfactory) == (3, 1, 1)

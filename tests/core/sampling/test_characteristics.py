"""Key figures of a sampling plan (casys.core.sampling.characteristics).

These are checked against independent closed forms, not against printed tables:
the binomial CDF is a regularised incomplete beta function, P(X ≤ c | n, p) =
1 − I_p(c + 1, n − c), so the quality at which a single plan accepts with
probability P is the (1 − P) quantile of Beta(c + 1, n − c); the Poisson CDF
is a χ² tail, so that quality is χ²_{1−P}(2c + 2) / (2n).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import beta, binom, chi2

from casys.core.sampling.characteristics import (
    average_outgoing_quality_limit,
    average_sample_number,
    characteristics,
    quality_at,
)
from casys.core.sampling.plans import DoublePlan, SinglePlan
from casys.core.sampling.tables import SamplingTableError


def _single(n, ac, lot=5000, aql="1.0"):
    return SinglePlan(lot, "II", aql, "normal", "L", "L", n, ac, ac + 1, False, "test", "test plan")


@pytest.mark.parametrize("n, ac", [(200, 5), (50, 1), (125, 3), (13, 0), (800, 14)])
@pytest.mark.parametrize("P", [0.95, 0.50, 0.10])
def test_the_quality_at_a_probability_of_acceptance_is_the_beta_quantile(n, ac, P):
    expected = float(beta.ppf(1.0 - P, ac + 1, n - ac))
    assert quality_at(_single(n, ac), P) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("n, ac", [(200, 5), (50, 1), (13, 0)])
def test_the_poisson_quality_at_ten_percent_is_the_chi_square_quantile(n, ac):
    expected = float(chi2.ppf(0.90, 2 * ac + 2)) / (2 * n)
    assert quality_at(_single(n, ac), 0.10, model="poisson") == pytest.approx(expected, rel=1e-9)


def test_the_aoql_is_the_maximum_of_the_average_outgoing_quality():
    plan = _single(200, 5)
    aoql, p_star = average_outgoing_quality_limit(plan, 5000)
    grid = np.linspace(0.0, 0.2, 200_001)
    aoq = grid * binom.cdf(5, 200, grid) * (5000 - 200) / 5000
    assert aoql == pytest.approx(float(aoq.max()), rel=1e-7)
    assert p_star == pytest.approx(float(grid[aoq.argmax()]), abs=2e-6)


def test_a_lot_inspected_in_full_has_no_outgoing_nonconforming_items():
    assert average_outgoing_quality_limit(_single(200, 5, lot=200), 200) == (0.0, 0.0)


def test_the_average_sample_number_of_a_double_plan_counts_the_second_sample_when_undecided():
    plan = DoublePlan(5000, "II", "1.0", "normal", "L", "L", 125, 125, 2, 5, 6, 7, False, "t", "s")
    p = 0.02
    undecided = binom.cdf(4, 125, p) - binom.cdf(2, 125, p)
    assert average_sample_number(plan, p) == pytest.approx(125 + 125 * undecided, rel=1e-12)
    assert average_sample_number(_single(200, 5), p) == 200


def test_the_figures_of_a_plan_are_ordered_as_its_oc_curve_falls():
    c = characteristics(_single(200, 5))
    assert c.p95 < c.p50 < c.LQ10
    assert c.P_a_at_AQL == pytest.approx(float(binom.cdf(5, 200, 0.01)), rel=1e-12)
    assert c.ASN_at_AQL == 200


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 2000), data=st.data())
def test_the_quality_found_gives_back_the_probability_asked(n, data):
    ac = data.draw(st.integers(0, min(n - 1, 40)))
    P = data.draw(st.floats(0.01, 0.99))
    p = quality_at(_single(n, ac), P)
    assert float(binom.cdf(ac, n, p)) == pytest.approx(P, abs=1e-9)


def test_a_probability_outside_zero_and_one_is_refused_naming_the_field():
    with pytest.raises(SamplingTableError, match="P_a"):
        quality_at(_single(200, 5), 1.0)

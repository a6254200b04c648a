"""Robust estimators of ISO 13528:2022 annex C: examples, and properties checked with hypothesis."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casys.core.proficiency import robust

# metRology (CRAN), help page of algA, example "Creosote example from ISO 5725-5:1998":
# the cell means of the creosote precision experiment.
CREOSOTE_MEANS = [24.140, 20.155, 19.500, 20.300, 20.705, 17.570, 20.100, 20.940, 21.185]


def test_it_starts_algorithm_a_from_median_and_made():
    # ISO 13528:2022, C.3.1, formulae (C.1), (C.2): x* = median, s* = 1.483·median|x_i − x*|.
    data = [1.0, 2.0, 3.0, 4.0, 100.0]
    assert robust.median(data) == 3.0
    assert robust.made(data) == pytest.approx(1.483)


def test_it_computes_niqr_with_the_factor_0_7413():
    # ISO 13528:2022, C.2.3: nIQR = 0.7413·IQR; for 1..5 (type-7 quartiles 2 and 4) IQR = 2.
    assert robust.niqr([5.0, 4.0, 3.0, 2.0, 1.0]) == pytest.approx(1.4826)


def test_it_reproduces_one_algorithm_a_update_by_hand():
    # ISO 13528:2022, C.3.1, formulae (C.3)–(C.6), one update worked by hand on the creosote means:
    # median 20.300, median |x_i − 20.300| = 0.640, MADe = 1.483·0.640 = 0.94912.
    data = np.array(CREOSOTE_MEANS)
    x0 = 20.300
    s0 = 1.483 * float(np.median(np.abs(data - x0)))
    assert s0 == pytest.approx(0.94912)
    clipped = np.clip(data, x0 - 1.5 * s0, x0 + 1.5 * s0)
    x1 = clipped.mean()
    s1 = 1.134 * clipped.std(ddof=1)
    first = robust.algorithm_a(CREOSOTE_MEANS, max_iterations=1000)
    assert first.iterations > 1
    # Iterating the same update to the fixed point reaches the function's result.
    x, s = x1, s1
    for _ in range(first.iterations - 1):
        c = np.clip(data, x - 1.5 * s, x + 1.5 * s)
        x, s = c.mean(), 1.134 * c.std(ddof=1)
    assert (first.x, first.s) == (pytest.approx(x, rel=1e-12), pytest.approx(s, rel=1e-12))


def test_it_stops_algorithm_a_when_the_third_significant_figure_no_longer_changes():
    # ISO 13528:2022, C.3.1: stop when the third significant figure of s* and the same decimal
    # place of x* do not change from one iteration to the next.
    data = np.array(CREOSOTE_MEANS)
    est = robust.algorithm_a(CREOSOTE_MEANS)
    c = np.clip(data, est.x - 1.5 * est.s, est.x + 1.5 * est.s)
    x_next, s_next = c.mean(), 1.134 * c.std(ddof=1)
    places = 2 - math.floor(math.log10(est.s))
    assert round(x_next, places) == round(est.x, places) or round(s_next, places) == round(est.s, places)
    converged = robust.algorithm_a(CREOSOTE_MEANS, stop="converged")
    assert converged.iterations > est.iterations
    # metRology's help page says only that "iteration 4 corresponds very closely to the ISO 5725
    # answer" for these data, without the numbers; both stopping rules agree to 2 significant figures.
    assert round(est.x, 1) == round(converged.x, 1) == 20.4
    assert round(est.s, 1) == round(converged.s, 1)


def test_it_refuses_algorithm_a_when_more_than_half_the_results_are_equal():
    with pytest.raises(robust.RobustStatisticsError, match="MADe is zero"):
        robust.algorithm_a([5.0, 5.0, 5.0, 6.0, 7.0])


def test_it_computes_the_q_method_from_pairwise_differences():
    # ISO 13528:2022, C.5.2.2 for 1..5: H1 = 0.4, 0.7, 0.9, 1.0 at 1, 2, 3, 4; G1(1) = 0.2,
    # G1(2) = 0.55 so G1⁻¹(0.25) = 1 + 0.05/0.35; s* = that / (√2·Φ⁻¹(0.625)).
    expected = (1.0 + 0.05 / 0.35) / (math.sqrt(2.0) * 0.31863936396437514)
    assert robust.q_method([1.0, 2.0, 3.0, 4.0, 5.0]) == pytest.approx(expected, rel=1e-12)


def test_it_ignores_a_result_beyond_4_5_s_in_the_hampel_mean():
    # ISO 13528:2022, C.5.3.2: ψ(q) = 0 for |q| > 4.5; the other four results are within 1.5·s,
    # where ψ(q) = q, so x* is their mean.
    assert robust.hampel([9.9, 10.0, 10.1, 10.2, 13.0], s=0.2) == pytest.approx(10.05)


def test_it_takes_the_hampel_root_nearest_the_median():
    # Two clusters, each a root of Σψ = 0; the median lies in the larger one (C.5.3.3).
    data = [0.0, 0.1, 0.2, 0.3, 0.4, 10.0, 10.1, 10.2]
    assert robust.hampel(data, s=0.2) == pytest.approx(0.2)


finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
samples = st.lists(finite, min_size=5, max_size=25, unique=True)


def _spread(values: list[float]) -> bool:
    # Well-separated results: a transformation a·x + b in floating point must not create ties.
    gaps = np.diff(np.sort(values))
    return robust.made(values) > 1e-3 and float(gaps.min()) > 1e-6 * max(1.0, max(map(abs, values)))


@settings(max_examples=60, deadline=None)
@given(samples, st.randoms(use_true_random=False))
def test_every_estimate_is_invariant_to_the_order_of_results(values, rnd):
    assume(_spread(values))
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert robust.algorithm_a(values) == robust.algorithm_a(shuffled)
    assert robust.q_hampel(values) == robust.q_hampel(shuffled)
    assert robust.median_made(values) == robust.median_made(shuffled)
    assert robust.niqr(values) == robust.niqr(shuffled)


@settings(max_examples=60, deadline=None)
@given(
    samples,
    st.floats(min_value=0.01, max_value=100.0).flatmap(lambda a: st.sampled_from([a, -a])),
    st.floats(min_value=-1e3, max_value=1e3),
)
def test_estimates_are_equivariant_under_shift_and_scale(values, a, b):
    assume(_spread(values))
    moved = [a * v + b for v in values]
    for estimate in (
        lambda d: robust.algorithm_a(d, stop="converged"),
        robust.q_hampel,
        robust.median_made,
    ):
        before, after = estimate(values), estimate(moved)
        tolerance = 1e-7 * abs(a) * before.s + 1e-9 * (abs(b) + abs(a) * max(map(abs, values)))
        assert after.x == pytest.approx(a * before.x + b, abs=tolerance)
        assert after.s == pytest.approx(abs(a) * before.s, abs=tolerance)


@settings(max_examples=60, deadline=None)
@given(samples, st.floats(min_value=100.0, max_value=1e6))
def test_a_single_gross_outlier_moves_algorithm_a_by_at_most_1_5_s_over_p(values, distance):
    """The bound, derived from the winsorisation at x* ± δ, δ = 1.5·s* (ISO 13528:2022, C.3.1).

    Let y_1..y_n be the clean results and o an outlier so far above that it is clipped to x* + δ at
    the fixed point of the n + 1 results. Formula (C.5) gives (n + 1)·x* = Σ w_i + x* + δ with
    w_i = clip(y_i, x* − δ, x* + δ), hence x* = mean(w) + δ/n: the outlier pulls the mean by exactly
    1.5·s*/n beyond the mean of the winsorised clean results, whatever its value. Since every w_i lies
    in [min y, max y] or within δ of x*, it follows that min y ≤ x* ≤ max y + 1.5·s*/n.
    """
    assume(_spread(values))
    n = len(values)
    outlier = max(values) + distance * (max(values) - min(values))
    est = robust.algorithm_a([*values, outlier], stop="converged")
    delta = 1.5 * est.s
    assume(outlier > est.x + delta)
    winsorised = np.clip(values, est.x - delta, est.x + delta)
    assert est.x - float(winsorised.mean()) == pytest.approx(delta / n, rel=1e-6, abs=1e-9 * est.s)
    assert min(values) - 1e-9 * est.s <= est.x <= max(values) + delta / n + 1e-9 * est.s
    # Moving the outlier further away changes nothing: its influence is bounded.
    further = robust.algorithm_a([*values, outlier * 10 + 1e6], stop="converged")
    assert further.x == pytest.approx(est.x, rel=1e-9, abs=1e-9 * est.s)


# Worked example of S. Subramanian, "The Algorithm A in Detail" (slides, 22-02-2025, public at
# slideorbit.com/slide/the-algorithm-a-in-detail-powerpoint-ppt-presentation/291515, which refer to
# ISO 5725-5:1998, 6.2 and ISO 13528:2015, annex E.3): twelve laboratories' results; published
# initial x* = 1.510, s* = 0.3559; iteration 1: x* = 1.475, s* = 0.4072; iteration 2: x* = 1.460,
# s* = 0.4486 (3 decimals for x*, 4 for s*).
ANNEX_E3 = [1.69, 0.74, 2.05, 1.14, 2.19, 1.39, 1.52, 1.50, 1.58, 0.80, 1.21, 1.63]


def test_it_reproduces_the_published_algorithm_a_iterations():
    (x0, s0), (x1, s1), (x2, s2) = robust.algorithm_a_steps(ANNEX_E3, 2)
    assert (round(x0, 3), round(s0, 4)) == (1.510, 0.3559)
    assert (round(x1, 3), round(s1, 4)) == (1.475, 0.4072)
    assert (round(x2, 3), round(s2, 4)) == (1.460, 0.4486)


def test_the_annex_e3_example_converges_to_a_fixed_point():
    # The slides stop at iteration 2 in the excerpt available; the fixed point is reached when no
    # result is winsorised any more, after which the update no longer changes x* or s*.
    est = robust.algorithm_a(ANNEX_E3)
    assert est == robust.algorithm_a(ANNEX_E3, stop="converged")
    (_, _), *rest = robust.algorithm_a_steps(ANNEX_E3, est.iterations + 1)
    assert rest[-1] == pytest.approx((est.x, est.s), rel=1e-15)


def test_hampel_takes_the_median_when_it_lies_on_a_plateau_of_solutions():
    # Found by the equivariance property: two clusters far apart, so at the median every result is
    # beyond 4.5·s and Σψ = 0 on a whole interval around it (ISO 13528:2022 C.5.3.3: of several
    # solutions, the one nearest the median). Scaling the data must not change the choice.
    values = [0.0, 1.0, 2.0, -666.0, -762.0, -861.0]
    a = 0.01171875
    before, after = robust.q_hampel(values), robust.q_hampel([a * v for v in values])
    assert before.x == statistics.median(values)
    assert after.x == pytest.approx(a * before.x, rel=1e-12)

"""Decision rules, conformance probability and specific risks (ILAC G8:09/2019, JCGM 106:2012)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

from casys.core.conformity import (
    ConformityInputError,
    Rule,
    Statement,
    ToleranceInterval,
    acceptance_limits_for_specific_risk,
    conformance_probability,
    decide,
)

TWO_SIDED = ToleranceInterval(9.9, 10.1)
# 9.9 and 10.1 are not exact binary fractions: the centre is only symmetric to ~1e-15.
ROUNDING = 1e-12

values = st.floats(min_value=9.0, max_value=11.0, allow_nan=False)
uncertainties = st.floats(min_value=1e-4, max_value=0.2, allow_nan=False)
multipliers = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@pytest.mark.parametrize(("k", "published"), [(1, 0.6827), (2, 0.9545), (3, 0.9973)])
def test_it_gives_the_normal_coverage_probability_for_a_value_centred_in_k_u(k, published):
    # JCGM 100:2008 (GUM) Table G.1: coverage factor k = 1, 2, 3 gives 68.27 %, 95.45 %, 99.73 %
    # for a normal distribution (printed to 0.01 %). With y at the centre of [T_L, T_U] and
    # T_U - y = k·u, JCGM 106:2012 7.3 gives p_c = Φ(k) - Φ(-k).
    p_c = conformance_probability(10.0, 0.1 / k, TWO_SIDED)
    assert round(p_c, 4) == published


def test_a_value_on_a_single_limit_has_a_conformance_probability_of_one_half():
    # JCGM 106:2012 8.2 / ILAC G8:09/2019 4.2.1: with simple acceptance a result on the limit
    # carries a specific risk of false acceptance of up to 50 %.
    assert conformance_probability(5.0, 0.3, ToleranceInterval(T_U=5.0)) == pytest.approx(0.5, abs=1e-15)
    assert conformance_probability(5.0, 0.3, ToleranceInterval(T_L=5.0)) == pytest.approx(0.5, abs=1e-15)


def test_guarded_acceptance_with_w_equal_to_U_keeps_the_specific_risk_below_two_and_a_half_percent():
    # ILAC G8:09/2019 4.2.2: guard band w = U (r = 1, k = 2) gives a specific risk of false
    # accept below 2.5 % for a result on the acceptance limit (JCGM 106:2012 8.3.2: p_c = Φ(2)).
    tolerance = ToleranceInterval(T_U=10.0)
    d = decide(10.0 - 2 * 0.01, 0.01, tolerance, Rule.GUARDED_ACCEPTANCE, r=1.0, k=2.0)
    assert d.accepted
    assert d.R_C < 0.025
    assert d.R_C == pytest.approx(norm.sf(2.0), rel=1e-9)


def test_the_specific_risks_follow_the_decision():
    # JCGM 106:2012 9.3.2 and 9.3.3: accepted → consumer's risk 1 - p_c; rejected → producer's risk p_c.
    accepted = decide(10.09, 0.01, TWO_SIDED, "simple")
    rejected = decide(10.11, 0.01, TWO_SIDED, "simple")
    assert (accepted.accepted, accepted.R_C, accepted.R_P) == (True, 1 - accepted.p_c, 0.0)
    assert (rejected.accepted, rejected.R_C, rejected.R_P) == (False, 0.0, rejected.p_c)


def test_the_decision_names_its_rule_and_reference_for_the_report():
    d = decide(10.02, 0.01, TWO_SIDED, "guarded-rejection", r=0.5)
    assert d.rule_name == "guarded rejection"
    assert "ILAC G8:09/2019 4.2.3" in d.reference
    assert d.w == pytest.approx(0.01)
    assert (d.acceptance.A_L, d.acceptance.A_U) == pytest.approx((9.89, 10.11))


@pytest.mark.parametrize(
    ("y", "statement"),
    [
        (10.0, Statement.PASS),
        (10.09, Statement.CONDITIONAL_PASS),
        (10.11, Statement.CONDITIONAL_FAIL),
        (10.13, Statement.FAIL),
    ],
)
def test_it_gives_the_four_non_binary_statements(y, statement):
    # ILAC G8:09/2019 4.2.3: pass / conditional pass / conditional fail / fail with w = U.
    assert decide(y, 0.01, TWO_SIDED, "simple", binary=False).statement is statement


def test_a_binary_statement_is_pass_or_fail():
    assert decide(10.09, 0.01, TWO_SIDED, "simple").statement is Statement.PASS
    assert decide(10.09, 0.01, TWO_SIDED, "guarded-acceptance").statement is Statement.FAIL


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"u": 0.0}, "u:"),
        ({"u": math.nan}, "u:"),
        ({"k": 0.0}, "k:"),
        ({"r": -1.0}, "guard:"),
        ({"r": 10.0}, "guard:"),
    ],
)
def test_bad_input_is_refused_naming_the_field(kwargs, field):
    args = {"y": 10.0, "u": 0.01, "tolerance": TWO_SIDED, "rule": "guarded-acceptance", **kwargs}
    with pytest.raises(ConformityInputError, match=field):
        decide(**args)


def test_a_tolerance_interval_needs_a_limit_in_the_right_order():
    with pytest.raises(ConformityInputError, match="tolerance limits"):
        ToleranceInterval()
    with pytest.raises(ConformityInputError, match="lower 2.0 must be below upper 1.0"):
        ToleranceInterval(2.0, 1.0)


def test_acceptance_limits_for_a_target_specific_risk_leave_exactly_that_risk_at_the_limit():
    for tolerance in (ToleranceInterval(T_U=10.0), ToleranceInterval(T_L=9.0), TWO_SIDED):
        limits = acceptance_limits_for_specific_risk(0.02, tolerance, 0.05)
        edge = limits.A_U if math.isfinite(limits.A_U) else limits.A_L
        assert 1 - conformance_probability(edge, 0.02, tolerance) == pytest.approx(0.05, abs=1e-10)


@given(y=values, u=uncertainties, step=st.floats(min_value=0.0, max_value=0.5))
def test_conformance_probability_falls_as_the_value_moves_up_past_the_centre(y, u, step):
    # Inside: moving towards the upper limit lowers p_c; outside: moving away lowers it further.
    start = max(y, 10.0)
    assert (
        conformance_probability(start + step, u, TWO_SIDED)
        <= conformance_probability(start, u, TWO_SIDED) + ROUNDING
    )


@given(y=values, u=uncertainties, step=st.floats(min_value=0.0, max_value=0.5))
def test_conformance_probability_falls_as_the_value_moves_down_past_the_centre(y, u, step):
    start = min(y, 10.0)
    assert (
        conformance_probability(start - step, u, TWO_SIDED)
        <= conformance_probability(start, u, TWO_SIDED) + ROUNDING
    )


@given(y=values, u=uncertainties, step=st.floats(min_value=0.0, max_value=0.5))
def test_conformance_probability_with_one_upper_limit_falls_as_the_value_rises(y, u, step):
    upper = ToleranceInterval(T_U=10.0)
    assert conformance_probability(y + step, u, upper) <= conformance_probability(y, u, upper) + ROUNDING


@given(y=values, u=uncertainties, r=multipliers)
def test_guarded_acceptance_never_accepts_what_simple_acceptance_rejects(y, u, r):
    try:
        guarded = decide(y, u, TWO_SIDED, "guarded-acceptance", r=r)
    except ConformityInputError:
        return  # guard band wider than half the interval: no acceptance interval at all
    if guarded.accepted:
        assert decide(y, u, TWO_SIDED, "simple").accepted


@given(y=values, u=uncertainties, r=multipliers)
def test_guarded_rejection_never_rejects_what_simple_acceptance_accepts(y, u, r):
    if decide(y, u, TWO_SIDED, "simple").accepted:
        assert decide(y, u, TWO_SIDED, "guarded-rejection", r=r).accepted


def test_the_specific_consumers_risk_keeps_its_precision_far_inside_the_tolerance():
    # y = 10.02, u = 0.01 in [9.9, 10.1]: the measurand lies outside with probability
    # Φ(−12) + Φ(−8) ≈ 6.22e-16 (normal tails; JCGM 106:2012 7.3 and 9.3.2). Computed as 1 − p_c
    # this would round to a multiple of 2⁻⁵³ ≈ 1.1e-16 and be off by about 7 %.
    from casys.core.conformity import nonconformance_probability

    expected = float(norm.cdf(-12.0) + norm.cdf(-8.0))
    d = decide(10.02, 0.01, ToleranceInterval(9.9, 10.1), Rule.SIMPLE)
    assert d.R_C == pytest.approx(expected, rel=1e-9)
    tolerance = ToleranceInterval(9.9, 10.1)
    assert nonconformance_probability(10.02, 0.01, tolerance) == pytest.approx(expected, rel=1e-9)
    # and it agrees with 1 − p_c where that subtraction is accurate
    p_c = conformance_probability(10.09, 0.01, tolerance)
    assert nonconformance_probability(10.09, 0.01, tolerance) == pytest.approx(1 - p_c, rel=1e-12)

"""Global consumer's and producer's risks (JCGM 106:2012 9.5) and acceptance limits for a target risk."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal, norm

from casys.core.conformity import (
    AcceptanceInterval,
    ConformityInputError,
    ToleranceInterval,
    acceptance_limits_for_global_risk,
    global_risks,
)

TOLERANCE = ToleranceInterval(9.9, 10.1)


def _monte_carlo(y0, u0, u_m, tolerance, acceptance, seed, trials=1_000_000):
    # Direct simulation of JCGM 106:2012 9.5: draw the true value from the prior, then the
    # measured value; count accepted nonconforming and rejected conforming items.
    rng = np.random.default_rng(seed)
    eta = rng.normal(y0, u0, trials)
    y = eta + rng.normal(0.0, u_m, trials)
    conforming = (eta >= tolerance.lower) & (eta <= tolerance.upper)
    accepted = (y >= acceptance.A_L) & (y <= acceptance.A_U)
    return np.mean(~conforming & accepted), np.mean(conforming & ~accepted)


@pytest.mark.parametrize(
    ("y0", "u0", "u_m", "acceptance"),
    [
        (10.0, 0.05, 0.02, AcceptanceInterval(9.9, 10.1)),
        (10.03, 0.04, 0.015, AcceptanceInterval(9.92, 10.08)),
        (9.95, 0.06, 0.03, AcceptanceInterval(9.88, 10.12)),
    ],
)
def test_global_risks_by_integration_agree_with_a_seeded_simulation(y0, u0, u_m, acceptance):
    risks = global_risks(y0, u0, u_m, TOLERANCE, acceptance)
    r_c, r_p = _monte_carlo(y0, u0, u_m, TOLERANCE, acceptance, seed=20121001)
    # Binomial standard error of a proportion near R with 10^6 trials is sqrt(R/10^6); allow 5 of them.
    assert risks.R_C == pytest.approx(r_c, abs=5 * np.sqrt(max(r_c, 1e-6) / 1e6))
    assert risks.R_P == pytest.approx(r_p, abs=5 * np.sqrt(max(r_p, 1e-6) / 1e6))


def test_a_guard_band_moves_risk_from_the_consumer_to_the_producer():
    simple = global_risks(10.0, 0.05, 0.02, TOLERANCE)
    guarded = global_risks(10.0, 0.05, 0.02, TOLERANCE, AcceptanceInterval(9.94, 10.06))
    assert guarded.R_C < simple.R_C
    assert guarded.R_P > simple.R_P


def test_a_one_sided_tolerance_interval_has_risks_only_at_its_limit():
    upper_only = ToleranceInterval(T_U=10.1)
    risks = global_risks(10.0, 0.05, 0.02, upper_only)
    r_c, r_p = _monte_carlo(10.0, 0.05, 0.02, upper_only, risks.acceptance, seed=7)
    assert risks.R_C == pytest.approx(r_c, abs=5e-4)
    assert risks.R_P == pytest.approx(r_p, abs=5e-4)


def test_acceptance_limits_for_a_global_risk_reach_the_target():
    acceptance, risks = acceptance_limits_for_global_risk(10.0, 0.05, 0.02, TOLERANCE, 0.001)
    assert risks.R_C == pytest.approx(0.001, rel=1e-6)
    assert acceptance.A_U < TOLERANCE.upper and acceptance.A_L > TOLERANCE.lower


def test_a_target_already_met_by_simple_acceptance_is_refused():
    with pytest.raises(ConformityInputError, match="target risk"):
        acceptance_limits_for_global_risk(10.0, 0.01, 0.001, TOLERANCE, 0.01)


@pytest.mark.parametrize(("args", "field"), [((10.0, 0.0, 0.02), "process-std"), ((10.0, 0.05, -1.0), "u:")])
def test_bad_process_input_is_refused_naming_the_field(args, field):
    with pytest.raises(ConformityInputError, match=field):
        global_risks(*args, TOLERANCE)


def test_crossed_acceptance_limits_are_refused():
    with pytest.raises(ConformityInputError, match="acceptance limits"):
        global_risks(10.0, 0.05, 0.02, TOLERANCE, AcceptanceInterval(10.2, 10.0))


# D. Deaver, "How to Maintain Your Confidence (in a World of Declining Test Uncertainty Ratios)",
# NCSL Workshop & Symposium 1993, p. 7 and p. 10: global false-accept (consumer's) and false-reject
# (producer's) risks for a normal process and a normal measurement, published to 3 decimals; the
# figures and their distributions as quoted in Sandia National Laboratories' suncal test suite
# (test/test_risk.py, test_riskmontecarlo and test_gb). These are the global risks of JCGM 106:2012
# 9.5.4/9.5.5, so the comparison is at the published precision.
@pytest.mark.parametrize(
    ("u0", "u_m", "limit", "acceptance", "R_C", "R_P"),
    [
        (4.0, 1.0, 8.0, None, 0.008, 0.015),  # p. 7: process N(0, 4), test N(0, 1), limits ±8
        (1.0, 0.5, 2.0, 2 * 0.91, 0.008, 0.066),  # p. 10: guard band, acceptance at ±0.91·2
    ],
)
def test_it_reproduces_deavers_published_global_risks(u0, u_m, limit, acceptance, R_C, R_P):
    accept = None if acceptance is None else AcceptanceInterval(-acceptance, acceptance)
    r = global_risks(0.0, u0, u_m, ToleranceInterval(-limit, limit), accept)
    assert (round(r.R_C, 3), round(r.R_P, 3)) == (R_C, R_P)


def _exact_risks(y0, u0, u_m, tolerance, acceptance):
    # Not a published example: with a normal prior η ~ N(y0, u0²) and a normal measurement
    # y = η + e, e ~ N(0, u_m²) (JCGM 106:2012 9.5.2, 9.5.3), (η, y) is bivariate normal with
    # Var η = Cov(η, y) = u0² and Var y = u0² + u_m². The global risks are rectangle probabilities:
    # R_C = P(y ∈ A) - P(η ∈ C, y ∈ A) and R_P = P(η ∈ C) - P(η ∈ C, y ∈ A).
    cov = [[u0**2, u0**2], [u0**2, u0**2 + u_m**2]]
    joint = multivariate_normal([y0, y0], cov, abseps=1e-13, releps=1e-13)
    both = float(joint.cdf([tolerance.upper, acceptance.A_U], lower_limit=[tolerance.lower, acceptance.A_L]))
    s = float(np.hypot(u0, u_m))
    p_a = float(norm.cdf(acceptance.A_U, y0, s) - norm.cdf(acceptance.A_L, y0, s))
    p_c = float(norm.cdf(tolerance.upper, y0, u0) - norm.cdf(tolerance.lower, y0, u0))
    return p_a - both, p_c - both


@pytest.mark.parametrize(
    ("y0", "u0", "u_m", "acceptance"),
    [
        (10.0, 0.05, 0.02, AcceptanceInterval(9.9, 10.1)),
        (10.03, 0.04, 0.015, AcceptanceInterval(9.92, 10.08)),
        (9.95, 0.06, 0.03, AcceptanceInterval(9.88, 10.12)),
        (10.0, 0.01, 0.04, AcceptanceInterval(9.9, 10.1)),  # measurement worse than the process
        (10.2, 0.05, 0.02, AcceptanceInterval(9.9, 10.1)),  # process centred outside C
    ],
)
def test_global_risks_by_integration_equal_the_bivariate_normal_probabilities(y0, u0, u_m, acceptance):
    r = global_risks(y0, u0, u_m, TOLERANCE, acceptance)
    r_c, r_p = _exact_risks(y0, u0, u_m, TOLERANCE, acceptance)
    assert r.R_C == pytest.approx(r_c, abs=1e-10)
    assert r.R_P == pytest.approx(r_p, abs=1e-10)


def test_acceptance_limits_for_a_global_risk_reach_the_target_by_the_bivariate_normal_probability():
    acceptance, _ = acceptance_limits_for_global_risk(10.0, 0.05, 0.02, TOLERANCE, 0.001)
    r_c, _ = _exact_risks(10.0, 0.05, 0.02, TOLERANCE, acceptance)
    assert r_c == pytest.approx(0.001, abs=1e-10)

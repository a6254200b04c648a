"""Examples of JCGM 106:2012 (the role of measurement uncertainty in conformity assessment).

Provenance. The text of JCGM 106:2012 could not be read with the project's search tool
(the stored copies of the BIPM PDF, of ISO/IEC Guide 98-4 and of OIML G 1-106 give their
title pages only). The one example whose inputs were found quoted in a public source is the
two-sided example of JCGM 106:2012 7.4, quoted by H. Liedberg, "Conformity to specification –
calculating risk and implementing a decision rule in Excel or Calc", metrologyrules.com,
6 March 2022 (http://metrologyrules.com/?p=590): "We will use the same numbers as the example
in JCGM 106 7.4 ... result = 13.6, u(k=1) = 1.8, tolerance limits TL = 12.5 and TU = 16.3."
The conformance probability JCGM 106 publishes for it was not read (the stored copy of the
article stops before its answer), so these tests compare casys with an independent
computation of the same quantity, not with a published figure. The inputs of the ball-bearing
example of 9.5.4 (gamma prior) were found coded in a second program (Sandia suncal); its
printed outputs are that program's own, so those tests are a cross-check between programs.
"""

import math

import pytest
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.stats import gamma, norm

from casys.core.conformity import (
    AcceptanceInterval,
    Rule,
    ToleranceInterval,
    conformance_probability,
    decide,
    global_risks,
    global_risks_with_prior,
)

# JCGM 106:2012 7.4 example, inputs as quoted by metrologyrules.com (see module docstring).
Y, U = 13.6, 1.8
TOLERANCE = ToleranceInterval(12.5, 16.3)


def _p_c_by_integration(y, u, tolerance):
    """∫ over [T_L, T_U] of the normal PDF N(y, u²) (JCGM 106:2012 7.3), by adaptive quadrature."""
    value, _ = quad(lambda eta: norm.pdf(eta, y, u), tolerance.lower, tolerance.upper, epsabs=1e-14)
    return value


def test_the_two_sided_example_of_7_4_has_the_conformance_probability_of_the_normal_integral():
    # Not a published figure: the published p_c of JCGM 106:2012 7.4 was not read. casys's
    # closed form (difference of normal CDFs) is checked against numerical integration of the PDF.
    p_c = conformance_probability(Y, U, TOLERANCE)
    assert p_c == pytest.approx(_p_c_by_integration(Y, U, TOLERANCE), abs=1e-12)
    # the interval is not centred on y (16.3 - 13.6 = 2.7 above, 13.6 - 12.5 = 1.1 below), so
    # the lower tail carries most of the non-conformance probability
    below = norm.cdf((TOLERANCE.lower - Y) / U)
    above = norm.sf((TOLERANCE.upper - Y) / U)
    assert below > 3 * above
    assert p_c == pytest.approx(1.0 - below - above, abs=1e-15)


def test_the_example_of_7_4_is_accepted_under_simple_acceptance_and_carries_the_specific_consumers_risk():
    # JCGM 106:2012 8.2 (simple acceptance) and 9.3.2 (specific consumer's risk 1 - p_c of an
    # accepted item), applied to the inputs of the 7.4 example; closed-form check, not a published figure.
    d = decide(Y, U, TOLERANCE, Rule.SIMPLE)
    assert d.accepted and d.R_C == pytest.approx(1.0 - _p_c_by_integration(Y, U, TOLERANCE), abs=1e-12)
    # guarded acceptance with w = U = 2u leaves no acceptance interval: the tolerance interval
    # (width 3.8) is narrower than 2w = 7.2, so the rule cannot be applied to this example
    with pytest.raises(ValueError, match="guard"):
        decide(Y, U, TOLERANCE, Rule.GUARDED_ACCEPTANCE)
    # guarded rejection with w = U widens it to [8.9, 19.9]: the item is accepted
    assert decide(Y, U, TOLERANCE, Rule.GUARDED_REJECTION).accepted


@pytest.mark.parametrize("scale", [1e-6, 1.0, 1e6])
def test_the_conformance_probability_of_the_7_4_example_does_not_depend_on_the_unit(scale):
    # p_c depends only on (T - y)/u (JCGM 106:2012 7.3): rescaling every input leaves it unchanged.
    base = conformance_probability(Y, U, TOLERANCE)
    scaled = conformance_probability(Y * scale, U * scale, ToleranceInterval(12.5 * scale, 16.3 * scale))
    assert scaled == pytest.approx(base, rel=1e-12)
    assert math.isfinite(scaled)


# JCGM 106:2012 9.5.4 example (precision ball bearings: the radial error motion must be less
# than T_U = 2 µm; the process prior is a gamma PDF because the quantity is near zero and cannot
# be negative; the measurement has u_m = 0.25 µm). Inputs as quoted and coded in Sandia National
# Laboratories' suncal, "doc/API Examples/Risk - Ball Bearing.ipynb" (sandialabs/suncal, commit
# 0bdf9027): scipy.stats.gamma(a=4, scale=1/4), norm(scale=0.25), upper limit 2. The figures it
# prints (out-of-tolerance probability 0.04238011199168401, false-accept risk
# 0.008019111884303471, acceptance limit 1.671828771543956 for a 0.1 % false-accept target) are
# suncal's own computation, NOT the figures printed in JCGM 106, which were not read: this is a
# cross-check against an independent program, at the digits it printed less one.
BEARING_PRIOR = gamma(4, scale=0.25)
BEARING = ToleranceInterval(-math.inf, 2.0)


def test_the_ball_bearing_example_of_9_5_4_agrees_with_an_independent_program():
    r = global_risks_with_prior(BEARING_PRIOR, 0.25, BEARING)
    assert 1.0 - r.p_conforming == pytest.approx(0.04238011199168401, abs=1e-12)
    assert r.R_C == pytest.approx(0.008019111884303471, abs=1e-9)
    assert r.y0 == pytest.approx(1.0) and r.u0 == pytest.approx(0.5)


def test_the_ball_bearing_acceptance_limit_for_a_0_1_percent_consumers_risk_agrees():
    # JCGM 106:2012 9.5: lower the acceptance limit until R_C reaches the target. Solved here by
    # brentq on the general-prior risk; suncal gives A_U = 1.671828771543956 µm.
    def excess(a_u):
        acceptance = AcceptanceInterval(-math.inf, a_u)
        return global_risks_with_prior(BEARING_PRIOR, 0.25, BEARING, acceptance).R_C - 0.001

    a_u = brentq(excess, 1.0, 2.0, xtol=1e-12)
    assert a_u == pytest.approx(1.671828771543956, abs=1e-6)
    # the guard band costs the producer: R_P with A_U is larger than with simple acceptance
    guarded = global_risks_with_prior(BEARING_PRIOR, 0.25, BEARING, AcceptanceInterval(-math.inf, a_u))
    assert guarded.R_P > global_risks_with_prior(BEARING_PRIOR, 0.25, BEARING).R_P


def test_a_normal_prior_gives_the_risks_of_the_normal_closed_integrand():
    from scipy.stats import norm as normal

    for y0, u0, u_m in ((0.0, 4.0, 1.0), (10.0, 0.05, 0.01), (1.0, 0.5, 0.25)):
        tol = ToleranceInterval(y0 - 2 * u0, y0 + 2 * u0)
        a = global_risks_with_prior(normal(y0, u0), u_m, tol)
        b = global_risks(y0, u0, u_m, tol)
        assert a.R_C == pytest.approx(b.R_C, rel=1e-8, abs=1e-15)
        assert a.R_P == pytest.approx(b.R_P, rel=1e-8, abs=1e-15)
        assert a.p_conforming == pytest.approx(b.p_conforming, rel=1e-12)

"""The worked examples of JCGM 101:2008 (GUM Supplement 1), clause 9.

Each published figure is compared at the precision it was published with.

Monte Carlo tolerance. A Monte Carlo figure computed here from M trials differs
from the value of the (unknown) exact distribution by noise of standard deviation
σ_M. We estimate σ_M the way the adaptive procedure of JCGM 101 7.9.4 does: the
spread of 20 independent runs of 10⁴ trials, scaled by √(10⁴/M). A computed
figure passes when it lies within half a unit of the last published digit (the
publication's rounding) plus 4 σ_M (4 standard deviations: a false failure has
probability below 10⁻⁴ per figure). The published MCM figures are themselves
Monte Carlo estimates (JCGM 101 used M = 10⁶ or the adaptive procedure); where
the exact value is known in closed form (means and variances of all examples,
quantiles of 9.2.2 and 9.4) the test also compares with it, with the same 4 σ_M.

Provenance of the published figures. The text of JCGM 101:2008 could not be
retrieved with the project's search tool when these tests were written. The GUF
figures are deterministic consequences of the stated inputs and the GUF of 9.5 is
JCGM 100:2008 H.1; the MCM figures of Tables 2 and 3 (9.2.2, 9.2.3) were seen quoted
in a second implementation's test suite (Sandia suncal). The other MCM figures
(9.2.4 [−17.0, 17.0]; 9.3 1.2341 mg and 0.0754 mg; 9.5 u = 36 nm and [745, 932] nm)
were typed from the tables without a second source: check them against the PDF.
Each of them agrees with the computation here and, where one exists, with the exact
value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

from casys.core.uncertainty import (
    Arcsine,
    CurvilinearTrapezoidal,
    Normal,
    Rectangular,
    StudentT,
    gum,
    mcm,
    mcm_adaptive,
    parse,
    validate,
)

M = 10**6


def noise(model, inputs, correlations=None, p=0.95, trials=M):
    """σ_M of (y, u, symmetric low/high, shortest low/high) at ``trials`` trials (see module docstring)."""
    rows = []
    for seed in range(1000, 1020):
        r = mcm(model, inputs, correlations, seed=seed, trials=10**4, p=p)
        rows.append((r.y, r.u, r.symmetric.low, r.symmetric.high, r.shortest.low, r.shortest.high))
    sd = np.std(np.asarray(rows), axis=0, ddof=1) * math.sqrt(10**4 / trials)
    return dict(zip(("y", "u", "sym_low", "sym_high", "short_low", "short_high"), sd, strict=True))


def close(value, published, decimals, sigma=0.0):
    """|value − published| ≤ ½·10^−decimals + 4σ (rounding of the publication + Monte Carlo noise)."""
    tolerance = 0.5 * 10.0**-decimals + 4.0 * sigma
    return abs(value - published) <= tolerance


# ------------------------------------------------------------------ 9.2 additive model

ADDITIVE = parse("X1 + X2 + X3 + X4")
SQRT3 = math.sqrt(3.0)


def test_it_reproduces_the_additive_model_with_normal_inputs_9_2_2():
    inputs = {f"X{i}": Normal(0.0, 1.0) for i in range(1, 5)}
    g = gum(ADDITIVE, inputs)
    # JCGM 101:2008 9.2.2, Table 2, GUF: y = 0.00, u(y) = 2.00, 95 % interval [-3.92, 3.92]
    assert close(g.y, 0.00, 2) and close(g.u, 2.00, 2)
    assert close(g.low, -3.92, 2) and close(g.high, 3.92, 2)
    m = mcm(ADDITIVE, inputs, seed=922, trials=M)
    s = noise(ADDITIVE, inputs)
    # Table 2, MCM: 0.00, 2.00, [-3.92, 3.92]
    assert close(m.y, 0.00, 2, s["y"]) and close(m.u, 2.00, 2, s["u"])
    assert close(m.symmetric.low, -3.92, 2, s["sym_low"]) and close(m.symmetric.high, 3.92, 2, s["sym_high"])
    # exact: Y ~ N(0, 4), so the 95 % interval is ±2·z(0.975)
    exact = 2.0 * stats.norm.ppf(0.975)
    assert abs(m.symmetric.high - exact) <= 4 * s["sym_high"]
    assert abs(m.shortest.low + exact) <= 4 * s["short_low"]


def test_it_reproduces_the_additive_model_with_rectangular_inputs_9_2_3():
    inputs = {f"X{i}": Rectangular(-SQRT3, SQRT3) for i in range(1, 5)}
    g = gum(ADDITIVE, inputs)
    # JCGM 101:2008 9.2.3, Table 3, GUF: 0.00, 2.00, [-3.92, 3.92]
    assert close(g.u, 2.00, 2) and close(g.high, 3.92, 2)
    m = mcm(ADDITIVE, inputs, seed=923, trials=M)
    s = noise(ADDITIVE, inputs)
    # Table 3, MCM: 0.00, 2.00, [-3.88, 3.88] (narrower than the GUF interval)
    assert close(m.y, 0.00, 2, s["y"]) and close(m.u, 2.00, 2, s["u"])
    assert close(m.symmetric.low, -3.88, 2, s["sym_low"]) and close(m.symmetric.high, 3.88, 2, s["sym_high"])


def test_it_reproduces_the_additive_model_with_rectangular_inputs_of_different_widths_9_2_4():
    inputs = {f"X{i}": Rectangular(-SQRT3, SQRT3) for i in range(1, 4)}
    inputs["X4"] = Rectangular(-10 * SQRT3, 10 * SQRT3)
    g = gum(ADDITIVE, inputs)
    # JCGM 101:2008 9.2.4, Table 4, GUF: u(y) = 10.1, 95 % interval [-19.9, 19.9]
    assert close(g.u, 10.1, 1) and close(g.low, -19.9, 1) and close(g.high, 19.9, 1)
    m = mcm(ADDITIVE, inputs, seed=924, trials=M)
    s = noise(ADDITIVE, inputs)
    # Table 4, MCM: 95 % interval [-17.0, 17.0]; u(y) exactly √103 (sum of variances 3·1 + 100)
    assert close(m.symmetric.low, -17.0, 1, s["sym_low"]) and close(m.symmetric.high, 17.0, 1, s["sym_high"])
    assert abs(m.u - math.sqrt(103.0)) <= 4 * s["u"]


# ------------------------------------------------------------------ 9.3 mass calibration

MASS = parse("(m_Rc + dm_Rc) * (1 + (rho_a - 1.2) * (1/rho_W - 1/rho_R)) - 100000")
# JCGM 101:2008 9.3.1, Table 5 (masses in mg, densities in kg/m³)
MASS_INPUTS = {
    "m_Rc": Normal(100000.000, 0.050),
    "dm_Rc": Normal(1.234, 0.020),
    "rho_a": Rectangular(1.10, 1.30),
    "rho_W": Rectangular(7000.0, 9000.0),
    "rho_R": Rectangular(7950.0, 8050.0),
}


def _mass_exact_u():
    """u(δm) in closed form: Var(S·(1 + a·b)), S = m_Rc + δm_Rc, a = ρa − 1.2, b = 1/ρW − 1/ρR."""

    def inv(lo, hi):  # E[1/ρ], E[1/ρ²] for ρ rectangular on [lo, hi]
        return math.log(hi / lo) / (hi - lo), (1 / lo - 1 / hi) / (hi - lo)

    w1, w2 = inv(7000.0, 9000.0)
    r1, r2 = inv(7950.0, 8050.0)
    eb2 = w2 - 2 * w1 * r1 + r2
    va = 0.2**2 / 12
    mean_s, var_s = 100001.234, 0.050**2 + 0.020**2
    return math.sqrt((var_s + mean_s**2) * (1 + va * eb2) - mean_s**2)


def test_it_reproduces_the_mass_calibration_9_3():
    g = gum(MASS, MASS_INPUTS)
    # JCGM 101:2008 9.3, Table 6, GUF: δm = 1.2340 mg, u = 0.0539 mg, [1.1285, 1.3395] mg
    assert close(g.y, 1.2340, 4) and close(g.u, 0.0539, 4)
    assert close(g.low, 1.1285, 4) and close(g.high, 1.3395, 4)
    m = mcm(MASS, MASS_INPUTS, seed=93, trials=M)
    s = noise(MASS, MASS_INPUTS)
    # Table 6, MCM: δm = 1.2341 mg, u = 0.0754 mg (first-order GUF misses the product term, 0.0539)
    assert close(m.y, 1.2341, 4, s["y"]) and close(m.u, 0.0754, 4, s["u"])
    assert abs(m.y - 1.234) <= 4 * s["y"] and abs(m.u - _mass_exact_u()) <= 4 * s["u"]
    # exact: δm − 1.234 mg = e + (100001.234 mg + e)·a·b, e = (m_Rc − 100000 mg) + (δm_Rc − 1.234 mg),
    # a = ρa − 1.2, b = 1/ρW − 1/ρR; e and a are symmetric about 0 and independent, so δm is
    # symmetric about 1.234 mg up to the term e·a·b (|a·b| < 2e-6, so |e·a·b| ≲ 1e-6 mg): the
    # probabilistically symmetric 95 % interval is centred on 1.234 mg and on the run's estimate.
    # We recalled (not read) the published MCM interval as [1.0834, 1.3825] mg (centre 1.23295 mg),
    # 0.0011 mg below the recalled estimate 1.2341 mg. At 10⁶ trials the spread of (estimate −
    # centre) is about 1.2e-4 mg (40 runs of 10⁵ trials, scaled), so those two recalled figures
    # are ~9 standard deviations apart for one 10⁶-trial run; the JCGM 101 text was not read to
    # settle which of them is misremembered.
    centre = (m.symmetric.low + m.symmetric.high) / 2
    sigma_centre = (s["sym_low"] + s["sym_high"]) / 2
    assert abs(centre - 1.234) <= 4 * sigma_centre + 1e-6
    assert abs(centre - m.y) <= 4 * sigma_centre + 4 * s["y"]
    # 9.3: the GUF interval is not validated for n_dig = 2 (δ = 0.0005 mg)
    v = validate(g, m, n_dig=2)
    assert v.delta == 0.0005 and not v.validated


# ------------------------------------------------------------------ 9.4 comparison loss

LOSS = parse("X1**2 + X2**2")


def _loss(x1, r):
    inputs = {"X1": Normal(x1, 0.005), "X2": Normal(0.0, 0.005)}
    return inputs, {("X1", "X2"): r}


def _shortest_ncx2(lam, scale, p=0.95):
    """Shortest interval of scale·χ'²(2, λ) (χ²(2) when λ = 0) by minimising its length."""
    dist = stats.ncx2(2, lam) if lam > 0 else stats.chi2(2)
    res = optimize.minimize_scalar(
        lambda a: dist.ppf(a + p) - dist.ppf(a),
        bounds=(0.0, 1 - p),
        method="bounded",
        options={"xatol": 1e-10},
    )
    a = max(res.x, 0.0)
    return scale * dist.ppf(a), scale * dist.ppf(a + p)


@pytest.mark.parametrize("x1", [0.0, 0.010, 0.050])
def test_it_reproduces_the_uncorrelated_comparison_loss_9_4_2(x1):
    u = 0.005
    inputs, corr = _loss(x1, 0.0)
    g = gum(LOSS, inputs, corr)
    # JCGM 101:2008 9.4.2: first-order GUF gives y = x1², u(y) = 2 x1 u(x1)
    assert g.y == pytest.approx(x1**2, abs=1e-18) and g.u == pytest.approx(2 * x1 * u, abs=1e-18)
    m = mcm(LOSS, inputs, corr, seed=942, trials=M)
    s = noise(LOSS, inputs, corr)
    # exact (9.4.2): Y/u² is non-central χ² with 2 degrees of freedom and λ = (x1/u)²,
    # E(Y) = x1² + 2u², V(Y) = 4x1²u² + 4u⁴
    assert abs(m.y - (x1**2 + 2 * u**2)) <= 4 * s["y"]
    assert abs(m.u - math.sqrt(4 * x1**2 * u**2 + 4 * u**4)) <= 4 * s["u"]
    lam = (x1 / u) ** 2
    dist = stats.ncx2(2, lam) if lam > 0 else stats.chi2(2)
    assert abs(m.symmetric.low - u**2 * dist.ppf(0.025)) <= 4 * s["sym_low"] + 1e-12
    assert abs(m.symmetric.high - u**2 * dist.ppf(0.975)) <= 4 * s["sym_high"]
    low, high = _shortest_ncx2(lam, u**2)
    assert abs(m.shortest.low - low) <= 4 * s["short_low"] + 1e-9
    assert abs(m.shortest.high - high) <= 4 * s["short_high"]


@pytest.mark.parametrize("x1", [0.0, 0.050])
def test_it_reproduces_the_correlated_comparison_loss_9_4_3(x1):
    u, r = 0.005, 0.9
    inputs, corr = _loss(x1, r)
    g = gum(LOSS, inputs, corr)
    # JCGM 101:2008 9.4.3: with x2 = 0 the sensitivity to X2 vanishes, so the GUF result
    # does not see the correlation: y = x1², u(y) = 2 x1 u
    assert g.y == pytest.approx(x1**2, abs=1e-18) and g.u == pytest.approx(2 * x1 * u, abs=1e-18)
    m = mcm(LOSS, inputs, corr, seed=943, trials=M)
    s = noise(LOSS, inputs, corr)
    # exact: E(Y) = x1² + 2u², V(Y) = 4x1²u² + 4u⁴(1 + r²) for the bivariate Gaussian (6.4.8)
    assert abs(m.y - (x1**2 + 2 * u**2)) <= 4 * s["y"]
    assert abs(m.u - math.sqrt(4 * x1**2 * u**2 + 4 * u**4 * (1 + r**2))) <= 4 * s["u"]
    # the correlation widens the Monte Carlo distribution relative to the uncorrelated case
    m0 = mcm(LOSS, *_loss(x1, 0.0), seed=943, trials=M)
    assert m.u > m0.u


# ------------------------------------------------------------------ 9.5 gauge block

GAUGE = parse("Ls + D + d1 + d2 - Ls*(dalpha*(theta0 + Delta) + alpha_s*dtheta) - 50000000")
# JCGM 101:2008 9.5 (after JCGM 100:2008 H.1): lengths in nm, temperatures in °C
GAUGE_COMMON = {
    "Ls": StudentT(50000623.0, 25.0, 18),  # JCGM 100 H.1.3.1: l_s = 50.000 623 mm, u = 25 nm, ν = 18
    "D": StudentT(215.0, 5.8, 24),
    "d1": StudentT(0.0, 3.9, 5),
    "d2": StudentT(0.0, 6.7, 8),
    "alpha_s": Rectangular(9.5e-6, 13.5e-6),
    "theta0": Normal(-0.1, 0.2),
    "Delta": Arcsine(-0.5, 0.5),
}
# GUF as in JCGM 100 H.1: rectangular limits whose uncertainty is expressed by ν (H.1.3.5, H.1.3.6)
GAUGE_GUF = {
    **GAUGE_COMMON,
    "dalpha": Rectangular(-1e-6, 1e-6, dof=50),
    "dtheta": Rectangular(-0.050, 0.050, dof=2),
}
# MCM: curvilinear trapezoidal PDFs for the inexact limits (JCGM 101 9.5, 6.4.3)
GAUGE_MCM = {
    **GAUGE_COMMON,
    "dalpha": CurvilinearTrapezoidal(-1e-6, 1e-6, 0.1e-6),
    "dtheta": CurvilinearTrapezoidal(-0.050, 0.050, 0.025),
}


def test_it_reproduces_the_gauge_block_calibration_9_5():
    g = gum(GAUGE, GAUGE_GUF, p=0.99)
    # JCGM 100:2008 H.1.5-H.1.6 (the GUF of JCGM 101:2008 9.5): l − 50 mm = 838 nm, u_c = 32 nm,
    # ν_eff = 16, k = t_99(16) = 2.92, U_99 = 93 nm. The published interval [745, 931] nm is
    # 838 ± 93 from the rounded y and U, so its endpoints carry both roundings.
    assert close(g.y, 838, 0) and close(g.u, 32, 0) and math.floor(g.df) == 16
    assert close(g.k, 2.92, 2)
    # H.1.6 forms U_99 = 2.92 × 32 nm from the rounded u_c, so U carries k·(½ nm) from u_c as well
    assert abs(g.U - 93) <= 0.5 + g.k * 0.5
    assert abs(g.low - 745) <= 1.0 + g.k * 0.5 and abs(g.high - 931) <= 1.0 + g.k * 0.5
    m = mcm(GAUGE, GAUGE_MCM, seed=95, trials=M, p=0.99)
    s = noise(GAUGE, GAUGE_MCM, p=0.99)
    # JCGM 101:2008 9.5, MCM: u = 36 nm and a 99 % interval of half-width (932 − 745)/2 = 93.5 nm
    # (the location of the published MCM interval depends on the decimals of l_s, 623 or 623.6 nm,
    # so the half-width is compared, with the rounding of both endpoints: ±1 nm + 4σ).
    assert close(m.u, 36, 0, s["u"])
    assert abs(m.y - 838.0) <= 4 * s["y"]  # exact: E(δα) = E(δθ) = 0, so E(L) − 50 mm = l_s + D − 50 mm
    half = (m.symmetric.high - m.symmetric.low) / 2
    assert abs(half - 93.5) <= 1.0 + 4 * max(s["sym_low"], s["sym_high"])
    # the Monte Carlo interval is wider than the GUF one, mostly because the t-distributions of
    # JCGM 101 6.4.9 have variance s²ν/(ν−2) where the GUF uses s² (9.5)
    assert m.u > g.u


def test_the_adaptive_procedure_stabilises_the_mass_calibration_to_two_digits():
    # JCGM 101:2008 7.9.4 with n_dig = 2, as in the adaptive runs of 9.3
    m = mcm_adaptive(MASS, MASS_INPUTS, seed=7, n_dig=2)
    assert m.delta == 0.0005
    assert m.M % 10**4 == 0 and m.M >= 2 * 10**4
    assert abs(m.u - _mass_exact_u()) <= 2 * m.delta
    assert abs(m.y - 1.234) <= 2 * m.delta

"""The GUM uncertainty framework (JCGM 100:2008 clause 5 and annex G)."""

from __future__ import annotations

import math

import pytest

from casys.core.uncertainty import Normal, Rectangular, UncertaintyInputError, coverage_factor, gum, parse


def test_it_combines_sensitivities_and_uncertainties_by_the_law_of_propagation():
    # JCGM 100 5.1.2, eq. (10): u_c² = Σ (∂f/∂x_i)² u²(x_i); for y = a·b², c_a = b², c_b = 2ab
    r = gum(parse("a * b**2"), {"a": Normal(2.0, 0.1), "b": Normal(3.0, 0.2)})
    assert r.y == 18.0
    assert [line.c for line in r.budget] == [9.0, 12.0]
    assert r.u == pytest.approx(math.hypot(0.9, 2.4))
    assert sum(line.share for line in r.budget) == pytest.approx(1.0)
    assert [line.cu for line in r.budget] == pytest.approx([0.9, 2.4])


def test_it_accounts_for_correlation():
    # JCGM 100 5.2.2, eq. (16): r = +1 adds the contributions linearly, r = −1 subtracts them
    inputs = {"a": Normal(1.0, 0.3), "b": Normal(1.0, 0.4)}
    assert gum(parse("a + b"), inputs, {("a", "b"): 1.0}).u == pytest.approx(0.7)
    assert gum(parse("a + b"), inputs, {("b", "a"): -1.0}).u == pytest.approx(0.1)
    assert gum(parse("a + b"), inputs).u == pytest.approx(0.5)


def test_it_computes_welch_satterthwaite_and_the_t_coverage_factor():
    # JCGM 100 G.4.1, eq. (G.2b); contributions 0.3 (ν = 4) and 0.4 (ν = ∞): ν_eff = 0.5⁴/(0.3⁴/4)
    r = gum(parse("a + b"), {"a": Normal(0.0, 0.3, dof=4), "b": Rectangular(-0.4 * 3**0.5, 0.4 * 3**0.5)})
    assert r.df == pytest.approx(0.5**4 / (0.3**4 / 4))
    # G.4.1 note 1: ν_eff = 30.86 is truncated to 30; t_0.975(30) = 2.042 (JCGM 100 Table G.2: 2.04)
    assert r.k == pytest.approx(2.042, abs=5e-4)
    assert r.U == pytest.approx(r.k * r.u)
    assert (r.low, r.high) == (pytest.approx(-r.U), pytest.approx(r.U))


def test_coverage_factors_match_jcgm_100_table_g2():
    # JCGM 100:2008 Table G.2 (t_p(ν)): ν = 10, p = 95.45 % → 2.28; ν = 16, p = 99 % → 2.92;
    # ν = ∞, p = 95 % → 1.960
    assert coverage_factor(0.9545, 10) == pytest.approx(2.28, abs=0.005)
    assert coverage_factor(0.99, 16) == pytest.approx(2.92, abs=0.005)
    assert coverage_factor(0.95, math.inf) == pytest.approx(1.960, abs=0.0005)


def test_it_names_a_missing_input_and_a_bad_correlation():
    with pytest.raises(UncertaintyInputError, match=r"inputs\.b: missing"):
        gum(parse("a + b"), {"a": Normal(0.0, 1.0)})
    with pytest.raises(UncertaintyInputError, match="'c' is not an input"):
        gum(parse("a + b"), {"a": Normal(0.0, 1.0), "b": Normal(0.0, 1.0)}, {("a", "c"): 0.5})
    with pytest.raises(UncertaintyInputError, match=r"must lie in \[-1, 1\]"):
        gum(parse("a + b"), {"a": Normal(0.0, 1.0), "b": Normal(0.0, 1.0)}, {("a", "b"): 1.5})
    with pytest.raises(UncertaintyInputError, match="p: must lie"):
        gum(parse("a"), {"a": Normal(0.0, 1.0)}, p=1.0)


def test_the_coverage_factor_accepts_an_enormous_effective_degrees_of_freedom() -> None:
    # ν_eff = 1e30 arises when a finite-ν contribution is negligible (JCGM 100:2008 G.4.1); k_95 → 1.96
    assert coverage_factor(0.95, 1e30) == pytest.approx(1.959964, abs=1e-6)

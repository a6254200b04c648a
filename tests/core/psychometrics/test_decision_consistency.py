import numpy as np
import pytest

from casys.core.psychometrics import analyse, livingston, phi_domain, phi_lambda, subkoviak
from casys.core.psychometrics.decision_consistency import (
    SUBKOVIAK_AGREEMENT,
    SUBKOVIAK_KAPPA,
    agreement_normal,
)
from tests.core.psychometrics.data import rcrtan_vignette

# rcrtan vignette (gtlaflair/rcrtan, vignettes/rcrtan-vignette.Rmd, 2018-08-09), raw cut 8.


def test_it_reproduces_subkoviak_of_the_rcrtan_vignette_with_item_data() -> None:
    # subkoviak(test_data, items = 2:11, raw_cut_score = 8): z 0.45, z_rounded 0.4,
    # KR_est 0.4250152, agree_coef.r_0.4 0.66, kappa_coef.r_0.4 0.25
    a = analyse(rcrtan_vignette())
    s = subkoviak(a.mean, a.sd, 8, a.kr20)
    assert round(abs(s.z), 2) == 0.45
    assert s.z_rounded == 0.4 and s.reliability_rounded == 0.4
    assert (s.p0_table, s.kappa_table) == (0.66, 0.25)


def test_it_reproduces_subkoviak_of_the_rcrtan_vignette_with_totals_only() -> None:
    # subkoviak(test_data, items = 10, raw_cut_score = 8, total = "Total"): KR_est 0.3309846
    # (KR-21), agree_coef.r_0.3 0.63, kappa_coef.r_0.3 0.19
    a = analyse(rcrtan_vignette())
    s = subkoviak(a.mean, a.sd, 8, a.kr21)
    assert (s.reliability_rounded, s.p0_table, s.kappa_table) == (0.3, 0.63, 0.19)


def test_it_reproduces_brown_phi_and_brennan_phi_lambda_of_the_rcrtan_vignette() -> None:
    # phi_domain(test_data, items = 2:11) 0.3864201; phi_domain(test_data, items = 10,
    # total = "Total") 0.3290602; phi_lambda(test_data, 2:11, cut_score = 0.80) 0.2962963
    a = analyse(rcrtan_vignette())
    assert round(phi_domain(a.totals, 10, a.kr20), 7) == 0.3864201
    assert round(phi_domain(a.totals, 10, a.kr21), 7) == 0.3290602
    assert round(phi_lambda(a.totals, 10, 0.80), 7) == 0.2962963


def test_subkoviak_tables_follow_the_bivariate_normal_formula_except_two_transcribed_cells() -> None:
    # Every cell of the tables (Subkoviak 1988, as transcribed in rcrtan) is the formula of
    # Huynh (1976) / Peng & Subkoviak (1980) rounded to 2 decimals (±0.01 at rounding edges),
    # except the two cells named in decision_consistency.py.
    suspicious = []
    for row in range(21):
        for column in range(9):
            p0, kappa = agreement_normal(row / 10, (column + 1) / 10)
            if abs(p0 - SUBKOVIAK_AGREEMENT[row][column]) > 0.0101:
                suspicious.append(("p0", row / 10, (column + 1) / 10))
            if abs(kappa - SUBKOVIAK_KAPPA[row][column]) > 0.0101:
                suspicious.append(("kappa", row / 10, (column + 1) / 10))
    assert suspicious == [("p0", 1.0, 0.4), ("kappa", 1.6, 0.3)]


def test_livingston_equals_the_reliability_at_the_mean_and_rises_away_from_it() -> None:
    # Livingston (1972): k² = (ρσ² + (μ − C)²) / (σ² + (μ − C)²)
    assert livingston(0.7, 50.0, 100.0, 50.0) == pytest.approx(0.7)
    assert livingston(0.7, 50.0, 100.0, 60.0) == pytest.approx((70 + 100) / (100 + 100))
    values = [livingston(0.7, 50.0, 100.0, c) for c in np.linspace(50, 90, 9)]
    assert all(b > a for a, b in zip(values, values[1:], strict=False))

import math

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import StratifiedTable

from casys.core.psychometrics import PsychometricsError, ets_class, mantel_haenszel, stratified


def simulated(seed: int = 11, n: int = 4000, shift: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """20 Rasch items; item 1 is `shift` logits harder for the focal group (the other half)."""
    rng = np.random.default_rng(seed)
    focal = np.arange(n) >= n // 2
    theta = rng.normal(size=n) - 0.3 * focal
    b = np.linspace(-1.5, 1.5, 20)
    logits = theta[:, None] - b[None, :]
    logits[:, 0] -= shift * focal
    return (rng.random((n, 20)) < 1 / (1 + np.exp(-logits))).astype(np.uint8), focal


def tables(x: np.ndarray, focal: np.ndarray, j: int) -> list[np.ndarray]:
    """2×2 tables per total score, rows reference/focal, columns right/wrong."""
    totals = x.sum(axis=1)
    out = []
    for t in np.unique(totals):
        s = totals == t
        ref, foc = s & ~focal, s & focal
        table = np.array(
            [[x[ref, j].sum(), (1 - x[ref, j]).sum()], [x[foc, j].sum(), (1 - x[foc, j]).sum()]], dtype=float
        )
        if table[0].sum() > 0 and table[1].sum() > 0:
            out.append(table)
    return out


def test_it_reproduces_the_mantel_haenszel_example_of_r_mantelhaen_test() -> None:
    # R stats::mantelhaen.test, help-page example: penicillin and rabbits (Mantel 1963, also
    # Agresti 2002), rows delay none / 1.5 h, columns cured / died, five penicillin levels.
    # R prints: Mantel-Haenszel X-squared = 3.9286, df = 1, p-value = 0.04747; 95 percent
    # confidence interval 1.026713 47.725133; common odds ratio 7.
    rabbits = [(0, 6, 0, 5), (3, 3, 0, 6), (6, 0, 2, 4), (5, 1, 6, 0), (2, 0, 5, 0)]
    s = stratified(*zip(*rabbits, strict=True))
    assert s.odds_ratio == pytest.approx(7.0, abs=1e-12)
    assert round(s.chi_square, 4) == 3.9286
    assert round(s.p_value, 5) == 0.04747
    z = 1.959963984540054
    low, high = (math.exp(math.log(s.odds_ratio) + sign * z * s.log_se) for sign in (-1, 1))
    assert (round(low, 6), round(high, 6)) == (1.026713, 47.725133)


def test_it_agrees_with_statsmodels_stratified_table_run_in_the_test() -> None:
    # Independent implementation: statsmodels 0.15.0 StratifiedTable — oddsratio_pooled (MH),
    # logodds_pooled_se (Robins, Breslow & Greenland 1986), test_null_odds(correction=True).
    x, focal = simulated()
    results = mantel_haenszel(x, focal)
    for j in (0, 5, 12):
        st = StratifiedTable(tables(x, focal, j))
        r = results[j]
        assert r.mh_odds_ratio == pytest.approx(st.oddsratio_pooled, rel=1e-10)
        assert r.mh_delta == pytest.approx(-2.35 * np.log(st.oddsratio_pooled), rel=1e-10)
        assert r.se_delta == pytest.approx(2.35 * st.logodds_pooled_se, rel=1e-10)
        test = st.test_null_odds(correction=True)
        assert r.chi_square == pytest.approx(test.statistic, rel=1e-10)
        assert r.p_value == pytest.approx(test.pvalue, rel=1e-8)


def test_a_large_dif_item_is_class_c_and_the_others_class_a() -> None:
    x, focal = simulated(shift=1.0)
    results = mantel_haenszel(x, focal, [f"Q{j}" for j in range(1, 21)])
    assert results[0].id == "Q1"
    assert results[0].mh_delta < -1.5 and results[0].ets_class == "C"
    assert sum(r.ets_class == "A" for r in results[1:]) >= 17
    assert all(r.ets_class != "C" for r in results[1:])


def test_ets_classes_follow_the_rule() -> None:
    # Zieky (1993) / Zwick (2012): A if not significant or |D| < 1; C if |D| ≥ 1.5 and
    # significantly greater than 1; B otherwise.
    assert ets_class(0.9, 0.1, 1e-6) == "A"
    assert ets_class(2.5, 0.1, 0.06) == "A"  # not significant
    assert ets_class(1.2, 0.1, 1e-6) == "B"
    assert ets_class(1.6, 0.5, 1e-6) == "B"  # ≥ 1.5 but not significantly above 1
    assert ets_class(-1.6, 0.2, 1e-6) == "C"
    assert ets_class(None, None, None) is None


def test_it_refuses_a_single_group() -> None:
    with pytest.raises(PsychometricsError, match="both the reference and the focal group"):
        mantel_haenszel([[1, 0], [0, 1]], [True, True])

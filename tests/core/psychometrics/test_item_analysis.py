import math

import numpy as np
import pandas as pd
import pingouin
import pytest

from casys.core.psychometrics import (
    FlagThresholds,
    PsychometricsError,
    analyse,
    analyse_distractors,
    cronbach_alpha,
    kr21,
    score_groups,
)
from tests.core.psychometrics.data import brown_hudson, lsat, rcrtan_vignette


def test_it_reproduces_the_lsat_item_difficulties_and_score_frequencies_of_ltm() -> None:
    # Rizopoulos (2006), "ltm: An R package for latent variable modelling and item response
    # theory analyses", J. Stat. Softw. 17(5), section 3.1, output of descript(LSAT):
    # proportions correct to 3 decimals and the frequencies of the total scores 0..5.
    a = analyse(lsat())
    assert a.candidates == 1000
    assert [round(item.p, 3) for item in a.items] == [0.924, 0.709, 0.553, 0.763, 0.870]
    assert a.distribution == (3, 20, 85, 237, 357, 298)


def test_it_reproduces_the_lsat_point_biserials_printed_by_ltm() -> None:
    # Same output, "Biserial correlation with Total Score": .362 .566 .618 .534 .435. The ltm
    # of the paper divided the mean difference by the n − 1 standard deviation with a population
    # √(pq) (ltm NEWS, 1.1-1: "changed the biserial.cor() to use the population standard
    # deviation"), i.e. r_pb · √((n − 1)/n); the Pearson r_pb itself rounds item 2 to .567.
    a = analyse(lsat())
    shrink = math.sqrt(999 / 1000)
    assert [round(item.rpb * shrink, 3) for item in a.items] == [0.362, 0.566, 0.618, 0.534, 0.435]


def test_the_point_biserials_are_pearson_correlations_with_the_total_and_the_rest_score() -> None:
    x = lsat().astype(float)
    total = x.sum(axis=1)
    a = analyse(lsat())
    for j, item in enumerate(a.items):
        assert item.rpb == pytest.approx(np.corrcoef(x[:, j], total)[0, 1], abs=1e-12)
        assert item.rpb_corrected == pytest.approx(np.corrcoef(x[:, j], total - x[:, j])[0, 1], abs=1e-12)
    # the corrected value is much lower on a 5-item test
    assert all(item.rpb_corrected < item.rpb - 0.2 for item in a.items)


@pytest.mark.parametrize("ddof", [0, 1])
def test_alpha_equals_kr20_on_0_1_items_when_items_and_total_share_the_divisor(ddof: int) -> None:
    x = lsat()
    n, k = x.shape
    p = x.mean(axis=0)
    total_var = x.sum(axis=1).var(ddof=ddof)
    kr20_by_formula = k / (k - 1) * (1 - (p * (1 - p)).sum() * n / (n - ddof) / total_var)
    a = analyse(x, ddof=ddof)
    assert a.kr20 == a.alpha == pytest.approx(kr20_by_formula, abs=1e-12)
    assert cronbach_alpha(x, ddof=ddof) == pytest.approx(a.alpha, abs=1e-12)
    # mixing the divisors (Σpq with n, total with n − 1) gives another number
    mixed = k / (k - 1) * (1 - (p * (1 - p)).sum() / x.sum(axis=1).var(ddof=1))
    assert abs(mixed - a.alpha) > 1e-4


def test_alpha_agrees_with_pingouin_run_in_the_test() -> None:
    # Independent implementation: pingouin 0.7.0 cronbach_alpha (n − 1 divisor throughout).
    for x in (lsat(), rcrtan_vignette(), brown_hudson()):
        expected, _ = pingouin.cronbach_alpha(pd.DataFrame(x))
        assert analyse(x).alpha == pytest.approx(float(expected), abs=1e-12)
    rubric = np.random.default_rng(7).integers(0, 5, size=(40, 6))
    assert cronbach_alpha(rubric) == pytest.approx(float(pingouin.cronbach_alpha(pd.DataFrame(rubric))[0]))


def test_it_reproduces_the_kr20_and_kr21_of_the_rcrtan_vignette() -> None:
    # rcrtan vignette (gtlaflair/rcrtan, 2018-08-09): subkoviak(test_data, items = 2:11,
    # raw_cut_score = 8) prints KR_est 0.4250152 (KR-20, var() with n − 1 for items and total);
    # with the totals only (items = 10) KR_est 0.3309846 (KR-21, sd() with n − 1).
    a = analyse(rcrtan_vignette())
    assert round(a.kr20, 7) == 0.4250152
    assert round(a.kr21, 7) == 0.3309846
    assert round(kr21(10, a.mean, a.sd**2), 7) == 0.3309846


def test_the_sem_is_the_sd_times_the_square_root_of_one_minus_alpha() -> None:
    a = analyse(lsat())
    assert a.sem == pytest.approx(a.sd * math.sqrt(1 - a.alpha))
    assert a.sd == pytest.approx(lsat().sum(axis=1).std(ddof=1))


def test_split_half_is_the_odd_even_correlation_stepped_up_by_spearman_brown() -> None:
    x = rcrtan_vignette().astype(float)
    r = np.corrcoef(x[:, 0::2].sum(axis=1), x[:, 1::2].sum(axis=1))[0, 1]
    s = analyse(rcrtan_vignette()).split_half
    assert s.r_halves == pytest.approx(r)
    assert s.r_sb == pytest.approx(2 * r / (1 + r))


def test_alpha_if_deleted_is_alpha_of_the_other_items() -> None:
    x = lsat()
    a = analyse(x)
    for j, item in enumerate(a.items):
        assert item.alpha_if_deleted == pytest.approx(cronbach_alpha(np.delete(x, j, axis=1)))


def test_it_flags_easy_hard_and_negatively_discriminating_items() -> None:
    rng = np.random.default_rng(3)
    ability = rng.normal(size=500)
    good = (ability[:, None] + rng.normal(size=(500, 6)) > 0).astype(np.uint8)
    easy = (rng.random(500) < 0.97).astype(np.uint8)
    hard = (rng.random(500) < 0.1).astype(np.uint8)
    reversed_ = (ability + rng.normal(size=500) < 0).astype(np.uint8)
    x = np.column_stack([good, easy, hard, reversed_])
    a = analyse(x, [f"Q{j}" for j in range(1, 10)])
    flags = {item.id: item.flags for item in a.items}
    assert "too_easy" in flags["Q7"]
    assert "too_hard" in flags["Q8"]
    assert "negative_discrimination" in flags["Q9"]
    assert all(flags[f"Q{j}"] == () for j in range(1, 7))
    strict = analyse(x, thresholds=FlagThresholds(too_easy=0.99, too_hard=0.01))
    assert "too_easy" not in strict.items[6].flags


def test_an_item_everyone_gets_right_has_no_correlation() -> None:
    a = analyse([[1, 1, 0], [1, 0, 0], [1, 1, 1]])
    assert a.items[0].rpb is None and a.items[0].rpb_corrected is None
    assert a.items[0].p == 1.0


def test_it_refuses_scores_other_than_0_and_1() -> None:
    with pytest.raises(PsychometricsError, match="candidate 2, item 1: score 2 is not 0 or 1"):
        analyse([[1, 0], [2, 1]])


def test_distractors_are_shares_by_upper_and_lower_27_percent() -> None:
    totals = np.arange(100)
    chosen = [["A" if t >= 50 else ("B" if t % 2 else "C")] for t in totals]
    groups = score_groups(totals)
    assert (groups == 1).sum() == 27 and (groups == -1).sum() == 27
    (item,) = analyse_distractors(chosen, ["A"], ["Q1"], totals, options=[["A", "B", "C", "D"]])
    shares = {o.option: o for o in item.options}
    assert shares["A"].upper == 1.0 and shares["A"].lower == 0.0 and item.d == 1.0
    assert shares["B"].lower + shares["C"].lower == 1.0
    assert shares["D"].overall == 0.0
    thirds = score_groups(totals, fraction=1 / 3)
    assert (thirds == 1).sum() == 33

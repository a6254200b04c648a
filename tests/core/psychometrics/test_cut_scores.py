import pytest

from casys.core.psychometrics import (
    PsychometricsError,
    angoff,
    angoff_rounds,
    borderline_group,
    borderline_regression,
    hofstee,
)
from tests.core.psychometrics.data import brown_hudson

# No published Angoff panel with its raw ratings was found; the panel below is worked by hand
# (sums 3.50, 3.45, 3.65 → mean 3.5333; SD of the sums 0.10408, SE = SD/√3 = 0.0601).
PANEL = [
    [0.60, 0.70, 0.50, 0.80, 0.90],
    [0.55, 0.65, 0.45, 0.85, 0.95],
    [0.70, 0.75, 0.60, 0.75, 0.85],
]


def test_angoff_cut_is_the_mean_of_the_judges_sums_with_its_sd_and_se() -> None:
    r = angoff(PANEL)
    assert r.judge_cuts == pytest.approx((3.50, 3.45, 3.65))
    assert round(r.cut_score, 4) == 3.5333
    assert round(r.cut_score_percent, 2) == 70.67
    assert round(r.sd, 5) == 0.10408
    assert round(r.se, 4) == 0.0601
    assert r.item_means == pytest.approx((0.61667, 0.7, 0.51667, 0.8, 0.9), abs=1e-5)
    assert (r.judges, r.items) == (3, 5)


def test_angoff_rounds_are_analysed_separately() -> None:
    second = [[v + 0.05 for v in row] for row in PANEL]
    first, last = angoff_rounds([PANEL, second])
    assert last.cut_score == pytest.approx(first.cut_score + 0.25)


def test_angoff_refuses_a_rating_outside_0_1() -> None:
    with pytest.raises(PsychometricsError, match="judge 2, item 3: rating 1.5 is outside 0–1"):
        angoff([[0.5, 0.5, 0.5], [0.5, 0.5, 1.5]])


def test_hofstee_takes_the_first_observed_score_where_the_failure_curve_meets_the_line() -> None:
    scores = [40, 50, 50, 60, 70, 80, 90, 90, 95, 100]
    # line from (50, 40 %) to (70, 10 %): at 50 F = 10 % < 40 %; at 60 F = 30 % ≥ 25 % → cut 60
    h = hofstee(scores, k_min=50, k_max=70, f_min=10, f_max=40)
    assert (h.cut_score, h.fail_rate, h.intersects) == (60.0, 30.0, True)
    # the line exactly met counts (F ≥ line): from (50, 40 %) to (70, 20 %) the line is 30 % at 60
    h = hofstee(scores, k_min=50, k_max=70, f_min=20, f_max=40)
    assert (h.cut_score, h.fail_rate) == (60.0, 30.0)


def test_hofstee_on_brown_and_hudson_splits_the_candidates_where_the_curve_crosses_the_line() -> None:
    # Brown & Hudson (2002) Table 5.1a as percent scores, box (45, 65, 20 %, 40 %): 37.78 % score
    # below 14/30 = 46.67 % and 40 % below 15/30 = 50 %; the line is at 38.33 % at 46.67 and 35 %
    # at 50. The curve crosses the line between the two observed scores, so 14/30 fails and 15/30
    # passes; as casys's grid is the observed scores (pass with a score ≥ the cut) the cut reads 50.
    # (A convention with F(c) = % scoring ≤ c reads the same split as a cut of 46.67.)
    percent = brown_hudson().sum(axis=1) / 30 * 100
    h = hofstee(percent, k_min=45, k_max=65, f_min=20, f_max=40)
    assert (round(h.cut_score, 2), round(h.fail_rate, 2)) == (50.0, 40.0)
    assert round(100 * (percent < 46.66).mean(), 2) == 37.78


def test_hofstee_falls_back_to_k_max_when_the_curve_never_meets_the_line() -> None:
    h = hofstee([90, 95, 100], k_min=50, k_max=70, f_min=10, f_max=40)
    assert (h.cut_score, h.fail_rate, h.intersects) == (70.0, 0.0, False)


def test_hofstee_refuses_an_empty_box() -> None:
    with pytest.raises(PsychometricsError, match="k_min"):
        hofstee([1, 2, 3], 5, 5, 10, 20)


def test_borderline_group_is_the_median_of_the_borderline_scores() -> None:
    ratings = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5]
    scores = [8, 11, 12, 14, 13, 17, 16, 18, 20, 21, 24, 23]
    b = borderline_group(scores, ratings, borderline=2)
    assert (b.cut_score, b.n, b.mean) == (13.0, 3, 13.0)
    # ordinary least squares of score on rating, worked by hand: slope 3.557769, intercept 6.039841
    r = borderline_regression(scores, ratings, borderline=2)
    assert round(r.slope, 6) == 3.557769
    assert round(r.cut_score, 4) == 13.1554

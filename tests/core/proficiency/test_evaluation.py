"""evaluate_round: the single entry point of a PT round's evaluation."""

import math

import pytest

from casys.core.proficiency import assigned_value as av
from casys.core.proficiency import evaluate_round, robust
from casys.core.proficiency.csv_input import ParticipantResult as R
from casys.core.proficiency.evaluation import EvaluationError

ROUND = [R(f"L{i:02d}", x, 0.1, None) for i, x in enumerate(
    [10.1, 9.9, 10.0, 10.3, 9.8, 10.2, 10.0, 10.1, 9.7, 10.4, 10.0, 9.9, 10.2, 10.1, 9.95, 10.05, 10.0,
     10.15, 9.85, 10.25, 12.5],
    start=1,
)]  # fmt: skip


def test_it_uses_z_when_u_of_x_pt_is_within_0_3_sigma_pt():
    ev = evaluate_round(ROUND, sigma_pt=0.5)
    estimate = robust.algorithm_a([r.x for r in ROUND])
    assert ev.assigned.x == estimate.x
    assert ev.assigned.u == pytest.approx(1.25 * estimate.s / math.sqrt(len(ROUND)))
    assert ev.u_negligible and not ev.z_prime_needed and ev.score_kind == "z"
    last = ev.participants[-1]
    assert last.score.value == pytest.approx((12.5 - estimate.x) / 0.5)
    assert last.score.classification == "unsatisfactory"


def test_it_switches_to_z_prime_when_u_of_x_pt_exceeds_0_3_sigma_pt():
    # σpt = s*: u/σpt = 1.25/√p > 0.3 for p = 5 (ISO 13528:2022, 9.5.1).
    ev = evaluate_round(ROUND[:5], sigma_pt="robust")
    assert ev.z_prime_needed and ev.score_kind == "zprime"
    assert "8.6" in ev.sigma_pt.source
    first = ev.participants[0]
    expected = (first.x - ev.assigned.x) / math.hypot(ev.sigma_pt.sigma, ev.assigned.u)
    assert first.score.value == pytest.approx(expected)


def test_it_excludes_a_result_from_the_statistics_but_still_scores_it():
    ev = evaluate_round(ROUND, sigma_pt=0.5, exclude={"L21": "blunder: unit error (ISO 13528:2022, 6.3)"})
    assert ev.assigned.p == 20
    assert ev.assigned.x == robust.algorithm_a([r.x for r in ROUND[:-1]]).x
    assert ev.excluded[0].participant == "L21" and ev.excluded[0].stage == "statistics"
    assert ev.participants[-1].score is not None and not ev.participants[-1].used_in_statistics


def test_it_records_why_a_participant_without_uncertainty_gets_no_zeta():
    data = [*ROUND[:6], R("L99", 10.0)]
    ev = evaluate_round(data, assigned=10.0, u_assigned=0.05, sigma_pt=0.5, score="zeta")
    assert ev.participants[-1].score is None
    assert ev.excluded[-1].reason == "no uncertainty (u or U) given, needed for ζ"
    assert ev.participants[0].score.value == pytest.approx((10.1 - 10.0) / math.hypot(0.1, 0.05))


def test_en_uses_expanded_uncertainties_with_k():
    ev = evaluate_round([R("A", 10.3, None, 0.2)], assigned=10.0, u_assigned=0.05, sigma_pt=1.0, score="en")
    assert ev.participants[0].score.value == pytest.approx(0.3 / math.hypot(0.2, 0.1))
    assert ev.participants[0].score.classification == "unsatisfactory"


def test_it_takes_an_assigned_value_built_by_the_caller():
    crm = av.certified_reference_value(10.0, 0.1)
    ev = evaluate_round(ROUND, assigned=crm, sigma_pt=0.5)
    assert ev.assigned is crm and ev.robust is None


def test_it_applies_horwitz_to_the_assigned_value_in_the_unit_of_the_results():
    ev = evaluate_round(ROUND, assigned=1.0, sigma_pt="horwitz", mass_fraction_per_unit=1e-6)
    assert ev.sigma_pt.sigma == pytest.approx(0.16, rel=0.01)  # 1 mg/kg: Horwitz RSD 16 %


def test_it_refuses_unknown_choices_and_unknown_exclusions():
    with pytest.raises(EvaluationError, match="unknown score 't'"):
        evaluate_round(ROUND, score="t")
    with pytest.raises(EvaluationError, match="'L77' has no result"):
        evaluate_round(ROUND, exclude={"L77": "x"})
    with pytest.raises(EvaluationError, match="u_assigned applies to a numeric"):
        evaluate_round(ROUND, assigned="median", u_assigned=0.1)

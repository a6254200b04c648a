"""Services: design, invitations, submissions (all-or-nothing), evaluation recorded and audited."""

from __future__ import annotations

import math
from datetime import date

import pytest

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.clock import travel_to
from casys.core.proficiency import ParticipantResult, evaluate_round
from casys.core.proficiency.homogeneity import check
from casys.proficiency.models import (
    Evaluation,
    HomogeneityStudy,
    Participation,
    Result,
    Round,
    RoundStatus,
    Score,
    SeriesEvaluation,
)
from casys.proficiency.services import ProficiencyError, evaluation, results, rounds
from tests.proficiency.conftest import RESULTS_A

pytestmark = pytest.mark.django_db

IN_TIME = date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _system():
    with unscoped():
        yield


def _participation(pt_round: Round, code: str) -> Participation:
    return Participation.all_objects.get(round=pt_round, code=code)


def test_only_a_pt_provider_runs_a_scheme(body_b: Body) -> None:
    with pytest.raises(ProficiencyError, match="provider: only a proficiency-testing provider"):
        rounds.create_scheme(body_b, name="Metals")


def test_a_round_refuses_a_deadline_before_dispatch(designed_round: Round) -> None:
    with pytest.raises(ProficiencyError, match="deadline: must not be before"):
        rounds.create_round(
            designed_round.scheme, code="X", opens_on=date(2026, 5, 2), deadline=date(2026, 5, 1)
        )


def test_only_laboratories_are_invited_and_codes_follow_on(
    designed_round: Round, body_b: Body, lab_z: Body
) -> None:
    with pytest.raises(ProficiencyError, match="laboratory: only laboratories"):
        rounds.invite(designed_round, body_b)
    assert rounds.invite(designed_round, lab_z).code == "L06"
    with pytest.raises(ProficiencyError, match="laboratory: already invited"):
        rounds.invite(designed_round, lab_z)


def test_the_invitation_list_offers_only_laboratories_not_yet_invited(
    designed_round: Round, lab_z: Body
) -> None:
    assert [b.slug for b in rounds.laboratories_to_invite(designed_round)] == ["lab-z"]


def test_a_round_opens_only_with_a_measurand_and_an_item(body_a: Body) -> None:
    scheme = rounds.create_scheme(body_a, name="Empty")
    pt_round = rounds.create_round(scheme, code="E-1", opens_on=date(2026, 1, 1), deadline=date(2026, 2, 1))
    with pytest.raises(ProficiencyError, match="design: add at least one measurand"):
        rounds.open_round(pt_round)


def test_homogeneity_is_checked_against_three_tenths_of_sigma_pt(designed_round: Round) -> None:
    item = (
        designed_round
        and designed_round.scheme
        and rounds.Item.all_objects.get(round=designed_round, code="A")
    )
    pb = rounds.Measurand.all_objects.get(round=designed_round, name="Pb")
    replicates = [[10.0, 10.1], [10.2, 10.1], [9.9, 10.0], [10.1, 10.2], [10.0, 9.9]]
    text = "item,replicate,result\n" + "".join(
        f"{n},{r},{x}\n" for n, pair in enumerate(replicates, 1) for r, x in enumerate(pair, 1)
    )
    study = rounds.record_homogeneity(item, pb, csv_text=text)
    expected = check(replicates, 0.5)
    assert (study.s_s, study.limit, study.passes) == (expected.s_s, expected.limit, expected.passes)
    assert study.limit == pytest.approx(0.15)  # 0.3·σpt, ISO 13528:2022, B.2.2
    entry = AuditEntry.all_objects.filter(action="proficiency.homogeneity.checked").get()
    assert entry.data["passes"] == expected.passes


def test_a_bad_homogeneity_file_names_its_row_and_stores_nothing(designed_round: Round) -> None:
    item = rounds.Item.all_objects.get(round=designed_round, code="A")
    pb = rounds.Measurand.all_objects.get(round=designed_round, name="Pb")
    with pytest.raises(ProficiencyError, match="row 3, column 'result': 'x' is not a number"):
        rounds.record_homogeneity(item, pb, csv_text="item,replicate,result\n1,1,10\n1,2,x\n")
    assert not HomogeneityStudy.all_objects.exists()


def test_a_participant_submits_and_resubmits_its_results(open_round: Round) -> None:
    mine = _participation(open_round, "L01")
    with travel_to(IN_TIME):
        assert results.submit(mine, [results.Entry("A", "Pb", 10.1, 0.8)]) == 1
        results.submit(mine, [results.Entry("A", "Pb", 10.2, 0.8), results.Entry("B", "Pb", 20.1)])
    stored = {(r.item.code, r.value, r.U) for r in Result.all_objects.filter(participation=mine)}
    assert stored == {("A", 10.2, 0.8), ("B", 20.1, None)}
    assert AuditEntry.all_objects.filter(action="proficiency.results.submitted").count() == 2


def test_results_after_the_deadline_are_refused(open_round: Round) -> None:
    with (
        travel_to(date(2026, 4, 11)),
        pytest.raises(results.ResultsError, match="deadline 2026-04-10 has passed"),
    ):
        results.submit(_participation(open_round, "L01"), [results.Entry("A", "Pb", 10.1)])


def test_results_for_a_draft_round_are_refused(designed_round: Round) -> None:
    with travel_to(IN_TIME), pytest.raises(results.ResultsError, match="is not open for results"):
        results.submit(_participation(designed_round, "L01"), [results.Entry("A", "Pb", 10.1)])


def test_an_unknown_item_in_a_form_names_it_and_stores_nothing(open_round: Round) -> None:
    with travel_to(IN_TIME), pytest.raises(results.ResultsError) as error:
        results.submit(
            _participation(open_round, "L01"), [results.Entry("A", "Pb", 10.1), results.Entry("C", "Pb", 9.0)]
        )
    assert error.value.errors == ("result 2, column 'item': no PT item 'C' in this round",)
    assert not Result.all_objects.exists()


GOOD_CSV = "item,measurand,result,U\nA,Pb,10.1,0.8\nB,Pb,20.4,1.6\n"


def test_a_csv_upload_stores_every_row(open_round: Round) -> None:
    with travel_to(IN_TIME):
        assert results.upload_submission(_participation(open_round, "L02"), GOOD_CSV) == 2
    assert sorted(Result.all_objects.values_list("item__code", "value", "source")) == [
        ("A", 10.1, "csv"),
        ("B", 20.4, "csv"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("item,result\nA,10.1\n", "row 1: missing column 'measurand' (header has: item, result)"),
        ("item,measurand,result\nA,Pb,10.1\nB,Pb,ten\n", "row 3, column 'result': 'ten' is not a number"),
        (
            "item,measurand,result\nA,Pb,10.1\nA,Pb,10.3\n",
            "row 3, column 'measurand': duplicate result for item A, measurand Pb (first on row 2)",
        ),
        (
            "item,measurand,result\nA,Pb,10.1\nA,Hg,0.3\n",
            "row 3, column 'measurand': no measurand 'Hg' in this round",
        ),
        ("item,measurand,result,U\nA,Pb,10.1,-1\n", "row 2, column 'U': -1 must not be negative"),
    ],
)
def test_a_bad_participant_csv_names_row_and_column_and_stores_nothing(
    open_round: Round, text, message
) -> None:
    before = AuditEntry.all_objects.count()
    with travel_to(IN_TIME), pytest.raises(results.ResultsError) as error:
        results.upload_submission(_participation(open_round, "L02"), text)
    assert message in error.value.errors
    assert not Result.all_objects.exists()
    assert AuditEntry.all_objects.count() == before


def _series_csv(rows: str) -> str:
    return "participant,result,U\n" + rows


def test_the_provider_uploads_a_series_by_participant_code(open_round: Round) -> None:
    item = rounds.Item.all_objects.get(round=open_round, code="A")
    pb = rounds.Measurand.all_objects.get(round=open_round, name="Pb")
    assert results.upload_series(item, pb, _series_csv("L01,10.1,0.8\nL02,9.8,\n")) == 2
    assert sorted(Result.all_objects.values_list("participation__code", "value", "U", "source")) == [
        ("L01", 10.1, 0.8, "provider"),
        ("L02", 9.8, None, "provider"),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "L01,10.1,0.8\nL01,10.2,0.8\n",
            "row 3, column 'participant': duplicate participant 'L01' (first on row 2)",
        ),
        ("L01,10.1,0.8\nL02,n/a,0.8\n", "row 3, column 'result': 'n/a' is not a number"),
        ("L01,10.1,0.8\nL99,10.0,0.8\n", "row 3, column 'participant': no participant 'L99' in this round"),
    ],
)
def test_a_bad_series_csv_names_row_and_column_and_stores_nothing(open_round: Round, rows, message) -> None:
    item = rounds.Item.all_objects.get(round=open_round, code="A")
    pb = rounds.Measurand.all_objects.get(round=open_round, name="Pb")
    with pytest.raises(results.ResultsError) as error:
        results.upload_series(item, pb, _series_csv(rows))
    assert message in error.value.errors
    assert not Result.all_objects.exists()


def test_a_series_csv_without_the_result_column_is_refused(open_round: Round) -> None:
    item = rounds.Item.all_objects.get(round=open_round, code="A")
    pb = rounds.Measurand.all_objects.get(round=open_round, name="Pb")
    with pytest.raises(results.ResultsError) as error:
        results.upload_series(item, pb, "participant,value\nL01,10.1\n")
    assert error.value.errors == ("row 1: missing column 'result' (header has: participant, value)",)


def test_an_open_round_cannot_be_evaluated(open_round: Round) -> None:
    with pytest.raises(ProficiencyError, match="status: close the round"):
        evaluation.evaluate(open_round)


def test_the_evaluation_matches_the_core_and_records_every_choice(closed_round: Round) -> None:
    recorded = evaluation.evaluate(
        closed_round, assigned="median", sigma_source="robust", score="z", exclusions={"L05": "sample leaked"}
    )
    data = [ParticipantResult(code, x, None, 0.8) for code, x in sorted(RESULTS_A.items())]
    expected = evaluate_round(
        data, assigned="median", sigma_pt="robust", score="z", exclude={"L05": "sample leaked"}
    )
    series = SeriesEvaluation.all_objects.get(evaluation=recorded, item__code="A")
    assert (series.x_pt, series.u_x_pt, series.sigma_pt, series.p) == (
        expected.assigned.x,
        expected.assigned.u,
        expected.sigma_pt.sigma,
        expected.assigned.p,
    )
    scores = {
        s.participation.code: (s.value, s.classification, s.used_in_statistics)
        for s in Score.all_objects.filter(series=series)
    }
    assert scores == {
        p.participant: (p.score.value, p.score.classification, p.used_in_statistics)
        for p in expected.participants
    }
    assert Round.all_objects.get(pk=closed_round.pk).status == RoundStatus.EVALUATED
    actions = list(
        AuditEntry.all_objects.filter(action__startswith="proficiency.evaluation")
        .order_by("seq")
        .values_list("action", "data_json")
    )
    assert [a for a, _ in actions] == [
        "proficiency.evaluation.recorded",
        "proficiency.evaluation.assigned_value_chosen",
        "proficiency.evaluation.sigma_pt_chosen",
        "proficiency.evaluation.result_excluded",
    ]
    assert '"reason":"sample leaked"' in actions[-1][1]
    assert recorded.choices == {
        "assigned": "median",
        "assigned_value": None,
        "u_assigned": None,
        "sigma_pt": "robust",
        "score": "z",
        "exclusions": {"L05": "sample leaked"},
    }


def test_the_outlier_is_unsatisfactory_with_the_prescribed_sigma(evaluated_round: Round) -> None:
    score = Score.all_objects.filter(series__item__code="A", participation__code="L05").get()
    series = score.series
    # Five results: u(x_pt) = 1.25·s*/√5 exceeds 0.3·σpt = 0.15, so z' is used (ISO 13528:2022, 9.5.1):
    # z' = (x − x_pt)/√(σpt² + u²(x_pt)).
    assert series.u_x_pt > 0.15
    assert score.kind == "z'"
    assert score.value == pytest.approx((14.0 - series.x_pt) / math.hypot(0.5, series.u_x_pt))
    assert score.classification == "unsatisfactory"


def test_an_exclusion_needs_a_known_code_and_a_reason(closed_round: Round) -> None:
    with pytest.raises(ProficiencyError, match="exclusions: no participant 'L42'"):
        evaluation.evaluate(closed_round, exclusions={"L42": "typo"})
    with pytest.raises(ProficiencyError, match="exclusions: give the reason for excluding L01"):
        evaluation.evaluate(closed_round, exclusions={"L01": " "})
    assert not Evaluation.all_objects.exists()


def test_horwitz_needs_the_mass_fraction_of_a_unit(closed_round: Round) -> None:
    rounds.Measurand.all_objects.filter(round=closed_round).update(mass_fraction_per_unit=None)
    with pytest.raises(ProficiencyError, match="needs the mass fraction of one unit"):
        evaluation.evaluate(closed_round, sigma_source="horwitz")


def test_evaluating_again_adds_a_record_and_the_latest_counts(evaluated_round: Round) -> None:
    second = evaluation.evaluate(evaluated_round, sigma_source="robust")
    assert Evaluation.all_objects.filter(round=evaluated_round).count() == 2
    assert evaluation.current_evaluation(evaluated_round) == second


def test_a_published_round_is_final(published_round: Round) -> None:
    with pytest.raises(ProficiencyError, match="a published round is final"):
        evaluation.evaluate(published_round)
    with pytest.raises(ProficiencyError, match="status: the round is closed"):
        rounds.add_item(published_round, code="C")

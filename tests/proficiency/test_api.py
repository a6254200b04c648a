"""API /api/v1/proficiency/: owner, team and participant tokens with full expected JSON; outsiders 404.

A participant's token never sees another participant's results, scores or identity.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from django.test import Client

from casys.accounts.scoping import unscoped
from casys.clock import travel_to
from casys.core.proficiency import ParticipantResult, evaluate_round
from casys.proficiency.models import Evaluation, Participation, Result, Round
from tests.proficiency.conftest import RESULTS_A, RESULTS_B, token_for

pytestmark = pytest.mark.django_db

OWNER = ("owner@alpha.example", "alpha-pt")
TEAM = ("team@alpha.example", "alpha-pt")
OUTSIDER = ("outsider@beta.example", "beta-cert")
LAB_X = ("x@lab-x.example", "lab-x")
LAB_Z = ("z@lab-z.example", "lab-z")


def _get(path: str, who: tuple[str, str]):
    return Client().get("/api/v1/proficiency" + path, HTTP_AUTHORIZATION=f"Bearer {token_for(*who)}")


def _post(path: str, who: tuple[str, str], payload: dict):
    return Client().post(
        "/api/v1/proficiency" + path,
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(*who)}",
    )


def _round_json(pt_round: Round, status: str) -> dict:
    return {
        "id": pt_round.id,
        "scheme": "Trace metals in water",
        "provider": "alpha-pt",
        "code": "TM-2026-1",
        "title": "",
        "status": status,
        "opens_on": "2026-03-02",
        "deadline": "2026-04-10",
    }


def test_owner_team_and_participant_list_the_round_outsiders_see_none(open_round: Round) -> None:
    for who in (OWNER, TEAM, LAB_X):
        response = _get("/rounds", who)
        assert response.status_code == 200
        assert response.json() == [_round_json(open_round, "open")]
    for who in (OUTSIDER, LAB_Z):
        assert _get("/rounds", who).json() == []


def test_the_round_detail_and_404_for_outsiders(open_round: Round) -> None:
    expected = {
        **_round_json(open_round, "open"),
        "measurands": [{"name": "Pb", "unit": "µg/L", "sigma_pt": 0.5}],
        "items": ["A", "B"],
    }
    for who in (OWNER, TEAM, LAB_X):
        assert _get(f"/rounds/{open_round.id}", who).json() == expected
    for who in (OUTSIDER, LAB_Z):
        response = _get(f"/rounds/{open_round.id}", who)
        assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_the_provider_sees_every_participation_a_participant_its_own(open_round: Round) -> None:
    all_codes = [
        {"id": p.id, "code": p.code, "laboratory": p.participant.slug, "submitted_at": None}
        for p in Participation.all_objects.filter(round=open_round)
        .select_related("participant")
        .order_by("code")
    ]
    assert [row["laboratory"] for row in all_codes] == ["lab-x", "lab-y", "lab-3", "lab-4", "lab-5"]
    for who in (OWNER, TEAM):
        assert _get(f"/rounds/{open_round.id}/participations", who).json() == all_codes
    assert _get(f"/rounds/{open_round.id}/participations", LAB_X).json() == [all_codes[0]]
    assert _get(f"/rounds/{open_round.id}/participations", LAB_Z).status_code == 404


def test_a_participant_submits_by_api_and_reads_only_its_own_results(closed_round: Round) -> None:
    # closed_round has every participant's results; a token of lab X sees L01's only.
    expected_own = [
        {
            "participant": "L01",
            "item": "A",
            "measurand": "Pb",
            "result": RESULTS_A["L01"],
            "U": 0.8,
            "source": "form",
        },
        {
            "participant": "L01",
            "item": "B",
            "measurand": "Pb",
            "result": RESULTS_B["L01"],
            "U": 1.6,
            "source": "form",
        },
    ]
    assert _get(f"/rounds/{closed_round.id}/results", LAB_X).json() == expected_own
    everything = _get(f"/rounds/{closed_round.id}/results", OWNER).json()
    assert len(everything) == 10 and everything[:2] == expected_own
    assert _get(f"/rounds/{closed_round.id}/results", TEAM).json() == everything
    assert _get(f"/rounds/{closed_round.id}/results", OUTSIDER).status_code == 404


def test_submitting_by_api(open_round: Round) -> None:
    payload = {"results": [{"item": "A", "measurand": "Pb", "result": 10.05, "U": 0.7}]}
    with travel_to(date(2026, 4, 1)):
        response = _post(f"/rounds/{open_round.id}/results", LAB_X, payload)
        assert (response.status_code, response.json()) == (200, {"stored": 1})
        bad = _post(
            f"/rounds/{open_round.id}/results",
            LAB_X,
            {"results": [{"item": "Q", "measurand": "Pb", "result": 1}]},
        )
        assert (bad.status_code, bad.json()) == (
            422,
            {"detail": "result 1, column 'item': no PT item 'Q' in this round"},
        )
        # The provider has no participation of its own; outsiders do not see the round.
        for who in (OWNER, TEAM, OUTSIDER, LAB_Z):
            assert _post(f"/rounds/{open_round.id}/results", who, payload).status_code == 404
    with unscoped():
        assert list(Result.all_objects.values_list("participation__code", "value", "U", "source")) == [
            ("L01", 10.05, 0.7, "api")
        ]


def _expected_series(item: str, results: dict[str, float]) -> tuple[dict, dict]:
    data = [ParticipantResult(code, x, None, 0.8) for code, x in sorted(results.items())]
    core = evaluate_round(data, assigned="algorithm-a", sigma_pt=0.5)
    series = {
        "item": item,
        "measurand": "Pb",
        "unit": "µg/L",
        "x_pt": core.assigned.x,
        "u_x_pt": core.assigned.u,
        "sigma_pt": 0.5,
        "p": 5,
        "score": core.score_kind,
        "assigned_method": core.assigned.method,
        "sigma_pt_source": core.sigma_pt.source,
    }
    scores = {p.participant: p for p in core.participants}
    return series, scores


def test_the_evaluation_for_the_provider_and_for_a_participant_after_publication(
    evaluated_round: Round,
) -> None:
    with unscoped():
        Evaluation.all_objects.update(evaluated_at=datetime(2026, 4, 12, 9, 30, tzinfo=UTC))
    series_a, _ = _expected_series("A", RESULTS_A)
    expected = {
        "round": "TM-2026-1",
        "evaluated_at": "2026-04-12T09:30:00Z",
        "assigned": "algorithm-a",
        "sigma_pt": "prescribed",
        "score": "auto",
        "exclusions": {},
        "series": [series_a, _expected_series("B", RESULTS_B)[0]],
    }
    for who in (OWNER, TEAM):
        assert _get(f"/rounds/{evaluated_round.id}/evaluation", who).json() == expected
    # Not published yet: the participant does not see it.
    assert _get(f"/rounds/{evaluated_round.id}/evaluation", LAB_X).status_code == 404
    assert _get(f"/rounds/{evaluated_round.id}/scores", LAB_X).status_code == 404
    with unscoped():
        from casys.proficiency.services.rounds import publish_round

        publish_round(evaluated_round)
    assert _get(f"/rounds/{evaluated_round.id}/evaluation", LAB_X).json() == expected
    for who in (OUTSIDER, LAB_Z):
        assert _get(f"/rounds/{evaluated_round.id}/evaluation", who).status_code == 404


def _score_json(code: str, item: str, p) -> dict:
    return {
        "participant": code,
        "item": item,
        "measurand": "Pb",
        "x": p.x,
        "D": p.D,
        "D_percent": p.D_percent,
        "kind": p.score.kind,
        "value": p.score.value,
        "classification": p.score.classification,
        "used_in_statistics": True,
    }


def test_scores_all_for_the_provider_own_only_for_a_participant(published_round: Round) -> None:
    _, scores_a = _expected_series("A", RESULTS_A)
    _, scores_b = _expected_series("B", RESULTS_B)
    own = [_score_json("L01", "A", scores_a["L01"]), _score_json("L01", "B", scores_b["L01"])]
    assert _get(f"/rounds/{published_round.id}/scores", LAB_X).json() == own
    everything = [
        row
        for code in sorted(RESULTS_A)
        for row in (_score_json(code, "A", scores_a[code]), _score_json(code, "B", scores_b[code]))
    ]
    for who in (OWNER, TEAM):
        assert _get(f"/rounds/{published_round.id}/scores", who).json() == everything
    for who in (OUTSIDER, LAB_Z):
        assert _get(f"/rounds/{published_round.id}/scores", who).status_code == 404


def test_a_participant_learns_only_its_own_exclusion(closed_round: Round) -> None:
    with unscoped():
        from casys.proficiency.services import evaluation, rounds

        evaluation.evaluate(closed_round, exclusions={"L01": "late delivery", "L05": "bottle broken"})
        rounds.publish_round(closed_round)
    assert _get(f"/rounds/{closed_round.id}/evaluation", LAB_X).json()["exclusions"] == {
        "L01": "late delivery"
    }
    assert _get(f"/rounds/{closed_round.id}/evaluation", OWNER).json()["exclusions"] == {
        "L01": "late delivery",
        "L05": "bottle broken",
    }

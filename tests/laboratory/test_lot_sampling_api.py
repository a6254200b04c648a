"""API of lot-by-lot acceptance sampling: owner and team read, inspectors record, contact 403, outsider 404.

Plans compared with casys core's MIL-STD-105E (1989) Table I + Table II-A/II-B lookups.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from casys.clock import today
from casys.core.sampling import single_plan
from casys.laboratory.models import SampledLot

pytestmark = pytest.mark.django_db

BASE = "/api/v1/laboratory/alpha-lab/lot-sampling/schemes"


def _token(user, body) -> str:
    return create_token(user=user, body=body, name="t", actor=SYSTEM)[1]


def _get(path: str, token: str):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(path: str, token: str, payload: dict):
    return Client().post(
        path, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _scheme(lots: int, severity: str, reason: str) -> dict:
    return {
        "code": "bolts-m8",
        "product": "Bolts M8 x 40, class 8.8",
        "characteristic": "thread gauge GO/NO GO",
        "supplier": "Delta Fasteners",
        "level": "II",
        "aql": "1.0",
        "sampling": "single",
        "basis": "nonconforming",
        "lot_size": 1200,
        "state": {"severity": severity, "reason": reason, "lots": lots},
    }


def _plan(severity: str) -> dict:
    p = single_plan(1200, "II", "1.0", severity)
    return {
        "severity": severity,
        "lot_size": 1200,
        "code_letter": p.code_letter,
        "plan_letter": p.plan_letter,
        "table": p.table,
        "n1": p.n,
        "Ac1": p.Ac,
        "Re1": p.Re,
        "n2": None,
        "Ac2": None,
        "Re2": None,
        "full_inspection": False,
    }


def _lot(sequence: int, d1: int, accepted: bool, event: str | None, severity: str = "normal") -> dict:
    p = single_plan(1200, "II", "1.0", severity)
    return {
        "sequence": sequence,
        "lot": f"A{sequence}",
        "lot_size": 1200,
        "inspected_on": today().isoformat(),
        "severity": severity,
        "code_letter": p.code_letter,
        "table": p.table,
        "n1": p.n,
        "Ac1": p.Ac,
        "Re1": p.Re,
        "n2": None,
        "Ac2": None,
        "Re2": None,
        "d1": d1,
        "d2": None,
        "accepted": accepted,
        "event": event,
        "note": "",
    }


START = "start on normal inspection (MIL-STD-105E 4.6.1)"
CONTINUES = "normal inspection continues (MIL-STD-105E 4.6.1)"
TIGHTENED = "2 of 5 or fewer consecutive lots rejected (MIL-STD-105E 4.7.1)"


def test_owner_and_team_read_the_schemes_and_the_outsider_gets_404(
    owner, team, outsider, body_a, body_b, scheme
) -> None:
    expected = _scheme(0, "normal", START)
    for user in (owner, team):
        token = _token(user, body_a)
        assert _get(BASE, token).json() == [expected]
        assert _get(f"{BASE}/bolts-m8", token).json() == {
            **expected,
            "next_plan": _plan("normal"),
            "next_plan_error": None,
        }
        assert _get(f"{BASE}/bolts-m8/lots", token).json() == []
    token = _token(outsider, body_b)
    for path in (BASE, f"{BASE}/bolts-m8", f"{BASE}/bolts-m8/lots"):
        assert _get(path, token).status_code == 404
    payload = {"lot": "X1", "lot_size": 1200, "inspected_on": today().isoformat(), "d1": 0}
    assert _post(f"{BASE}/bolts-m8/lots", token, payload).status_code == 404


def test_a_client_contact_gets_403(contact, body_a, scheme) -> None:
    token = _token(contact, body_a)
    assert _get(BASE, token).status_code == 403
    assert _get(f"{BASE}/bolts-m8/lots", token).status_code == 403


def test_the_owner_records_lots_until_tightened_and_reads_them_back(owner, team, body_a, scheme) -> None:
    token = _token(owner, body_a)
    re = single_plan(1200, "II", "1.0", "normal").Re
    day = today().isoformat()
    first = _post(
        f"{BASE}/bolts-m8/lots", token, {"lot": "A1", "lot_size": 1200, "inspected_on": day, "d1": re}
    )
    assert first.status_code == 201
    assert first.json() == {
        "lot": _lot(1, re, False, None),
        "state": {"severity": "normal", "reason": CONTINUES, "lots": 1},
    }
    second = _post(
        f"{BASE}/bolts-m8/lots", token, {"lot": "A2", "lot_size": 1200, "inspected_on": day, "d1": re}
    )
    assert second.json() == {
        "lot": _lot(2, re, False, TIGHTENED),
        "state": {"severity": "tightened", "reason": TIGHTENED, "lots": 2},
    }
    team_token = _token(team, body_a)
    assert _get(f"{BASE}/bolts-m8/lots", team_token).json() == [
        _lot(1, re, False, None),
        _lot(2, re, False, TIGHTENED),
    ]
    assert _get(f"{BASE}/bolts-m8", team_token).json() == {
        **_scheme(2, "tightened", TIGHTENED),
        "next_plan": _plan("tightened"),
        "next_plan_error": None,
    }


def test_a_team_member_without_an_inspection_role_cannot_record(team, body_a, scheme) -> None:
    token = _token(team, body_a)
    payload = {"lot": "T1", "lot_size": 1200, "inspected_on": today().isoformat(), "d1": 0}
    assert _post(f"{BASE}/bolts-m8/lots", token, payload).status_code == 403


def test_a_bad_count_gets_422_naming_the_field_and_nothing_is_written(analyst, body_a, scheme) -> None:
    token = _token(analyst, body_a)
    payload = {"lot": "A1", "lot_size": 1200, "inspected_on": today().isoformat(), "d1": 81}
    response = _post(f"{BASE}/bolts-m8/lots", token, payload)
    assert response.status_code == 422
    assert response.json() == {"detail": "d1: 81 nonconforming items in a sample of 80"}
    with unscoped():
        assert not SampledLot.objects.exists()


def test_the_paths_from_before_the_rename_still_answer_the_same(
    owner, outsider, body_a, body_b, scheme
) -> None:
    old = "/api/v1/laboratory/alpha-lab/inspection/schemes"
    token = _token(owner, body_a)
    assert _get(old, token).json() == _get(BASE, token).json()
    assert _get(old + "/bolts-m8/lots", token).status_code == 200
    assert _get(old, _token(outsider, body_b)).status_code == 404
    created = _post(
        old + "/bolts-m8/lots",
        token,
        {"lot": "OLD-1", "lot_size": 1200, "inspected_on": today().isoformat(), "d1": 0},
    )
    assert created.status_code == 201
    with unscoped():
        assert SampledLot.objects.filter(lot="OLD-1").exists()


def test_the_published_schema_shows_only_the_new_paths() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/laboratory/{slug}/lot-sampling/schemes" in paths
    assert not [p for p in paths if "/inspection/schemes" in p]

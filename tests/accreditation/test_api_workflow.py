"""The accreditation API: register a CAB, grant, record an assessment with a finding, close it,
decide by a member who did not assess — compared against the full JSON."""

from datetime import date

import pytest
from django.test import Client

from casys import clock
from casys.accounts.models import Membership, Role
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

BASE = "/api/v1/accreditation/alpha-cert"


def token(user, body):
    return "Bearer " + create_token(user=user, body=body, name="t", actor=SYSTEM)[1]


def post(client, url, data, auth):
    return client.post(BASE + url, data, content_type="application/json", HTTP_AUTHORIZATION=auth)


@pytest.fixture
def decider(ab_a):
    user = make_user("dora@alpha.example", "Dora Decider")
    Membership.all_objects.create(user=user, body=ab_a, role=Role.DECISION_MAKER)
    return user


def test_the_whole_workflow_through_the_api(client: Client, owner, team, decider, ab_a):
    admin = token(owner, ab_a)
    r = post(
        client,
        "/cabs",
        {"name": "Metrolab Tartu", "kind": "laboratory", "country": "EE", "city": "Tartu"},
        admin,
    )
    assert r.status_code == 200, r.content
    assert r.json() == {
        "slug": "metrolab-tartu",
        "name": "Metrolab Tartu",
        "kind": "laboratory",
        "country": "EE",
        "city": "Tartu",
    }
    grant = {
        "cab": "metrolab-tartu",
        "number": "LAB-1",
        "standard": "ISO/IEC 17025",
        "activity": "calibration",
        "valid_from": "2024-01-01",
        "valid_until": "2028-12-31",
        "scope": [
            {
                "normative_document": "EURAMET cg-18",
                "methods": ["NAWI"],
                "measurand": "mass",
                "range": "1 g–50 kg",
                "field": "mass",
            },
            {"normative_document": "In-house procedure CP-7", "field": "temperature"},
        ],
    }
    with clock.travel_to(date(2025, 1, 1)):
        r = post(client, "/accreditations", grant, admin)
        assert r.status_code == 200, r.content
        r = post(
            client,
            "/accreditations/LAB-1/assessments",
            {
                "kind": "witness",
                "start": "2024-11-04",
                "end": "2024-11-05",
                "team_leader": "team@alpha.example",
                "assessors": ["owner@alpha.example"],
                "witnessed": [
                    {"activity": "calibration of a 20 kg weight", "location": "Tartu", "on": "2024-11-05"}
                ],
                "recommendation": "grant",
                "summary": "competent",
            },
            admin,
        )
        assert r.status_code == 200, r.content
        aid = r.json()["id"]
        r = post(
            client,
            f"/accreditations/LAB-1/assessments/{aid}/findings",
            {"grade": "nonconformity", "clause": "6.4.13", "text": "no intermediate checks"},
            token(team, ab_a),
        )
        fid = r.json()["findings"][0]["id"]
        refused = post(
            client,
            f"/accreditations/LAB-1/assessments/{aid}/decision",
            {"kind": "grant", "on": "2024-12-01"},
            token(decider, ab_a),
        )
        assert refused.status_code == 400
        assert refused.json() == {
            "detail": "kind: 1 nonconformity is still open: close it first, or suspend or withdraw"
        }
        r = post(
            client,
            f"/accreditations/LAB-1/assessments/{aid}/findings/{fid}/close",
            {"on": "2024-11-20"},
            token(team, ab_a),
        )
        assert r.json()["findings"][0]["closed"] is True
        r = post(
            client,
            f"/accreditations/LAB-1/assessments/{aid}/decision",
            {"kind": "suspend", "on": "2024-12-01", "reason": "no intermediate checks since"},
            token(decider, ab_a),
        )
    assert r.status_code == 200, r.content
    assert r.json() == {
        "number": "LAB-1",
        "body": "alpha-cert",
        "cab": "metrolab-tartu",
        "standard": "ISO/IEC 17025",
        "activity": "calibration",
        "valid_from": "2024-01-01",
        "valid_until": "2028-12-31",
        "status": "suspended",
        "status_since": "2024-12-01",
        "scope": [
            {
                "normative_document": "EURAMET cg-18",
                "iaf_codes": [],
                "methods": ["NAWI"],
                "measurand": "mass",
                "range": "1 g–50 kg",
                "field": "mass",
            },
            {
                "normative_document": "In-house procedure CP-7",
                "iaf_codes": [],
                "methods": [],
                "measurand": "",
                "range": "",
                "field": "temperature",
            },
        ],
        "scope_today": [
            {"normative_document": "EURAMET cg-18", "iaf_codes": [], "methods": ["NAWI"]},
            {"normative_document": "In-house procedure CP-7", "iaf_codes": [], "methods": []},
        ],
        "events": [
            {
                "on": "2024-12-01",
                "kind": "suspended",
                "normative_document": "",
                "reason": "no intermediate checks since",
            }
        ],
        "assessments": [
            {
                "id": aid,
                "kind": "witness",
                "start": "2024-11-04",
                "end": "2024-11-05",
                "team_leader": {"email": "team@alpha.example", "name": "Tom Team"},
                "assessors": [{"email": "owner@alpha.example", "name": "Olga Owner"}],
                "witnessed": [
                    {"activity": "calibration of a 20 kg weight", "location": "Tartu", "on": "2024-11-05"}
                ],
                "findings": [
                    {
                        "id": fid,
                        "grade": "nonconformity",
                        "clause": "6.4.13",
                        "text": "no intermediate checks",
                        "closed": True,
                        "closed_on": "2024-11-20",
                    }
                ],
                "recommendation": "grant",
                "summary": "competent",
                "decision": {
                    "kind": "suspend",
                    "on": "2024-12-01",
                    "reason": "no intermediate checks since",
                    "assessment": aid,
                    "decided_by": {"email": "dora@alpha.example", "name": "Dora Decider"},
                },
            }
        ],
    }
    listed = client.get(BASE + "/accreditations?state=suspended", HTTP_AUTHORIZATION=admin).json()
    assert [a["number"] for a in listed] == ["LAB-1"]
    assert client.get(BASE + "/accreditations?state=active", HTTP_AUTHORIZATION=admin).json() == []


def test_an_assessor_may_not_decide_through_the_api(client, owner, team, ab_a, accreditation):
    Membership.all_objects.create(user=team, body=ab_a, role=Role.DECISION_MAKER)
    r = post(
        client,
        "/accreditations/AB-17/assessments",
        {
            "kind": "surveillance",
            "start": "2024-05-06",
            "end": "2024-05-08",
            "team_leader": "team@alpha.example",
        },
        token(owner, ab_a),
    )
    aid = r.json()["id"]
    r = post(
        client,
        f"/accreditations/AB-17/assessments/{aid}/decision",
        {"kind": "grant", "on": "2024-06-01"},
        token(team, ab_a),
    )
    assert r.status_code == 400
    assert r.json() == {
        "detail": "decided_by: Tom Team assessed: someone who did not assess takes the decision"
    }


def test_an_assessor_named_by_an_address_outside_the_body_is_refused(
    client, owner, outsider, ab_a, accreditation
):
    r = post(
        client,
        "/accreditations/AB-17/assessments",
        {
            "kind": "surveillance",
            "start": "2024-05-06",
            "end": "2024-05-08",
            "team_leader": "outsider@beta.example",
        },
        token(owner, ab_a),
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "team_leader: 'outsider@beta.example' is not a member of alpha-cert"}


def test_api_roles_foreign_body_and_anonymous(client, owner, team, outsider, ab_a, body_b, accreditation):
    assessment = {
        "kind": "surveillance",
        "start": "2024-05-06",
        "end": "2024-05-08",
        "team_leader": "team@alpha.example",
    }
    assert post(client, "/accreditations/AB-17/assessments", assessment, token(team, ab_a)).status_code == 403
    assert (
        post(
            client, "/cabs", {"name": "X", "kind": "laboratory", "country": "EE"}, token(team, ab_a)
        ).status_code
        == 403
    )
    assert (
        post(client, "/accreditations/AB-17/assessments", assessment, token(outsider, body_b)).status_code
        == 404
    )
    assert (
        client.get(
            BASE + "/accreditations/AB-17/assessments/1", HTTP_AUTHORIZATION=token(outsider, body_b)
        ).status_code
        == 404
    )
    r = client.post(BASE + "/accreditations/AB-17/assessments", assessment, content_type="application/json")
    assert r.status_code == 401
    assert client.get(BASE + "/accreditations").status_code == 401


def test_api_refuses_a_grant_with_an_empty_scope_naming_the_field(client, owner, ab_a, gamma):
    r = post(
        client,
        "/accreditations",
        {
            "cab": "gamma-cert",
            "number": "N-2",
            "standard": "ISO/IEC 17021-1",
            "valid_from": "2024-01-01",
            "valid_until": "2025-01-01",
        },
        token(owner, ab_a),
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "scope: an accreditation needs at least one scope line"}

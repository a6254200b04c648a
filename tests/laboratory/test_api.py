"""API /api/v1/laboratory/: methods, results (create and read) and reports; owner, team, outsider."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from scipy.stats import norm

from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from casys.core.conformity.decision_rules import RULE_REFERENCES, Rule
from casys.core.uncertainty import gum, parse_model_file
from casys.laboratory.models import TestResult
from casys.laboratory.services.reports import create_report, issue_report
from tests.laboratory.conftest import MODEL

pytestmark = pytest.mark.django_db

BASE = "/api/v1/laboratory/alpha-lab"


def _token(user, body) -> str:
    return create_token(user=user, body=body, name="t", actor=SYSTEM)[1]


def _get(path: str, token: str):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(path: str, token: str, payload: dict):
    return Client().post(
        path, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _decisions(y: float, u: float, k: float, agreements) -> list[dict]:
    """Expected decisions typed from JCGM 106:2012 7.3 and ILAC G8:09/2019 4.2 (w = r·U)."""
    p_c = float(norm.cdf((10.1 - y) / u) - norm.cdf((9.9 - y) / u))
    U = k * u
    simple, guarded = agreements
    return [
        {
            "agreement": simple.pk,
            "rule": "simple",
            "rule_name": "simple acceptance",
            "reference": RULE_REFERENCES[Rule.SIMPLE],
            "r": 0.0,
            "binary": True,
            "w": 0.0,
            "A_L": 9.9,
            "A_U": 10.1,
            "accepted": 9.9 <= y <= 10.1,
            "statement": "pass" if 9.9 <= y <= 10.1 else "fail",
            "p_c": pytest.approx(p_c),
            "R_C": pytest.approx(1 - p_c),
            "R_P": 0.0,
        },
        {
            "agreement": guarded.pk,
            "rule": "guarded-acceptance",
            "rule_name": "guarded acceptance",
            "reference": RULE_REFERENCES[Rule.GUARDED_ACCEPTANCE],
            "r": 1.0,
            "binary": True,
            "w": U,
            "A_L": pytest.approx(9.9 + U),
            "A_U": pytest.approx(10.1 - U),
            "accepted": 9.9 + U <= y <= 10.1 - U,
            "statement": "pass" if 9.9 + U <= y <= 10.1 - U else "fail",
            "p_c": pytest.approx(p_c),
            "R_C": pytest.approx(1 - p_c) if 9.9 + U <= y <= 10.1 - U else 0.0,
            "R_P": 0.0 if 9.9 + U <= y <= 10.1 - U else pytest.approx(p_c),
        },
    ]


def test_the_owner_and_team_read_the_methods_and_the_outsider_gets_404(
    owner, team, outsider, body_a, body_b, method
):
    expected = {
        "code": "length",
        "title": "Length of a gauge",
        "measurand": "length",
        "unit": "mm",
        "lower_limit": 9.9,
        "upper_limit": 10.1,
        "uncertainty_source": "model",
        "model_toml": MODEL,
        "coverage_probability": 0.95,
        "budget": [],
    }
    for user in (owner, team):
        token = _token(user, body_a)
        assert _get(f"{BASE}/methods", token).json() == [expected]
        assert _get(f"{BASE}/methods/length", token).json() == expected
    token = _token(outsider, body_b)
    assert _get(f"{BASE}/methods", token).status_code == 404
    assert _get(f"{BASE}/methods/length", token).status_code == 404
    assert _get("/api/v1/laboratory/beta-lab/methods/length", token).status_code == 404


def test_a_result_is_read_with_its_uncertainty_and_decisions(
    owner, team, outsider, body_a, body_b, agreements, result
):
    expected = {
        "id": result.pk,
        "method": "length",
        "customer": "gamma-steel",
        "sample": "Gauge G-7",
        "measured_on": "2026-03-01",
        "y": 10.09,
        "u": 0.01,
        "k": 2.0,
        "U": 0.02,
        "df": None,
        "evaluation": "entered",
        "gum": None,
        "mcm": None,
        "budget": None,
        "decisions": _decisions(10.09, 0.01, 2.0, agreements),
    }
    for user in (owner, team):
        token = _token(user, body_a)
        assert _get(f"{BASE}/results/{result.pk}", token).json() == expected
        assert _get(f"{BASE}/results", token).json() == [expected]
    token = _token(outsider, body_b)
    assert _get(f"{BASE}/results/{result.pk}", token).status_code == 404
    assert _get(f"/api/v1/laboratory/beta-lab/results/{result.pk}", token).status_code == 404


def test_the_owner_creates_a_result_from_the_model(owner, body_a, customer, agreements, method):
    token = _token(owner, body_a)
    response = _post(
        f"{BASE}/results",
        token,
        {"method": "length", "customer": "gamma-steel", "sample": "G-1", "measured_on": "2026-03-04"},
    )
    assert response.status_code == 201
    model = parse_model_file(MODEL)
    g = gum(model.model, model.inputs)
    with unscoped():
        pk = TestResult.objects.get(sample="G-1").pk
    assert response.json() == {
        "id": pk,
        "method": "length",
        "customer": "gamma-steel",
        "sample": "G-1",
        "measured_on": "2026-03-04",
        "y": g.y,
        "u": g.u,
        "k": g.k,
        "U": g.U,
        "df": None,
        "evaluation": "gum",
        "gum": {
            "y": g.y,
            "u": g.u,
            "df": None,
            "k": g.k,
            "U": g.U,
            "p": 0.95,
            "low": g.low,
            "high": g.high,
            "budget": [
                {"name": b.name, "x": b.x, "u": b.u, "c": b.c, "cu": b.cu, "df": None, "share": b.share}
                for b in g.budget
            ],
        },
        "mcm": None,
        "budget": None,
        "decisions": _decisions(g.y, g.u, g.k, agreements),
    }


def test_a_team_member_cannot_create_a_result_and_an_outsider_gets_404(
    team, outsider, body_a, body_b, method
):
    payload = {"method": "length", "customer": "gamma-steel", "sample": "G", "measured_on": "2026-03-04"}
    assert _post(f"{BASE}/results", _token(team, body_a), payload).status_code == 403
    assert _post(f"{BASE}/results", _token(outsider, body_b), payload).status_code == 404
    with unscoped():
        assert not TestResult.objects.exists()


def test_bad_result_input_is_422_naming_the_field(owner, body_a, customer, method):
    token = _token(owner, body_a)
    base = {"method": "length", "customer": "gamma-steel", "sample": "G", "measured_on": "2026-03-04"}
    response = _post(f"{BASE}/results", token, base | {"u": 0.1})
    assert (response.status_code, response.json()) == (422, {"detail": "value: is required"})
    response = _post(f"{BASE}/results", token, base | {"method": "nope"})
    assert response.json() == {"detail": "method: no method 'nope' in this laboratory"}
    response = _post(f"{BASE}/results", token, base | {"model_toml": "[model]\nexpression = 'a +'"})
    assert response.status_code == 422 and response.json()["detail"].startswith(
        "model_toml: model.expression:"
    )


def test_reports_are_listed_and_read_frozen(
    owner, team, outsider, body_a, body_b, customer, agreements, result
):
    with unscoped():
        report = issue_report(
            create_report(
                body_a, actor=SYSTEM, customer=customer, title="G", results=[result], agreements=agreements
            ),
            actor=SYSTEM,
            on=date(2026, 3, 10),
        )
    summary = {
        "id": report.pk,
        "number": "ALPHA-LAB-2026-0001",
        "title": "G",
        "customer": "gamma-steel",
        "status": "issued",
        "issued_on": "2026-03-10",
        "supersedes": None,
    }
    rules = [
        {
            "id": a.pk,
            "rule": a.rule,
            "r": a.r,
            "binary": True,
            "method": None if a.method is None else "length",
            "agreed_on": a.agreed_on.isoformat(),
            "customer_representative": "Greta Gamma",
            "agreed_by": "",
        }
        for a in agreements
    ]
    detail = {
        "id": report.pk,
        "number": "ALPHA-LAB-2026-0001",
        "title": "G",
        "status": "issued",
        "issued_on": "2026-03-10",
        "issued_by": "",
        "laboratory": {"name": "Alpha Laboratory", "address": "", "city": "", "country": "LV"},
        "location": "",
        "language": "en",
        "remarks": "",
        "customer": {
            "name": "Gamma Steel",
            "address": "",
            "city": "",
            "country": "LV",
            "contact_name": "",
            "contact_email": "",
        },
        "accreditation": None,
        "supersedes": None,
        "amendment_reason": "",
        "rules": rules,
        "results": [
            {
                "id": result.pk,
                "sample": "Gauge G-7",
                "measured_on": "2026-03-01",
                "item_description": "",
                "received_on": None,
                "sampled_on": None,
                "sampling_plan": "",
                "external_provider": "",
                "method": {
                    "code": "length",
                    "title": "Length of a gauge",
                    "measurand": "length",
                    "unit": "mm",
                    "lower": 9.9,
                    "upper": 10.1,
                },
                "y": 10.09,
                "u": 0.01,
                "k": 2.0,
                "U": 0.02,
                "df": None,
                "evaluation": "entered",
                "computation": {},
                "decisions": _decisions(10.09, 0.01, 2.0, agreements),
            }
        ],
    }
    for user in (owner, team):
        token = _token(user, body_a)
        assert _get(f"{BASE}/reports", token).json() == [summary]
        assert _get(f"{BASE}/reports/{report.pk}", token).json() == detail
    token = _token(outsider, body_b)
    assert _get(f"{BASE}/reports", token).status_code == 404
    assert _get(f"{BASE}/reports/{report.pk}", token).status_code == 404


def test_listing_results_reads_the_agreements_once(
    owner, body_a, customer, agreements, method, django_assert_max_num_queries
):
    from casys.laboratory.services.results import record_result

    with unscoped():
        for i in range(5):
            record_result(
                body_a,
                actor=SYSTEM,
                method=method,
                customer=customer,
                sample=f"S{i}",
                measured_on=date(2026, 3, 1),
                value=10.0,
                u=0.01,
                k=2.0,
            )
    token = _token(owner, body_a)
    with django_assert_max_num_queries(12):  # token, scope, body, results, agreements: not one per result
        response = _get(f"{BASE}/results", token)
    assert len(response.json()) == 5
    assert all(len(r["decisions"]) == 2 for r in response.json())

"""The certification API: owner, team and outsider tokens; a client contact answers a finding."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client as HttpClient

from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from casys.certification.models import Application, Audit, Certificate, Finding
from casys.certification.services import audits

pytestmark = pytest.mark.django_db


def _token(user: Any, body: Any) -> str:
    return create_token(user=user, body=body, name="test", actor=SYSTEM)[1]


def _get(path: str, token: str) -> Any:
    return HttpClient().get(f"/api/v1/certification{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def finding(certified: Application) -> Finding:
    with unscoped():
        stage2 = Audit.all_objects.get(application=certified, kind="stage2")
        return audits.add_finding(
            stage2,
            grade="minor",
            clause="ISO 9001:2015 7.1.5",
            evidence="Gauge overdue",
            due=date(2026, 4, 30),
            on=date(2026, 2, 3),
        )


@pytest.fixture
def tokens(owner, team, outsider, body_a, body_b, contact, cert_client) -> dict[str, str]:
    return {
        "owner": _token(owner, body_a),
        "team": _token(team, body_a),
        "outsider": _token(outsider, body_b),
        "contact": _token(contact, cert_client.organisation),
    }


def _expected(certified: Application, finding: Finding) -> dict[str, Any]:
    cert = Certificate.all_objects.get()
    stage1, stage2, s1, s2, recert = Audit.all_objects.filter(application=certified).order_by("id")
    app_id, client_id = certified.pk, certified.client_id
    audit_time = {
        "n": 105,
        "initial": 7.0,
        "stage1": 2.0,
        "stage2": 5.0,
        "surveillance": 2.5,
        "recertification": 4.5,
        "justification": certified.justification,
        "sites_to_visit": ["Stuttgart plant"],
    }
    application = {
        "id": app_id,
        "body": "alpha-cert",
        "client": client_id,
        "schemes": ["iso9001"],
        "scope": "Machining of precision parts",
        "iaf_codes": [17],
        "complexity": "medium",
        "status": "certified",
        "received_on": "2026-01-05",
        "audit_time": audit_time,
    }

    def audit(a: Audit, **kw: Any) -> dict[str, Any]:
        row = {
            "id": a.pk,
            "application": app_id,
            "cycle": a.cycle,
            "phase": a.phase,
            "kind": a.kind,
            "earliest": None,
            "latest": None,
            "planned_on": None,
            "days": a.days,
            "leader": None,
            "team": [],
            "done_on": None,
            "mode": "",
            "remote_days": 0.0,
        }
        row.update(kw)
        return row

    programme = [
        audit(
            stage1,
            planned_on="2026-01-20",
            leader="Anna Auditor",
            team=["Anna Auditor"],
            done_on="2026-01-20",
            mode="on-site",
        ),
        audit(
            stage2,
            planned_on="2026-02-03",
            leader="Anna Auditor",
            team=["Anna Auditor"],
            done_on="2026-02-03",
            mode="on-site",
        ),
        audit(s1, earliest="2027-01-01", latest="2027-03-10"),
        audit(s2, earliest="2028-01-01", latest="2028-03-10"),
        audit(recert, cycle=2, earliest="2028-06-10", latest="2028-12-10"),
    ]
    certificate = {
        "id": cert.pk,
        "body": "alpha-cert",
        "number": "ALPHA-CERT-2026-0001",
        "client": client_id,
        "standards": ["ISO 9001:2015"],
        "iaf_codes": [17],
        "scope": "Machining of precision parts",
        "original_issue_date": "2026-03-10",
        "issue_date": "2026-03-10",
        "expiry_date": "2029-03-09",
        "status": "issued",
    }
    return {
        "client": {
            "id": client_id,
            "body": "alpha-cert",
            "name": "Müller Präzisionsteile GmbH",
            "name_en": "Müller Präzisionsteile GmbH",
            "country": "DE",
            "language": "fr",
            "consent_to_publication": True,
            "registration_number": "",
            "vat_number": "",
            "nace_code": "",
            "contact_persons": [],
            "addresses": [],
        },
        "application": application,
        "application_detail": {
            **application,
            "sites": [
                {
                    "name": "Stuttgart plant",
                    "address": "Industriestraße 4",
                    "country": "DE",
                    "central": True,
                    "personnel": [
                        {"kind": "full-time", "count": 100, "hours": None},
                        {"kind": "part-time", "count": 10, "hours": 20.0},
                    ],
                }
            ],
        },
        "programme": programme,
        "finding": {
            "id": finding.pk,
            "audit": stage2.pk,
            "grade": "minor",
            "clause": "ISO 9001:2015 7.1.5",
            "evidence": "Gauge overdue",
            "raised_on": "2026-02-03",
            "due": "2026-04-30",
            "correction": "",
            "root_cause": "",
            "corrective_action": "",
            "answered_on": None,
            "verified_on": None,
            "open": True,
        },
        "certificate": certificate,
        "certificate_detail": {
            **certificate,
            "sites": [{"name": "Stuttgart plant", "address": "Industriestraße 4", "country": "DE"}],
            "events": [
                {
                    "kind": "issued",
                    "at": "2026-03-10",
                    "by": "Olga Owner",
                    "why": f"certification decision {certified.decisions.get().pk} (initial)",
                }
            ],
        },
    }


def test_owner_and_team_read_every_endpoint_with_the_full_json(certified, finding, tokens) -> None:
    with unscoped():
        exp = _expected(certified, finding)
    cert_id, audit_id = exp["certificate"]["id"], finding.audit_id
    for who in ("owner", "team"):
        t = tokens[who]
        assert _get("/clients", t).json() == [exp["client"]]
        assert _get(f"/clients/{certified.client_id}", t).json() == exp["client"]
        assert _get("/applications", t).json() == [exp["application"]]
        assert _get(f"/applications/{certified.pk}", t).json() == exp["application_detail"]
        assert _get(f"/applications/{certified.pk}/programme", t).json() == exp["programme"]
        assert _get("/audits", t).json() == exp["programme"]
        assert _get(f"/audits/{audit_id}", t).json() == exp["programme"][1]
        assert _get("/findings", t).json() == [exp["finding"]]
        assert _get("/findings?open=false", t).json() == []
        assert _get(f"/findings/{finding.pk}", t).json() == exp["finding"]
        assert _get("/certificates", t).json() == [exp["certificate"]]
        assert _get(f"/certificates/{cert_id}", t).json() == exp["certificate_detail"]


def test_the_outsider_gets_empty_lists_and_404(certified, finding, tokens) -> None:
    t = tokens["outsider"]
    for path in ("/clients", "/applications", "/audits", "/findings", "/certificates"):
        assert _get(path, t).json() == [], path
    cert = Certificate.all_objects.get()
    for path in (
        f"/clients/{certified.client_id}",
        f"/applications/{certified.pk}",
        f"/applications/{certified.pk}/programme",
        f"/audits/{finding.audit_id}",
        f"/findings/{finding.pk}",
        f"/certificates/{cert.pk}",
    ):
        assert _get(path, t).status_code == 404, path
        assert _get(path, t).json() == {"detail": "Not Found"}


def test_the_client_contact_reads_its_own_records(certified, finding, tokens, other_client) -> None:
    with unscoped():
        exp = _expected(certified, finding)
    t = tokens["contact"]
    assert _get("/clients", t).json() == [exp["client"]]
    assert _get("/certificates", t).json() == [exp["certificate"]]
    assert _get("/findings", t).json() == [exp["finding"]]


def _post(pk: int, token: str, data: dict[str, str]) -> Any:
    return HttpClient().post(
        f"/api/v1/certification/findings/{pk}/response",
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


ANSWER = {
    "correction": "Gauge calibrated",
    "root_cause": "No recall list",
    "corrective_action": "Recall list in the ERP",
}


def test_only_the_client_contact_answers_a_finding(certified, finding, tokens) -> None:
    with unscoped():
        exp = _expected(certified, finding)
    assert _post(finding.pk, tokens["outsider"], ANSWER).status_code == 404
    assert _post(finding.pk, tokens["owner"], ANSWER).status_code == 403
    assert _post(finding.pk, tokens["team"], ANSWER).json() == {
        "detail": "only the client's contacts answer a finding"
    }
    bad = _post(finding.pk, tokens["contact"], {**ANSWER, "root_cause": " "})
    assert (bad.status_code, bad.json()) == (422, {"detail": "root_cause: required"})
    response = _post(finding.pk, tokens["contact"], ANSWER)
    assert response.status_code == 200
    assert response.json() == {**exp["finding"], **ANSWER, "answered_on": "2026-01-05"}

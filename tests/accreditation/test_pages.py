"""Accreditation pages and API: owner works, team can read (403 to record events), outsider 404."""

import pytest

from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM

pytestmark = pytest.mark.django_db


def test_owner_sees_the_list_and_the_detail(owner_client, accreditation):
    r = owner_client.get("/accreditation/alpha-cert/")
    assert r.status_code == 200 and "AB-17" in r.content.decode()
    r = owner_client.get("/accreditation/alpha-cert/AB-17/")
    assert r.status_code == 200 and "ISO 14001:2015" in r.content.decode()


def test_team_reads_but_cannot_record_an_event(team_client, accreditation):
    assert team_client.get("/accreditation/alpha-cert/AB-17/").status_code == 200
    r = team_client.post("/accreditation/alpha-cert/AB-17/events/", {"on": "2024-01-01", "kind": "suspended"})
    assert r.status_code == 403


def test_outsider_gets_404(outsider_client, accreditation):
    assert outsider_client.get("/accreditation/alpha-cert/").status_code == 404
    assert outsider_client.get("/accreditation/alpha-cert/AB-17/").status_code == 404
    r = outsider_client.post(
        "/accreditation/alpha-cert/AB-17/events/", {"on": "2024-01-01", "kind": "suspended"}
    )
    assert r.status_code == 404


def test_owner_records_a_suspension_shown_as_an_event(owner_client, accreditation):
    r = owner_client.post(
        "/accreditation/alpha-cert/AB-17/events/",
        {"on": "2024-01-01", "kind": "suspended", "reason": "audit", "confirm": "on"},
    )
    assert r.status_code == 302
    page = owner_client.get("/accreditation/alpha-cert/AB-17/").content.decode()
    assert "audit" in page and 'data-status="suspended">suspended' in page


def _token(user, body):
    return create_token(user=user, body=body, name="t", actor=SYSTEM)[1]


def test_api_lists_accreditations_for_owner(client, owner, ab_a, accreditation, settings):
    from casys import clock

    with clock.travel_to(__import__("datetime").date(2025, 1, 1)):
        r = client.get(
            "/api/v1/accreditation/alpha-cert/accreditations",
            HTTP_AUTHORIZATION="Bearer " + _token(owner, ab_a),
        )
    assert r.status_code == 200
    assert r.json() == [
        {
            "number": "AB-17",
            "body": "alpha-cert",
            "cab": "gamma-cert",
            "standard": "ISO/IEC 17021-1",
            "activity": "certification-management-systems",
            "valid_from": "2020-01-01",
            "valid_until": "2030-01-01",
            "status": "active",
        }
    ]


def test_api_event_needs_a_deciding_role(client, team, owner, ab_a, accreditation):
    body = {"on": "2024-01-01", "kind": "suspended", "reason": "x"}
    url = "/api/v1/accreditation/alpha-cert/accreditations/AB-17/events"
    r = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer " + _token(team, ab_a)
    )
    assert r.status_code == 403
    r = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer " + _token(owner, ab_a)
    )
    assert r.status_code == 200
    assert r.json()["events"] == [
        {"on": "2024-01-01", "kind": "suspended", "normative_document": "", "reason": "x"}
    ]


def test_api_outsider_gets_404(client, outsider, body_b, accreditation):
    r = client.get(
        "/api/v1/accreditation/alpha-cert/accreditations/AB-17",
        HTTP_AUTHORIZATION="Bearer " + _token(outsider, body_b),
    )
    assert r.status_code == 404


CSV = (
    "body,arrangement,activity,normativeDocument,subScope,validFrom,validUntil\n"
    "alpha-cert,IAF-MLA,certification-management-systems,ISO/IEC 17021-1,ISO 9001,2015-01-01,\n"
)


def _upload(text=CSV, name="s.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode())


def test_owner_imports_signatory_statuses_shown_on_the_list(owner_client, ab_a):
    r = owner_client.post("/accreditation/alpha-cert/signatory-statuses/", {"file": _upload()}, follow=True)
    page = r.content.decode()
    assert "1 signatory status imported." in page and "IAF-MLA" in page


def test_a_bad_status_file_names_the_row(owner_client, ab_a):
    r = owner_client.post(
        "/accreditation/alpha-cert/signatory-statuses/",
        {"file": _upload(CSV.replace("IAF-MLA", "NOPE"))},
        follow=True,
    )
    assert "signatoryStatuses[0].arrangement" in r.content.decode()


def test_team_and_outsider_may_not_import_statuses(team_client, outsider_client, ab_a):
    url = "/accreditation/alpha-cert/signatory-statuses/"
    assert team_client.post(url, {"file": _upload()}).status_code == 403
    assert outsider_client.post(url, {"file": _upload()}).status_code == 404


GRANT = {
    "cab": "gamma-cert",
    "number": "LAB-9",
    "standard": "ISO/IEC 17025",
    "activity": "testing",
    "valid_from": "2024-01-01",
    "valid_until": "2028-12-31",
    "scope": [
        {
            "normative_document": "ISO 6892-1",
            "methods": ["tensile test"],
            "measurand": "Rm",
            "range": "0–2000 MPa",
        }
    ],
}


def test_api_grants_an_accreditation_with_a_laboratory_scope(client, owner, ab_a, gamma):
    from datetime import date

    from casys import clock

    with clock.travel_to(date(2025, 1, 1)):
        r = client.post(
            "/api/v1/accreditation/alpha-cert/accreditations",
            GRANT,
            content_type="application/json",
            HTTP_AUTHORIZATION="Bearer " + _token(owner, ab_a),
        )
    assert r.status_code == 200, r.content
    assert r.json() == {
        "number": "LAB-9",
        "body": "alpha-cert",
        "cab": "gamma-cert",
        "standard": "ISO/IEC 17025",
        "activity": "testing",
        "valid_from": "2024-01-01",
        "valid_until": "2028-12-31",
        "status": "active",
        "status_since": "2024-01-01",
        "scope": [
            {
                "normative_document": "ISO 6892-1",
                "iaf_codes": [],
                "methods": ["tensile test"],
                "measurand": "Rm",
                "range": "0–2000 MPa",
                "field": "",
            }
        ],
        "scope_today": [{"normative_document": "ISO 6892-1", "iaf_codes": [], "methods": ["tensile test"]}],
        "events": [],
        "assessments": [],
    }


def test_api_grant_refuses_a_mismatched_activity_naming_the_field(client, owner, ab_a, gamma):
    r = client.post(
        "/api/v1/accreditation/alpha-cert/accreditations",
        {**GRANT, "activity": "inspection"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer " + _token(owner, ab_a),
    )
    assert r.status_code == 400 and r.json()["detail"].startswith("activity:")


def test_api_grant_is_403_for_team_and_404_for_outsider(client, team, outsider, ab_a, body_b, gamma):
    url = "/api/v1/accreditation/alpha-cert/accreditations"
    r = client.post(
        url, GRANT, content_type="application/json", HTTP_AUTHORIZATION="Bearer " + _token(team, ab_a)
    )
    assert r.status_code == 403
    r = client.post(
        url, GRANT, content_type="application/json", HTTP_AUTHORIZATION="Bearer " + _token(outsider, body_b)
    )
    assert r.status_code == 404

"""Every certification page as the owner (works), a team member (can, or 403) and an outsider (404)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client as HttpClient

from casys import clock
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.certification.models import Application, Audit, Auditor, Certificate, Client, Finding
from casys.certification.services import auditors, audits

pytestmark = pytest.mark.django_db


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


def _pages(app: Application, f: Finding) -> list[str]:
    cert = Certificate.all_objects.get()
    base = "/certification/alpha-cert"
    return [
        f"{base}/",
        f"{base}/clients/",
        f"{base}/clients/{app.client_id}/",
        f"{base}/applications/{app.pk}/",
        f"{base}/audits/{f.audit_id}/",
        f"{base}/certificates/",
        f"{base}/certificates/{cert.pk}/",
        f"{base}/auditors/",
        f"{base}/calendar/",
    ]


def test_the_owner_and_the_team_see_every_page_and_the_outsider_gets_404(
    certified, finding, owner_client: HttpClient, team_client: HttpClient, outsider_client: HttpClient
) -> None:
    for url in _pages(certified, finding):
        assert owner_client.get(url).status_code == 200, url
        assert team_client.get(url).status_code == 200, url
        assert outsider_client.get(url).status_code == 404, url


def test_the_index_lists_the_bodies_of_the_user(owner_client, outsider_client, body_a) -> None:
    assert "Alpha Certification" in owner_client.get("/certification/").content.decode()
    assert "Alpha Certification" not in outsider_client.get("/certification/").content.decode()


def test_the_dashboard_shows_the_situation_on_the_moved_date(certified, finding, owner_client) -> None:
    from casys import clock

    with clock.travel_to(date(2027, 3, 20)):
        html = owner_client.get("/certification/alpha-cert/").content.decode()
    assert "Situation on 20 Mar 2027" in html
    assert '<span class="badge bad">10 Mar 2027</span>' in html  # first surveillance overdue
    assert "open nonconformities" in html and f"F-{finding.pk}" in html


def test_the_certificate_pdf_is_bilingual_and_served_to_staff_only(
    certified, owner_client, outsider_client
) -> None:
    cert = Certificate.all_objects.get()
    response = owner_client.get(f"/certification/alpha-cert/certificates/{cert.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert outsider_client.get(f"/certification/alpha-cert/certificates/{cert.pk}/pdf/").status_code == 404


def test_the_owner_registers_a_client_the_team_gets_403(
    owner_client, team_client, outsider_client, body_a
) -> None:
    data = {"name": "Société Lyonnaise", "country": "fr", "language": "fr", "consent": "1"}
    assert team_client.post("/certification/alpha-cert/clients/", data).status_code == 403
    assert outsider_client.post("/certification/alpha-cert/clients/", data).status_code == 404
    assert owner_client.post("/certification/alpha-cert/clients/", data).status_code == 302
    with unscoped():
        client = Client.all_objects.get()
    assert (client.organisation.name, client.organisation.country, client.organisation.managed_by_id) == (
        "Société Lyonnaise",
        "FR",
        body_a.pk,
    )


def _application_form(**kw: Any) -> dict[str, Any]:
    data = {
        "schemes": ["iso9001"],
        "scope": "Machining",
        "iaf_codes": "17",
        "complexity": "medium",
        "site_name": "Plant",
        "site_address": "Street 1",
        "site_country": "DE",
        "full_time": "50",
    }
    data.update(kw)
    return data


def test_an_application_with_zero_personnel_shows_the_message_and_changes_nothing(
    cert_client, owner_client
) -> None:
    before = AuditEntry.all_objects.count()
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/applications/"
    response = owner_client.post(url, _application_form(full_time="0"), follow=True)
    assert (
        "personnel: the effective number of personnel must be at least 1, got 0" in response.content.decode()
    )
    assert not Application.all_objects.exists() and AuditEntry.all_objects.count() == before


def test_the_owner_records_an_application_the_team_cannot(cert_client, owner_client, team_client) -> None:
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/applications/"
    assert team_client.post(url, _application_form()).status_code == 403
    response = owner_client.post(url, _application_form())
    app = Application.all_objects.get()
    assert response["Location"] == f"/certification/alpha-cert/applications/{app.pk}/"
    assert (
        owner_client.post(
            f"/certification/alpha-cert/applications/{app.pk}/sites/",
            {"site_name": "Warehouse", "full_time": "3"},
        ).status_code
        == 302
    )
    assert team_client.post(f"/certification/alpha-cert/applications/{app.pk}/review/", {}).status_code == 403
    owner_client.post(f"/certification/alpha-cert/applications/{app.pk}/review/", {})
    app.refresh_from_db()
    # IAF MD 5:2019 Table QMS 1: 46-65 persons -> 5 auditor-days
    assert (app.status, app.n, app.initial_days) == ("reviewed", 53, 5.0)


def test_an_auditor_assigned_without_the_code_gets_a_message_naming_both(
    application, ben, owner_client
) -> None:
    owner_client.post(f"/certification/alpha-cert/applications/{application.pk}/review/", {})
    audit = Audit.all_objects.filter(application=application).first()
    with unscoped():
        auditors.add_qualification(ben, "iso9001", roles=["team_leader"])
    response = owner_client.post(
        f"/certification/alpha-cert/audits/{audit.pk}/plan/",
        {"leader": ben.pk, "planned_on": "2026-01-20", "days": "2"},
        follow=True,
    )
    assert (
        "IAF code 17 (Basic metals and fabricated metal products) for ISO 9001:2015 is not covered by the "
        "team (Ben Builder)" in response.content.decode()
    )
    audit.refresh_from_db()
    assert audit.leader_id is None


def test_the_team_records_audits_and_findings_but_cannot_plan(
    application, anna, owner_client, team_client, team
) -> None:
    Auditor.all_objects.filter(pk=anna.pk).update(user=team)  # the team user is Anna
    owner_client.post(f"/certification/alpha-cert/applications/{application.pk}/review/", {})
    audit = Audit.all_objects.filter(application=application).first()
    url = f"/certification/alpha-cert/audits/{audit.pk}"
    assert team_client.post(f"{url}/plan/", {"leader": anna.pk}).status_code == 403
    owner_client.post(f"{url}/plan/", {"leader": anna.pk, "planned_on": "2026-01-20", "days": "2"})
    clock.set_today(date(2026, 1, 20))
    assert (
        team_client.post(
            f"{url}/record/", {"done_on": "2026-01-20", "mode": "on-site", "days": "2"}
        ).status_code
        == 302
    )
    assert (
        team_client.post(f"{url}/findings/", {"grade": "ofi", "clause": "", "evidence": "Labels"}).status_code
        == 302
    )
    audit.refresh_from_db()
    assert audit.done_on == date(2026, 1, 20) and Finding.all_objects.get().grade == "ofi"
    assert audit.recorded_by == team


def test_a_decision_by_a_team_member_is_refused_with_the_reason(
    application, owner_auditor, owner_client
) -> None:
    owner_client.post(f"/certification/alpha-cert/applications/{application.pk}/review/", {})
    for audit in Audit.all_objects.filter(application=application):
        url = f"/certification/alpha-cert/audits/{audit.pk}"
        owner_client.post(
            f"{url}/plan/", {"leader": owner_auditor.pk, "planned_on": "2026-01-20", "days": "2"}
        )
        with clock.travel_to(date(2026, 1, 20)):
            owner_client.post(f"{url}/record/", {"done_on": "2026-01-20", "mode": "on-site", "days": "2"})
    response = owner_client.post(
        f"/certification/alpha-cert/applications/{application.pk}/decision/",
        {"review_notes": "Reviewed", "confirm": "yes"},
        follow=True,
    )
    assert (
        "decision maker Olga Owner was on the team (ISO/IEC 17021-1:2015 9.5.1.2)"
        in response.content.decode()
    )
    assert not Certificate.all_objects.exists()


def test_the_team_cannot_decide_or_change_a_certificate(certified, team_client, owner_client) -> None:
    cert = Certificate.all_objects.get()
    assert (
        team_client.post(f"/certification/alpha-cert/applications/{certified.pk}/decision/", {}).status_code
        == 403
    )
    url = f"/certification/alpha-cert/certificates/{cert.pk}/events/"
    assert team_client.post(url, {"kind": "suspended", "why": "x"}).status_code == 403
    with clock.travel_to(date(2026, 6, 1)):
        owner_client.post(
            url, {"kind": "suspended", "why": "Client refused the surveillance audit", "confirm": "yes"}
        )
    html = owner_client.get(f"/certification/alpha-cert/certificates/{cert.pk}/").content.decode()
    assert "Client refused the surveillance audit" in html and "Olga Owner" in html
    cert.refresh_from_db()
    assert cert.status == "suspended"


def test_the_team_verifies_an_answered_finding(finding, team_client, team, anna) -> None:
    Auditor.all_objects.filter(pk=anna.pk).update(user=team)  # Anna led the audit: the team user is Anna
    with unscoped():
        audits.answer_finding(
            finding, correction="c", root_cause="r", corrective_action="a", on=date(2026, 3, 1)
        )
    url = f"/certification/alpha-cert/findings/{finding.pk}/verify/"
    assert team_client.post(url, {"comment": "Gauge calibrated"}).status_code == 302
    finding.refresh_from_db()
    assert finding.verified_by == team


def test_auditors_are_managed_by_the_owner_only(cert_client, owner_client, team_client) -> None:
    assert team_client.post("/certification/alpha-cert/auditors/", {"name": "X"}).status_code == 403
    owner_client.post("/certification/alpha-cert/auditors/", {"name": "Kim"})
    kim = Auditor.all_objects.get()
    owner_client.post(
        f"/certification/alpha-cert/auditors/{kim.pk}/qualifications/new/",
        {
            "scheme": "iso9001",
            "roles": ["auditor", "team_leader"],
            "iaf_codes": "17, 18",
            "valid_from": "2025-01-01",
        },
    )
    owner_client.post(
        f"/certification/alpha-cert/auditors/{kim.pk}/conflicts/",
        {"client": cert_client.pk, "kind": "consultancy", "ended": "2025-01-01"},
    )
    assert (
        team_client.post(
            f"/certification/alpha-cert/auditors/{kim.pk}/qualifications/new/", {"scheme": "iso9001"}
        ).status_code
        == 403
    )
    with unscoped():
        assert [q.iaf_codes for q in kim.qualifications.all()] == [[17, 18]]
        assert kim.conflicts.get().kind == "consultancy"


def test_consent_to_publication_is_recorded(cert_client, owner_client, team_client) -> None:
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/consent/"
    assert team_client.post(url, {}).status_code == 403
    owner_client.post(url, {})
    cert_client.refresh_from_db()
    assert cert_client.consent_to_publication is False


@pytest.mark.parametrize(("language", "heading"), [("fr", "Audits en retard"), ("ru", "Просроченные аудиты")])
def test_the_dashboard_is_translated(owner_client, body_a, language: str, heading: str) -> None:
    html = owner_client.get("/certification/alpha-cert/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html


def test_the_pdf_is_english_and_the_clients_language_with_an_absolute_qr_url(
    certified, owner_client, monkeypatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_render(template: str, context: dict[str, Any]) -> bytes:
        seen.update(context)
        return b"%PDF-fake"

    monkeypatch.setattr("casys.certification.views.certificates.render_pdf", fake_render)
    cert = Certificate.all_objects.get()
    owner_client.get(f"/certification/alpha-cert/certificates/{cert.pk}/pdf/")
    assert [(p["lang"], p["labels"]["title"], p["labels"]["conforms"]) for p in seen["pages"]] == [
        ("en", "Certificate", "conforms to the requirements of"),
        ("fr", "Certificat", "est conforme aux exigences de"),
    ]
    assert seen["url"] == "http://testserver/registry/verify/alpha-cert/ALPHA-CERT-2026-0001/"
    assert "<svg" in seen["qr"]


def test_the_certificate_page_links_to_its_public_verification_page(certified, owner_client, client) -> None:
    cert = Certificate.all_objects.get()
    html = owner_client.get(f"/certification/alpha-cert/certificates/{cert.pk}/").content.decode()
    url = f"/registry/verify/alpha-cert/{cert.number}/"
    assert f'<a href="{url}" id="verify-link">Public verification page</a>' in html
    assert client.get(url).status_code == 200  # the public, anonymous page the QR on the PDF opens


def test_a_refused_client_registration_keeps_what_was_typed(owner_client, body_a) -> None:
    """Issue 13: a form refused by a rule keeps everything the user typed, the reason by its field."""
    data = {"name": "Nordic Timber AS", "country": "Norway", "city": "Bergen", "address": "Kaigaten 1"}
    html = owner_client.post("/certification/alpha-cert/clients/", data, follow=True).content.decode()
    assert "country: give the ISO 3166-1 alpha-2 code" in html
    for value in ("Nordic Timber AS", 'value="Norway"', "Bergen", "Kaigaten 1"):
        assert value in html, value

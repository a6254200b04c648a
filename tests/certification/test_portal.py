"""The client portal: a client contact reaches its own organisation's records and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.certification.models import Audit, Certificate, Finding
from casys.certification.services import audits

pytestmark = pytest.mark.django_db
PORTAL = "/certification/portal/muller-prazisionsteile-gmbh/"


@pytest.fixture
def finding(certified) -> Finding:
    with unscoped():
        stage2 = Audit.all_objects.get(application=certified, kind="stage2")
        return audits.add_finding(
            stage2,
            grade="major",
            clause="ISO 9001:2015 8.5.1",
            evidence="Untested batch",
            due=date(2026, 4, 30),
            on=date(2026, 2, 3),
        )


def test_the_contact_sees_its_certificates_audits_and_findings(finding, contact_client) -> None:
    html = contact_client.get(PORTAL).content.decode()
    assert "ALPHA-CERT-2026-0001" in html and "Untested batch" in html and "Surveillance audit" in html


def test_staff_and_outsiders_get_404_on_the_portal(
    finding, owner_client, team_client, outsider_client
) -> None:
    for c in (owner_client, team_client, outsider_client):
        assert c.get(PORTAL).status_code == 404
        assert c.post(f"{PORTAL}findings/{finding.pk}/answer/", {}).status_code == 404


def test_the_contact_cannot_reach_the_certification_body_pages(finding, contact_client) -> None:
    assert contact_client.get("/certification/alpha-cert/").status_code == 404
    assert contact_client.get(f"/certification/alpha-cert/audits/{finding.audit_id}/").status_code == 404


def test_the_contact_answers_a_finding_and_an_empty_field_is_named(finding, contact_client, contact) -> None:
    url = f"{PORTAL}findings/{finding.pk}/answer/"
    bad = contact_client.post(
        url, {"correction": "Recalled", "root_cause": "", "corrective_action": "x"}, follow=True
    )
    assert "root_cause: required" in bad.content.decode()
    contact_client.post(
        url, {"correction": "Recalled", "root_cause": "No hold point", "corrective_action": "Hold"}
    )
    with unscoped():
        finding.refresh_from_db()
    assert (finding.root_cause, finding.answered_by, finding.verified_on) == ("No hold point", contact, None)


def test_the_contact_cannot_answer_another_clients_finding(
    finding, contact_client, other_client, body_b
) -> None:
    from casys.certification.models import Application

    with unscoped():
        app = Application.all_objects.create(
            body=body_b,
            client=other_client,
            schemes=["iso9001"],
            scope="x",
            iaf_codes=[35],
            received_on=date(2026, 1, 1),
        )
        audit = Audit.all_objects.create(body=body_b, application=app, phase="initial", kind="stage2")
        theirs = Finding.all_objects.create(
            body=body_b, audit=audit, grade="minor", clause="7", evidence="e", raised_on=date(2026, 1, 2)
        )
    data = {"correction": "a", "root_cause": "b", "corrective_action": "c"}
    assert contact_client.post(f"{PORTAL}findings/{theirs.pk}/answer/", data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.answered_on is None


def test_the_contact_downloads_its_certificate_pdf(certified, contact_client, owner_client) -> None:
    cert = Certificate.all_objects.get()
    response = contact_client.get(f"{PORTAL}certificates/{cert.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert owner_client.get(f"{PORTAL}certificates/{cert.pk}/pdf/").status_code == 404

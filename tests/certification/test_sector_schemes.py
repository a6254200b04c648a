"""Sector schemes on the certification engine: ISO 22000 quoted by the ISO/TS 22003-1 formula from
the body's loaded table, and ISO 7101 with the competence of ISO/IEC TS 17021-15 (the audit team's
collective healthcare competence at assignment; the reviewer's and decision maker's at decision)."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import pytest
from django.test import Client as HttpClient

from casys import clock
from casys.accounts.models import Body, User
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.certification.models import Application, Audit, Auditor, Certificate
from casys.certification.models import Client as CertClient
from casys.certification.services import (
    CertificationError,
    applications,
    audit_tables,
    auditors,
    audits,
    decisions,
)
from tests.certification.conftest import DECIDED, START, central
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TEAM_AREAS = ["healthcare-context", "patient-safety", "clinical-governance", "people-centred-care"]


@pytest.fixture(autouse=True)
def system() -> Any:
    with unscoped():
        yield


def _example(table_id: str) -> str:
    return (resources.files("casys.core.data.audit_time_examples") / f"{table_id}.example.csv").read_text()


def _food_application(body: Body, client: CertClient, **inputs: Any) -> Application:
    return applications.create_application(
        body,
        client,
        schemes=["iso22000"],
        scope="Dairy products",
        iaf_codes=[3],
        complexity="medium",
        sites=[central(full_time=55, part_time=0)],
        received_on=START,
        audit_time_inputs={"category": "C", "haccp_studies": 2, **inputs},
    )


def test_an_iso22000_quotation_waits_for_the_bodys_food_table(body_a, cert_client, owner) -> None:
    app = _food_application(body_a, cert_client)
    with pytest.raises(CertificationError, match="'iso22003-1' \\(ISO/TS 22003-1\\) is not loaded"):
        applications.review_application(app, on=START, user=owner)
    app.refresh_from_db()
    assert app.status == "received" and app.initial_days is None


def test_an_iso22000_quotation_follows_the_formula_on_the_loaded_table(body_a, cert_client, owner) -> None:
    """Arithmetic on casys's EXAMPLE table (loaded as the body's): category C, 2 HACCP studies,
    55 FTE: Ts = TD 1.5 + TH 0.5 + TMS 0.25 + TFTE 1 = 3.25 -> 3.5 days; the stages sum to it."""
    audit_tables.load_table(body_a, "iso22003-1", _example("iso22003-1"), "EXAMPLE table, test")
    app = _food_application(body_a, cert_client)
    applications.review_application(app, on=START, user=owner)
    app.refresh_from_db()
    assert app.initial_days == 3.5
    assert app.stage1_days + app.stage2_days == app.initial_days
    assert (
        "Ts = TD + TH + TMS + TFTE = 3.25 auditor-days (ISO/TS 22003-1:2022; values: EXAMPLE table, test)"
        in (app.justification)
    )
    days = sorted(a.days for a in Audit.all_objects.filter(application=app))
    assert days == sorted([app.stage1_days, app.stage2_days])


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"category": "Z"}, "^category: 'Z' is not a food chain category"),
        ({"haccp_studies": 0}, "^haccp_studies: must be a whole number >= 1"),
        ({"colour": "red"}, "^audit_time_inputs.colour: unknown input"),
        ({"factors": [{"percent": 10}]}, r"^factors\[0\]: give a percent and a reason"),
    ],
)
def test_bad_method_inputs_are_refused_naming_the_field_and_nothing_is_written(
    body_a, cert_client, inputs, message
) -> None:
    before = (Application.all_objects.count(), AuditEntry.all_objects.count())
    with pytest.raises(CertificationError, match=message):
        _food_application(body_a, cert_client, **inputs)
    assert (Application.all_objects.count(), AuditEntry.all_objects.count()) == before


def test_the_body_tables_page_lists_the_food_and_ai_tables() -> None:
    needed = audit_tables.needed_tables()
    assert needed["iso22003-1"] == ("ISO 22000:2018",)
    assert needed["iso42006"] == ("ISO/IEC 42001:2023",)


# --- ISO 7101 under ISO/IEC TS 17021-15 -------------------------------------------------------


def _healthcare_auditor(body: Body, name: str, areas: list[str], *, leader: bool = False) -> Auditor:
    a = auditors.create_auditor(body, name=name, leader_for=["iso7101"] if leader else [])
    auditors.add_qualification(a, "iso7101", 38, areas=areas)
    return a


@pytest.fixture
def hospital(body_a: Body, cert_client: CertClient) -> Application:
    return applications.create_application(
        body_a,
        cert_client,
        schemes=["iso7101"],
        scope="Acute care hospital",
        iaf_codes=[38],
        complexity="medium",
        sites=[central()],
        received_on=START,
    )


def test_a_team_that_covers_the_healthcare_areas_only_together_is_assigned(body_a, hospital, owner) -> None:
    """TS 17021-15 5.1: collective competence; no member holds every area (schemes.md vector 6.2)."""
    lead = _healthcare_auditor(body_a, "Hana Lead", TEAM_AREAS[:2], leader=True)
    other = _healthcare_auditor(body_a, "Igor Nurse", TEAM_AREAS[2:])
    applications.review_application(hospital, on=START, user=owner)
    stage1 = Audit.all_objects.filter(application=hospital, kind="stage1").get()
    audits.plan_audit(stage1, leader=lead, team=[other], planned_on=date(2026, 1, 20), days=stage1.days or 1)
    stage1.refresh_from_db()
    assert set(stage1.team.all()) == {lead, other}


def test_a_team_missing_a_healthcare_area_is_refused_naming_it(body_a, hospital, owner) -> None:
    lead = _healthcare_auditor(body_a, "Hana Lead", TEAM_AREAS[:3], leader=True)
    applications.review_application(hospital, on=START, user=owner)
    stage1 = Audit.all_objects.filter(application=hospital, kind="stage1").get()
    with pytest.raises(CertificationError) as err:
        audits.plan_audit(stage1, leader=lead, team=[], planned_on=date(2026, 1, 20), days=1)
    assert str(err.value) == (
        "team: the audit team does not collectively cover People-centred care and safe auditing practice "
        "in care settings (people-centred-care) for ISO 7101:2023 (ISO/IEC TS 17021-15:2023)"
    )
    stage1.refresh_from_db()
    assert stage1.leader_id is None


def test_an_expired_area_qualification_does_not_count(body_a, hospital, owner) -> None:
    lead = _healthcare_auditor(body_a, "Hana Lead", TEAM_AREAS[:3], leader=True)
    old = auditors.create_auditor(body_a, name="Olaf Old")
    auditors.add_qualification(old, "iso7101", 38, areas=TEAM_AREAS[3:], valid_until=date(2025, 12, 31))
    applications.review_application(hospital, on=START, user=owner)
    stage1 = Audit.all_objects.filter(application=hospital, kind="stage1").get()
    with pytest.raises(CertificationError, match="people-centred-care"):
        audits.plan_audit(stage1, leader=lead, team=[old], planned_on=date(2026, 1, 20), days=1)


def test_an_unknown_area_is_refused_when_qualifying(body_a) -> None:
    a = auditors.create_auditor(body_a, name="Uma Unknown")
    with pytest.raises(CertificationError, match="^areas: 'surgery' is not a knowledge area of iso7101"):
        auditors.add_qualification(a, "iso7101", 38, areas=["surgery"])
    with pytest.raises(CertificationError, match="the scheme names none"):
        auditors.add_qualification(a, "iso9001", 17, areas=["patient-safety"])


def _audited(body: Body, app: Application, owner: User) -> None:
    lead = _healthcare_auditor(body, "Hana Lead", TEAM_AREAS, leader=True)
    applications.review_application(app, on=START, user=owner)
    for a in Audit.all_objects.filter(application=app):
        audits.plan_audit(a, leader=lead, team=[], planned_on=date(2026, 2, 1), days=a.days or 1)
        with clock.travel_to(date(2026, 2, 1)):
            audits.record_audit(a, done_on=date(2026, 2, 1), mode="on-site", days=a.days or 1)


def test_a_decision_maker_without_the_healthcare_competence_is_refused(body_a, hospital, owner) -> None:
    _audited(body_a, hospital, owner)
    with pytest.raises(CertificationError, match="^reviewer: no personnel record with qualifications"):
        decisions.take_decision(hospital, review_notes="ok", user=owner, on=DECIDED)
    record = auditors.create_auditor(body_a, name="Owner", user=owner)
    auditors.add_qualification(
        record, "iso7101", roles=["reviewer", "decision_maker"], areas=["healthcare-context"]
    )
    with pytest.raises(CertificationError) as err:
        decisions.take_decision(hospital, review_notes="ok", user=owner, on=DECIDED)
    assert str(err.value) == (
        "reviewer: Owner lacks ISO 7101 requirements and their application in healthcare (iso7101) "
        "for ISO 7101:2023 (ISO/IEC TS 17021-15:2023)"
    )
    assert not Certificate.all_objects.exists()


def test_a_competent_reviewer_and_decision_maker_decide(body_a, hospital, owner) -> None:
    _audited(body_a, hospital, owner)
    record = auditors.create_auditor(body_a, name="Owner", user=owner)
    auditors.add_qualification(
        record, "iso7101", roles=["reviewer", "decision_maker"], areas=["healthcare-context", "iso7101"]
    )
    decisions.take_decision(hospital, review_notes="ok", user=owner, on=DECIDED)
    assert Certificate.all_objects.get().status == "issued"


def test_a_reviewer_only_qualification_does_not_make_a_decision_maker(body_a, hospital, owner) -> None:
    _audited(body_a, hospital, owner)
    record = auditors.create_auditor(body_a, name="Owner", user=owner)
    auditors.add_qualification(record, "iso7101", roles=["reviewer"], areas=["healthcare-context", "iso7101"])
    with pytest.raises(CertificationError, match="^decision_maker: Owner lacks Healthcare services"):
        decisions.take_decision(hospital, review_notes="ok", user=owner, on=DECIDED)


def test_schemes_without_sector_criteria_decide_as_before(application, anna, owner) -> None:
    applications.review_application(application, on=START, user=owner)
    for a in Audit.all_objects.filter(application=application):
        audits.plan_audit(a, leader=anna, team=[], planned_on=date(2026, 2, 1), days=a.days or 1)
        with clock.travel_to(date(2026, 2, 1)):
            audits.record_audit(a, done_on=date(2026, 2, 1), mode="on-site", days=a.days or 1)
    decisions.take_decision(application, review_notes="ok", user=make_user("dm@a.example", "Dee"), on=DECIDED)
    assert Certificate.all_objects.get().status == "issued"


# --- the new-application form -----------------------------------------------------------------


def _form(**kw: str) -> dict[str, Any]:
    data = {
        "schemes": "iso22000",
        "scope": "Dairy products",
        "iaf_codes": "3",
        "complexity": "medium",
        "site_name": "Plant",
        "site_country": "LV",
        "full_time": "55",
    }
    data.update(kw)
    return data


def test_the_owner_records_the_food_inputs_with_the_application(cert_client, owner_client) -> None:
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/applications/"
    page = owner_client.get(f"/certification/alpha-cert/clients/{cert_client.pk}/").content.decode()
    assert 'id="sector-inputs"' in page and '<option value="C">C · Food manufacturing</option>' in page
    response = owner_client.post(url, _form(category="C", haccp_studies="2", it_environment=""))
    assert response.status_code == 302
    app = Application.all_objects.get()
    assert app.audit_time_inputs == {"category": "C", "haccp_studies": 2}


def test_a_bad_food_category_on_the_form_is_named_and_nothing_is_recorded(cert_client, owner_client) -> None:
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/applications/"
    response = owner_client.post(url, _form(category="Z"), follow=True)
    assert "category: &#x27;Z&#x27; is not a food chain category" in response.content.decode()
    response = owner_client.post(url, _form(it_environment="-50"), follow=True)
    assert "it_environment: -50 % is outside -30 to +100" in response.content.decode()
    assert not Application.all_objects.exists()


def test_the_team_cannot_record_an_application_with_sector_inputs(cert_client, team_client) -> None:
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/applications/"
    assert team_client.post(url, _form(category="C")).status_code == 403
    assert not Application.all_objects.exists()


def test_an_outsider_gets_404_and_anonymous_is_sent_to_login(cert_client, outsider_client) -> None:
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/applications/"
    assert outsider_client.post(url, _form(category="C")).status_code == 404
    anonymous = HttpClient().post(url, _form(category="C"))
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]

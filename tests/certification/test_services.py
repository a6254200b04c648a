"""The certification services over the core engine: the whole cycle and the refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys import clock
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.certification.models import Application, Audit, Certificate, CertificateEvent, Finding
from casys.certification.services import (
    CertificationError,
    applications,
    auditors,
    audits,
    certificates,
    decisions,
)
from casys.certification.signals import certificate_changed
from tests.certification.conftest import DECIDED, START, central

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def system() -> Any:
    with unscoped():
        yield


def test_an_application_with_zero_personnel_is_refused_and_nothing_is_written(body_a, cert_client) -> None:
    before = AuditEntry.all_objects.count()
    with pytest.raises(CertificationError, match="effective number of personnel must be at least 1"):
        applications.create_application(
            body_a,
            cert_client,
            schemes=["iso9001"],
            scope="Machining",
            iaf_codes=[17],
            complexity="medium",
            sites=[central(full_time=0, part_time=0)],
            received_on=START,
        )
    assert Application.all_objects.count() == 0
    assert AuditEntry.all_objects.count() == before


def test_an_unknown_iaf_code_is_named() -> None:
    with pytest.raises(CertificationError, match=r"iaf_codes\[1\]: '40' is not an IAF code"):
        applications.parse_codes("17, 40")


def test_the_review_quotes_iaf_md5_audit_time_with_its_justification(application, owner) -> None:
    applications.review_application(application, on=date(2026, 1, 6), user=owner)
    application.refresh_from_db()
    # IAF MD 5:2019 Table QMS 1: 86-125 persons -> 7 auditor-days; 100 full-time + 10 x 20/40 h = 105 (2.3)
    assert (application.n, application.initial_days) == (105, 7.0)
    assert (application.surveillance_days, application.recertification_days) == (2.5, 4.5)
    assert "IAF MD 5:2019 Table QMS 1, row 86-125 persons: 7 auditor-days (stage 1 + stage 2)" in (
        application.justification
    )
    assert [a.kind for a in Audit.all_objects.filter(application=application)] == ["stage1", "stage2"]


def test_an_integrated_application_sums_the_standards_per_iaf_md11(body_a, cert_client, owner) -> None:
    app = applications.create_application(
        body_a,
        cert_client,
        schemes=["iso14001", "iso45001"],
        scope="Baking",
        iaf_codes=[3],
        complexity="medium",
        sites=[central(full_time=120, part_time=0)],
        received_on=START,
    )
    applications.review_application(
        app, integration=10, integration_reason="one management review", on=START, user=owner
    )
    app.refresh_from_db()
    # IAF MD 5:2019 Tables EMS 1 and OH&SMS 1, row 86-125 persons, medium: 8 + 8 = 16 (IAF MD 11:2019 2.2)
    assert "IAF MD 11:2019 2.2: T = 8 + 8 = 16" in app.justification
    assert app.initial_days == 14.5  # 16 x 0.9 = 14.4 -> nearest half day (IAF MD 5:2019 2.2)


def test_a_multi_site_application_gets_an_iaf_md1_sample(body_a, cert_client, owner) -> None:
    sites = [central()] + [applications.SiteInput(f"Branch {i}", full_time=5) for i in range(1, 10)]
    app = applications.create_application(
        body_a,
        cert_client,
        schemes=["iso9001"],
        scope="Sales",
        iaf_codes=[29],
        complexity="medium",
        sites=sites,
        received_on=START,
    )
    applications.review_application(app, on=START, user=owner)
    app.refresh_from_db()
    # IAF MD 1:2018 6.1: initial y = sqrt(9) = 3, plus the central function
    assert app.site_sample["y"] == 3
    assert app.site_sample["selected"][0] == "Stuttgart plant" and len(app.site_sample["selected"]) == 4


def test_an_auditor_without_the_code_is_refused_with_both_named(application, ben, owner) -> None:
    applications.review_application(application, on=START, user=owner)
    stage1 = Audit.all_objects.filter(application=application).first()
    auditors.add_qualification(ben, "iso9001", roles=["team_leader"])
    with pytest.raises(CertificationError) as err:
        audits.plan_audit(stage1, leader=ben, team=[], planned_on=date(2026, 1, 20), days=2)
    assert str(err.value) == (
        "codes: IAF code 17 (Basic metals and fabricated metal products) for ISO 9001:2015 is not covered "
        "by the team (Ben Builder)"
    )
    stage1.refresh_from_db()
    assert stage1.leader_id is None and not stage1.team.exists()


def test_a_declared_consultancy_blocks_assignment_for_two_years(application, anna, owner) -> None:
    from casys.certification.services import auditors

    auditors.declare_conflict(anna, application.client, "consultancy", date(2025, 6, 30))
    applications.review_application(application, on=START, user=owner)
    stage1 = Audit.all_objects.filter(application=application).first()
    with pytest.raises(CertificationError, match="Anna Auditor has a declared conflict"):
        audits.plan_audit(stage1, leader=anna, team=[], planned_on=date(2026, 1, 20), days=2)


def test_a_remote_share_above_the_schemes_maximum_is_refused(application, anna, owner) -> None:
    applications.review_application(application, on=START, user=owner)
    stage2 = Audit.all_objects.filter(application=application, kind="stage2").get()
    audits.plan_audit(stage2, leader=anna, team=[], planned_on=date(2026, 2, 1), days=5)
    with pytest.raises(CertificationError, match="remote_share: 40 % .* above the scheme's maximum 20 %"):
        with clock.travel_to(date(2026, 2, 1)):
            audits.record_audit(stage2, done_on=date(2026, 2, 1), mode="hybrid", days=5, remote_days=2)
    stage2.refresh_from_db()
    assert stage2.done_on is None


def test_the_decision_by_a_team_member_is_refused_and_says_why(application, owner_auditor, owner) -> None:
    applications.review_application(application, on=START, user=owner)
    for a in Audit.all_objects.filter(application=application):
        audits.plan_audit(a, leader=owner_auditor, team=[], planned_on=date(2026, 2, 1), days=a.days or 1)
        with clock.travel_to(date(2026, 2, 1)):
            audits.record_audit(a, done_on=date(2026, 2, 1), mode="on-site", days=a.days or 1)
    with pytest.raises(CertificationError, match="decision maker Olga Owner was on the team .*9.5.1.2"):
        decisions.take_decision(application, review_notes="ok", user=owner, on=DECIDED)
    assert not Certificate.all_objects.exists()


def test_an_open_major_nonconformity_blocks_the_decision_until_verified(
    application, anna, owner, contact
) -> None:
    applications.review_application(application, on=START, user=owner)
    for a in Audit.all_objects.filter(application=application):
        audits.plan_audit(a, leader=anna, team=[], planned_on=date(2026, 2, 1), days=a.days or 1)
        with clock.travel_to(date(2026, 2, 1)):
            audits.record_audit(a, done_on=date(2026, 2, 1), mode="on-site", days=a.days or 1)
    f = audits.add_finding(
        a,
        grade="major",
        clause="ISO 9001:2015 8.5.1",
        evidence="Released untested",
        due=None,
        on=date(2026, 2, 1),
    )
    with pytest.raises(CertificationError, match=f"open major nonconformities: F-{f.pk}"):
        decisions.take_decision(application, review_notes="ok", user=owner, on=DECIDED)
    with pytest.raises(CertificationError, match="correction, root cause and corrective action come before"):
        audits.verify_finding(f, on=date(2026, 2, 10), user=owner)
    with pytest.raises(CertificationError, match="root_cause: required"):
        audits.answer_finding(f, correction="x", root_cause=" ", corrective_action="y", on=date(2026, 2, 5))
    audits.answer_finding(
        f,
        correction="Recalled",
        root_cause="No hold point",
        corrective_action="Hold point",
        on=date(2026, 2, 5),
        user=contact,
    )
    audits.verify_finding(f, on=date(2026, 2, 10), user=anna.user or owner)
    decisions.take_decision(application, review_notes="ok", user=owner, on=DECIDED)
    assert Certificate.all_objects.get().status == "issued"


def test_the_initial_decision_issues_the_certificate_and_plans_the_programme(certified) -> None:
    cert = Certificate.all_objects.get()
    # ISO/IEC 17021-1:2015 9.1.3.2, 9.6.2.2: 3-year cycle; first surveillance within 12 months
    assert (cert.number, cert.issue_date, cert.expiry_date) == (
        "ALPHA-CERT-2026-0001",
        DECIDED,
        date(2029, 3, 9),
    )
    planned = [(a.phase, a.latest) for a in Audit.all_objects.filter(application=certified, done_on=None)]
    assert planned == [
        ("surveillance", date(2027, 3, 10)),
        ("surveillance", date(2028, 3, 10)),
        ("recertification", date(2028, 12, 10)),
    ]


def test_lifecycle_events_are_new_rows_and_each_is_signalled(certified, owner) -> None:
    cert = Certificate.all_objects.get()
    seen: list[Any] = []

    def listener(sender: Any, record: Any, actor: Any, **kw: Any) -> None:
        from django.db import transaction

        seen.append((record.status, record.expiry_date, transaction.get_connection().in_atomic_block))

    certificate_changed.connect(listener)
    try:
        certificates.add_event(cert, "suspended", at=date(2026, 6, 1), user=owner, why="Surveillance refused")
        with pytest.raises(
            CertificationError, match="event 'reissued': not allowed while the certificate is suspended"
        ):
            certificates.add_event(cert, "reissued", at=date(2026, 6, 2), user=owner, why="typo")
        certificates.add_event(cert, "restored", at=date(2026, 7, 1), user=owner, why="Audit done")
        certificates.add_event(
            cert,
            "scope-extended",
            at=date(2026, 8, 1),
            user=owner,
            why="New line",
            scope="Machining of precision parts\nAssembly of gearboxes",
        )
    finally:
        certificate_changed.disconnect(listener)
    assert seen == [
        ("suspended", date(2029, 3, 9), True),
        ("active", date(2029, 3, 9), True),
        ("active", date(2029, 3, 9), True),
    ]
    cert.refresh_from_db()
    assert [e.kind for e in CertificateEvent.all_objects.filter(certificate=cert)] == [
        "issued",
        "suspended",
        "restored",
        "scope-extended",
    ]
    assert cert.original_issue_date == DECIDED and cert.scope_lines == (
        "Machining of precision parts",
        "Assembly of gearboxes",
    )


def test_a_suspension_reaches_its_limit_six_months_later(certified, owner) -> None:
    cert = Certificate.all_objects.get()
    certificates.add_event(cert, "suspended", at=date(2026, 6, 1), user=owner, why="x")
    cert.refresh_from_db()
    # ISO/IEC 17021-1:2015 9.6.5 note: a suspension would in most cases not exceed 6 months
    assert certificates.withdrawal_due(cert) == date(2026, 12, 1)


def test_the_recertification_decision_reissues_with_a_new_cycle(certified, anna, owner) -> None:
    for a in Audit.all_objects.filter(application=certified, done_on=None):
        on = a.latest
        audits.plan_audit(a, leader=anna, team=[], planned_on=on, days=a.days or 1)
        with clock.travel_to(on):
            audits.record_audit(a, done_on=on, mode="on-site", days=a.days or 1)
    decisions.take_decision(certified, review_notes="ok", user=owner, on=date(2029, 1, 15))
    cert = Certificate.all_objects.get()
    # ISO/IEC 17021-1:2015 9.6.3.2.4: the new cycle continues from the existing expiry
    assert (cert.expiry_date, cert.issue_date, cert.status) == (date(2032, 3, 9), date(2029, 1, 15), "issued")
    assert Audit.all_objects.filter(application=certified, cycle=2, phase="surveillance").count() == 2


def test_a_finding_of_another_grade_is_refused_with_the_field(certified) -> None:
    audit = Audit.all_objects.filter(application=certified).first()
    with pytest.raises(CertificationError, match="unknown grade 'critical'"):
        audits.add_finding(audit, grade="critical", clause="x", evidence="y", due=None, on=DECIDED)
    assert not Finding.all_objects.exists()

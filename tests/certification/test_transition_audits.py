"""Transition audits driven by the edition mapping (ISO/IEC 27001:2013 → 2022): an audit planned
against the old edition's profile, a transition audit planned over the new edition's new and
changed requirements only, and the cycle's coverage carrying over the unchanged ones."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys import clock
from casys.accounts.models import Body, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.certification.models import Application, Audit, ChecklistEntry
from casys.certification.models import Client as CertClient
from casys.certification.services import (
    CertificationError,
    applications,
    auditors,
    audits,
    checklists,
    coverage,
    plans,
)
from casys.certification.views.common import MANAGE
from casys.requirements.services.catalogues import load_shipped
from tests.certification.conftest import START, central
from tests.certification.test_audit_plan_pages import CB_ROLES, _as

pytestmark = pytest.mark.django_db


@pytest.fixture
def isms(body_a: Body, cert_client: CertClient) -> tuple[Application, Audit, Audit]:
    with unscoped():
        load_shipped()
        app = applications.create_application(
            body_a,
            cert_client,
            schemes=["iso9001"],
            scope="Hosting of the client portal",
            iaf_codes=[33],
            complexity="medium",
            sites=[central()],
            received_on=START,
        )
        # ISO/IEC 27001's audit time comes from ISO/IEC 27006-1, a table the body loads (not
        # public): the programme is computed on the 9001 table, then the scheme is set to 27001.
        applications.review_application(app, on=date(2026, 1, 6))
        Application.all_objects.filter(pk=app.pk).update(schemes=["iso27001"])
        app = Application.all_objects.get(pk=app.pk)
        lead = auditors.create_auditor(body_a, name="Iris Isms", leader_for=["iso27001"])
        auditors.add_qualification(lead, "iso27001", 33)
        first, second = list(app.audits.order_by("id"))[:2]
        for a, on in ((first, date(2026, 1, 20)), (second, date(2026, 2, 3))):
            audits.plan_audit(a, leader=lead, team=[], planned_on=on, days=a.days or 1)
        return app, Audit.all_objects.get(pk=first.pk), Audit.all_objects.get(pk=second.pk)


def _audit_everything(audit: Audit, on: date, *, skip: str = "") -> None:
    checklists.prepare(audit)
    for entry in ChecklistEntry.all_objects.filter(audit=audit).exclude(requirement__uid=skip):
        entry.conformity = "conform"
        entry.save()
    with clock.travel_to(on):
        audits.record_audit(audit, done_on=on, mode="on-site", days=audit.days or 1)


def test_a_transition_audit_is_planned_over_new_and_changed_requirements_only(isms: Any) -> None:
    _app, _old, audit = isms
    with unscoped():
        plans.generate(audit, transition_from="iso27001:2013")
        audit.refresh_from_db()
        ids = {r.uid for r in plans.in_scope(audit)}
        planned = {i for line in audit.plan.lines.all() for i in line.requirement_ids}
        entry = AuditEntry.all_objects.filter(action="certification.plan.generated").latest("id")
    assert audit.transition_from == "iso27001:2013"
    assert planned == ids
    assert "iso27001:2022/A.5.7" in ids  # new in 2022 (threat intelligence)
    assert "iso27001:2022/A.5.1" in ids  # changed: 2013 A.5.1.1 and A.5.1.2 merged
    assert "iso27001:2022/A.5.2" not in ids  # unchanged: 2013 A.6.1.1 renumbered
    assert "iso27001:2022/4.1" in ids  # clauses 4–10 are outside the Annex A mapping: audited
    full = {r.uid for r in plans.controls(plans.profile_of(audit))}
    assert len(full) - len(ids) == 58  # the 58 unchanged Annex A controls (1:1, not shared) carry over
    assert entry.data["transition_from"] == "iso27001:2013"


def test_it_refuses_a_transition_from_an_edition_without_a_mapping(isms: Any) -> None:
    _app, _old, audit = isms
    with (
        unscoped(),
        pytest.raises(
            CertificationError, match="transition_from: no edition mapping leads from 'iso9001:2015'"
        ),
    ):
        plans.generate(audit, transition_from="iso9001:2015")
    with unscoped():
        audit.refresh_from_db()
        assert audit.transition_from == ""
        assert not plans.AuditPlan.all_objects.filter(audit=audit).exists()


def test_it_refuses_a_profile_of_another_scheme(isms: Any) -> None:
    _app, audit, _new = isms
    with (
        unscoped(),
        pytest.raises(CertificationError, match="profile: 'iso9001' is not a profile of the scheme"),
    ):
        plans.generate(audit, profile="iso9001")


def test_unchanged_requirements_carry_their_coverage_over_from_the_old_editions_audit(isms: Any) -> None:
    app, old, new = isms
    with unscoped():
        plans.generate(old, profile="iso27001-2013")
        _audit_everything(old, date(2026, 1, 20), skip="iso27001:2013/A.8.1.4")
        plans.generate(new, transition_from="iso27001:2013")
        _audit_everything(new, date(2026, 2, 3))
        cov = coverage.for_cycle(app, 1)
    assert cov.carried["iso27001:2022/A.5.2"] == ("iso27001:2013/A.6.1.1",)
    # 2022 A.5.11 corresponds to 2013 A.8.1.4 alone, which the old audit did not cover: uncovered
    assert cov.uncovered == ("iso27001:2022/A.5.11",)
    rows = {r.uid: (cells, carried) for r, cells, carried in cov.rows()}
    assert rows["iso27001:2022/A.5.2"] == ((True, False), ("iso27001:2013/A.6.1.1",))
    assert rows["iso27001:2022/A.5.7"] == ((False, True), ())


def test_the_coverage_page_shows_what_comes_from_the_old_edition(isms: Any, owner_client: Any) -> None:
    app, old, new = isms
    with unscoped():
        plans.generate(old, profile="iso27001-2013")
        _audit_everything(old, date(2026, 1, 20))
        plans.generate(new, transition_from="iso27001:2013")
        _audit_everything(new, date(2026, 2, 3))
    page = owner_client.get(f"/certification/alpha-cert/applications/{app.pk}/coverage/").content.decode()
    assert 'data-profile="iso27001-2013"' in page and 'data-transition="iso27001:2013"' in page
    assert "coverage carried over from the previous edition:" in page
    assert "<code>iso27001:2013/A.6.1.1</code>" in page
    assert 'id="all-covered"' in page


def test_the_plan_page_offers_the_transition_to_managers(isms: Any, owner_client: Any) -> None:
    _app, _old, new = isms
    page = owner_client.get(f"/certification/alpha-cert/audits/{new.pk}/audit-plan/").content.decode()
    assert '<option value="iso27001:2013">' in page and 'name="transition_from"' in page
    response = owner_client.post(
        f"/certification/alpha-cert/audits/{new.pk}/audit-plan/generate/",
        {"transition_from": "iso27001:2013"},
    )
    assert response.status_code == 302
    with unscoped():
        assert Audit.all_objects.get(pk=new.pk).transition_from == "iso27001:2013"


@pytest.mark.parametrize("role", CB_ROLES)
def test_every_role_reads_and_only_managers_plan_a_transition_audit(
    isms: Any, body_a: Body, role: str
) -> None:
    app, _old, new = isms
    client = _as(body_a, role)
    plan_url = f"/certification/alpha-cert/audits/{new.pk}/audit-plan/"
    page = client.get(plan_url)
    assert page.status_code == 200
    assert ('name="transition_from"' in page.content.decode()) == (role in MANAGE)
    assert client.get(f"/certification/alpha-cert/applications/{app.pk}/coverage/").status_code == 200
    response = client.post(f"{plan_url}generate/", {"transition_from": "iso27001:2013"})
    assert (response.status_code == 403) == (role not in MANAGE)
    with unscoped():
        assert (Audit.all_objects.get(pk=new.pk).transition_from == "iso27001:2013") == (role in MANAGE)


@pytest.mark.parametrize("role", Role.values)
def test_a_foreign_body_member_gets_404_on_the_transition_pages(isms: Any, body_b: Body, role: str) -> None:
    app, _old, new = isms
    client = _as(body_b, role)
    plan_url = f"/certification/alpha-cert/audits/{new.pk}/audit-plan/"
    assert client.get(plan_url).status_code == 404
    assert client.get(f"/certification/alpha-cert/applications/{app.pk}/coverage/").status_code == 404
    assert client.post(f"{plan_url}generate/", {"transition_from": "iso27001:2013"}).status_code == 404
    with unscoped():
        assert Audit.all_objects.get(pk=new.pk).transition_from == ""


def test_anonymous_is_sent_to_sign_in_from_the_transition_pages(isms: Any, client: Any) -> None:
    app, _old, new = isms
    for url in (
        f"/certification/alpha-cert/audits/{new.pk}/audit-plan/",
        f"/certification/alpha-cert/applications/{app.pk}/coverage/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    response = client.post(
        f"/certification/alpha-cert/audits/{new.pk}/audit-plan/generate/", {"transition_from": "x"}
    )
    assert response.status_code == 302

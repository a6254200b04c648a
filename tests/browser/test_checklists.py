"""In Chromium: the audit's leader prepares the checklists from the plan, records an entry, then
raises a finding against a requirement found by searching its title and a second one typed by id;
an id the scheme's profile lacks is refused next to its field with everything typed kept; the
checklist page does not scroll sideways at 390 px."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys import clock
from casys.accounts.models import Body, Membership, Role
from casys.accounts.scoping import unscoped
from casys.certification.models import Audit, ChecklistEntry, Finding
from casys.certification.services import applications, auditors, audits, clients, plans
from casys.requirements.services.catalogues import load_shipped
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
CB = "/certification/alpha-cert"


@pytest.fixture(autouse=True)
def reset_clock() -> Any:
    clock.set_today(date(2026, 2, 10))
    yield
    clock.set_today(None)


@pytest.fixture
def audit(body_a: Body, owner: Any, team: Any) -> Audit:
    """Stage 2 of a client's application, planned against ISO 9001 and carried out by Anna (``team``)."""
    with unscoped():
        load_shipped()
        team.set_password(PASSWORD)
        team.save()
        anna = auditors.create_auditor(body_a, name="Anna Auditor", user=team, leader_for=["iso9001"])
        auditors.add_qualification(anna, "iso9001", 17)
        client = clients.create_client(
            body_a, name="Müller Präzisionsteile GmbH", country="DE", language="en"
        )
        contact = make_user("contact@mueller.example", "Stefan Müller", PASSWORD)
        Membership.all_objects.create(user=contact, body=client.organisation, role=Role.CLIENT_CONTACT)
        site = applications.SiteInput(
            name="Werk", address="Industriestraße 4", country="DE", central=True, full_time=40
        )
        app = applications.create_application(
            body_a,
            client,
            schemes=["iso9001"],
            scope="Machining",
            iaf_codes=[17],
            complexity="medium",
            sites=[site],
            received_on=date(2026, 1, 5),
        )
        applications.review_application(app, on=date(2026, 1, 6), user=owner)
        stage2 = Audit.all_objects.get(application=app, kind="stage2")
        audits.plan_audit(stage2, leader=anna, team=[], planned_on=date(2026, 2, 10), days=stage2.days or 3)
        plans.generate(Audit.all_objects.get(pk=stage2.pk))
        audits.record_audit(
            stage2, done_on=date(2026, 2, 10), mode="on-site", days=stage2.days or 3, user=team
        )
    return stage2


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def test_an_auditor_fills_a_checklist_and_raises_a_finding_against_a_requirement(
    page: Any, audit: Audit
) -> None:
    page.goto("/login/")
    page.fill("#id_username", "team@alpha.example")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    page.goto(f"{CB}/audits/{audit.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Checklists").click()
    _submit(page, "#prepare")
    assert "iso9001:2015/8.5.1" in page.locator("#entries").inner_text()

    # an entry typed by id
    page.get_by_label("Requirement id", exact=True).fill("iso9001:2015/4.1")
    page.get_by_label("Conformity").select_option("conform")
    page.get_by_label("Notes (objective evidence)").fill("Context review minutes of 2025-11-03 seen")
    page.get_by_label("Interviewees by role (comma-separated)").fill("managing director")
    _submit(page, "#record-entry")
    assert "Context review minutes" in page.locator("#entries").inner_text()

    # a finding against a requirement found by its title
    page.get_by_label("Search by id or title").fill("monitoring and measuring resources")
    _submit(page, "#search")
    with page.expect_navigation():
        page.locator("#matches a", has_text="iso9001:2015/7.1.5").first.click()
    assert page.get_by_label("Requirement id", exact=True).input_value() == "iso9001:2015/7.1.5"
    page.get_by_label("Conformity").select_option("nonconform")
    page.get_by_label("Notes (objective evidence)").fill("Torque wrench TW-7 has no calibration record")
    page.get_by_label("Grade").select_option("minor")
    page.get_by_label("Further requirement ids of the finding (comma-separated)").fill("7.5.3, 99.9")
    _submit(page, "#record-entry")
    assert "99.9: not a requirement of profile iso9001" in page.content()
    assert (
        page.get_by_label("Notes (objective evidence)").input_value()
        == "Torque wrench TW-7 has no calibration record"
    )
    with unscoped():
        assert not Finding.all_objects.filter(audit=audit).exists()

    page.get_by_label("Further requirement ids of the finding (comma-separated)").fill("7.5.3")
    _submit(page, "#record-entry")
    with unscoped():
        finding = Finding.all_objects.get(audit=audit)
        assert [r.requirement.uid for r in finding.requirements.all()] == [
            "iso9001:2015/7.1.5",
            "iso9001:2015/7.5.3",
        ]
        assert (
            ChecklistEntry.all_objects.get(audit=audit, requirement__uid="iso9001:2015/7.1.5").finding
            == finding
        )
    assert finding.ref in page.locator("#entries").inner_text()

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

"""In Chromium: one client from application to certificate, two surveillance audits (the second raises a
major nonconformity that the client answers in the portal and the auditor closes), and a recertification,
with the date moved forward between steps and the dashboard checked at each step."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from casys import clock
from casys.accounts.models import Body, Membership, Role
from casys.accounts.scoping import unscoped
from casys.certification.models import Certificate
from casys.certification.services import auditors
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
CB = "/certification/alpha-cert"


@pytest.fixture
def staff(owner: Any, team: Any, body_a: Body) -> None:
    for user in (owner, team):
        user.set_password(PASSWORD)
        user.save()
    with unscoped():
        anna = auditors.create_auditor(body_a, name="Anna Auditor", user=team, leader_for=["iso9001"])
        auditors.add_qualification(anna, "iso9001", 17)
        auditors.create_auditor(body_a, name="Ben Builder", leader_for=["iso9001"])


@pytest.fixture(autouse=True)
def reset_clock() -> Any:
    yield
    clock.set_today(None)


def _login(page: Any, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _dashboard(page: Any, on: date) -> dict[str, str]:
    clock.set_today(on)
    page.goto(f"{CB}/")
    assert page.get_by_text(f"Situation on {on.day} {on:%b} {on.year}").is_visible()
    return {k: page.inner_text(f"#{k}-count strong") for k in ("overdue", "due", "nc", "expiring")}


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _plan_and_record(page: Any, on: date, days: str, leader: str = "Anna Auditor") -> None:
    page.select_option("#leader", label=leader)
    page.fill("#planned_on", on.isoformat())
    page.fill("#plan_days", days)
    _submit(page, "#plan")
    assert page.locator(".messages .success").is_visible()
    page.fill("#done_on", on.isoformat())
    page.select_option("#mode", "on-site")
    page.fill("#record_days", days)
    _submit(page, "#record")
    assert page.locator("#recorded").is_visible()


def _to_application(page: Any) -> None:
    page.get_by_role("link", name=re.compile(r"^Application \d+$")).first.click()


def test_a_client_goes_from_application_to_recertification(page: Any, staff: None, body_a: Body) -> None:
    page.set_default_timeout(5000)
    clock.set_today(date(2026, 1, 5))
    _login(page, "owner@alpha.example")
    assert _dashboard(page, date(2026, 1, 5)) == {"overdue": "0", "due": "0", "nc": "0", "expiring": "0"}

    # client and application
    page.click("nav.subnav >> text=Clients")
    page.fill("#name", "Müller Präzisionsteile GmbH")
    page.fill("#country", "DE")
    page.select_option("#cert_language", "fr")
    _submit(page, "#new-client")
    assert page.locator(".messages .success").is_visible(), page.inner_text("main")
    page.click("text=Müller Präzisionsteile GmbH")
    page.check("input[name=schemes][value=iso9001]")
    page.fill("#scope", "Machining of precision parts")
    page.fill("#iaf_codes", "17")
    page.fill("#site_name", "Werk Stuttgart")
    page.fill("#site_address", "Industriestraße 12, Stuttgart")
    _submit(page, "#new-application")  # zero personnel
    assert "effective number of personnel must be at least 1, got 0" in page.inner_text(".messages")
    page.fill("#scope", "Machining of precision parts")
    page.fill("#iaf_codes", "17")
    page.fill("#site_name", "Werk Stuttgart")
    page.fill("#full_time", "100")
    page.fill("#part_time", "10")
    page.fill("#part_time_hours", "20")
    page.check("input[name=schemes][value=iso9001]")
    _submit(page, "#new-application")
    page.wait_for_url("**/applications/*/")

    # review and quotation: IAF MD 5:2019 Table QMS 1, 86-125 persons: 7 auditor-days; n = 100 + 10 x 20/40
    _submit(page, "#review")
    assert "7 auditor-days (2.0 + 5.0)" in page.inner_text("#quotation")
    assert "effective number of personnel n = 105" in page.inner_text("#justification")

    # stage 1: first an auditor without the code, then Anna
    clock.set_today(date(2026, 1, 20))
    page.click("#programme >> text=Stage 1 audit")
    page.select_option("#leader", label="Ben Builder")
    page.fill("#plan_days", "2")
    _submit(page, "#plan")
    assert (
        "IAF code 17 (Basic metals and fabricated metal products) for ISO 9001:2015 is not covered by the "
        "team (Ben Builder)" in page.inner_text(".messages")
    )
    _plan_and_record(page, date(2026, 1, 20), "2")
    _to_application(page)
    clock.set_today(date(2026, 2, 10))
    page.click("#programme >> text=Stage 2 audit")
    _plan_and_record(page, date(2026, 2, 10), "5")

    # technical review and decision
    clock.set_today(date(2026, 3, 10))
    _to_application(page)
    page.fill("#review_notes", "Stage 1 and stage 2 reports reviewed; no open nonconformity.")
    page.locator("#confirm_decision").check()
    _submit(page, "#decision")
    assert page.locator(".messages .success").is_visible()
    page.click("text=ALPHA-CERT-2026-0001")
    assert page.inner_text("#expiry") == "9 Mar 2029"  # ISO/IEC 17021-1:2015 9.1.3.2: three-year cycle
    assert "active" in page.inner_text("#status")
    pdf = page.request.get(page.url + "pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert _dashboard(page, date(2026, 3, 10)) == {"overdue": "0", "due": "0", "nc": "0", "expiring": "0"}

    # first surveillance: due within 90 days on 2027-01-15 (first within 12 months, 9.6.2.2)
    assert _dashboard(page, date(2027, 1, 15))["due"] == "1"
    page.click("#due >> text=Surveillance audit")
    clock.set_today(date(2027, 2, 15))
    _plan_and_record(page, date(2027, 2, 15), "2.5")
    assert _dashboard(page, date(2027, 2, 15)) == {"overdue": "0", "due": "0", "nc": "0", "expiring": "0"}

    # second surveillance, late: overdue on 2028-03-15; it raises a major nonconformity
    assert _dashboard(page, date(2028, 3, 15))["overdue"] == "1"
    page.click("#overdue >> text=Surveillance audit")
    _plan_and_record(page, date(2028, 3, 15), "2.5")
    page.select_option("#grade", "major")
    page.fill("#clause", "ISO 9001:2015 8.5.1")
    page.fill("#evidence", "Batch 2028-112 released without final inspection")
    page.fill("#due", "2028-04-30")
    _submit(page, "#new-finding")
    assert "awaiting the client" in page.inner_text("#findings")
    assert _dashboard(page, date(2028, 3, 15)) == {"overdue": "0", "due": "0", "nc": "1", "expiring": "0"}

    # the client answers in the portal
    with unscoped():
        org = Body.all_objects.get(slug="muller-prazisionsteile-gmbh")
        contact = make_user("contact@mueller.example", "Stefan Müller", PASSWORD)
        Membership.all_objects.create(user=contact, body=org, role=Role.CLIENT_CONTACT)
    portal = page.context.browser.new_context(base_url=page.url.split("/certification")[0]).new_page()
    _login(portal, "contact@mueller.example")
    clock.set_today(date(2028, 3, 25))
    portal.goto("/certification/portal/muller-prazisionsteile-gmbh/")
    assert "ALPHA-CERT-2026-0001" in portal.inner_text("#portal-certificates")
    portal.click("text=Answer this finding")
    portal.fill("#correction", "Batch recalled and inspected")
    portal.fill("#root_cause", "Inspection step skippable in the ERP release workflow")
    portal.fill("#corrective_action", "Release blocked in the ERP without an inspection record")
    with portal.expect_navigation():
        portal.locator("#answer button[type=submit]").click()
    assert "answered, awaiting verification" in portal.inner_text("main")
    portal.context.close()

    # the auditor verifies and closes it
    clock.set_today(date(2028, 4, 2))
    _dashboard(page, date(2028, 4, 2))
    page.click("#open-ncs >> text=F-")
    assert "Release blocked in the ERP" in page.inner_text("#finding")
    page.fill("#comment", "Recall records and the ERP release block checked")
    _submit(page, "#accept")
    assert "closed 2 Apr 2028" in page.inner_text("main")
    assert _dashboard(page, date(2028, 4, 2))["nc"] == "0"

    # recertification: due within 90 days (planned 3 months before expiry), decided before expiry
    assert _dashboard(page, date(2028, 11, 1))["due"] == "1"
    page.click("#due >> text=Recertification audit")
    clock.set_today(date(2028, 11, 15))  # an audit is recorded once it has been carried out
    _plan_and_record(page, date(2028, 11, 15), "4.5")
    assert _dashboard(page, date(2029, 1, 10))["expiring"] == "1"
    page.click("nav.subnav >> text=Clients")
    page.click("text=Müller Präzisionsteile GmbH")
    _to_application(page)
    page.fill("#review_notes", "Recertification audit report reviewed.")
    page.locator("#confirm_decision").check()
    _submit(page, "#decision")
    page.click("text=ALPHA-CERT-2026-0001")
    assert page.inner_text("#expiry") == "9 Mar 2032"  # 9.6.3.2.4: the new cycle continues from the expiry
    assert "reissued" in page.inner_text("#events")
    assert _dashboard(page, date(2029, 1, 10)) == {"overdue": "0", "due": "0", "nc": "0", "expiring": "0"}
    with unscoped():
        assert Certificate.all_objects.get().status == "issued"

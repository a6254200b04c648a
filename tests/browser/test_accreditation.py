"""In Chromium: an accreditation body grants an accreditation with a scope of two lines, records an
assessment with one finding and closes it, a second person (who did not assess) takes the decision,
then suspends the accreditation — and the public registry page says it is suspended."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casys import clock
from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "accreditation-browser-test-2026"


@pytest.fixture
def people() -> None:
    with unscoped():
        ab = Body.all_objects.create(
            slug="nab", name="Nordic AB", kind=BodyKind.ACCREDITATION_BODY, country="SE"
        )
        Body.all_objects.create(
            slug="baltcert", name="BaltCert", kind=BodyKind.CERTIFICATION_BODY, country="LV"
        )
        for email, name, role in (
            ("manager@nab.example", "Maria Manager", Role.SCHEME_MANAGER),
            ("assessor@nab.example", "Anna Assessor", Role.AUDITOR),
            ("decider@nab.example", "Dan Decider", Role.DECISION_MAKER),
        ):
            user = User.objects.create_user(email, PASSWORD, full_name=name)
            Membership.all_objects.create(user=user, body=ab, role=role)


def _sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def test_grant_assess_decide_suspend_and_the_registry_shows_it(page, people) -> None:
    today = clock.today()
    _sign_in(page, "manager@nab.example")
    page.goto("/accreditation/nab/")
    page.get_by_role("link", name="Grant an accreditation").click()
    page.get_by_label("Standard").select_option("ISO/IEC 17021-1")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("or a CAB on casys, by its short name").fill("baltcert")
    page.get_by_label("Accreditation number").fill("NAB-77")
    page.get_by_label("Valid from").fill((today - timedelta(days=60)).isoformat())
    page.get_by_label("Valid until").fill((today + timedelta(days=4 * 365)).isoformat())
    page.fill("#scope-0-normative_document", "ISO 9001:2015")
    page.fill("#scope-0-iaf_codes", "17, 28")
    page.get_by_role(
        "button", name="More scope lines"
    ).click()  # no browser validation: the typed input comes back
    assert (
        page.input_value("#scope-0-iaf_codes") == "17, 28" and page.locator("#scope-6-iaf_codes").count() == 1
    )
    assert page.get_by_label("Accreditation number").input_value() == "NAB-77"
    page.fill("#scope-1-normative_document", "ISO 14001:2015")
    page.fill("#scope-1-iaf_codes", "17")
    confirm = page.get_by_label("I confirm the accreditation decision to grant this accreditation")
    assert confirm.get_attribute("required") is not None  # and the server refuses without it
    page.get_by_label("I confirm the accreditation decision to grant this accreditation").check()
    page.get_by_role("button", name="Grant the accreditation").click()
    page.wait_for_url("**/accreditation/nab/NAB-77/")
    assert "Accreditation NAB-77 granted." in page.locator(".messages").inner_text()
    assert page.locator("#state").get_attribute("data-status") == "active"

    page.get_by_role("link", name="Record an assessment").click()
    page.get_by_label("Kind of assessment").select_option("initial")
    page.get_by_label("First day").fill((today - timedelta(days=50)).isoformat())
    page.get_by_label("Last day").fill((today - timedelta(days=48)).isoformat())
    page.get_by_label("Team leader").select_option(label="Anna Assessor <assessor@nab.example>")
    page.get_by_label("Recommendation of the team").select_option("grant")
    first = page.get_by_role("group", name="Witnessed activity 1")
    first.get_by_label("Witnessed activity").fill("stage 2 audit of a food producer")
    first.get_by_label("Where").fill("Riga")
    first.get_by_label("When").fill((today - timedelta(days=49)).isoformat())
    page.get_by_role("button", name="Record the assessment").click()
    page.wait_for_url("**/assessments/*/")

    page.get_by_label("Grade").select_option("nonconformity")
    page.get_by_label("Clause").fill("ISO/IEC 17021-1 9.4.8")
    page.locator("#finding-form").get_by_label("Finding").fill(
        "Audit reports do not state the scope of certification."
    )
    page.get_by_role("button", name="Record the finding").click()
    assert "Audit reports do not state the scope" in page.locator("#findings").inner_text()
    page.get_by_role("button", name="Close the finding").click()
    assert "yes" in page.locator("#findings").inner_text()
    assessment_url = page.url

    _sign_in(page, "decider@nab.example")
    page.goto(assessment_url)
    page.locator("#decision-form").get_by_label("Decision", exact=False).first.select_option("grant")
    page.get_by_label("I confirm this accreditation decision").check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/accreditation/nab/NAB-77/")
    assert "Dan Decider" in page.locator("#decisions").inner_text()

    page.get_by_label("Event").select_option("suspended")
    page.get_by_label("Reason").fill("surveillance not carried out in time")
    page.get_by_label("I confirm (required to suspend or withdraw)").check()
    page.get_by_role("button", name="Record", exact=True).click()
    assert page.locator("#state").get_attribute("data-status") == "suspended"

    page.get_by_role("link", name="Public registry page").click()
    status = page.locator("#accreditation-status")
    assert status.get_attribute("data-status") == "suspended"
    assert "Suspended since" in status.inner_text()
    assert "ISO 14001:2015" in page.locator("#scope").inner_text()

"""In Chromium: a product application (ISO/IEC 17065, scheme type 5) from the client's form to the
certificate and the licence to use the mark: the application form keeps what was typed when refused,
the type test records a result per type, an activity dated after today is refused with the reason,
the decision is taken by someone who carried out none of the activities."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys import clock
from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.certification.services import auditors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
CB = "/certification/alpha-cert"


@pytest.fixture
def staff(owner: Any, team: Any, body_a: Body) -> None:
    for user in (owner, team):
        user.set_password(PASSWORD)
        user.save()
    with unscoped():
        auditors.create_auditor(body_a, name="Ines Inspector", user=team)
        auditors.create_auditor(body_a, name="Lars Lab")


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


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def test_a_product_application_runs_from_the_form_to_the_certificate_and_licence(
    page: Any, staff: None, body_a: Body
) -> None:
    page.set_default_timeout(8000)
    clock.set_today(date(2026, 1, 5))
    _login(page, "owner@alpha.example")

    # the client, then the application form handed over for the product scheme
    page.goto(f"{CB}/clients/")
    page.fill("#name", "Kauno elektros prietaisai UAB")
    page.fill("#country", "LT")
    page.select_option("#cert_language", "ru")
    _submit(page, "#new-client")
    page.click("text=Kauno elektros prietaisai UAB")
    page.check("input[name=schemes][value=type5-electrical]")
    _submit(page, "#new-application")
    assert "Application for product certification" in page.inner_text("h1")
    first, second = page.locator("#product-1"), page.locator("#product-2")
    first.get_by_label("Product name").fill("Electric kettle")
    first.get_by_label("Type or model designation").fill("EV-1700")
    first.get_by_label("Ratings and variants").fill("230 V, 2200 W")
    second.get_by_label("Product name").fill("Electric kettle")
    second.get_by_label("Type or model designation").fill("EV-1000")
    factory = page.locator("#factory-1")
    factory.get_by_label("Factory name").fill("Gamykla Kaunas")
    factory.get_by_label("Factory address").fill("Pramonės pr. 16, Kaunas")
    factory.get_by_label("Factory country").fill("")
    _submit(page, "#product-application")
    assert "factories[0].country: give the ISO 3166-1 alpha-2 code" in page.inner_text("#form-error")
    assert second.get_by_label("Type or model designation").input_value() == "EV-1000"  # nothing lost
    factory.get_by_label("Factory country").fill("LT")
    _submit(page, "#product-application")
    page.wait_for_url("**/product-applications/*/")
    assert "EV-1700" in page.inner_text("#products") and "Gamykla Kaunas" in page.inner_text("#factories")

    # review: the scheme file's initial activities
    _submit(page, "#review")
    assert "Type test" in page.inner_text("#programme") and "Factory inspection" in page.inner_text(
        "#programme"
    )

    # type test: a result per type
    page.click("#programme >> text=Type test")
    page.fill("#done_on", "2026-01-04")
    page.get_by_label("Lars Lab").check()
    for i, row in enumerate(page.locator("#record fieldset[id^=result-]").all()):
        row.get_by_label("Test report").fill(f"TR-2026-00{i + 1}")
        row.get_by_label("Laboratory").fill("Baltic Test Lab")
        row.get_by_label("Tested on").fill("2026-01-03")
        row.get_by_label("Result").select_option("pass")
    _submit(page, "#record")
    assert "TR-2026-002" in page.inner_text("#results")

    # factory inspection: a date after today is refused with the reason, then recorded, with a minor NC
    page.click("text=Application")
    page.click("#programme >> text=Factory inspection")
    page.fill("#done_on", "2026-01-06")
    assert page.eval_on_selector("#done_on", "e => e.validity.rangeOverflow")  # the browser says so first
    page.eval_on_selector("#done_on", "e => e.removeAttribute('max')")  # and the server refuses too
    page.get_by_label("Ines Inspector").check()
    _submit(page, "#record")
    assert "done_on: 2026-01-06 is after today (2026-01-05)" in page.inner_text("#form-error")
    assert page.get_by_label("Ines Inspector").is_checked()
    page.fill("#done_on", "2026-01-05")
    _submit(page, "#record")
    page.select_option("#grade", "minor")
    page.fill("#clause", "IEC 60335-1 Annex A")
    page.fill("#evidence", "Earth-continuity records of one shift not signed")
    _submit(page, "#new-finding")
    assert "minor nonconformity" in page.inner_text("#findings")

    # decision by the owner, who carried out none of the activities
    page.click("text=Application")
    page.select_option("#outcome", "grant")
    page.fill("#review_notes", "Type-test reports and inspection reviewed.")
    page.check("#confirm_decision")  # the server-side confirmation of an irreversible step
    _submit(page, "#decision")
    assert page.locator(".messages .success").is_visible()
    assert "ALPHA-CERT-2026-0001" in page.inner_text("#certificates")
    licence = page.inner_text("#licences")
    assert "ALPHA-CERT-2026-0001-L" in licence and "EV-1000" in licence and "4 Jan 2031" in licence
    assert "Market-sample test" in page.inner_text("#programme")  # surveillance from the scheme
    pdf = page.request.get(page.locator("text=Product certificate (PDF)").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # at 390 px (a phone) the application, an activity and the form do not scroll sideways
    page.set_viewport_size({"width": 390, "height": 844})
    application = page.url
    for url in (application, page.locator("#programme a").first.get_attribute("href"), "form"):
        if url == "form":
            page.goto(application)
            page.click("nav.subnav >> text=Clients")
            page.click("text=Kauno elektros prietaisai UAB")
            page.check("input[name=schemes][value=type5-electrical]")
            _submit(page, "#new-application")
        else:
            page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url


def test_a_batch_is_certified_on_its_sample_and_its_certificate_shows_lot_and_sample_size(
    page: Any, staff: None, body_a: Body
) -> None:
    """ISO/IEC 17067 type 1b: the form takes the batch, the plan gives the sample (ISO 2859-1: a
    lot of 5,000 at level II, AQL 1.0 draws 200, Ac 5 — the example scheme's level and AQL), the
    sample's result decides whether the batch can be granted, and the certificate names the batch."""
    page.set_default_timeout(8000)
    clock.set_today(date(2026, 1, 5))
    _login(page, "owner@alpha.example")
    page.goto(f"{CB}/clients/")
    page.fill("#name", "Kauno varžtai UAB")
    page.fill("#country", "LT")
    _submit(page, "#new-client")
    page.click("text=Kauno varžtai UAB")
    page.check("input[name=schemes][value=type1b-fasteners]")
    _submit(page, "#new-application")
    product = page.locator("#product-1")
    product.get_by_label("Product name").fill("Hexagon bolt")
    product.get_by_label("Type or model designation").fill("M12x60 8.8")
    factory = page.locator("#factory-1")
    factory.get_by_label("Factory name").fill("Gamykla Kaunas")
    factory.get_by_label("Factory address").fill("Pramonės pr. 16, Kaunas")
    factory.get_by_label("Factory country").fill("LT")
    page.get_by_label("Batch identification (lot number)").fill("LOT 2026-014")
    _submit(page, "#product-application")
    assert "batch.lot_size" in page.inner_text("#form-error")  # the size is missing
    page.get_by_label("Lot size (units)").fill("5000")
    _submit(page, "#product-application")
    page.wait_for_url("**/product-applications/*/")
    assert page.inner_text("#lot-size") == "5000" and page.inner_text("#sample-size") == "200"
    _submit(page, "#review")

    page.click("#programme >> text=Drawing the sample")
    page.fill("#done_on", "2026-01-05")
    page.get_by_label("Ines Inspector").check()
    _submit(page, "#record")
    page.click("text=Application")
    page.click("#programme >> text=Testing the sample")
    page.fill("#done_on", "2026-01-05")
    page.get_by_label("Lars Lab").check()
    row = page.locator("#record fieldset[id^=result-]").first
    row.get_by_label("Test report").fill("TR-2026-014")
    row.get_by_label("Laboratory").fill("Baltic Test Lab")
    row.get_by_label("Tested on").fill("2026-01-05")
    row.get_by_label("Result").select_option("pass")
    _submit(page, "#record")

    page.click("text=Application")
    page.fill("#nonconforming", "2")
    _submit(page, "#batch-result")
    assert page.locator("#batch").get_attribute("data-accepted") == "yes"
    page.select_option("#outcome", "grant")
    page.fill("#review_notes", "Sample of 200 tested: 2 nonconforming, Ac 5.")
    page.check("#confirm_decision")
    _submit(page, "#decision")
    assert "ALPHA-CERT-2026-0001" in page.inner_text("#certificates")
    pdf = page.request.get(page.locator("text=Product certificate (PDF)").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.goto("/registry/verify/alpha-cert/ALPHA-CERT-2026-0001/")
    assert "Batch LOT 2026-014: 5000 units; sample of 200" in page.inner_text("main")

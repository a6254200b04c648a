"""In Chromium, on the demo after ``casys daily``: the decision maker opens the suspension proposals
(no horizontal scroll at 390 px), accepts SLM's by label after confirming, and the certificate page
shows it suspended; the batch-PDF button starts a job whose page reaches 100 % and offers the ZIP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from casys import clock
from casys.accounts.scoping import unscoped
from casys.certification.models import Certificate
from casys.demo import DEMO_PASSWORD, load
from casys.jobs import daily
from casys.jobs import services as jobs
from tests.keys import use_data_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_DAY = date(2026, 6, 1)


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> Any:
    use_data_dir(settings, tmp_path)
    clock.set_today(DEMO_DAY)
    load()
    clock.set_today(DEMO_DAY + timedelta(days=2))
    daily.run(DEMO_DAY + timedelta(days=2))
    yield
    clock.set_today(None)


def _login(page: Any, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_the_decision_maker_accepts_the_proposal_on_a_phone_width_page(page: Any, demo: Any) -> None:
    with unscoped():
        slm = Certificate.all_objects.get(client__organisation__slug="slm")
    _login(page, "decision@baltcert.example")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/certification/baltcert/suspension-proposals/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("#open-proposals tbody tr", has_text=slm.number)
    row.get_by_label("Decision").select_option("accepted")
    row.get_by_label("Reason").fill("No surveillance audit could be arranged")
    row.get_by_label("I confirm this step; it cannot be undone.").check()
    with page.expect_navigation():
        row.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text("The decision was recorded.").is_visible()
    assert page.locator("#closed-proposals", has_text=slm.number).is_visible()
    page.goto(f"/certification/baltcert/certificates/{slm.pk}/")
    assert page.locator("#status").inner_text().strip() == "suspended"
    assert page.locator("#events", has_text="No surveillance audit could be arranged").is_visible()


def test_the_batch_pdf_button_starts_a_job_that_reaches_100_percent(page: Any, demo: Any) -> None:
    _login(page, "admin@baltcert.example")
    page.goto("/certification/baltcert/certificates/?status=issued")
    with page.expect_navigation():
        page.get_by_role("button", name="Download the PDFs of these certificates (ZIP)").click()
    assert "/jobs/baltcert/" in page.url
    with unscoped():
        jobs.run_pending()
    for _ in range(150):  # the poller moves the bar without a reload
        if page.locator("[data-job-state]").inner_text() == "done":
            break
        page.wait_for_timeout(400)
    assert page.locator("[data-job-bar]").get_attribute("value") == "100"
    link = page.locator("#job-output")
    link.wait_for(state="visible")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("certificates-baltcert-")

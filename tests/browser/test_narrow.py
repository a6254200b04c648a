"""At 390 px wide (a phone that scanned a certificate's QR code) the verify page and the
dashboard do not scroll horizontally: the document is no wider than the viewport."""

from __future__ import annotations

import pytest

from casys.accounts.scoping import unscoped
from casys.attestations.identity import verification_path
from casys.attestations.models import Attestation
from casys.demo import DEMO_PASSWORD, load
from tests.keys import use_data_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390


@pytest.fixture
def demo(settings, tmp_path):
    use_data_dir(settings, tmp_path)
    return load()


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth") - WIDTH


def test_the_verify_page_of_a_demo_certificate_fits_390_px(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    with unscoped():
        rows = list(Attestation.registry.filter(public=True).order_by("-issue_date")[:3])
        rows += list(Attestation.registry.exclude(status="active")[:2])
    assert rows, "the demo publishes certificates"
    for row in rows:
        page.goto(verification_path(row.issuer_slug, row.number))
        assert page.locator("#answer").is_visible()
        assert _overflow(page) <= 0, f"{row.number} scrolls by {_overflow(page)} px"
    page.goto("/registry/")
    assert _overflow(page) <= 0, f"the registry's front page scrolls by {_overflow(page)} px"


def test_the_signed_in_dashboard_fits_390_px(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    emails = [email for email, _role, _body in demo][:4]
    for email in emails:
        page.context.clear_cookies()
        page.goto("/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", DEMO_PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/dashboard/")
        assert _overflow(page) <= 0, f"the dashboard of {email} scrolls by {_overflow(page)} px"


def test_the_measurement_entry_form_fits_390_px_and_adds_a_row(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto("/login/")
    page.fill("#id_username", "analyst@lcem.example")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    page.goto("/laboratory/lcem/results/new/inputs/")
    assert _overflow(page) <= 0, f"the entry form scrolls by {_overflow(page)} px"
    before = page.locator("fieldset.input-row").count()
    page.locator("input[name=row-0-name]").fill("L")
    with page.expect_navigation():
        page.get_by_role("button", name="Add a row").click()
    assert page.locator("fieldset.input-row").count() == before + 1
    assert page.locator("input[name=row-0-name]").input_value() == "L"
    assert _overflow(page) <= 0

"""In Chromium at 390 px: a verifier imports the client's statement (a refused row keeps the text, with
the row and column named), the independent reviewer reviews, the verifier decides and issues the signed
statement and opens its PDF."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.verification.conftest import INVENTORY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"


def _login(page: Any, user: Any) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def test_a_verifier_walks_an_engagement_to_a_signed_statement(
    page: Any, engagement, verifier, reviewer
) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    detail = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/"
    _login(page, verifier)
    page.goto(detail)
    page.get_by_role("link", name="Import the GHG statement").click()
    bad = INVENTORY + "leak,1,HFC-999,1,kg,1,kg/kg\n"
    page.get_by_label("GHG statement (CSV)").fill(bad)
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    assert page.get_by_text("row 6, column gas", exact=False).first.is_visible()
    assert "leak,1,HFC-999" in page.get_by_label("GHG statement (CSV)").input_value()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("GHG statement (CSV)").fill(INVENTORY)
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(f"**{detail}")
    assert "60 280.900" in re.sub(r"\s+", " ", page.locator("main").inner_text())

    _login(page, reviewer)
    page.goto(detail)
    page.get_by_role("link", name="Independent review").click()
    page.get_by_label("Review comment").fill("Fuel figures traced to invoices.")
    page.get_by_role("button", name="Complete the review").click()
    page.wait_for_url(f"**{detail}")

    _login(page, verifier)
    page.goto(detail)
    page.get_by_role("link", name="Decide the opinion").click()
    page.get_by_label("Opinion").select_option("unmodified")
    page.get_by_role("button", name="Decide").click()
    page.wait_for_url(f"**{detail}")
    page.get_by_role("button", name="Issue the statement").click()
    page.wait_for_url(f"**{detail}")
    assert page.get_by_text("The statement was issued and signed.").is_visible()
    assert page.get_by_role("link", name="PDF FR").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

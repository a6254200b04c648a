"""In Chromium at 390 px: a verifier plans the engagement's middle — assesses a source's risks, plans a
monetary-unit sample (a refused population keeps the text, with the row named), evaluates the sample
into a projected misstatement, plans and concludes a control test — and no page scrolls sideways."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.verification.models import SamplingPlan
from casys.verification.services.engagements import import_statement
from casys.verification.services.planning import selected_items
from tests.verification.conftest import INVENTORY
from tests.verification.test_browser import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POPULATION = "item,book_value\n" + "".join(f"F-{i:02d},{100 + i}\n" for i in range(30))


def _narrow(page: Any) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_a_verifier_plans_risks_a_sample_and_a_control_test(page: Any, engagement, verifier) -> None:
    with unscoped():
        import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    page.set_viewport_size({"width": 390, "height": 800})
    plan = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/plan/"
    _login(page, verifier)
    page.goto(f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/")
    page.get_by_role("link", name="Verification plan").click()
    page.wait_for_url(f"**{plan}")
    _narrow(page)

    page.get_by_role("link", name="boiler").click()
    assert page.get_by_label("Emission source").input_value() == "boiler"
    page.get_by_label("Inherent risk").select_option("high")
    page.get_by_label("Control risk").select_option("medium")
    page.get_by_label("Justification").fill("Manual meter readings")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(f"**{plan}")
    assert "detailed data testing on a sample" in page.locator("main").inner_text()
    _narrow(page)

    page.get_by_role("link", name="Plan a monetary-unit sample").click()
    page.get_by_label(re.compile(r"^Population:?$")).fill("fuel invoices")
    page.get_by_label("Items (CSV)").fill("item,book_value\nA,10\nB,-4\n")
    page.get_by_label("Tolerable misstatement (t CO2e)").fill("400")
    page.get_by_label("Seed").fill("11")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("row 3, column book_value", exact=False).first).to_be_visible()
    assert "B,-4" in page.get_by_label("Items (CSV)").input_value()
    _narrow(page)
    page.get_by_label("Items (CSV)").fill(POPULATION)
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(f"**{plan}")
    page.get_by_role("link", name="fuel invoices").click()
    page.wait_for_url(re.compile(r"/plan/samples/\d+/$"))
    _narrow(page)
    with unscoped():
        sample = SamplingPlan.all_objects.get(engagement=engagement)
        chosen = selected_items(sample)
    assert sample.seed == 11
    text = re.sub(r"\s+", " ", page.locator("main").inner_text())
    assert all(item in text for item, _v in chosen)
    audited = {i: v for i, v in chosen}
    first = chosen[0][0]
    audited[first] = audited[first] * 0.9
    page.get_by_label("Audited values (CSV)").fill(
        "item,audited_value\n" + "".join(f"{i},{v}\n" for i, v in audited.items())
    )
    page.get_by_role("button", name="Evaluate").click()
    expect(page.locator("main")).to_contain_text("Upper misstatement limit")
    with unscoped():
        sample.refresh_from_db()
        assert sample.misstatement is not None and sample.misstatement.kind == "projected"

    page.goto(plan)
    page.get_by_role("link", name="Plan a control test").click()
    page.get_by_label(re.compile(r"^Control:?$")).fill("Monthly meter calibration")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(f"**{plan}")
    page.get_by_role("link", name="Record the result").click()
    page.get_by_label("Deviations found").fill("0")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(f"**{plan}")
    expect(page.locator("main")).to_contain_text("relied on")
    _narrow(page)

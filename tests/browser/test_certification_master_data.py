"""In Chromium: the owner fills a client's master data and an auditor's qualification by their labels;
a refused form keeps what was typed with the reason next to the field; no horizontal scroll at 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.certification.models import Auditor, Client
from casys.certification.services import auditors, clients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
CB = "/certification/alpha-cert"


def _login(page: Any, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_owner_keeps_client_master_data_and_auditor_qualifications(
    page: Any, owner: Any, body_a: Body
) -> None:
    page.set_default_timeout(15000)
    owner.set_password(PASSWORD)
    owner.save()
    with unscoped():
        client = clients.create_client(
            body_a, name="Müller Präzisionsteile GmbH", country="DE", city="Stuttgart"
        )
        kim = auditors.create_auditor(body_a, name="Kim Lee")
    page.set_viewport_size({"width": 390, "height": 800})
    _login(page, owner.email)
    page.goto(f"{CB}/clients/{client.pk}/")
    page.get_by_role("link", name="Edit the master data").click()
    page.get_by_label("Name in English").fill("Mueller Precision Parts GmbH")
    page.get_by_label("VAT number").fill("DE 12345")
    page.get_by_label("NACE Rev. 2 code").fill("25.62")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("does not have the form of a DE VAT number")).to_be_visible()
    assert page.get_by_label("Name in English").input_value() == "Mueller Precision Parts GmbH"
    assert page.get_by_label("VAT number").input_value() == "DE 12345"
    _no_horizontal_scroll(page)
    page.get_by_label("VAT number").fill("DE811234567")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/clients/{client.pk}/")
    expect(page.locator("#master-data").get_by_text("C25.62")).to_be_visible()
    page.get_by_role("link", name="Add a contact person").click()
    page.get_by_label("Name", exact=True).fill("Stefan Müller")
    page.get_by_label("Function").fill("Quality manager")
    page.get_by_label("E-mail").fill("s.mueller@mueller.example")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/clients/{client.pk}/")
    expect(page.locator("#contact-persons").get_by_text("Quality manager")).to_be_visible()
    _no_horizontal_scroll(page)

    page.goto(f"{CB}/auditors/{kim.pk}/")
    form = page.locator("#new-qualification")
    form.get_by_label("Auditor", exact=True).check()
    form.get_by_label("Team leader").check()
    form.get_by_label("IAF codes (e.g. 17, 18)").fill("17, 18")
    form.get_by_label("Valid from").fill("2026-03-01")
    form.get_by_label("Valid until").fill("2025-02-28")
    form.get_by_role("button", name="Add the qualification").click()
    expect(page.get_by_text("is before valid from 2026-03-01")).to_be_visible()
    assert (
        page.locator("#new-qualification").get_by_label("IAF codes (e.g. 17, 18)").input_value() == "17, 18"
    )
    _no_horizontal_scroll(page)
    page.locator("#new-qualification").get_by_label("Valid until").fill("2029-02-28")
    page.locator("#new-qualification").get_by_role("button", name="Add the qualification").click()
    page.wait_for_url(f"**/auditors/{kim.pk}/")
    expect(page.locator("#qualifications").get_by_text("1 Mar 2026 – 28 Feb 2029")).to_be_visible()
    _no_horizontal_scroll(page)
    with unscoped():
        c = Client.all_objects.get()
        assert (c.vat_number, c.nace_code, c.organisation.name_en) == (
            "DE811234567",
            "C25.62",
            "Mueller Precision Parts GmbH",
        )
        assert Auditor.all_objects.get().qualifications.get().iaf_codes == [17, 18]

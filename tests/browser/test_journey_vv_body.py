"""In Chromium, from an empty database: a validation/verification body goes from its first
administrator to a signed GHG verification statement that anyone verifies in the public registry.

The first administrator is made as docs/operations.md ("From an empty install") says, by ``casys body
create --kind vv_body …``. After that no model object is made in test code: the administrator invites a
verifier and a second verifier who will be the independent reviewer, adds the client on the clients page
and invites its contact there, and opens the engagement for the client's record with its team and
reviewer. The client's contact lands on the client portal and uploads the inventory: a workbook with a
bad row is refused with the sheet, row and column named and nothing saved, then the corrected CSV is
recomputed. The verifier records a misstatement, the reviewer (not on the team) completes the review,
the verifier decides the opinion and issues the signed statement; its registry page (the QR code's
address on the PDF), read on a 390 px phone, says it is genuine and shows the verified figures.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest

from tests.browser.journey import accept, bootstrap, fresh_page, invite_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVENTORY = (
    "source,category,gas,activity,activity_unit,factor,factor_unit\n"
    "kiln fuel (coal),1,CO2,1000,TJ,94.6,t/TJ\n"
    "kiln fuel (coal),1,CH4,1000,TJ,1,kg/TJ\n"
    "purchased electricity,2,CO2,20000,MWh,0.2,t/MWh\n"
)
# AR6: 94 600 + 27.9 + 4 000 = 98 627.9 t CO2e


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def _narrow(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def _text(page: Any) -> str:
    return re.sub(r"\s+", " ", page.locator("main").inner_text()).replace("\u202f", " ")


def _bad_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Emissions"
    sheet.append(["source", "category", "gas", "activity", "activity_unit", "factor", "factor_unit"])
    sheet.append(["kiln fuel (coal)", 1, "CO2", 1000, "TJ", 94.6, "t/TJ"])
    sheet.append(["kiln fuel (coal)", 1, "CH4", 1000, "TJ", 1, "kg/TJ"])
    sheet.append(["forklifts", 1, "CO2", -12, "l", 2.6, "kg/l"])
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_a_vv_body_goes_from_an_empty_install_to_a_statement_verified_in_the_registry(
    page: Any, chromium: Any, live_server: Any, tmp_path: Path
) -> None:
    link = bootstrap(
        [
            "--kind", "vv_body",
            "--name", "Baltic Climate Verification",
            "--slug", "baltic-vv",
            "--country", "LV",
            "--city", "Rīga",
            "--admin-email", "vita.admin@balticvv.example",
            "--admin-name", "Vita Admin",
        ]
    )  # fmt: skip
    accept(page, link, "Vita Admin", "**/bodies/baltic-vv/")
    verifier_link = invite_member(page, "baltic-vv", "valdis@balticvv.example", "verifier")
    reviewer_link = invite_member(page, "baltic-vv", "rasa@balticvv.example", "verifier")

    # The client, and its contact invited from the client's page.
    page.goto("/verification/baltic-vv/")
    with page.expect_navigation():
        page.locator("#clients-link").click()
    page.locator("#client-form").get_by_label("Client name").fill("Kurzeme Cement")
    page.locator("#client-form").get_by_label("Country").fill("LV")
    _submit(page, "#client-form")
    assert "Kurzeme Cement" in page.locator("h1").inner_text()
    page.get_by_label("Email of the contact").fill("ilze@kurzeme.example")
    _submit(page, "#invite-contact")
    contact_link = page.locator("#invitation-link").input_value()

    verifier = fresh_page(chromium, live_server)
    accept(verifier, verifier_link, "Valdis Verifier", "**/bodies/baltic-vv/")
    reviewer = fresh_page(chromium, live_server)
    accept(reviewer, reviewer_link, "Rasa Reviewer", "**/bodies/baltic-vv/")

    # The engagement for the client's record: team and independent reviewer.
    page.goto("/verification/baltic-vv/engagements/new/")
    page.get_by_label("Client record").select_option(label="Kurzeme Cement")
    page.get_by_label("Claim").fill("2025 annual emissions report")
    page.get_by_label("Programme").select_option("eu-ets")
    page.get_by_label("Reporting period from").fill("2025-01-01")
    page.get_by_label("Reporting period to").fill("2025-12-31")
    page.get_by_label("Previous period's average (t CO2e)").fill("90000")
    page.get_by_label("Valdis Verifier").check()
    page.get_by_label("Independent reviewer").select_option(label="Rasa Reviewer")
    with page.expect_navigation():
        page.get_by_role("button", name="Open").click()
    detail = urlsplit(page.url).path
    assert "Kurzeme Cement" in _text(page) and "Planning" in _text(page)

    # The client's contact lands on the portal and uploads the inventory (on a phone).
    contact = fresh_page(chromium, live_server)
    contact.set_viewport_size({"width": 390, "height": 844})
    accept(contact, contact_link, "Ilze Kurzeme", "**/verification/portal/kurzeme-cement/")
    assert "2025 annual emissions report" in contact.locator("#portal-engagements").inner_text()
    _narrow(contact)
    with contact.expect_navigation():
        contact.get_by_role("link", name="Upload the GHG statement").click()
    contact.get_by_label("Statement file (CSV or XLSX)").set_input_files(
        str(_bad_workbook(tmp_path / "e.xlsx"))
    )
    _submit(contact, "#upload-form")
    refused = _text(contact)
    assert "sheet 'Emissions', row 4, column activity" in refused, refused
    assert "Not imported yet." in refused  # nothing saved
    _narrow(contact)
    good = tmp_path / "inventory.csv"
    good.write_text(INVENTORY, encoding="utf-8")
    contact.get_by_label("Statement file (CSV or XLSX)").set_input_files(str(good))
    _submit(contact, "#upload-form")
    assert "98 627.900" in _text(contact), _text(contact)
    _narrow(contact)

    # The verifier tests the data and records a misstatement below materiality.
    verifier.goto(detail)
    assert "98 627.900" in _text(verifier) and "Execution" in _text(verifier)
    with verifier.expect_navigation():
        verifier.get_by_role("link", name="Record a misstatement").click()
    verifier.get_by_label("Kind").select_option("factual")
    verifier.get_by_label("Amount (t CO2e; positive when overstated)").fill("120")
    verifier.get_by_label("Description").fill("Coal stock difference at year end")
    with verifier.expect_navigation():
        verifier.get_by_role("button", name="Record").click()
    assert "Coal stock difference at year end" in _text(verifier)
    assert "Independent review" not in [b.inner_text() for b in verifier.locator("a.button").all()]

    # The independent reviewer (not on the team) completes the review.
    reviewer.goto(detail)
    with reviewer.expect_navigation():
        reviewer.get_by_role("link", name="Independent review").click()
    reviewer.get_by_label("Review comment").fill("Fuel figures traced to the invoices.")
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Complete the review").click()

    # The verifier decides the opinion and issues the signed statement.
    verifier.goto(detail)
    with verifier.expect_navigation():
        verifier.get_by_role("link", name="Decide the opinion").click()
    verifier.get_by_label("Opinion").select_option("unmodified")
    with verifier.expect_navigation():
        verifier.get_by_role("button", name="Decide").click()
    with verifier.expect_navigation():
        verifier.get_by_role("button", name="Issue the statement").click()
    assert verifier.get_by_text("The statement was issued and signed.").is_visible()
    number = re.search(r"BALTIC-VV-VS-\d{4}-\d{4}", _text(verifier)).group(0)
    public_url = verifier.locator("#public-link").get_attribute("href")
    pdf = verifier.request.get(f"{detail}statement-en.pdf")
    assert pdf.status == 200
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
    ).stdout
    assert urlsplit(public_url).path in "".join(pdf_text.decode().split())  # the address under the QR code

    # Anyone verifies it in the public registry, on a phone; the registry finds it by its number.
    public = fresh_page(chromium, live_server)
    public.set_viewport_size({"width": 390, "height": 844})
    public.goto("/registry/")
    public.locator("input[name=text]").fill(number)
    with public.expect_navigation():
        public.locator("input[name=text]").press("Enter")
    assert urlsplit(public.url).path == urlsplit(public_url).path
    page_text = _text(public)
    assert "Genuine" in public.locator("#answer").inner_text()
    for fact in (
        "Kurzeme Cement",
        "2025-01-01 – 2025-12-31",
        "Reasonable assurance",
        "Unmodified opinion",
        "98 627.900",
    ):
        assert fact in page_text, fact
    _narrow(public)

    # The client's contact sees the statement on the portal.
    contact.goto("/verification/portal/kurzeme-cement/")
    assert number in contact.locator("#portal-engagements").inner_text()

    for other in (verifier, reviewer, contact, public):
        other.context.close()

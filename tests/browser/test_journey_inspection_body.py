"""In Chromium, from an empty database: an inspection body starts on casys and signs its first report.

The first administrator is made as docs/operations.md ("From an empty install") says, by ``casys body
create --kind inspection_body …``, run in-process so that the live server's test database is the one
written to. After that no model object is made in test code: the administrator invites an inspector and
a report reviewer on the members page, declares the scope (lifting equipment, type C), adds a client and
its crane, invites the client's contact from the client's page, authorises the inspector; the inspector
registers a gauge and, on a 390 px wide phone screen, starts the inspection, fills the checklist, attaches
a photo and submits; the reviewer approves and issues the signed report; its verification page (the QR
code's address in the PDF) says it is genuine, and the client's contact reads the report on the portal.
"""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.journey import accept, bootstrap, fresh_page, invite_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# a 1×1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def _pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _narrow(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_an_inspection_body_goes_from_an_empty_install_to_a_signed_report(
    page: Any, chromium: Any, live_server: Any, tmp_path: Path
) -> None:
    link = bootstrap(
        [
            "--kind", "inspection_body",
            "--name", "Daugava Lift Inspection",
            "--slug", "daugava-insp",
            "--country", "LV",
            "--city", "Rīga",
            "--admin-email", "anna.admin@daugava.example",
            "--admin-name", "Anna Admin",
        ]
    )  # fmt: skip
    accept(page, link, "Anna Admin", "**/bodies/daugava-insp/")
    inspector_link = invite_member(page, "daugava-insp", "ivars@daugava.example", "inspector")
    reviewer_link = invite_member(page, "daugava-insp", "rita@daugava.example", "report_reviewer")

    # Scope: lifting equipment, type C (Annex A.3).
    page.goto("/inspection/daugava-insp/scope/")
    page.get_by_label("Inspection scheme").select_option("lifting-equipment-periodic")
    page.get_by_label("Type of independence").select_option("C")
    _submit(page, "#scope-form")
    assert "Type C" in page.locator("#scope-lines").inner_text()

    # A client with its crane, and the client's contact invited from the client's page.
    page.goto("/inspection/daugava-insp/items/")
    page.locator("#client-form").get_by_label("Client name").fill("Rīgas Osta Cranes")
    page.locator("#client-form").get_by_label("Country").fill("LV")
    _submit(page, "#client-form")
    form = page.locator("#item-form")
    form.get_by_label("Owner (client)").select_option(label="Rīgas Osta Cranes")
    form.get_by_label("Identifier").fill("CR-7")
    form.get_by_label("Description").fill("Portal crane 16 t")
    _submit(page, "#item-form")
    assert "CR-7" in page.locator("#items").inner_text()
    with page.expect_navigation():
        page.locator("#clients").get_by_role("link", name="Rīgas Osta Cranes").click()
    page.get_by_label("Email of the contact").fill("olga@osta.example")
    _submit(page, "#invite-contact")
    contact_link = page.locator("#invitation-link").input_value()

    inspector = fresh_page(chromium, live_server)
    accept(inspector, inspector_link, "Ivars Inspektors", "**/bodies/daugava-insp/")
    reviewer = fresh_page(chromium, live_server)
    accept(reviewer, reviewer_link, "Rita Reviewer", "**/bodies/daugava-insp/")

    # The administrator authorises the inspector for the field; the inspector registers a gauge.
    page.goto("/inspection/daugava-insp/inspectors/")
    form = page.locator("#competence-form")
    form.get_by_label("Inspector").select_option(label="Ivars Inspektors")
    form.get_by_label("Inspection field").select_option("lifting-equipment-periodic")
    form.get_by_label("Authorised on").fill("2020-01-01")
    _submit(page, "#competence-form")
    inspector.goto("/inspection/daugava-insp/instruments/")
    inspector.get_by_label("Instrument number").fill("G-1")
    inspector.locator("#id_name").fill("Hook gauge")
    inspector.get_by_label("Calibration due").fill("2099-12-31")
    _submit(inspector, "#instrument-form")

    # Planned and assigned by the administrator.
    page.goto("/inspection/daugava-insp/inspections/new/")
    page.get_by_label("Inspection scheme").select_option("lifting-equipment-periodic")
    page.get_by_label("Client").select_option(label="Rīgas Osta Cranes")
    page.get_by_label("Items").select_option(label="CR-7 — Portal crane 16 t")
    _submit(page, "#plan-form")
    url = page.url
    page.get_by_label("Inspector").select_option(label="Ivars Inspektors")
    _submit(page, "#assign-form")
    assert "assigned" in page.locator("#state").inner_text()

    # The inspector works on a phone.
    inspector.set_viewport_size({"width": 390, "height": 844})
    inspector.goto(url)
    with inspector.expect_navigation():
        inspector.get_by_role("button", name="Start the inspection").click()
    _narrow(inspector)
    values = {
        "hook-throat-opening": ("2.1", "0.2"),
        "chain-wear": ("3", "0.2"),
        "rope-broken-wires": ("1", None),
    }
    for card in inspector.locator("article.check-card").all():
        check = card.get_attribute("id").split("-", 2)[2]
        if check in values:
            value, u = values[check]
            card.locator("input[name=value]").fill(value)
            if u is not None:
                card.locator("input[name=u]").fill(u)
                card.locator("select[name=instrument]").select_option(
                    label="G-1 Hook gauge (due 31 Dec 2099)"
                )
        with inspector.expect_navigation():
            card.get_by_role("button", name="Record").click()
    assert inspector.locator("article.check-card.passed").count() == 6
    assert inspector.locator("article.check-card.failed").count() == 0
    _narrow(inspector)
    photo = tmp_path / "hook.png"
    photo.write_bytes(PNG)
    inspector.get_by_label("Photo").set_input_files(str(photo))
    _submit(inspector, "#photo-form")
    assert "SHA-256" in inspector.locator("#photos").inner_text()
    with inspector.expect_navigation():
        inspector.get_by_role("button", name="Submit for review").click()
    assert "in review" in inspector.locator("#state").inner_text()
    _narrow(inspector)

    # The reviewer approves and issues the signed report.
    reviewer.goto(url)
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Approve and issue the report").click()
    number = reviewer.locator("h1").inner_text().removeprefix("Inspection report ").strip()
    assert number.startswith("DAUGAVA-INSP-IR-"), number
    text = reviewer.locator("main").inner_text()
    assert "Rita Reviewer" in text and "conform to the requirements" in text
    pdf = reviewer.request.get(reviewer.url + "pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    # Anyone with the QR code's address sees that the report is genuine.
    verify_url = reviewer.locator("#verify-link").get_attribute("href")
    public = fresh_page(chromium, live_server)
    public.set_viewport_size({"width": 390, "height": 844})
    path = urlsplit(verify_url).path
    assert path in "".join(_pdf_text(pdf.body()).split())  # the address printed under the PDF's QR code
    public.goto(path)
    assert "Genuine" in public.locator("#answer").inner_text()
    _narrow(public)

    # The client's contact reads the report on the portal.
    contact = fresh_page(chromium, live_server)
    accept(contact, contact_link, "Olga Osta", "**/inspection/portal/rigas-osta-cranes/")
    assert number in contact.locator("#portal-reports").inner_text()

    for other in (inspector, reviewer, public, contact):
        other.context.close()

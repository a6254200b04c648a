"""In Chromium, from an empty database: a laboratory starts on casys and issues its first report.

The first administrator is made exactly as docs/operations.md ("From an empty install") says, by
``casys body create --kind laboratory … --admin-email …``; the command runs in-process through Typer's
CliRunner (not a subprocess) because the live server's test database must be the one written to.
After that no model object is made in test code: the administrator follows the printed one-time
link, invites an analyst and a report reviewer on the members page, adds a customer and agrees a
decision rule with it, and invites the customer's contact from the customer's page; each invitee
accepts in a fresh browser context. The analyst defines a method (GUM model) and records a result on
a received item, the reviewer drafts and issues the report, and the customer's contact downloads the
issued report's PDF from the customer portal.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.journey import accept, bootstrap, fresh_page, invite_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODEL = """[model]
expression = "L + dL"
[inputs.L]
distribution = "normal"
mean = 10.0
std = 0.01
[inputs.dL]
distribution = "rectangular"
low = -0.01
high = 0.01
"""


def _submit(page: Any, form: str = "main form.labform") -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").last.click()


def _pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def test_a_laboratory_goes_from_an_empty_install_to_a_report_its_customer_downloads(
    page: Any, chromium: Any, live_server: Any
) -> None:
    link = bootstrap(
        [
            "--kind", "laboratory",
            "--name", "Lumière Métrologie",
            "--slug", "lumiere-lab",
            "--country", "FR",
            "--city", "Grenoble",
            "--address", "5 avenue des Martyrs, 38000 Grenoble",
            "--admin-email", "lea.admin@lumiere.example",
            "--admin-name", "Léa Admin",
        ]
    )  # fmt: skip

    # The administrator chooses a password on the printed link and invites the staff.
    accept(page, link, "Léa Admin", "**/bodies/lumiere-lab/")
    analyst_link = invite_member(page, "lumiere-lab", "ana@lumiere.example", "analyst")
    reviewer_link = invite_member(page, "lumiere-lab", "remi@lumiere.example", "report_reviewer")
    rows = page.locator("main").inner_text()
    assert "ana@lumiere.example" in rows and "remi@lumiere.example" in rows

    analyst = fresh_page(chromium, live_server)
    accept(analyst, analyst_link, "Ana Analyste", "**/bodies/lumiere-lab/")
    reviewer = fresh_page(chromium, live_server)
    accept(reviewer, reviewer_link, "Rémi Relecteur", "**/bodies/lumiere-lab/")

    # The administrator adds the customer and the decision rule agreed with it (ISO/IEC 17025 7.1.3).
    page.goto("/laboratory/lumiere-lab/agreements/")
    page.fill("#id_name", "Gamma Steel")
    page.fill("#id_country", "DE")
    _submit(page, "#customer-form")
    page.select_option("#id_customer", label="Gamma Steel")
    page.select_option("#id_rule", "guarded-acceptance")
    page.fill("#id_r", "1")
    page.select_option("#id_binary", "binary")
    page.fill("#id_customer_representative", "Greta Gamma")
    _submit(page, "#agreement-form")
    assert page.locator("table tbody tr").count() == 1

    # ... and invites the customer's contact from the customer's page.
    with page.expect_navigation():
        page.locator("#customers").get_by_role("link", name="Gamma Steel").click()
    assert page.locator("h1").inner_text() == "Gamma Steel"
    page.get_by_label("Email of the contact").fill("greta@gamma.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Invite to the customer portal").click()
    contact_link = page.locator("#invitation-link").input_value()
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the customer's page on a phone
    page.set_viewport_size({"width": 1280, "height": 800})
    assert "/invitations/" in contact_link
    assert "greta@gamma.example" in page.locator("#contact-list").inner_text()

    # The analyst defines the method (GUM model) and records the result on the item received.
    analyst.get_by_role("link", name="Laboratory", exact=True).click()
    analyst.locator("main a.card", has_text="Lumière Métrologie").click()
    analyst.get_by_role("link", name="Methods", exact=True).click()
    analyst.get_by_role("link", name="Define a method").click()
    analyst.fill("#id_code", "gauge-length")
    analyst.fill("#id_title", "Length of a gauge block")
    analyst.fill("#id_measurand", "length at 20 °C")
    analyst.fill("#id_unit", "mm")
    analyst.fill("#id_lower_limit", "9.9")
    analyst.fill("#id_upper_limit", "10.1")
    analyst.select_option("#id_uncertainty_source", "model")
    analyst.fill("#id_model_toml", MODEL)
    _submit(analyst)
    assert analyst.locator("h1").inner_text() == "Length of a gauge block"
    analyst.get_by_role("link", name="Record a result").click()
    analyst.select_option("#id_customer", label="Gamma Steel")
    analyst.fill("#id_sample", "Gauge block GB-17")
    analyst.fill("#id_value", "10.05")
    _submit(analyst)
    assert "y = 10.050 mm" in analyst.locator("main").inner_text()

    # The reviewer drafts the report with the result and the agreed rule, then issues it.
    reviewer.goto("/laboratory/lumiere-lab/reports/")
    reviewer.get_by_role("link", name="Draft a report").click()
    reviewer.select_option("#id_customer", label="Gamma Steel")
    reviewer.fill("#id_title", "Gauge block calibration")
    _submit(reviewer)
    assert reviewer.locator("input[name=results]:checked").count() == 1
    assert reviewer.locator("input[name=agreements]:checked").count() == 1
    _submit(reviewer)
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Review and issue the report").click()
    text = reviewer.locator("main").inner_text()
    assert "Issued" in text and "U = 0.023 mm" in text  # U = k·u_c, u_c² = 0.01² + (0.01/√3)², k = 1.96
    number = reviewer.locator("h1").inner_text().removeprefix("Test report ").strip()
    assert number.startswith("LUMIERE-LAB-"), number

    # The customer's contact accepts in a fresh browser, lands on the portal and downloads the PDF.
    contact = fresh_page(chromium, live_server)
    accept(contact, contact_link, "Greta Gamma", "**/laboratory/portal/gamma-steel/")
    row = contact.locator(f"#portal-reports tr[data-number='{number}']")
    assert "Gauge block calibration" in row.inner_text() and "Lumière Métrologie" in row.inner_text()
    href = row.get_by_role("link", name="PDF").get_attribute("href")
    answer = contact.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    pdf = _pdf_text(answer.body())
    assert number in pdf and "Gamma Steel" in pdf and "Gauge block GB-17" in pdf
    assert contact.get_by_role("link", name="Test reports", exact=True).count() == 1  # in the navigation
    contact.set_viewport_size({"width": 390, "height": 800})
    assert contact.evaluate("document.documentElement.scrollWidth") <= 390
    # the laboratory's own pages stay closed to the customer
    assert contact.goto("/laboratory/lumiere-lab/reports/").status == 404

    for other in (analyst, reviewer, contact):
        other.context.close()

"""In Chromium, from an EMPTY database: a certification body is bootstrapped as docs/operations.md says
and then carries a management-system client and a product client to their certificates through the web
app only (issue 13, acceptance, first item).

The bootstrap runs the documented ``casys body create …`` command, read from docs/operations.md, through
the real Typer CLI *in-process* (``CliRunner``): the live server's test database must be the one written
to, and a subprocess would open another database. Its printed one-time link is followed in the browser.
After that no model object is made in test code: people are invited on the members page and the client's
page, accept in fresh browser contexts, and every step is a page, a form, a link or a button. Only the
clock is moved (``clock.set_today``) so that each audit is recorded on or after the day it was done.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.utils.log import configure_logging
from typer.testing import CliRunner

from casys import clock
from casys.cli import app as cli
from casys.demo.documents import signature_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "Alpine admin passphrase 2026"
AUDITOR_PASSWORD = "Ivana audits carefully 2026"
DECIDER_PASSWORD = "Denis decides impartially 2026"
CONTACT_PASSWORD = "Stefan answers findings 2026"


@pytest.fixture(autouse=True)
def reset_clock() -> Any:
    yield
    clock.set_today(None)


def _documented_bootstrap() -> list[str]:
    """The ``casys body create`` command of docs/operations.md ("From an empty install"), as printed."""
    section = (ROOT / "docs" / "operations.md").read_text().split("## From an empty install", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    line = next(x for x in block.splitlines() if " body create " in x)
    words = shlex.split(line)
    assert words[0].endswith("casys"), words
    return words[1:]


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True)  # noqa: S603, S607
    return " ".join(out.stdout.decode().split())


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _fresh(chromium: Any, live_server: Any) -> Any:
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15000)
    return context.new_page()


def _accept(page: Any, link: str, name: str, password: str) -> None:
    """A new person opens their invitation link, chooses a password and lands signed in."""
    page.goto(urlparse(link).path)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Create my account and join").click()
    assert "/invitations/" not in page.url
    assert name in page.locator(".who").inner_text()


def _sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _invite_member(page: Any, email: str, role: str) -> str:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Role").select_option(role)
    _submit(page, "#invite-form")
    page.locator("#invitation-created").wait_for()
    return str(page.locator("#invitation-link").input_value())


def _to_cb(page: Any) -> None:
    """From any page, by the main navigation, to the certification body's dashboard."""
    page.locator("nav.mainnav").get_by_role("link", name="Certification", exact=True).click()
    page.get_by_role("link", name="Alpine Certification SAS Certification body dashboard").click()
    page.wait_for_url("**/certification/alpine-cert/")


def _to_application(page: Any, client: str) -> None:
    _to_cb(page)
    page.click("nav.subnav >> text=Clients")
    page.get_by_role("link", name=client).click()
    page.get_by_role("link", name=re.compile(r"^Application \d+$")).first.click()


def _my_audit(page: Any, activity: str) -> None:
    """An auditor opens an audit from their own list."""
    _to_cb(page)
    page.locator("#my-audits-link").click()
    page.locator("#upcoming").get_by_role("link", name=activity).click()


def _verify(buyer: Any, number: str) -> None:
    """A buyer searches the public registry for the number (typed in lower case) and opens its page."""
    buyer.goto("/registry/")
    buyer.get_by_label("Certificate number or company name").fill(number.lower())
    with buyer.expect_navigation():
        buyer.get_by_label("Certificate number or company name").press("Enter")
    assert "text=" in buyer.url
    buyer.locator("main").get_by_role("link", name=number, exact=True).first.click()
    buyer.wait_for_url(f"**/registry/verify/alpine-cert/{number}/")
    assert buyer.locator("#answer").get_attribute("data-answer") == "valid"
    assert buyer.inner_text("#answer").strip().startswith("Valid")
    assert "Alpine Certification SAS" in buyer.inner_text("main")


def _add_auditor(page: Any, name: str, member: str | None, roles: list[str], codes: str) -> None:
    """An auditor record on the auditors page, linked to the member's sign-in, qualified for ISO 9001."""
    page.click("nav.subnav >> text=Auditors")
    form = page.locator("#new-auditor")
    form.locator("#id_name").fill(name)
    if member:
        form.get_by_label("Signs in as").select_option(label=member)
    _submit(page, "#new-auditor")
    qualification = page.locator("#new-qualification")
    qualification.get_by_label("Scheme").select_option("iso9001")
    for role in roles:
        qualification.get_by_label(role, exact=True).check()
    qualification.get_by_label("IAF codes (e.g. 17, 18)").fill(codes)
    qualification.get_by_label("Valid from").fill("2025-01-01")
    _submit(page, "#new-qualification")
    assert "17" in page.inner_text("#qualifications")


def test_a_certification_body_runs_from_an_empty_install_to_two_certificates(
    page: Any, chromium: Any, live_server: Any
) -> None:
    # --- bootstrap: the documented command, and its one-time link in the browser -------------------
    clock.set_today(date(2026, 1, 5))
    result = CliRunner().invoke(cli, _documented_bootstrap())
    assert result.exit_code == 0, result.output
    # the CLI's django setup bound the log handlers to the runner's (now closed) stderr: rebind them
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    link = re.search(r"\S+/invitations/\S+/", result.output)
    assert link, result.output
    _accept(page, link.group(0), "Anne Martin", ADMIN_PASSWORD)
    page.goto(urlparse(link.group(0)).path)  # the link worked once
    assert page.locator("#invitation-invalid").get_attribute("data-reason") == "accepted"

    # --- the administrator names the authorised signatory on the body's document template ---------
    page.locator("nav.mainnav").get_by_role("link", name="Documents", exact=True).click()
    page.locator("main").get_by_role("link", name="Alpine Certification SAS").click()
    page.get_by_label("Authorised signatory (name)").fill("Anne Martin")
    page.get_by_label("Function of the signatory (English)").fill("Managing Director")
    page.set_input_files(
        "#signature", files=[{"name": "signature.png", "mimeType": "image/png", "buffer": signature_png(3)}]
    )
    _submit(page, "#template-form")
    assert "Anne Martin" in page.inner_text(".template-foot")
    assert page.locator(".template-foot img").count() == 1

    # --- the administrator invites an auditor and a decision maker; each joins in a fresh browser ---
    page.goto("/dashboard/")
    page.get_by_role("link", name=re.compile("Alpine Certification SAS")).first.click()
    page.locator("#members-link").click()
    auditor_link = _invite_member(page, "ivana.petrova@alpine-cert.example", "auditor")
    decider_link = _invite_member(page, "denis.roux@alpine-cert.example", "decision_maker")
    auditor = _fresh(chromium, live_server)
    _accept(auditor, auditor_link, "Ivana Petrova", AUDITOR_PASSWORD)
    with auditor.expect_navigation():
        auditor.locator("header form button[type=submit]").click()  # signs out, and in with her password
    _sign_in(auditor, "ivana.petrova@alpine-cert.example", AUDITOR_PASSWORD)
    decider = _fresh(chromium, live_server)
    _accept(decider, decider_link, "Denis Roux", DECIDER_PASSWORD)
    decider.context.close()  # signs in again later, with the password chosen
    page.reload()
    members = page.inner_text("#members")
    assert "Ivana Petrova" in members and "Denis Roux" in members

    # --- clients: a management-system client (with a portal contact) and a product client ----------
    _to_cb(page)
    page.click("nav.subnav >> text=Clients")
    for name, country in (("Müller Präzisionsteile GmbH", "DE"), ("Kauno elektros prietaisai UAB", "LT")):
        page.fill("#name", name)
        page.fill("#country", country)
        _submit(page, "#new-client")
        assert page.locator(".messages .success").is_visible(), page.inner_text("main")
    page.get_by_role("link", name="Müller Präzisionsteile GmbH").click()
    consent = page.get_by_label("Consents to publication (ISO/IEC 17021-1, 8.4)")
    consent.check()
    with page.expect_navigation():
        page.locator("form", has=consent).get_by_role("button", name="Save").click()
    assert page.get_by_label("Consents to publication (ISO/IEC 17021-1, 8.4)").is_checked()
    page.get_by_label("Email of the contact", exact=True).fill("stefan.mueller@mueller.example")
    _submit(page, "#invite-contact")
    contact_link = page.locator("#invitation-link").input_value()
    contact = _fresh(chromium, live_server)
    _accept(contact, contact_link, "Stefan Müller", CONTACT_PASSWORD)
    assert "/certification/portal/" in contact.url
    portal = contact.url
    page.get_by_role("link", name="Back to the client").click()
    assert "Stefan Müller" in page.inner_text("#contact-list")

    # --- management system: application, review, auditor records --------------------------------
    page.check("input[name=schemes][value=iso9001]")
    page.fill("#scope", "Machining of precision parts")
    page.fill("#iaf_codes", "17")
    page.fill("#site_name", "Werk Stuttgart")
    page.fill("#site_address", "Industriestraße 12, Stuttgart")
    page.fill("#full_time", "100")
    page.fill("#part_time", "10")
    page.fill("#part_time_hours", "20")
    _submit(page, "#new-application")
    page.wait_for_url("**/applications/*/")
    _submit(page, "#review")
    assert "7 auditor-days (2.0 + 5.0)" in page.inner_text("#quotation")  # IAF MD 5 QMS 1: n = 105, 7 days

    _add_auditor(
        page,
        "Ivana Petrova",
        "Ivana Petrova <ivana.petrova@alpine-cert.example>",
        ["Auditor", "Team leader"],
        "17",
    )
    _add_auditor(page, "Tomas Berger", None, ["Auditor"], "17, 18")  # a contracted auditor, no sign-in

    # --- stage 1 and stage 2: planned by the administrator, recorded by the auditor ----------------
    stages = (("Stage 1 audit", date(2026, 1, 20), "2"), ("Stage 2 audit", date(2026, 2, 10), "5"))
    for activity, on, days in stages:
        clock.set_today(on)
        _to_application(page, "Müller Präzisionsteile GmbH")
        page.click(f"#programme >> text={activity}")
        page.select_option("#leader", label="Ivana Petrova")
        page.locator("#plan").get_by_label("Tomas Berger").check()
        page.fill("#planned_on", on.isoformat())
        page.fill("#plan_days", days)
        _submit(page, "#plan")
        assert "Ivana Petrova" in page.inner_text("#team") and "Tomas Berger" in page.inner_text("#team")
        _my_audit(auditor, activity)
        auditor.fill("#done_on", on.isoformat())
        auditor.select_option("#mode", "on-site")
        auditor.fill("#record_days", days)
        _submit(auditor, "#record")
        assert auditor.locator("#recorded").is_visible()
        assert "Ivana Petrova" in auditor.inner_text("#recorded")

    # the auditor raises a major nonconformity at stage 2
    auditor.select_option("#grade", "major")
    auditor.fill("#clause", "ISO 9001:2015 8.6")
    auditor.fill("#evidence", "Batch 2026-112 released without final inspection")
    auditor.fill("#due", "2026-03-31")
    _submit(auditor, "#new-finding")
    assert "awaiting the client" in auditor.inner_text("#findings")
    stage2 = auditor.url

    # the client contact answers on the portal; the auditor sends it back once, then accepts it
    def answer(corrective_action: str) -> None:
        contact.goto(portal)
        contact.get_by_role("link", name="Answer this finding").click()
        contact.get_by_label("Correction").fill("Batch 2026-112 recalled and inspected")
        contact.get_by_label("Root cause").fill("The ERP allowed release without an inspection record")
        contact.get_by_label("Corrective action").fill(corrective_action)
        _submit(contact, "#answer")
        assert "answered, awaiting verification" in contact.inner_text("main")

    clock.set_today(date(2026, 2, 20))
    answer("Staff retrained on release")
    clock.set_today(date(2026, 2, 22))
    auditor.goto(stage2)
    auditor.get_by_role("link", name="Verify the answer").click()
    auditor.get_by_label("Reason for sending the answer back to the client").fill(
        "Retraining does not stop a release without inspection"
    )
    _submit(auditor, "#send-back")
    assert "sent back to the client" in auditor.inner_text("main")
    clock.set_today(date(2026, 2, 25))
    answer("Release blocked in the ERP without an inspection record")
    clock.set_today(date(2026, 3, 1))
    auditor.goto(stage2)
    auditor.get_by_role("link", name="Verify the answer").click()
    auditor.get_by_label("Comment: what was checked (required to accept)").fill(
        "Release block tested on batch 113"
    )
    _submit(auditor, "#accept")
    assert "closed 1 Mar 2026" in auditor.inner_text("main")  # one date format per language (en)
    auditor.get_by_role("link", name=re.compile(r"^Stage 2 audit")).click()
    auditor.get_by_role("link", name=re.compile(r"^Application \d+$")).click()
    assert "await a decision" in auditor.inner_text("main")
    assert auditor.locator("#decision").count() == 0  # an auditor does not decide

    # --- the decision maker, not on the audit team, signs in and grants ---------------------------
    clock.set_today(date(2026, 3, 10))
    decider = _fresh(chromium, live_server)
    _sign_in(decider, "denis.roux@alpine-cert.example", DECIDER_PASSWORD)
    _to_application(decider, "Müller Präzisionsteile GmbH")
    decider.fill("#review_notes", "Stage 1 and 2 reports reviewed; the major nonconformity is closed.")
    assert decider.eval_on_selector("#confirm_decision", "e => e.validity.valueMissing")  # not sent unticked
    decider.get_by_label("I confirm this step; it cannot be undone.").check()
    _submit(decider, "#decision")
    assert decider.locator(".messages .success").is_visible(), decider.inner_text("main")
    decider.get_by_role("link", name="ALPINE-CERT-2026-0001").click()
    assert "active" in decider.inner_text("#status")
    assert decider.inner_text("#expiry") == "9 Mar 2029"
    pdf = decider.request.get(decider.get_by_role("link", name="PDF", exact=True).get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = _pdf_text(pdf.body())
    for element in (
        "ALPINE-CERT-2026-0001",
        "Müller Präzisionsteile GmbH",
        "Alpine Certification SAS",
        "12 rue de la République, 69002 Lyon",  # the address given to `casys body create`
        "ISO 9001:2015",
        "Machining of precision parts",
        "Werk Stuttgart",
        "9 March 2029",
        "Anne Martin",
        "Managing Director",
        "/registry/verify/alpine-cert/ALPINE-CERT-2026-0001/",
    ):
        assert element in text, element

    decider.locator("#verify-link").click()  # the page the QR code on the PDF opens
    decider.wait_for_url("**/registry/verify/alpine-cert/ALPINE-CERT-2026-0001/")
    assert decider.locator("#answer").get_attribute("data-answer") == "valid"

    # the client sees it on the portal; the public registry says "Valid"
    contact.goto(portal)
    assert "ALPINE-CERT-2026-0001" in contact.inner_text("#portal-certificates")
    pdf = contact.request.get(
        contact.locator("#portal-certificates").get_by_role("link", name="PDF").get_attribute("href")
    )
    assert pdf.ok and "ALPINE-CERT-2026-0001" in _pdf_text(pdf.body())
    buyer = _fresh(chromium, live_server)
    _verify(buyer, "ALPINE-CERT-2026-0001")

    # --- product certification (ISO/IEC 17065, type 5) for the second client -----------------------
    clock.set_today(date(2026, 3, 11))
    _to_cb(page)
    page.click("nav.subnav >> text=Clients")
    page.get_by_role("link", name="Kauno elektros prietaisai UAB").click()
    page.check("input[name=schemes][value=type5-electrical]")
    _submit(page, "#new-application")
    first = page.locator("#product-1")
    first.get_by_label("Product name").fill("Electric kettle")
    first.get_by_label("Type or model designation").fill("EV-1700")
    first.get_by_label("Ratings and variants").fill("230 V, 2200 W")
    factory = page.locator("#factory-1")
    factory.get_by_label("Factory name").fill("Gamykla Kaunas")
    factory.get_by_label("Factory address").fill("Pramonės pr. 16, Kaunas")
    factory.get_by_label("Factory country").fill("LT")
    _submit(page, "#product-application")
    page.wait_for_url("**/product-applications/*/")
    product_application = page.url
    _submit(page, "#review")

    clock.set_today(date(2026, 3, 13))
    page.click("#programme >> text=Type test")
    page.fill("#done_on", "2026-03-12")
    page.locator("#record").get_by_label("Tomas Berger").check()
    row = page.locator("#record fieldset[id^=result-]").first
    row.get_by_label("Test report").fill("TR-2026-0042")
    row.get_by_label("Laboratory").fill("Baltic Test Lab")
    row.get_by_label("Tested on").fill("2026-03-11")
    row.get_by_label("Result").select_option("pass")
    _submit(page, "#record")
    assert "TR-2026-0042" in page.inner_text("#results")
    # the inspector records her own factory inspection, reached from the client's application
    _to_application(auditor, "Kauno elektros prietaisai UAB")
    assert auditor.url.rstrip("/").rsplit("/", 1)[-1] == product_application.rstrip("/").rsplit("/", 1)[-1]
    auditor.click("#programme >> text=Factory inspection")
    auditor.fill("#done_on", "2026-03-13")
    auditor.locator("#record").get_by_label("Ivana Petrova").check()
    _submit(auditor, "#record")
    assert "Ivana Petrova" in auditor.inner_text("#recorded")

    clock.set_today(date(2026, 3, 16))
    _to_cb(decider)
    decider.click("nav.subnav >> text=Clients")
    decider.get_by_role("link", name="Kauno elektros prietaisai UAB").click()
    decider.get_by_role("link", name=re.compile(r"^Application \d+$")).first.click()
    decider.select_option("#outcome", "grant")
    decider.fill("#review_notes", "Type-test report and factory inspection reviewed.")
    decider.locator("#confirm_decision").check()
    _submit(decider, "#decision")
    assert decider.locator(".messages .success").is_visible(), decider.inner_text("main")
    assert "ALPINE-CERT-2026-0002" in decider.inner_text("#certificates")
    licence = decider.inner_text("#licences")
    assert "ALPINE-CERT-2026-0002-L" in licence and "EV-1700" in licence
    pdf = decider.request.get(
        decider.get_by_role("link", name="Product certificate (PDF)").get_attribute("href")
    )
    assert pdf.ok
    text = _pdf_text(pdf.body())
    for element in ("ALPINE-CERT-2026-0002", "Kauno elektros prietaisai UAB", "EV-1700", "Gamykla Kaunas"):
        assert element in text, element

    _verify(buyer, "ALPINE-CERT-2026-0002")

    for p in (auditor, decider, contact, buyer):
        p.context.close()

"""Journey of an accreditation body from an EMPTY database, in Chromium (issue 13, acceptance).

1. The first administrator is bootstrapped with the command docs/operations.md prints under
   "From an empty install" (``casys body create ... --admin-email ...``), with this AB's values in
   its options. The command runs through the real CLI (``casys.cli.app``) in this process with
   Typer's CliRunner — not in a subprocess — because the live server's test database is the one it
   must write to. ``CASYS_PUBLIC_HOST`` names the live server, so the one-time link it prints is
   followed as printed.
2. Everything after that goes through the web application, each person in their own fresh browser
   context: the admin invites an assessor (team leader) and a decision maker who will not assess,
   registers a CAB that applied for accreditation and invites a contact of that CAB.
3. The admin grants the accreditation (the app grants from the grant form, see docs/accreditation.md)
   with a scope of two lines and records an assessment led by the assessor; the assessor raises a
   nonconformity and closes it; the decision maker, who did not assess, decides with the
   confirmation box; the public registry page shows the accreditation with its number; the decision
   maker suspends it and the registry page says "Suspended since …". The CAB's contact sees the
   accreditation on the CAB's page.

No model object is made in test code after the bootstrap: the database is only read to check it.
"""

from __future__ import annotations

import re
import shlex
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils.log import configure_logging
from typer.testing import CliRunner

from casys import clock
from casys.accounts.models import Body, Membership, User
from casys.accounts.scoping import unscoped
from casys.cli import app

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AB = {
    "--kind": "accreditation_body",
    "--name": "Baltic Accreditation Service",
    "--slug": "bas",
    "--country": "LV",
    "--city": "Riga",
    "--address": "Brivibas iela 55, Riga, LV-1010",
    "--admin-email": "ieva.berzina@bas.example",
    "--admin-name": "Ieva Berzina",
}
PASSWORDS = {
    "ieva.berzina@bas.example": "baltic accreditation admin 2026",
    "andris.kalnins@bas.example": "assessor passphrase on the road",
    "dace.ozola@bas.example": "decision maker passphrase 7",
    "quality@nordcert.example": "a contact at nordcert 2026",
}


def documented_command() -> list[str]:
    """The ``casys body create`` command of docs/operations.md ("From an empty install"), as argv."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    block = text.split("## From an empty install", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    line = next(c for c in block.replace("\\\n", " ").splitlines() if " body create " in c)
    argv = shlex.split(line)
    assert argv[0].endswith("/casys") and argv[1:3] == ["body", "create"], line
    return argv[1:]


def with_our_values(argv: list[str]) -> list[str]:
    """The documented command with this AB's values in its options (every documented option kept)."""
    out, i = [], 0
    while i < len(argv):
        out.append(argv[i])
        if argv[i] in AB:
            out.append(AB[argv[i]])
            i += 2
            continue
        i += 1
    assert set(AB) <= set(out), "docs/operations.md no longer documents one of the options used here"
    return out


def fresh(chromium: Any, live_server: Any) -> Any:
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15000)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context.new_page()


def accept(page: Any, link: str, email: str, full_name: str | None) -> None:
    """Open an invitation link, choose a password (and a name) and join."""
    page.goto(link)
    page.locator("#id_full_name").wait_for()
    if full_name is not None:
        page.get_by_label("Full name").fill(full_name)
    page.get_by_label("Password", exact=True).fill(PASSWORDS[email])
    page.get_by_label("Password again").fill(PASSWORDS[email])
    with page.expect_navigation():
        page.get_by_role("button", name="Create my account and join").click()


def invite_member(admin: Any, email: str, role: str) -> str:
    admin.goto("/bodies/bas/members/")
    admin.get_by_label("Email").fill(email)
    admin.get_by_label("Role").select_option(role)
    admin.get_by_role("button", name="Invite").click()
    admin.locator("#invitation-created").wait_for()
    link = admin.locator("#invitation-link").input_value()
    assert "/invitations/" in link
    return str(link)


def test_an_accreditation_body_from_an_empty_database_to_a_suspended_accreditation(
    page: Any, chromium: Any, live_server: Any, monkeypatch: Any
) -> None:
    today = clock.today()
    with unscoped():
        assert not Body.all_objects.exists() and not User.objects.exists()  # an empty install

    # 1. The documented bootstrap, through the real CLI; the printed link is followed as printed.
    monkeypatch.setenv("CASYS_PUBLIC_HOST", urlsplit(live_server.url).netloc)
    try:
        result = CliRunner().invoke(app, with_our_values(documented_command()))
    finally:  # django.setup() in the command pointed the log handlers at the runner's own stderr
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    assert result.exit_code == 0, result.output
    assert "created Accreditation body" in result.output
    links = re.findall(r"https?://\S+/invitations/\S+/", result.output)
    assert len(links) == 1 and links[0].startswith(live_server.url), result.output
    admin = page
    accept(admin, links[0], "ieva.berzina@bas.example", None)  # the name came with the command
    admin.wait_for_url("**/bodies/bas/")
    assert admin.locator("h1").inner_text() == "Baltic Accreditation Service"
    assert "Ieva Berzina" in admin.locator(".who").inner_text()

    # 2. Members: an assessor (team leader) and a decision maker, each in a fresh browser context.
    admin.locator("#members-link").click()
    admin.wait_for_url("**/bodies/bas/members/")
    assessor_link = invite_member(admin, "andris.kalnins@bas.example", "auditor")
    decider_link = invite_member(admin, "dace.ozola@bas.example", "decision_maker")
    assessor = fresh(chromium, live_server)
    accept(assessor, assessor_link, "andris.kalnins@bas.example", "Andris Kalnins")
    assessor.wait_for_url("**/bodies/bas/")
    decider = fresh(chromium, live_server)
    accept(decider, decider_link, "dace.ozola@bas.example", "Dace Ozola")
    decider.wait_for_url("**/bodies/bas/")
    admin.goto("/bodies/bas/members/")
    for email, role in (
        ("andris.kalnins@bas.example", "Auditor / assessor"),
        ("dace.ozola@bas.example", "Certification decision maker"),
    ):
        row = admin.locator(f"tr[data-email='{email}']").inner_text()
        assert role in row and "Active" in row, row

    # 3. The CAB that applied: registered on the AB's pages.
    admin.locator("nav.mainnav").get_by_role("link", name="Accreditations").click()
    admin.wait_for_url("**/accreditation/bas/")
    admin.get_by_role("link", name="Register a conformity assessment body").click()
    admin.wait_for_url("**/accreditation/bas/cabs/new/")
    admin.get_by_label("Name").fill("NordCert SIA")
    admin.get_by_label("Kind of body").select_option("certification_body")
    admin.get_by_label("Country").fill("LV")
    admin.get_by_label("City").fill("Daugavpils")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Register").click()
    assert "NordCert SIA registered." in admin.locator(".messages").inner_text()

    # 4. A contact of the CAB, invited from the AB's pages, accepts in a fresh context.
    admin.goto("/accreditation/bas/")
    admin.locator("#kept-cabs tr[data-slug='nordcert-sia']").get_by_role("link", name="Contacts").click()
    admin.wait_for_url("**/accreditation/bas/cabs/nordcert-sia/contacts/")
    admin.get_by_label("Email of the contact").fill("quality@nordcert.example")
    admin.get_by_role("button", name="Invite a contact").click()
    admin.locator("#invitation-created").wait_for()
    contact_link = admin.locator("#invitation-link").input_value()
    contact = fresh(chromium, live_server)
    accept(contact, contact_link, "quality@nordcert.example", "Liga Liepina")
    contact.wait_for_url("**/accreditation/nordcert-sia/")
    assert "No accreditation." in contact.locator("table").first.inner_text()  # not yet
    assert contact.goto("/accreditation/bas/").status == 404  # not a member of the AB
    assert contact.goto("/bodies/bas/members/").status == 404
    admin.reload()
    row = admin.locator("tr[data-email='quality@nordcert.example']").inner_text()
    assert "Liga Liepina" in row and "Active" in row

    # 5. Grant with a scope of two lines (the app grants from the grant form).
    admin.goto("/accreditation/bas/grant/")
    admin.get_by_label("Standard").select_option("ISO/IEC 17021-1")
    admin.get_by_role("button", name="Continue").click()
    admin.get_by_label("Conformity assessment body").select_option(
        label="NordCert SIA (Certification body, LV)"
    )
    admin.get_by_label("Accreditation number").fill("BAS-C-101")
    admin.get_by_label("Valid from").fill((today - timedelta(days=30)).isoformat())
    admin.get_by_label("Valid until").fill((today + timedelta(days=4 * 365)).isoformat())
    admin.fill("#scope-0-normative_document", "ISO 9001:2015")
    admin.fill("#scope-0-iaf_codes", "17, 19")
    admin.fill("#scope-1-normative_document", "ISO 14001:2015")
    admin.fill("#scope-1-iaf_codes", "17")
    admin.get_by_label("I confirm the accreditation decision to grant this accreditation").check()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Grant the accreditation").click()
    admin.wait_for_url("**/accreditation/bas/BAS-C-101/")
    assert "Accreditation BAS-C-101 granted." in admin.locator(".messages").inner_text()
    assert admin.locator("#state").get_attribute("data-status") == "active"
    assert admin.locator("#cab-contacts").count() == 1  # the CAB's contacts, also from here
    contact.goto("/accreditation/nordcert-sia/")  # the contact sees the accreditation the CAB now holds
    held = contact.locator("table").first.inner_text()
    assert "BAS-C-101" in held and "Baltic Accreditation Service" in held and "NordCert SIA" in held

    # 6. The assessment: recorded by the admin, the assessor leads it.
    admin.goto("/accreditation/bas/BAS-C-101/")
    admin.get_by_role("link", name="Record an assessment").click()
    admin.wait_for_url("**/assessments/new/")
    admin.get_by_label("Kind of assessment").select_option("initial")
    admin.get_by_label("First day").fill((today - timedelta(days=40)).isoformat())
    admin.get_by_label("Last day").fill((today - timedelta(days=38)).isoformat())
    admin.get_by_label("Team leader").select_option(label="Andris Kalnins <andris.kalnins@bas.example>")
    admin.get_by_label("Recommendation of the team").select_option("grant")
    first = admin.get_by_role("group", name="Witnessed activity 1")
    first.get_by_label("Witnessed activity").fill("stage 2 audit of a metalworking plant")
    first.get_by_label("Where").fill("Daugavpils")
    first.get_by_label("When").fill((today - timedelta(days=39)).isoformat())
    with admin.expect_navigation():
        admin.get_by_role("button", name="Record the assessment").click()
    admin.wait_for_url("**/assessments/*/")
    assessment_path = urlsplit(admin.url).path

    # the assessor finds the assessment from the AB's pages, raises a nonconformity and closes it
    assessor.locator("nav.mainnav").get_by_role("link", name="Accreditations").click()
    assessor.wait_for_url("**/accreditation/bas/")
    assessor.get_by_role("link", name="BAS-C-101").click()
    assessor.wait_for_url("**/accreditation/bas/BAS-C-101/")
    assert assessor.get_by_role("link", name="Record an assessment").count() == 0
    assessor.locator(f"a[href='{assessment_path}']").click()
    assessor.wait_for_url("**" + assessment_path)
    assessor.get_by_label("Grade").select_option("nonconformity")
    assessor.get_by_label("Clause").fill("ISO/IEC 17021-1 9.4.8")
    assessor.locator("#finding-form").get_by_label("Finding").fill(
        "Audit reports do not state the scope of certification."
    )
    with assessor.expect_navigation():
        assessor.get_by_role("button", name="Record the finding").click()
    findings = assessor.locator("#findings").inner_text()
    assert "nonconformity" in findings.lower() and "Audit reports do not state the scope" in findings
    assert assessor.locator("#decision-form").count() == 0  # an assessor does not decide
    with assessor.expect_navigation():
        assessor.get_by_role("button", name="Close the finding").click()
    assert "yes" in assessor.locator("#findings").inner_text()

    # 7. The decision, by the decision maker who did not assess, with the confirmation box.
    decider.goto(assessment_path)
    assert decider.locator("#not-independent").count() == 0
    decider.locator("#decision-form").get_by_label("Decision").first.select_option("grant")
    confirm = decider.get_by_label("I confirm this accreditation decision")
    assert confirm.get_attribute("required") is not None
    confirm.check()
    with decider.expect_navigation():
        decider.get_by_role("button", name="Record the decision").click()
    decider.wait_for_url("**/accreditation/bas/BAS-C-101/")
    assert "Dace Ozola" in decider.locator("#decisions").inner_text()

    # 8. The public registry page: the accreditation with its number and scope of two lines.
    registry = fresh(chromium, live_server)  # anyone, signed in or not
    registry.goto("/registry/accreditation/bas/BAS-C-101/")
    assert "BAS-C-101" in registry.locator("h1").inner_text()
    status = registry.locator("#accreditation-status")
    assert status.get_attribute("data-status") == "active" and "Accredited" in status.inner_text()
    scope = registry.locator("#scope li")
    assert scope.count() == 2
    assert "ISO 9001:2015" in scope.nth(0).inner_text() and "ISO 14001:2015" in scope.nth(1).inner_text()
    assert "NordCert SIA" in registry.locator("#cab").inner_text()

    # 9. A suspension by the decision maker, then the registry says so.
    decider.get_by_label("Event").select_option("suspended")
    decider.get_by_label("Reason").fill("surveillance assessment not carried out in time")
    decider.get_by_label("I confirm (required to suspend or withdraw)").check()
    with decider.expect_navigation():
        decider.get_by_role("button", name="Record", exact=True).click()
    assert decider.locator("#state").get_attribute("data-status") == "suspended"
    registry.reload()
    status = registry.locator("#accreditation-status")
    assert status.get_attribute("data-status") == "suspended"
    assert "Suspended since" in status.inner_text()
    assert "surveillance assessment not carried out in time" in registry.locator("#history").inner_text()
    # the contact, signed in again another day, finds the CAB's accreditations from the navigation
    contact.goto("/dashboard/")
    with contact.expect_navigation():
        contact.locator("header form button[type=submit]").click()  # sign out
    contact.goto("/login/")
    contact.get_by_label("Email").fill("quality@nordcert.example")
    contact.get_by_label("Password").fill(PASSWORDS["quality@nordcert.example"])
    contact.locator("main button[type=submit]").click()
    contact.wait_for_url("**/dashboard/")
    nav = contact.locator("nav.mainnav")
    assert nav.get_by_role("link", name="Certification").count() == 0  # a CAB record is no workspace
    nav.get_by_role("link", name="Accreditations").click()
    contact.wait_for_url("**/accreditation/nordcert-sia/")
    assert "suspended" in contact.locator("table").first.inner_text()
    assert contact.goto("/certification/nordcert-sia/").status == 404

    with unscoped():  # the people are who the journey made them, and no one else
        assert sorted(Membership.all_objects.values_list("user__email", "role")) == [
            ("andris.kalnins@bas.example", "auditor"),
            ("dace.ozola@bas.example", "decision_maker"),
            ("ieva.berzina@bas.example", "admin"),
            ("quality@nordcert.example", "client_contact"),
        ]
    for p in (assessor, decider, contact, registry):
        p.context.close()

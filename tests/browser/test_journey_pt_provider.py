"""In Chromium, from an empty database: a proficiency testing provider runs its first round.

The first administrator is made exactly as docs/operations.md ("From an empty install") says, by
``casys body create --kind pt_provider … --admin-email … --superuser``; the command runs in-process
through Typer's CliRunner (not a subprocess) because the live server's test database must be the one
written to. After that no model object is made in test code. The administrator follows the printed
one-time link, invites a scheme manager on the members page and, as platform superuser, registers the
participant laboratories on *Bodies on this platform*, each with an invitation of its contact (its
first administrator); the scheme manager and one laboratory's contact accept in fresh browser
contexts. The scheme manager designs the round (scheme, round, measurand, items), enrols the
laboratories and opens the round; the contact submits its laboratory's results; the scheme manager
enters the other laboratories' results received by e-mail, closes, evaluates and publishes the round
(each with its confirmation box); the contact reads its laboratory's performance report and PDF.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from casys import clock
from tests.browser.journey import accept, bootstrap, fresh_page, invite_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABS = (
    ("lab-lyon", "Laboratoire de Lyon", "FR", "claire@lab-lyon.example"),
    ("lab-riga", "Rīgas laboratorija", "LV", "janis@lab-riga.example"),
    ("lab-sevilla", "Laboratorio de Sevilla", "ES", "lucia@lab-sevilla.example"),
)


def _messages(page: Any) -> str:
    return page.locator(".messages").inner_text()


def _register_laboratory(page: Any, slug: str, name: str, country: str, email: str) -> str:
    """On *Bodies on this platform*: a laboratory and the invitation of its first administrator."""
    page.goto("/platform/bodies/")
    page.select_option("#id_kind", "laboratory")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Short name (in addresses)").fill(slug)
    page.get_by_label("Country (ISO 3166-1 alpha-2)").fill(country)
    page.get_by_label("Email of its first administrator").fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Create the body and invite its administrator").click()
    link = page.locator("#invitation-link").input_value()
    assert "/invitations/" in link
    return link


def test_a_pt_provider_goes_from_an_empty_install_to_a_published_round(
    page: Any, chromium: Any, live_server: Any
) -> None:
    link = bootstrap(
        [
            "--kind", "pt_provider",
            "--name", "Interlab Nord",
            "--slug", "interlab-nord",
            "--country", "DE",
            "--city", "Hamburg",
            "--address", "Hafenstraße 7, 20457 Hamburg",
            "--admin-email", "petra.admin@interlab.example",
            "--admin-name", "Petra Admin",
            "--superuser",
        ]
    )  # fmt: skip

    # The administrator chooses a password, invites the scheme manager and registers the participants.
    accept(page, link, "Petra Admin", "**/bodies/interlab-nord/")
    manager_link = invite_member(page, "interlab-nord", "max@interlab.example", "scheme_manager")
    lab_links = {slug: _register_laboratory(page, slug, name, c, e) for slug, name, c, e in LABS}
    assert page.locator("#bodies tbody tr").count() == 4

    manager = fresh_page(chromium, live_server)
    accept(manager, manager_link, "Max Manager", "**/bodies/interlab-nord/")
    contact = fresh_page(chromium, live_server)
    accept(contact, lab_links["lab-lyon"], "Claire Contact", "**/bodies/lab-lyon/")

    # The scheme manager designs the round, enrols the three laboratories and opens it.
    manager.goto("/proficiency/")
    manager.locator("main a.card", has_text="Interlab Nord").click()
    manager.fill("#id_name", "Trace metals in water")
    manager.get_by_role("button", name="Create the scheme").click()
    manager.fill("#id_code", "TM-2026")
    manager.fill("#id_opens_on", clock.today().isoformat())
    manager.fill("#id_deadline", (clock.today() + timedelta(days=30)).isoformat())
    manager.get_by_role("button", name="Create the round").click()
    manager.wait_for_url("**/rounds/*/")
    round_url = manager.url
    manager.fill("#m_name", "Pb")
    manager.fill("#m_unit", "µg/L")
    manager.fill("#m_sigma", "0.5")
    manager.get_by_role("button", name="Add the measurand").click()
    manager.fill("#i_code", "A")
    manager.get_by_role("button", name="Add the item").click()
    for slug, *_rest in LABS:
        manager.select_option("#inv_lab", slug)
        manager.get_by_role("button", name="Invite").click()
    participants = manager.locator("main").inner_text()
    assert all(f"L0{n}" in participants for n in (1, 2, 3))
    manager.locator("#open-round").click()
    assert manager.locator("#round-status").inner_text() == "Open for results"

    # The Lyon laboratory's contact submits its result through the form.
    contact.goto("/proficiency/lab-lyon/participations/")
    contact.get_by_role("link", name="TM-2026").click()
    assert contact.locator("#participant-code").inner_text() == "L01"
    contact.fill("#r_A_pb", "10.4")
    contact.fill("#U_A_pb", "0.8")
    contact.locator("#submit-results").click()
    assert "1 result submitted." in _messages(contact)  # a real plural (ngettext)

    # The scheme manager enters the results received by e-mail, closes, evaluates and publishes.
    manager.goto(round_url)
    manager.select_option("#s_item", label="A")
    csv = b"participant,result\nL02,9.9\nL03,10.0\n"
    manager.set_input_files("#s_file", files=[{"name": "email.csv", "mimeType": "text/csv", "buffer": csv}])
    manager.get_by_role("button", name="Upload results").click()
    assert "2 results stored." in _messages(manager)
    manager.locator("#confirm_close").check()
    manager.locator("#close-round").click()
    assert manager.locator("#round-status").inner_text() == "Closed"
    manager.locator("#evaluate-link").click()
    manager.select_option("#id_assigned", "median")
    manager.select_option("#id_sigma_pt", "prescribed")
    manager.select_option("#id_score", "z")
    manager.locator("#confirm_evaluate").check()
    manager.locator("#evaluate-button").click()
    manager.wait_for_url("**/summary/")
    assert "The round was evaluated." in _messages(manager)
    manager.goto(round_url)
    manager.locator("#confirm_publish").check()
    manager.locator("#publish-round").click()
    assert manager.locator("#round-status").inner_text() == "Report published"

    # The contact reads the laboratory's performance report: z = (10.4 − 10.0)/0.5 (ISO 13528:2022 9.4.1).
    contact.goto("/proficiency/lab-lyon/participations/")
    contact.get_by_role("link", name="TM-2026").click()
    contact.locator("#report-link").click()
    assert contact.locator("[data-score='A-Pb']").inner_text() == "z = 0.80"
    assert "Rīgas laboratorija" not in contact.content() and "lab-riga" not in contact.content()
    pdf_link = contact.locator("a[href*='report.pdf']").first.get_attribute("href")
    answer = contact.request.get(pdf_link)
    assert answer.status == 200 and answer.body().startswith(b"%PDF")
    # another participant's report and the provider's pages stay closed to the contact
    assert contact.goto("/proficiency/lab-riga/participations/").status == 404
    assert contact.goto(round_url).status == 404

    for other in (manager, contact):
        other.context.close()

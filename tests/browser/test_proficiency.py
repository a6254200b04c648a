"""In Chromium: a PT round from creation through two laboratories' submissions (form and CSV) to the
evaluation and the participant's report.

It takes about 20 s (four sign-ins, a dozen form posts): one realistic walk, kept whole on purpose.
"""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from casys import clock
from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.proficiency.models import Participation, Result, Score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pt-browser-test-2026"


def _member(body: Body, email: str, role: str) -> None:
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    Membership.all_objects.create(user=user, body=body, role=role)


@pytest.fixture
def people() -> None:
    with unscoped():
        provider = Body.all_objects.create(
            slug="alpha-pt", name="Alpha PT", kind=BodyKind.PT_PROVIDER, country="DE"
        )
        _member(provider, "manager@alpha-pt.example", Role.SCHEME_MANAGER)
        for slug, name, country in (
            ("lab-x", "Laboratory X", "FR"),
            ("lab-y", "Laboratory Y", "LV"),
            ("lab-w", "Laboratory W", "ES"),
        ):
            lab = Body.all_objects.create(slug=slug, name=name, kind=BodyKind.LABORATORY, country=country)
            _member(lab, f"analyst@{slug}.example", Role.ANALYST)


def _sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _messages(page) -> str:
    return page.locator(".messages").inner_text()


def _design_round(page) -> str:
    _sign_in(page, "manager@alpha-pt.example")
    page.goto("/proficiency/")
    page.locator("main a.card", has_text="Alpha PT").click()
    page.fill("#id_name", "Trace metals in water")
    page.get_by_role("button", name="Create the scheme").click()
    page.fill("#id_code", "TM-1")
    page.fill("#id_opens_on", clock.today().isoformat())
    page.fill("#id_deadline", (clock.today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Create the round").click()
    page.wait_for_url("**/rounds/*/")
    round_url = page.url
    page.fill("#m_name", "Pb")
    page.fill("#m_unit", "µg/L")
    page.fill("#m_sigma", "0.5")
    page.get_by_role("button", name="Add the measurand").click()
    for code in ("A", "B"):
        page.fill("#i_code", code)
        page.get_by_role("button", name="Add the item").click()
    for slug in ("lab-x", "lab-y", "lab-w"):
        page.select_option("#inv_lab", slug)
        page.get_by_role("button", name="Invite").click()
    page.locator("#open-round").click()
    assert page.locator("#round-status").inner_text() == "Open for results"
    return round_url


def test_a_round_runs_from_creation_to_the_participant_report(page, people) -> None:
    round_url = _design_round(page)

    # Laboratory X (L01) submits through the form.
    _sign_in(page, "analyst@lab-x.example")
    page.goto("/proficiency/lab-x/participations/")
    page.get_by_role("link", name="TM-1").click()
    assert page.locator("#participant-code").inner_text() == "L01"
    page.fill("#r_A_pb", "10.4")
    page.fill("#U_A_pb", "0.8")
    page.fill("#r_B_pb", "10.9")
    page.locator("#submit-results").click()
    assert "2 results submitted." in _messages(page)

    # Laboratory Y (L02) uploads a CSV: first a bad one (nothing stored), then a good one.
    _sign_in(page, "analyst@lab-y.example")
    page.goto("/proficiency/lab-y/participations/")
    page.get_by_role("link", name="TM-1").click()
    bad = b"item,measurand,result\nA,Pb,9.9\nB,Pb,ten\n"
    page.set_input_files("#csv_file", files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad}])
    page.locator("#upload-csv").click()
    assert "Nothing was stored" in _messages(page)
    assert "row 3, column 'result': 'ten' is not a number" in _messages(page)
    with unscoped():
        assert not Result.all_objects.filter(participation__code="L02").exists()
    good = b"item,measurand,result,U\nA,Pb,9.9,0.7\nB,Pb,10.2,0.7\n"
    page.set_input_files("#csv_file", files=[{"name": "good.csv", "mimeType": "text/csv", "buffer": good}])
    page.locator("#upload-csv").click()
    assert "2 results submitted." in _messages(page)

    # The provider enters laboratory W's results received by e-mail, closes, evaluates and publishes.
    _sign_in(page, "manager@alpha-pt.example")
    page.goto(round_url)
    for item in ("A", "B"):
        page.select_option("#s_item", label=item)
        csv = f"participant,result\nL03,{10.0 if item == 'A' else 10.6}\n".encode()
        page.set_input_files("#s_file", files=[{"name": "w.csv", "mimeType": "text/csv", "buffer": csv}])
        page.get_by_role("button", name="Upload results").click()
        assert "1 result stored." in _messages(page)
    page.get_by_label("I confirm this step; it cannot be undone.").check()
    page.locator("#close-round").click()
    page.locator("#evaluate-link").click()
    page.select_option("#id_assigned", "median")
    page.select_option("#id_sigma_pt", "prescribed")
    page.select_option("#id_score", "z")
    page.locator("#confirm_evaluate").check()
    page.locator("#evaluate-button").click()
    page.wait_for_url("**/summary/")
    assert "The round was evaluated." in _messages(page)
    page.goto(round_url)
    page.locator("#confirm_publish").check()
    page.locator("#publish-round").click()
    assert page.locator("#round-status").inner_text() == "Report published"

    # Laboratory X reads its report: its z-score and the charts.
    _sign_in(page, "analyst@lab-x.example")
    page.goto("/proficiency/lab-x/participations/")
    page.get_by_role("link", name="TM-1").click()
    page.locator("#report-link").click()
    with unscoped():
        score = Score.all_objects.get(participation__code="L01", series__item__code="A")
        median = sorted([10.4, 9.9, 10.0])[1]
    assert score.value == pytest.approx((10.4 - median) / 0.5)  # z = (x − x_pt)/σpt, ISO 13528:2022, 9.4.1
    shown = page.locator("[data-score='A-Pb']").inner_text()
    assert shown == f"z = {score.value:.2f}" == "z = 0.80"
    assert page.locator("figure.z-bars svg rect.highlight").count() == 2
    assert page.locator("figure.youden svg circle").count() == 3
    assert page.locator("figure.density svg line.assigned").count() == 2
    assert "Laboratory Y" not in page.content() and html.escape("lab-y") not in page.content()
    with unscoped():
        assert Participation.all_objects.get(code="L01").participant.slug == "lab-x"

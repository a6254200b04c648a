# ruff: noqa: F811
"""In Chromium at 390 px: the scheme manager reads the psychometric report with its plots and sends the
flagged items to the review queue; a candidate books a seat in a session open for booking and
cancels it. No horizontal scroll."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from casys import clock
from casys.accounts.scoping import unscoped
from casys.persons.models import Booking
from casys.persons.services.sessions import create_session
from tests.persons.conftest import (  # noqa: F401  (fixtures)
    actor,
    bank,
    body_a,
    body_b,
    eligible_application,
    form,
    session,
    users,
)
from tests.persons.test_psychometrics_report import analysed  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
SLUG = "alpha-persons"


def _login(page: Any, user: Any) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _no_horizontal_scroll(page: Any) -> None:
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392)"
        ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide


def test_the_report_reads_on_a_phone_and_sends_flags_to_the_review_queue(
    page: Any,
    users: dict[str, Any],
    analysed: Any,
) -> None:
    _login(page, users["scheme_manager"])
    page.goto(f"/persons/{SLUG}/sessions/{analysed.pk}/psychometrics/")
    assert page.locator("svg[aria-label='Item difficulty × discrimination']").is_visible()
    assert page.locator("svg[aria-label='Score distribution'] line.cut").count() == 1
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="Send the flagged items to the review queue").click()
    page.wait_for_url(f"**/sessions/{analysed.pk}/psychometrics/")
    page.goto(f"/persons/{SLUG}/items/")
    page.get_by_label("only the items flagged for review").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**flagged=1**")
    assert page.locator("#items td.flags").first.inner_text() != "—"
    _no_horizontal_scroll(page)


def test_a_candidate_books_and_cancels_a_seat(
    page: Any,
    users: dict[str, Any],
    body_a: Any,
    form: Any,
) -> None:
    today = clock.today()
    with unscoped():
        eligible_application(body_a, users["candidate"])
        planned = create_session(
            body_a, actor=actor(users["admin"]), form=form, held_on=today + timedelta(days=30), place="Riga",
            capacity=3,
        )  # fmt: skip
    _login(page, users["candidate"])
    page.goto(f"/persons/portal/{SLUG}/")
    row = page.locator(f"#open-sessions tr[data-session='{planned.pk}']")
    assert "3 seats left" in row.inner_text()
    row.get_by_role("button", name="Book a seat").click()
    page.wait_for_url(f"**/persons/portal/{SLUG}/")
    assert "Your seat is booked." in page.content()
    assert "2 seats left" in page.locator(f"#open-sessions tr[data-session='{planned.pk}']").inner_text()
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="Cancel my booking").click()
    page.wait_for_url(f"**/persons/portal/{SLUG}/")
    with unscoped():
        assert Booking.all_objects.get().cancelled_on == today

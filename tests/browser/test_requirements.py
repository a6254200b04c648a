"""In Chromium: a member searches a catalogue by title and by id (the search field found by its
label), the owner loads the body's licensed text by the file field's label and a bad file keeps the
reason next to the field; no horizontal scroll at 390 px, even with NIST's long source line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.requirements.services import catalogues

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"


def _login(page: Any, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_member_searches_a_catalogue_and_the_owner_loads_licensed_text(
    page: Any, owner: Any, body_a: Body, tmp_path: Path
) -> None:
    owner.set_password(PASSWORD)
    owner.save()
    with unscoped():
        catalogues.load_shipped()
    page.set_viewport_size({"width": 390, "height": 800})
    _login(page, owner.email)
    page.goto("/requirements/")
    with page.expect_navigation():
        page.get_by_role("link", name="sp800-53:rev5").click()
    _no_horizontal_scroll(page)
    page.get_by_label("Search by id or title").fill("Account Management")
    with page.expect_navigation():  # the search is a GET form: wait for its page, not the click
        page.get_by_role("button", name="Search").click()
    assert page.locator("#requirements").get_by_text("sp800-53:rev5/ac-2", exact=True).is_visible()
    assert page.locator("#count").inner_text() == "1 clause"
    _no_horizontal_scroll(page)
    page.goto("/requirements/catalogues/iso9001:2015/")
    page.get_by_label("Search by id or title").fill("8.5.1")
    with page.expect_navigation():  # the search is a GET form: wait for its page, not the click
        page.get_by_role("button", name="Search").click()
    assert page.get_by_text("Control of production and service provision").is_visible()
    page.goto("/requirements/alpha-cert/licensed/iso9001:2015/")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n8.9,Invented.\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Load").click()
    assert page.locator("#error-file").inner_text() == "row 2: '8.9' is not a clause of iso9001:2015"
    _no_horizontal_scroll(page)
    good = tmp_path / "good.csv"
    good.write_text("id,text\n8.5.1,Our licensed wording of 8.5.1.\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="Load").click()
    assert page.get_by_text("1 text loaded.").is_visible()
    page.goto("/requirements/catalogues/iso9001:2015/?q=8.5.1")
    assert page.get_by_text("Our licensed wording of 8.5.1.").is_visible()

"""In Chromium: an inspector defines a lot-by-lot inspection scheme and records lots through the form
until the switching rules put the next lot on tightened inspection (MIL-STD-105E 4.7.1)."""

from __future__ import annotations

import pytest

from casys.accounts.models import BodyKind, Membership, Role
from casys.core.sampling import single_plan
from tests.conftest import make_body, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "lots-test-password-1"


def _sign_in(page, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _submit(page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _record(page, lot: str, found: int) -> None:
    page.fill("#id_lot", lot)
    page.fill("#id_lot_size", "1200")
    page.fill("#id_d1", str(found))
    _submit(page, "#lot-form")


def test_lots_recorded_through_the_form_switch_the_badge_to_tightened(page) -> None:
    lab = make_body("alpha-lab", kind=BodyKind.LABORATORY, name="Alpha Laboratory")
    user = make_user("inspector@alpha.example", "Ines Inspector", password=PASSWORD)
    Membership.all_objects.create(user=user, body=lab, role=Role.ANALYST)
    _sign_in(page, "inspector@alpha.example")

    page.goto("/laboratory/alpha-lab/")
    page.get_by_role("link", name="Lot acceptance", exact=True).click()
    page.get_by_role("link", name="Define a sampling scheme").click()
    page.fill("#id_code", "bolts-m8")
    page.fill("#id_product", "Bolts M8 x 40")
    page.fill("#id_characteristic", "thread gauge")
    page.fill("#id_supplier", "Delta Fasteners")
    page.select_option("#id_level", "II")
    page.select_option("#id_aql", "1.0")
    page.fill("#id_lot_size", "1200")
    _submit(page, "main form.labform")

    normal = single_plan(1200, "II", "1.0", "normal")
    assert page.locator("#severity").inner_text() == "normal"
    assert f"n = {normal.n}, Ac = {normal.Ac}, Re = {normal.Re}" in page.locator("#next-plan").inner_text()

    _record(page, "L-001", 0)
    assert "Lot L-001 accepted." in page.locator("body").inner_text()
    _record(page, "L-002", normal.Re)
    assert page.locator("#severity").inner_text() == "normal"
    _record(page, "L-003", normal.Re + 1)  # the second rejection in 3 lots (MIL-STD-105E 4.7.1)

    assert page.locator("#severity").inner_text() == "tightened"
    assert "4.7.1" in page.locator("#severity-reason").inner_text()
    tightened = single_plan(1200, "II", "1.0", "tightened")
    assert f"Ac = {tightened.Ac}, Re = {tightened.Re}" in page.locator("#next-plan").inner_text()
    assert page.locator("#lots tbody tr").count() == 3
    assert page.locator("svg circle.lot.rejected").count() == 2

    # a count above the sample size is refused on its field, and nothing is recorded
    _record(page, "L-004", normal.n + 1)
    assert "nonconforming items in a sample of" in page.locator("#lot-form .error").inner_text()
    assert page.locator("#lots tbody tr").count() == 3

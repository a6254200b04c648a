"""In Chromium: an ISO/IEC 27001 application is refused at the review while the body has no
ISO/IEC 27006-1 table; the admin uploads the body's table, and the quotation then shows the days
and the source line.

The ISO/IEC 27006-1 table is not public: the values below are MADE UP for the test
(not from, nor a guess of, ISO/IEC 27006-1).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys import clock
from casys.accounts.models import Body, User
from casys.accounts.scoping import unscoped
from casys.certification.services import applications, clients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
CB = "/certification/alpha-cert"
SOURCE = "ISO/IEC 27006-1:2024 Table D.1, licensed copy"
MADE_UP = "# made-up test values\npersonnel_min,personnel_max,all\n1,50,3\n51,200,6\n201,100000,9\n"


@pytest.fixture(autouse=True)
def reset_clock() -> Any:
    clock.set_today(date(2026, 1, 5))
    yield
    clock.set_today(None)


@pytest.fixture
def app_id(owner: User, body_a: Body) -> int:
    owner.set_password(PASSWORD)
    owner.save()
    with unscoped():
        client = clients.create_client(body_a, name="Nordlicht Software AG", country="DE")
        app = applications.create_application(
            body_a,
            client,
            schemes=["iso27001"],
            scope="Development and operation of hosted software",
            iaf_codes=[33],
            complexity="medium",
            sites=[applications.SiteInput(name="Hamburg office", central=True, full_time=80)],
            received_on=date(2026, 1, 5),
        )
    return app.pk


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def test_the_admin_loads_the_27006_table_and_the_27001_quotation_shows_it(page: Any, app_id: int) -> None:
    page.set_default_timeout(5000)
    page.goto("/login/")
    page.fill("#id_username", "owner@alpha.example")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")

    page.goto(f"{CB}/applications/{app_id}/")
    _submit(page, "#review")
    assert "audit-time table 'iso27006-1' (ISO/IEC 27006-1) is not loaded" in page.inner_text(".messages")

    page.click("nav.subnav >> text=Audit-time tables")
    assert "missing" in page.inner_text("#table-iso27006-1")
    page.select_option("#table_id", "iso27006-1")
    page.fill("#source", SOURCE)
    page.fill("#csv_text", MADE_UP.replace("51,200,6", "51,200,six"))
    _submit(page, "#load-table")
    assert "line 4, column 'all': 'six' is not a number" in page.inner_text(".messages")
    page.select_option("#table_id", "iso27006-1")
    page.fill("#source", SOURCE)
    page.fill("#csv_text", MADE_UP)
    _submit(page, "#load-table")
    assert page.locator(".messages .success").is_visible()
    row = page.inner_text("#table-iso27006-1")
    assert "loaded" in row and SOURCE in row and "Olga Owner" in row

    page.goto(f"{CB}/applications/{app_id}/")
    _submit(page, "#review")
    # MADE-UP band 51-200 persons: 6 days; stage 1 30 % of 6 = 1.8 -> 2 (IAF MD 5:2019 2.2 half days)
    assert "6 auditor-days (2.0 + 4.0)" in page.inner_text("#quotation")
    justification = " ".join(page.inner_text("#justification").split())
    assert (
        f"{SOURCE}, row 51-200 persons doing work under the organization's control: 6 auditor-days"
        in justification
    )

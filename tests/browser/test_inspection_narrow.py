"""At 390 px wide (an inspector's phone) no page of the demo's inspection bodies scrolls horizontally:
the dashboard with its chart, the lists, the inspection page with its checklist, a report, and the
public verification page of a superseded report."""

from __future__ import annotations

from typing import Any

import pytest

from casys.accounts.scoping import unscoped
from casys.demo import DEMO_PASSWORD, load
from casys.inspection.models import Inspection, InspectionReport, State
from tests.keys import use_data_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> Any:
    use_data_dir(settings, tmp_path)
    return load()


def test_the_inspection_pages_fit_a_phone(page: Any, demo: Any) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 844})
    page.goto("/login/")
    page.fill("#id_username", "inspector@baltlift.example")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    with unscoped():
        working = Inspection.all_objects.get(body__slug="baltlift", state=State.IN_PROGRESS)
        old = InspectionReport.all_objects.get(body__slug="baltlift", superseded_by__isnull=False)
    s = "/inspection/baltlift"
    urls = [
        f"{s}/",
        f"{s}/inspections/",
        f"{s}/items/",
        f"{s}/scope/",
        f"{s}/inspectors/",
        f"{s}/instruments/",
        f"{s}/inspections/{working.pk}/",
        f"{s}/reports/{old.pk}/",
        f"/inspection/verify/baltlift/{old.number}/",
    ]
    for url in urls:
        assert page.goto(url).status == 200, url
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= WIDTH, f"{url} scrolls by {wide - WIDTH} px"
    assert "Superseded" in page.locator("#answer").inner_text()

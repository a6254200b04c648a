"""Chromium: a scheme manager starts the registry export (JSON) from the issuer page, watches the job
page follow the worker to "done" without a reload, and downloads the file; the data is the body's
certificates."""

import json

import pytest

from tests.browser.test_jobs import manager, worker  # noqa: F401  (fixtures: the signed-in manager, a worker)
from tests.browser.test_signin import sign_in
from tests.registry.conftest import entry, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_export_runs_from_the_issuer_page_to_done_and_its_file_downloads(page, manager, worker, body_a):  # noqa: F811
    publish(body_a, entry("Q-1"), entry("Q-2", status="suspended"), entry("Q-3", public=False))
    sign_in(page, "manager@alpha.example")
    page.goto("/registry/issuer/alpha-cert/")
    page.get_by_label("Format").select_option("json")
    with page.expect_navigation():
        page.get_by_role("button", name="Export").click()
    for _ in range(20):  # see test_jobs.py: the shared-cache test database may answer "locked" once
        if page.locator("[data-job-poll]").count():
            break
        page.wait_for_timeout(250)
        page.reload()
    assert "/jobs/alpha-cert/" in page.url
    page.evaluate("window.casysNoReload = true")
    page.locator("[data-job-state]").filter(has_text="done").wait_for(timeout=60000)
    assert page.locator("[data-job-bar]").get_attribute("value") == "100"
    assert page.locator("[data-job-count]").inner_text() == "3 / 3"
    assert page.evaluate("window.casysNoReload") is True
    link = page.get_by_role("link", name="Download the result")
    link.wait_for(state="visible")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("registry-alpha-cert-")
    doc = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert doc["count"] == 3 and [c["certificate_number"] for c in doc["certificates"]] == [
        "Q-1",
        "Q-2",
        "Q-3",
    ]
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/registry/issuer/alpha-cert/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

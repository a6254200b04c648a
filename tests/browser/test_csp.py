"""The pages pass their own Content-Security-Policy (issue 12, finding 11), and none answers 500.

Chromium walks every page it can reach by links from the dashboard, as the administrator of
each kind of body in the demo and as a client contact, and fails on any CSP violation the
browser reports ("Refused to ... because it violates the following Content Security Policy").
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from casys.demo import DEMO_PASSWORD, load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: One login per kind of body in the demo, and a client contact (casys/demo/__init__.py USERS).
WALKERS = (
    "admin@baltcert.example",
    "admin@lcem.example",
    "admin@europt.example",
    "ab.admin@nas.example",
    "client@mueller.example",
)
#: Links that leave the HTML pages (downloads, machine formats) or change the session.
SKIP = (
    "/logout",
    "/i18n/",
    "/api/",
    "pdf",
    ".jwt",
    ".json",
    ".csv",
    ".xlsx",
    ".svg",
    "export",
    "/static/",
    "/credential/",
    "/attachments/",
)
PAGES_PER_WALKER = 40


def _sign_in(page, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def _walk(page, origin: str, start: str) -> tuple[list[str], list[str]]:
    """Breadth-first over same-origin links; (CSP violations, pages that answered 500)."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text}") if "Content Security Policy" in msg.text else None
        ),
    )
    errors: list[str] = []
    seen, queue = {start}, deque([start])
    while queue and len(seen) <= PAGES_PER_WALKER:
        url = queue.popleft()
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file for download (a signed credential, a PDF), not a page
            raise
        if response is not None and response.status >= 500:
            errors.append(f"{url}: {response.status}")
            continue
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            href = urldefrag(href).url
            parsed = urlparse(href)
            if f"{parsed.scheme}://{parsed.netloc}" != origin or any(s in parsed.path for s in SKIP):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return violations, errors


@pytest.mark.parametrize("email", WALKERS)
def test_every_page_reached_from_the_dashboard_passes_the_csp(page, live_server, email: str) -> None:
    load()
    _sign_in(page, email)
    violations, errors = _walk(page, live_server.url, live_server.url + "/dashboard/")
    assert errors == []
    assert violations == []


def test_the_public_registry_passes_the_csp(page, live_server) -> None:
    load()
    violations, errors = _walk(page, live_server.url, live_server.url + "/registry/")
    assert (violations, errors) == ([], [])


def test_the_headers_are_sent(db) -> None:
    response = Client().get("/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_an_inline_script_is_reported_so_the_walk_would_fail(page, live_server) -> None:
    """The check itself: Chromium reports an inline script under this policy on the console."""
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto(live_server.url + "/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in m for m in messages)

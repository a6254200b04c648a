"""No page of the demo shows a bare scheme id where the scheme's title belongs (issue 13)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from casys.accounts.models import User
from casys.core.schemes.loader import available_schemes
from casys.demo import load

pytestmark = pytest.mark.django_db

SKIP = ("/logout", "/static/", ".pdf", "/export", ".csv", ".json", "/api/", "/i18n/")


class _Text(HTMLParser):
    """The text a reader sees (no attributes, no script or style) and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/"):
            self.links.append(href.split("#")[0])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def crawl(client: Client, limit: int = 120) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or any(s in url for s in SKIP):
            continue
        response = client.get(url, follow=True)
        seen[url] = ""
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        seen[url] = " ".join(parser.text)
        queue.extend(link for link in parser.links if link not in seen)
    return seen


LOGINS = [
    "admin@baltcert.example",
    "auditor@baltcert.example",
    "client@mueller.example",
    "ab.admin@nas.example",
    "admin@lcem.example",
    "pt@europt.example",
]


@pytest.mark.parametrize("email", LOGINS)
def test_no_demo_page_shows_a_bare_scheme_id(email: str) -> None:
    logins = {login for login, _role, _body in load()}
    if email not in logins:
        pytest.skip(f"{email} is not a demo login")
    client = Client()
    client.force_login(User.objects.get(email=email))
    ids = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(s) for s in available_schemes()) + r")(?![\w-])")
    pages = crawl(client)
    assert len([t for t in pages.values() if t]) > 5
    shown = {url: sorted(set(ids.findall(text))) for url, text in pages.items()}
    bare = "; ".join(f"{url} {found}" for url, found in shown.items() if found)
    assert not bare, bare

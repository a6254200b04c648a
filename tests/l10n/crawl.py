"""Crawl the demo as a signed-in user and keep the text a reader sees on each page."""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client

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


def crawl(client: Client, limit: int = 120, **headers: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or any(s in url for s in SKIP):
            continue
        response = client.get(url, follow=True, **headers)
        seen[url] = ""
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        seen[url] = " ".join(parser.text)
        queue.extend(link for link in parser.links if link not in seen)
    return seen

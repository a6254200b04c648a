"""No page of the demo shows a bare scheme id where the scheme's title belongs (issue 13)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from casys.accounts.models import User
from casys.core.schemes.loader import available_schemes
from tests.l10n.crawl import crawl

pytestmark = pytest.mark.django_db

LOGINS = [
    "admin@baltcert.example",
    "auditor@baltcert.example",
    "client@mueller.example",
    "ab.admin@nas.example",
    "admin@lcem.example",
    "pt@europt.example",
]


@pytest.mark.parametrize("email", LOGINS)
def test_no_demo_page_shows_a_bare_scheme_id(email: str, demo_logins: list[tuple[str, str, str]]) -> None:
    logins = {login for login, _role, _body in demo_logins}
    assert email in logins, f"{email} is not a demo login any more: update LOGINS"
    client = Client()
    client.force_login(User.objects.get(email=email))
    ids = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(s) for s in available_schemes()) + r")(?![\w-])")
    pages = crawl(client)
    assert len([t for t in pages.values() if t]) > 5
    shown = {url: sorted(set(ids.findall(text))) for url, text in pages.items()}
    bare = "; ".join(f"{url} {found}" for url, found in shown.items() if found)
    assert not bare, bare

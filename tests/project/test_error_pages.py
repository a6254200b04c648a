"""A forbidden, missing or failing page is a styled page with the navigation, in the user's language
(issue 13), and the demo runs with DEBUG off so that it never shows Django's debug page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from casys.accounts.views.errors import PLAIN_500, server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_styled_404_with_the_navigation(owner_client) -> None:
    response = owner_client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'id="error-404"' in html and 'class="mainnav"' in html and "Alpha Certification" in html
    assert "Page not found" in html and "Traceback" not in html


def test_a_missing_record_is_the_styled_404_in_the_users_language(owner_client) -> None:
    owner_client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = owner_client.get("/certification/alpha-cert/audits/999999/").content.decode()
    assert 'lang="fr"' in html and "Page introuvable" in html
    owner_client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert "Страница не найдена" in owner_client.get("/no/such/page/").content.decode()


def test_a_forbidden_page_is_the_styled_403(team_client) -> None:
    response = team_client.post("/certification/alpha-cert/auditors/", {"name": "X"})
    html = response.content.decode()
    assert response.status_code == 403
    assert 'id="error-403"' in html and 'class="mainnav"' in html and "Not allowed" in html


def test_an_anonymous_visitor_gets_the_styled_404_too() -> None:
    html = Client().get("/no/such/page/").content.decode()
    assert 'id="error-404"' in html and "Sign in" in html


def test_a_server_error_is_the_styled_500(owner) -> None:
    request = RequestFactory().get("/x/")
    request.user = owner
    request.session = {}  # type: ignore[assignment]
    response = server_error(request)
    assert response.status_code == 500
    assert 'id="error-500"' in response.content.decode()


def test_the_500_page_falls_back_to_plain_html_when_it_cannot_render(monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database down")

    monkeypatch.setattr("casys.accounts.views.errors.render_to_string", broken)
    response = server_error(RequestFactory().get("/x/"))
    assert response.status_code == 500 and response.content.decode() == PLAIN_500


def test_the_demo_runs_with_debug_off_and_a_kept_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASYS_", "DJANGO_"))}
    env["CASYS_DATA_DIR"] = str(tmp_path)
    code = (
        "from casys.commands.site import _demo_environment; _demo_environment();"
        "from casys.commands.django_setup import setup; setup();"
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, getattr(settings, 'SECURE_SSL_REDIRECT', False))"
    )
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert run() == "False ['127.0.0.1', 'localhost'] False"
    key = (tmp_path / "demo-secret-key").read_text()
    assert len(key) >= 50
    run()
    assert (tmp_path / "demo-secret-key").read_text() == key  # sessions survive a restart

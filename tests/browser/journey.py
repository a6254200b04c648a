"""Steps shared by the journey tests from an empty database: the documented bootstrap command, an
invitation made on the members page, and its acceptance in a fresh browser context."""

from __future__ import annotations

import re
from typing import Any

from typer.testing import CliRunner

from casys.accounts.models import Body, User
from casys.cli import app

PASSWORD = "a long and unusual passphrase 42"


def bootstrap(args: list[str]) -> str:
    """Run ``casys body create …`` (docs/operations.md, "From an empty install") and return the path of
    the one-time link it prints.

    The command runs in-process through Typer's CliRunner, so it writes to the live server's test
    database; the link it prints names ``$CASYS_PUBLIC_HOST``, whose path the browser opens on the
    live server.
    """
    assert not Body.all_objects.exists() and not User.objects.exists()  # an empty install
    result = CliRunner().invoke(app, ["body", "create", *args])
    assert result.exit_code == 0, result.output
    assert "one-time link" in result.output
    found = re.search(r"https?://\S+(/invitations/\S+/)", result.output)
    assert found, result.output
    return found.group(1)


def fresh_page(chromium: Any, live_server: Any) -> Any:
    """A page in a new browser context: no cookie, no session of anyone else."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15000)
    return context.new_page()


def accept(page: Any, link: str, full_name: str, landing: str) -> None:
    """Open an invitation link, give a name and a password, and land signed in on ``landing``."""
    page.goto(link)
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Create my account and join").click()
    page.wait_for_url(landing)
    assert full_name in page.locator(".who").inner_text()


def invite_member(page: Any, slug: str, email: str, role: str) -> str:
    """On the body's members page, invite ``email`` with ``role``; the link shown once to copy."""
    page.goto(f"/bodies/{slug}/")
    with page.expect_navigation():
        page.locator("#members-link").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Role").select_option(role)
    with page.expect_navigation():
        page.get_by_role("button", name="Invite").click()
    page.locator("#invitation-created").wait_for()
    link = page.locator("#invitation-link").input_value()
    assert "/invitations/" in link
    return link

"""In Chromium: an administrator invites a member, who accepts in a fresh browser, sets a password and
lands signed in; the administrator deactivates the member, who can no longer sign in."""

from __future__ import annotations

from typing import Any

import pytest

from casys.accounts.models import Body, Role
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
MEMBER_PASSWORD = "a long and unusual passphrase 42"


def _login(page: Any, email: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main button[type=submit]").click()


def test_an_admin_invites_a_member_who_joins_then_is_deactivated(
    page: Any, chromium: Any, live_server: Any, owner: Any, body_a: Body
) -> None:
    owner.set_password(PASSWORD)
    owner.save()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _login(page, owner.email, PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/bodies/alpha-cert/")
    page.locator("#members-link").click()
    page.wait_for_url("**/bodies/alpha-cert/members/")

    page.get_by_label("Email").fill("nina@alpha.example")
    page.get_by_label("Role").select_option("auditor")
    page.get_by_role("button", name="Invite").click()
    page.locator("#invitation-created").wait_for()
    page.wait_for_load_state()  # copy.js is deferred: it listens once the page has loaded
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Copied").wait_for()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.locator("#invitation-link").input_value()
    assert "/invitations/" in link
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")

    fresh = chromium.new_context(base_url=live_server.url, locale="en-GB")
    fresh.set_default_timeout(15000)
    member = fresh.new_page()
    member.goto(link)
    member.get_by_label("Full name").fill("Nina Novak")
    member.get_by_label("Password", exact=True).fill(MEMBER_PASSWORD)
    member.get_by_label("Password again").fill(MEMBER_PASSWORD)
    member.get_by_role("button", name="Create my account and join").click()
    member.wait_for_url("**/bodies/alpha-cert/")
    assert member.locator("h1").inner_text() == "Alpha Certification"
    assert "Nina Novak" in member.locator(".who").inner_text()
    member.goto(link)  # the link works once
    assert member.locator("#invitation-invalid").get_attribute("data-reason") == "accepted"

    page.goto("/bodies/alpha-cert/members/")
    row = page.locator("tr[data-email='nina@alpha.example']")
    assert "Auditor / assessor" in row.inner_text() and "Active" in row.inner_text()
    row.get_by_role("button", name="Deactivate").click()
    page.wait_for_url("**/bodies/alpha-cert/members/")
    assert "Deactivated on" in page.locator("tr[data-email='nina@alpha.example']").inner_text()

    assert member.goto("/bodies/alpha-cert/").status == 404  # the open session no longer reaches the body
    member.goto("/dashboard/")
    member.locator("header form button[type=submit]").click()  # sign out
    member.wait_for_url("**/login/")
    _login(member, "nina@alpha.example", MEMBER_PASSWORD)
    member.locator("#no-membership").wait_for()
    assert "no active membership" in member.locator("#no-membership").inner_text()
    assert "/login/" in member.url
    fresh.close()


def test_the_people_pages_do_not_scroll_sideways_at_390_px(
    page: Any, owner: Any, team: Any, body_a: Body
) -> None:
    owner.is_superuser = True
    owner.set_password(PASSWORD)
    owner.save()
    with unscoped():
        _inv, token = invitations.invite(body_a, "nina@alpha.example", Role.AUDITOR, invited_by=owner)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"/invitations/{token}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _login(page, owner.email, PASSWORD)
    page.wait_for_url("**/dashboard/")
    for url in ("/bodies/alpha-cert/members/", "/platform/bodies/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url

"""In Chromium: two-factor enrolment and sign-in, and a body that requires two-factor of its staff."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django_otp.oath import totp

from casys.accounts.models import Body, Membership, Role, User
from tests.conftest import make_body, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def app_code(secret_on_page: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key read off the page (RFC 6238, via django-otp)."""
    raw = secret_on_page.replace(" ", "")
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    return f"{totp(key, step=30, t0=-steps_ahead * 30, digits=6):06d}"


def sign_in(page: Any, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def enrol(page: Any) -> str:
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret)
    assert page.locator(".qr svg").is_visible()
    page.get_by_label("Code from the app").fill(app_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.locator("#recovery-codes code").count() == 10
    return secret


@pytest.fixture
def alpha(db: Any) -> Body:
    return make_body("alpha-cert", name="Alpha Certification")


@pytest.fixture
def olga(alpha: Body) -> User:
    user = make_user("olga@alpha.example", "Olga Owner", password=PASSWORD)
    Membership.all_objects.create(user=user, body=alpha, role=Role.ADMIN)
    return user


def test_a_user_enrols_then_signs_in_with_password_and_code(page: Any, olga: User) -> None:
    sign_in(page, olga.email)
    page.wait_for_url("**/dashboard/")
    page.get_by_role("link", name="Olga Owner").click()
    page.wait_for_url("**/account/security/")
    secret = enrol(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")

    sign_in(page, olga.email)
    page.wait_for_url("**/login/verify/**")
    page.goto("/dashboard/")  # not signed in yet: back to the code
    assert "/login/verify/" in page.url
    page.get_by_label("Code", exact=True).fill(app_code(secret, steps_ahead=1))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").last.click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("link", name="Alpha Certification").first.is_visible()


def test_a_body_that_requires_two_factor_sends_a_new_staff_member_to_enrolment(
    page: Any, chromium: Any, live_server: Any, olga: User, alpha: Body
) -> None:
    sign_in(page, olga.email)
    page.goto("/bodies/alpha-cert/")
    with page.expect_navigation():
        page.get_by_role("button", name="Require two-factor sign-in for staff").click()
    page.goto("/dashboard/")  # the administrator is staff too: enrolment first
    assert "/account/security/" in page.url

    newcomer = make_user("new.auditor@alpha.example", "Nina New", password=PASSWORD)
    Membership.all_objects.create(user=newcomer, body=alpha, role=Role.AUDITOR)
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    fresh = context.new_page()
    try:
        sign_in(fresh, newcomer.email)
        fresh.wait_for_url("**/account/security/**")
        notice = fresh.locator("#mfa-required").inner_text()
        assert "Alpha Certification requires two-factor sign-in" in notice
        fresh.goto("/bodies/alpha-cert/")
        assert "/account/security/" in fresh.url
        enrol(fresh)
        with fresh.expect_navigation():
            fresh.locator("#continue").click()
        fresh.goto("/bodies/alpha-cert/")
        assert fresh.locator("h1").inner_text() == "Alpha Certification"
    finally:
        context.close()


def test_the_sign_in_and_security_pages_fit_a_phone(page: Any, olga: User) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/login/", "/password-reset/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    sign_in(page, olga.email)
    page.goto("/account/security/")
    assert page.locator("#totp-secret").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

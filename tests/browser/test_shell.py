"""In Chromium: a demo user signs in and sees the dashboard in English, French and Russian."""

import pytest

from casys.demo import DEMO_PASSWORD, load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD = {
    "en": ("Dashboard", "Your bodies"),
    "fr": ("Tableau de bord", "Vos organismes"),
    "ru": ("Панель управления", "Ваши органы"),
}


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_a_demo_user_signs_in_and_sees_the_translated_dashboard(page, language: str) -> None:
    load()
    page.goto("/login/")
    if language != "en":
        with page.expect_navigation():
            page.select_option("#language", language)
    assert page.locator("html").get_attribute("lang") == language
    page.fill("#id_username", "auditor@baltcert.example")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    heading, section = DASHBOARD[language]
    assert page.locator("h1").inner_text() == heading
    assert page.get_by_role("heading", name=section).is_visible()
    assert page.get_by_text("Baltic Certification Ltd").first.is_visible()


def test_a_wrong_password_shows_an_error_and_no_dashboard(page) -> None:
    load()
    page.goto("/login/")
    page.fill("#id_username", "auditor@baltcert.example")
    page.fill("#id_password", "wrong password")
    with page.expect_navigation():  # the form posts and the login page comes back with the error
        page.locator("main button[type=submit]").click()
    assert page.locator(".error").is_visible()
    assert "/login/" in page.url

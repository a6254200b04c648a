"""Chromium: open the URL a certificate's QR code carries, see the chain; search in two scripts."""

from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.accreditation.services import accreditations as acc_services
from casys.accreditation.services import recognition as rec_services
from casys.attestations.identity import verification_path
from casys.attestations.services.issue import Entry, issue
from tests.conftest import make_body
from tests.keys import use_data_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(body_a, settings, tmp_path):
    use_data_dir(settings, tmp_path)
    ab = make_body("nordic-ab", kind="accreditation_body", name="Nordic AB", country="SE")
    with unscoped():
        acc_services.grant(
            ab,
            acc_services.GrantInput(
                body_a,
                "NAB-1",
                "ISO/IEC 17021-1",
                date(2020, 1, 1),
                date(2099, 1, 1),
                (acc_services.ScopeInput("ISO 9001:2015", ("17",)),),
            ),
        )
        rec_services.import_statuses(
            [
                {
                    "body": "nordic-ab",
                    "arrangement": "IAF-MLA",
                    "activity": "certification-management-systems",
                    "normativeDocument": "ISO/IEC 17021-1",
                    "subScope": "ISO 9001",
                    "validFrom": "2015-01-01",
                }
            ],
            source="test",
        )
        issue(
            body_a,
            [
                Entry(
                    number="Q-7",
                    status="active",
                    holder_name="ООО «Газпромснаб-Тест»",
                    holder_name_en="",
                    country="RU",
                    standards=("ISO 9001:2015",),
                    iaf_codes=("17",),
                    original_issue_date=date(2024, 3, 1),
                    issue_date=date(2024, 3, 1),
                    expiry_date=date(2099, 2, 28),
                    accreditation_body="nordic-ab",
                )
            ],
            source="test",
        )
    return body_a


def test_the_qr_code_url_shows_each_link_of_the_chain(page, published):
    page.goto(verification_path("alpha-cert", "Q-7"))  # the path the certification PDF's QR code carries
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "recognized"
    for link in ("certificate", "accreditation", "recognition"):
        assert page.locator(f"tr.link-{link}").get_attribute("data-state") == "pass"
    assert "Газпромснаб" in page.locator("#holder").inner_text()


def test_gazprom_in_either_script_finds_the_same_certificate(page, published):
    found = []
    for text in ("Газпром", "Gazprom"):
        page.goto("/registry/")
        page.get_by_label("Certificate number or company name").fill(text)
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        found.append(page.locator("table.results tbody td:first-child a").all_inner_texts())
    assert found == [["Q-7"], ["Q-7"]]
    page.click("table.results tbody td:first-child a")
    assert page.locator("tr.link-recognition").get_attribute("data-state") == "pass"

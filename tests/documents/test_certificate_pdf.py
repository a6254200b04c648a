"""The management-system certificate PDF, read back as text: every element of ISO/IEC 17021-1:2015
8.2.2 in each language it is issued in; the accreditation symbol and number when, and only when,
an accreditation covers the certificate's scope on its issue date."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.accreditation.services import accreditations as acc_svc
from casys.certification.models import Certificate
from casys.certification.models import Client as CertClient
from tests.certification import conftest as cert_fixtures
from tests.documents.conftest import give_template
from tests.documents.pdftext import pdf_images_per_page, pdf_pages, squash

pytestmark = pytest.mark.django_db

# the certification fixtures, used here by name
anna = cert_fixtures.anna
application = cert_fixtures.application
cert_client = cert_fixtures.cert_client
certified = cert_fixtures.certified
fixed_day = cert_fixtures.fixed_day

#: What each language page must say, beyond the names and numbers that are the same in all.
WORDING = {
    "en": {
        "title": "Certificate",
        "country": "Germany",
        "cb_country": "Latvia",
        "sector": "Basic metals and fabricated metal products",
        "function": "Head of certification",
        "issued": "10 March 2026",
        "expiry": "9 March 2029",
        "accredited": "Accredited by Nordic Accreditation Service to ISO/IEC 17021-1",
        "number_label": "Accreditation number",
    },
    "fr": {
        "title": "Certificat",
        "country": "Allemagne",
        "cb_country": "Lettonie",
        "sector": "Métallurgie et produits métalliques",
        "function": "Directrice de la certification",
        "issued": "10 mars 2026",
        "expiry": "9 mars 2029",
        "accredited": "Accrédité par Nordic Accreditation Service selon ISO/IEC 17021-1",
        "number_label": "Numéro d’accréditation",
    },
    "ru": {
        "title": "Сертификат",
        "country": "Германия",
        "cb_country": "Латвия",
        "sector": "Основные металлы и готовые металлические изделия",
        "function": "Руководитель органа по сертификации",
        "issued": "10 марта 2026",
        "expiry": "9 марта 2029",
        "accredited": "Аккредитован Nordic Accreditation Service по ISO/IEC 17021-1",
        "number_label": "Номер аккредитации",
    },
}


@pytest.fixture
def issuer_body(body_a: Body) -> Body:
    Body.all_objects.filter(pk=body_a.pk).update(address="Brīvības iela 21", city="Rīga")
    body_a.refresh_from_db()
    give_template(body_a)
    return body_a


def _accredit(nas: Body, cab: Body, codes: tuple[str, ...], *, valid_from: date = date(2025, 1, 1)) -> None:
    with unscoped():
        acc_svc.grant(
            nas,
            acc_svc.GrantInput(
                cab=cab,
                number="NAS-CB-101",
                standard="ISO/IEC 17021-1",
                valid_from=valid_from,
                valid_until=date(2030, 12, 31),
                scope=(acc_svc.ScopeInput("ISO 9001:2015", codes),),
            ),
        )


def _pdf(owner_client: Client, language: str | None = None) -> tuple[Certificate, bytes]:
    with unscoped():
        cert = Certificate.all_objects.get()
        if language:
            CertClient.all_objects.filter(pk=cert.client_id).update(language=language)
    response = owner_client.get(f"/certification/alpha-cert/certificates/{cert.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return cert, response.content


@pytest.mark.parametrize("second", ["fr", "ru"])
def test_every_element_of_8_2_2_is_on_the_certificate_in_each_of_its_languages(
    issuer_body, nas, certified, owner_client, second
) -> None:
    _accredit(nas, issuer_body, ("17", "18"))
    cert, pdf = _pdf(owner_client, second)
    pages = [squash(p) for p in pdf_pages(pdf, layout=False)]
    assert len(pages) == 2, "one page per language"
    for language, page in zip(["en", second], pages, strict=True):
        w = WORDING[language]
        expected = [
            w["title"],
            "Müller Präzisionsteile GmbH",  # a) the certified client
            f"Industriestraße 4, Stuttgart, {w['country']}",  # a) its geographical location
            "Stuttgart plant",  # a) each site covered
            w["issued"],  # b) date of grant (the original certification and this issue)
            w["expiry"],  # c) expiry date
            cert.number,  # d) unique identification code
            "ISO 9001:2015",  # e) the normative document with its edition
            "Machining of precision parts",  # f) the scope
            f"17 {w['sector']}",  # f) the sector, translated
            "Alpha Certification",  # g) the certification body's name
            f"Brīvības iela 21 Rīga, {w['cb_country']}",  # g) its address
            "Olga Owner",  # the authorised signatory
            w["function"],  # and the signatory's function, in the page's language
            w["accredited"],  # the accreditation symbol's words and the number
            f"{w['number_label']}: NAS-CB-101",
        ]
        missing = [e for e in expected if e not in page]
        assert f"/registry/verify/alpha-cert/{cert.number}/" in page.replace(" ", "")  # wraps in its column
        assert not missing, f"{language}: {missing}"
    images = pdf_images_per_page(pdf)
    # logo, certification mark, accreditation symbol and signature on each language's page
    assert images == {1: 4, 2: 4}


def test_an_english_only_certificate_has_one_page(issuer_body, certified, owner_client) -> None:
    _cert, pdf = _pdf(owner_client, "en")
    pages = pdf_pages(pdf)
    assert len(pages) == 1 and "Certificate" in pages[0] and "Certificat " not in pages[0]


def test_without_an_accreditation_the_certificate_carries_no_symbol_and_no_number(
    issuer_body, certified, owner_client
) -> None:
    _cert, pdf = _pdf(owner_client)
    text = squash(" ".join(pdf_pages(pdf)))
    assert "Accredited by" not in text and "Accrédité par" not in text
    assert "Accreditation number" not in text and "NAS-CB-101" not in text
    assert pdf_images_per_page(pdf) == {1: 3, 2: 3}  # logo, mark, signature: no symbol


def test_an_accreditation_whose_scope_lacks_the_iaf_code_puts_no_symbol_on_the_certificate(
    issuer_body, nas, certified, owner_client
) -> None:
    _accredit(nas, issuer_body, ("28",))  # the certificate is for IAF 17
    _cert, pdf = _pdf(owner_client)
    assert "NAS-CB-101" not in " ".join(pdf_pages(pdf))


def test_an_accreditation_granted_after_the_issue_date_puts_no_symbol_on_the_certificate(
    issuer_body, nas, certified, owner_client
) -> None:
    _accredit(nas, issuer_body, ("17",), valid_from=date(2026, 6, 1))  # issued 10 March 2026
    _cert, pdf = _pdf(owner_client)
    assert "NAS-CB-101" not in " ".join(pdf_pages(pdf))


def test_a_suspended_accreditation_puts_no_symbol_on_the_certificate(
    issuer_body, nas, certified, owner_client
) -> None:
    _accredit(nas, issuer_body, ("17",))
    with unscoped():
        from casys.accreditation.models import Accreditation

        acc = Accreditation.all_objects.get(number="NAS-CB-101")
        acc_svc.record_event(acc, date(2026, 2, 1), "suspended", reason="assessment overdue")
    _cert, pdf = _pdf(owner_client)
    assert "NAS-CB-101" not in " ".join(pdf_pages(pdf))


def test_a_body_without_a_template_still_issues_a_complete_certificate(certified, owner_client) -> None:
    cert, pdf = _pdf(owner_client)
    text = squash(" ".join(pdf_pages(pdf)))
    for expected in (cert.number, "Alpha Certification", "Authorised signatory", "ISO 9001:2015"):
        assert expected in text

"""The laboratory test report PDF, read back as text: ISO/IEC 17025:2017 7.8.2.1 a)-p), 7.8.3 and
7.8.6, per language; the report number and "page x of y" on every page; a clear end; the
accreditation statement only for an accredited method; the customer's language by default."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.accreditation.services import accreditations as acc_svc
from casys.auditlog.services import SYSTEM, Actor
from casys.laboratory.models import TestReport, TestResult
from casys.laboratory.services.reports import create_report, issue_report, set_customer_record
from casys.laboratory.services.results import record_result
from tests.documents.conftest import give_template
from tests.documents.pdftext import pdf_images_per_page, pdf_pages, squash
from tests.laboratory import conftest as lab_fixtures

pytestmark = pytest.mark.django_db

# the laboratory fixtures, used here by name
agreements = lab_fixtures.agreements
analyst = lab_fixtures.analyst
body_a = lab_fixtures.body_a
body_b = lab_fixtures.body_b
customer = lab_fixtures.customer
method = lab_fixtures.method
result = lab_fixtures.result
reviewer = lab_fixtures.reviewer
reviewer_client = lab_fixtures.reviewer_client

WORDING = {
    "en": {
        "title": "Test report",
        "lab_activities": "Location of the laboratory activities",
        "premises": "The laboratory's permanent facilities",
        "country": "France",
        "received": "25 February 2026",
        "tested": "1 March 2026",
        "issued": "10 March 2026",
        "relate": "The results relate only to the items tested, as received.",
        "method": "Method",
        "rule": "Guarded acceptance",
        "uncertainty": "Measurement uncertainty",
        "external": "Result provided by an external provider: Laboratoire Partenaire SAS",
        "remarks": "Additions, deviations and exclusions",
        "authorised": "Report authorised by",
        "function": "Head of the laboratory",
        "end": "End of report",
        "page": "Page {x} of {y}",
        "accredited": "Accredited by Nordic Accreditation Service to ISO/IEC 17025",
        "accreditation_number": "Accreditation number",
        "not_covered": "Not covered by the accreditation",
    },
    "fr": {
        "title": "Rapport d'essai",
        "lab_activities": "Lieu des activités du laboratoire",
        "premises": "Les installations permanentes du laboratoire",
        "country": "France",
        "received": "25 février 2026",
        "tested": "1 mars 2026",
        "issued": "10 mars 2026",
        "relate": "Les résultats ne se rapportent qu'aux objets soumis à l'essai, tels que reçus.",
        "method": "Méthode",
        "rule": "Acceptation avec bande de garde",
        "uncertainty": "Incertitude de mesure",
        "external": "Résultat fourni par un prestataire externe : Laboratoire Partenaire SAS",
        "remarks": "Ajouts, écarts et exclusions",
        "authorised": "Rapport autorisé par",
        "function": "Responsable du laboratoire",
        "end": "Fin du rapport",
        "page": "Page {x} sur {y}",
        "accredited": "Accrédité par Nordic Accreditation Service selon ISO/IEC 17025",
        "accreditation_number": "Numéro d’accréditation",
        "not_covered": "Non couvert par l'accréditation",
    },
    "ru": {
        "title": "Протокол испытаний",
        "lab_activities": "Место проведения лабораторной деятельности",
        "premises": "Постоянные помещения лаборатории",
        "country": "Франция",
        "received": "25 февраля 2026",
        "tested": "1 марта 2026",
        "issued": "10 марта 2026",
        "relate": "Результаты относятся только к испытанным объектам в состоянии при получении.",
        "method": "Методика",
        "rule": "Приемка с защитной полосой",
        "uncertainty": "Неопределённость измерения",
        "external": "Результат предоставлен внешним поставщиком: Laboratoire Partenaire SAS",
        "remarks": "Дополнения, отклонения и исключения",
        "authorised": "Протокол утвердил",
        "function": "Руководитель лаборатории",
        "end": "Конец протокола",
        "page": "Страница {x} из {y}",
        "accredited": "Аккредитован Nordic Accreditation Service по ISO/IEC 17025",
        "accreditation_number": "Номер аккредитации",
        "not_covered": "Не входит в область аккредитации",
    },
}


@pytest.fixture
def lab(body_a: Body) -> Body:
    Body.all_objects.filter(pk=body_a.pk).update(address="12 rue de la Métrologie", city="Lyon", country="FR")
    body_a.refresh_from_db()
    give_template(
        body_a,
        signatory_name="Rita Reviewer",
        signatory_function="Head of the laboratory",
        signatory_function_fr="Responsable du laboratoire",
        signatory_function_ru="Руководитель лаборатории",
    )
    return body_a


@pytest.fixture
def french_customer(lab: Body, customer: Body) -> Body:
    Body.all_objects.filter(pk=customer.pk).update(address="3 quai Fillon", city="Givors", country="FR")
    customer.refresh_from_db()
    with unscoped():
        set_customer_record(
            lab,
            customer,
            actor=SYSTEM,
            report_language="fr",
            contact_name="Greta Gamma",
            contact_email="greta@gamma.example",
        )
    return customer


def _results(lab: Body, customer: Body, method, count: int) -> list[TestResult]:
    with unscoped():
        rows = [
            record_result(
                lab,
                actor=SYSTEM,
                method=method,
                customer=customer,
                sample=f"Gauge G-{n}",
                measured_on=date(2026, 3, 1),
                value=10.0 + n * 0.02,
                u=0.01,
                k=2.0,
                item_description=f"Steel gauge block no. {n}, nominal 10 mm",
                received_on=date(2026, 2, 25),
                external_provider="Laboratoire Partenaire SAS" if n == 0 else "",
            )
            for n in range(count)
        ]
    return rows


def _issued(lab, customer, method, agreements, reviewer, *, count=1, language=None, remarks="") -> TestReport:
    results = _results(lab, customer, method, count)
    with unscoped():
        report = create_report(
            lab,
            actor=SYSTEM,
            customer=customer,
            title="Gauge blocks, lot 7",
            results=results,
            agreements=agreements,
            remarks=remarks,
        )
        return issue_report(
            report, actor=Actor(user=reviewer, label=str(reviewer)), on=date(2026, 3, 10), language=language
        )


def _pdf(client: Client, report: TestReport) -> bytes:
    response = client.get(f"/laboratory/alpha-lab/reports/{report.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def _accredit(nas: Body, lab: Body, methods: tuple[str, ...]) -> None:
    with unscoped():
        acc_svc.grant(
            nas,
            acc_svc.GrantInput(
                cab=lab,
                number="NAS-LAB-007",
                standard="ISO/IEC 17025",
                activity="testing",
                valid_from=date(2025, 1, 1),
                valid_until=date(2029, 12, 31),
                scope=(acc_svc.ScopeInput("ISO/IEC 17025:2017", methods=methods),),
            ),
        )


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_every_element_of_7_8_2_1_is_in_the_report_in_its_language(
    lab, french_customer, method, agreements, reviewer, reviewer_client, nas, language
) -> None:
    _accredit(nas, lab, ("length",))
    report = _issued(
        lab, french_customer, method, agreements, reviewer, language=language, remarks="Measured at 21 °C."
    )
    pdf = _pdf(reviewer_client, report)
    text = squash(" ".join(pdf_pages(pdf, layout=False)))
    w = WORDING[language]
    expected = [
        w["title"],  # a) a title
        "Alpha Laboratory",  # b) the name of the laboratory
        f"12 rue de la Métrologie, Lyon, {w['country']}",  # b) its address
        w["lab_activities"],  # c) the location of the laboratory activities
        w["premises"],
        report.number,  # d) unique identification (and on every page: below)
        "Gamma Steel",  # e) the customer
        "Greta Gamma",  # e) its contact
        "greta@gamma.example",
        w["method"],  # f) the method used
        "Length of a gauge",
        "Steel gauge block no. 0, nominal 10 mm",  # g) description and identification of the item
        "Gauge G-0",
        w["received"],  # h) date of receipt of the item
        w["tested"],  # i) date(s) of performance
        w["issued"],  # j) date of issue
        w["relate"],  # m) the results relate only to the items tested, as received
        w["uncertainty"],  # 7.8.3 a) the measurement uncertainty
        w["rule"],  # 7.8.6 the decision rule applied
        w["remarks"],  # additions, deviations, exclusions
        "Measured at 21 °C.",
        w["authorised"],  # o) the person authorising the report
        "Rita Reviewer",
        w["function"],
        w["external"],  # p) results from external providers identified
        w["accredited"],  # the accreditation statement: the method is in the accredited scope
        w["accreditation_number"],
        "NAS-LAB-007",
        w["end"],  # a clear end of the report
    ]
    missing = [e for e in expected if e not in text]
    assert not missing, f"{language}: {missing}"
    assert re.search(r"y = 10[.,]000 mm", text)  # n) the result with its unit
    assert re.search(r"U = 0[.,]020 mm", text)  # 7.8.3 a) the expanded uncertainty with its unit
    assert w["not_covered"] not in text


def test_a_long_report_has_its_number_and_page_x_of_y_on_every_page_and_ends_on_the_last(
    lab, french_customer, method, agreements, reviewer, reviewer_client
) -> None:
    report = _issued(lab, french_customer, method, agreements, reviewer, count=6)
    pages = pdf_pages(_pdf(reviewer_client, report))
    total = len(pages)
    assert total >= 3
    w = WORDING["fr"]  # the customer's language: the report was issued without choosing another
    for n, page in enumerate(pages, start=1):
        assert report.number in page, f"page {n}"
        assert w["page"].format(x=n, y=total) in squash(page), f"page {n}"
        assert ("Fin du rapport" in page) == (n == total), f"page {n}"


def test_the_first_page_is_not_near_empty(
    lab, french_customer, method, agreements, reviewer, reviewer_client
) -> None:
    report = _issued(lab, french_customer, method, agreements, reviewer, count=3)
    first = pdf_pages(_pdf(reviewer_client, report))[0]
    lines = [line for line in first.splitlines() if line.strip()]
    assert len(lines) >= 30, first
    assert "Gauge G-0" in first


def test_without_an_accreditation_the_report_has_no_accreditation_statement(
    lab, french_customer, method, agreements, reviewer, reviewer_client
) -> None:
    report = _issued(lab, french_customer, method, agreements, reviewer, language="en")
    pdf = _pdf(reviewer_client, report)
    text = squash(" ".join(pdf_pages(pdf, layout=False)))
    assert "Accredited by" not in text and "Accreditation number" not in text and "accredited)" not in text
    # the logo (issuer block on page 1, running header after) and the signature: no symbol
    assert sum(pdf_images_per_page(pdf).values()) == len(pdf_pages(pdf)) + 1


def test_an_accreditation_for_another_method_gives_no_statement(
    lab, french_customer, method, agreements, reviewer, reviewer_client, nas
) -> None:
    _accredit(nas, lab, ("hardness",))
    report = _issued(lab, french_customer, method, agreements, reviewer, language="en")
    text = " ".join(pdf_pages(_pdf(reviewer_client, report)))
    assert "NAS-LAB-007" not in text


def test_the_statement_is_frozen_with_the_report_at_issue(
    lab, french_customer, method, agreements, reviewer, reviewer_client, nas
) -> None:
    report = _issued(lab, french_customer, method, agreements, reviewer, language="en")
    _accredit(nas, lab, ("length",))  # granted after the report was issued
    assert "NAS-LAB-007" not in " ".join(pdf_pages(_pdf(reviewer_client, report)))


def test_the_report_language_follows_the_customer_record_and_the_choice_when_issuing(
    lab, french_customer, method, agreements, reviewer, reviewer_client
) -> None:
    results = _results(lab, french_customer, method, 1)
    with unscoped():
        draft = create_report(
            lab, actor=SYSTEM, customer=french_customer, title="T", results=results, agreements=agreements
        )
    assert draft.language == "fr"
    page = reviewer_client.get(f"/laboratory/alpha-lab/reports/{draft.pk}/").content.decode()
    assert re.search(r'<option value="fr" selected>', page)
    reviewer_client.post(f"/laboratory/alpha-lab/reports/{draft.pk}/issue/", {"language": "ru"})
    with unscoped():
        draft.refresh_from_db()
    assert draft.issued and draft.language == "ru"
    assert "Протокол испытаний" in " ".join(pdf_pages(_pdf(reviewer_client, draft)))


def test_issuing_in_an_unknown_language_is_refused_and_leaves_the_draft(
    lab, french_customer, method, agreements, reviewer, reviewer_client
) -> None:
    results = _results(lab, french_customer, method, 1)
    with unscoped():
        draft = create_report(
            lab, actor=SYSTEM, customer=french_customer, title="T", results=results, agreements=agreements
        )
    response = reviewer_client.post(
        f"/laboratory/alpha-lab/reports/{draft.pk}/issue/", {"language": "de"}, follow=True
    )
    assert "language: choose one of en, fr, ru" in response.content.decode()
    with unscoped():
        draft.refresh_from_db()
    assert not draft.issued and draft.number == ""

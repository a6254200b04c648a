"""Pages: the owner works, a team member without a lab role reads (403 on changes), an outsider gets 404."""

from __future__ import annotations

import math
from datetime import date

import pytest

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.laboratory.models import DecisionRuleAgreement, TestMethod, TestReport, TestResult
from casys.laboratory.services.reports import create_report
from tests.laboratory.conftest import MODEL

pytestmark = pytest.mark.django_db

READ_PAGES = [
    "/laboratory/alpha-lab/",
    "/laboratory/alpha-lab/methods/",
    "/laboratory/alpha-lab/methods/length/",
    "/laboratory/alpha-lab/agreements/",
    "/laboratory/alpha-lab/results/",
    "/laboratory/alpha-lab/reports/",
    "/laboratory/alpha-lab/sampling/",
]
ROLE_PAGES = [
    "/laboratory/alpha-lab/methods/new/",
    "/laboratory/alpha-lab/results/new/",
    "/laboratory/alpha-lab/reports/new/",
]


@pytest.fixture
def report(body_a, customer, agreements, result) -> TestReport:
    with unscoped():
        return create_report(
            body_a,
            actor=SYSTEM,
            customer=customer,
            title="Gauge report",
            results=[result],
            agreements=agreements,
        )


@pytest.mark.parametrize("path", READ_PAGES + ROLE_PAGES)
def test_the_owner_opens_every_page(owner_client, method, path: str) -> None:
    assert owner_client.get(path).status_code == 200


@pytest.mark.parametrize("path", READ_PAGES)
def test_a_team_member_reads_the_pages(team_client, method, path: str) -> None:
    assert team_client.get(path).status_code == 200


@pytest.mark.parametrize("path", ROLE_PAGES)
def test_a_team_member_without_a_laboratory_role_gets_403_on_changes(team_client, method, path: str) -> None:
    assert team_client.get(path).status_code == 403


@pytest.mark.parametrize("path", READ_PAGES + ROLE_PAGES)
def test_an_outsider_gets_404(outsider_client, method, path: str) -> None:
    assert outsider_client.get(path).status_code == 404


def test_a_certification_body_has_no_laboratory_pages(outsider_client, outsider) -> None:
    cert = Body.all_objects.create(slug="cert-b", name="Cert B", kind="certification_body", country="EE")
    from casys.accounts.models import Membership, Role

    Membership.all_objects.create(user=outsider, body=cert, role=Role.ADMIN)
    assert outsider_client.get("/laboratory/cert-b/").status_code == 404
    assert outsider_client.get("/laboratory/cert-b/sampling/").status_code == 200


def test_the_home_page_lists_only_my_laboratories(owner_client, outsider_client, body_b) -> None:
    assert "Alpha Laboratory" in owner_client.get("/laboratory/").content.decode()
    page = outsider_client.get("/laboratory/").content.decode()
    assert "Beta Laboratory" in page and "Alpha Laboratory" not in page


def test_an_analyst_defines_a_method_and_sees_its_budget_chart(analyst_client) -> None:
    response = analyst_client.post(
        "/laboratory/alpha-lab/methods/new/",
        {
            "code": "len2",
            "title": "Length",
            "measurand": "length",
            "unit": "mm",
            "lower_limit": "9.9",
            "upper_limit": "",
            "uncertainty_source": "model",
            "model_toml": MODEL,
            "coverage_probability": "0.95",
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/laboratory/alpha-lab/methods/len2/"
    assert "<svg" in page and "Uncertainty budget" in page and "≥ 9.9 mm" in page


def test_the_method_form_shows_the_model_error_at_the_key(analyst_client) -> None:
    response = analyst_client.post(
        "/laboratory/alpha-lab/methods/new/",
        {
            "code": "len2",
            "title": "Length",
            "measurand": "length",
            "unit": "mm",
            "lower_limit": "9.9",
            "uncertainty_source": "model",
            "model_toml": MODEL.replace("low = -0.01\n", ""),
            "coverage_probability": "0.95",
        },
    )
    assert response.status_code == 200
    assert "inputs.dL.low: missing" in response.content.decode()
    with unscoped():
        assert not TestMethod.objects.filter(code="len2").exists()


def test_the_analyst_records_a_result_and_sees_statements_and_pictures(
    analyst_client, method, customer, agreements
) -> None:
    response = analyst_client.post(
        "/laboratory/alpha-lab/results/new/",
        {
            "method": method.pk,
            "customer": customer.pk,
            "sample": "G-9",
            "measured_on": "2026-03-02",
            "value": "10.09",
            "model_toml": MODEL,
            "mcm_seed": "5",
            "trials": "10000",
        },
        follow=True,
    )
    page = response.content.decode()
    with unscoped():
        result = TestResult.objects.get(sample="G-9")
    assert response.redirect_chain[-1][0] == f"/laboratory/alpha-lab/results/{result.pk}/"
    assert "Simple acceptance" in page and "Guarded acceptance" in page
    assert page.count("<svg") == 4  # two tolerance charts, the budget, the Monte Carlo histogram
    assert 'class="coverage"' in page
    # the GUM interval checked against the Monte Carlo one (JCGM 101:2008 8.2), whichever way it goes
    v = result.computation["mcm"]["validation"]
    shown = "GUM validated by Monte Carlo" if v["validated"] else "GUM not validated by Monte Carlo"
    assert shown in page and "JCGM 101:2008 8.2, u(y) to 2 significant digits" in page
    # the histogram labels the shortest interval as the text reports it, rounded like U
    places = max(0, 1 - math.floor(math.log10(result.U)))
    low, high = (f"{end:.{places}f}" for end in result.computation["mcm"]["shortest"])
    assert f">{low}<" in page and f">{high}<" in page and f"[{low}, {high}]" in page


def test_a_team_member_cannot_post_a_result(team_client, method, customer) -> None:
    response = team_client.post(
        "/laboratory/alpha-lab/results/new/",
        {"method": method.pk, "customer": customer.pk, "sample": "G-9", "measured_on": "2026-03-02"},
    )
    assert response.status_code == 403
    with unscoped():
        assert not TestResult.objects.exists()


def test_the_result_page_is_404_for_an_outsider(owner_client, outsider_client, result) -> None:
    path = f"/laboratory/alpha-lab/results/{result.pk}/"
    assert owner_client.get(path).status_code == 200
    assert outsider_client.get(path).status_code == 404
    assert outsider_client.get(f"/laboratory/beta-lab/results/{result.pk}/").status_code == 404


def test_a_reviewer_records_an_agreement_and_adds_a_customer(reviewer_client, customer, method) -> None:
    response = reviewer_client.post(
        "/laboratory/alpha-lab/agreements/",
        {
            "customer": customer.pk,
            "method": "",
            "rule": "guarded-rejection",
            "r": "0.5",
            "binary": "non-binary",
            "agreed_on": "2026-02-01",
            "customer_representative": "Greta Gamma",
        },
        follow=True,
    )
    assert "Guarded rejection (r = 0.5)" in response.content.decode()
    reviewer_client.post("/laboratory/alpha-lab/agreements/", {"name": "Delta SA", "country": "fr"})
    with unscoped():
        agreement = DecisionRuleAgreement.objects.get()
        assert (agreement.rule, agreement.binary, agreement.agreed_on) == (
            "guarded-rejection",
            False,
            date(2026, 2, 1),
        )
        assert Body.objects.get(name="Delta SA").managed_by.slug == "alpha-lab"


def test_an_analyst_cannot_record_an_agreement(analyst_client, customer) -> None:
    response = analyst_client.post(
        "/laboratory/alpha-lab/agreements/",
        {
            "customer": customer.pk,
            "rule": "simple",
            "r": "1",
            "binary": "binary",
            "agreed_on": "2026-02-01",
            "customer_representative": "G",
        },
    )
    assert response.status_code == 403


def test_the_report_pages_for_owner_team_and_outsider(
    owner_client, team_client, outsider_client, report
) -> None:
    for path in (
        f"/laboratory/alpha-lab/reports/{report.pk}/",
        f"/laboratory/alpha-lab/reports/{report.pk}/pdf/",
    ):
        assert owner_client.get(path).status_code == 200
        assert team_client.get(path).status_code == 200
        assert outsider_client.get(path).status_code == 404
    pdf = owner_client.get(f"/laboratory/alpha-lab/reports/{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_only_a_reviewer_issues_and_amends(
    analyst_client, team_client, reviewer_client, outsider_client, report
) -> None:
    issue = f"/laboratory/alpha-lab/reports/{report.pk}/issue/"
    assert analyst_client.post(issue).status_code == 403
    assert team_client.post(issue).status_code == 403
    assert outsider_client.post(issue).status_code == 404
    page = reviewer_client.post(issue, follow=True).content.decode()
    assert "ALPHA-LAB-" in page and "Statement of conformity" in page
    amend = f"/laboratory/alpha-lab/reports/{report.pk}/amend/"
    assert analyst_client.post(amend, {"reason": "x"}).status_code == 403
    response = reviewer_client.post(amend, {"reason": "Typo in the title"}, follow=True)
    with unscoped():
        draft = TestReport.objects.get(supersedes=report)
    assert response.redirect_chain[-1][0] == f"/laboratory/alpha-lab/reports/{draft.pk}/"
    reviewer_client.post(f"/laboratory/alpha-lab/reports/{draft.pk}/issue/")
    old = reviewer_client.get(f"/laboratory/alpha-lab/reports/{report.pk}/").content.decode()
    assert "This report is superseded by report" in old


def test_drafting_a_report_from_the_form(analyst_client, customer, agreements, result) -> None:
    page = analyst_client.get(
        f"/laboratory/alpha-lab/reports/new/?customer={customer.pk}&title=T"
    ).content.decode()
    assert "Gauge G-7" in page
    response = analyst_client.post(
        "/laboratory/alpha-lab/reports/new/",
        {
            "customer": customer.pk,
            "title": "Gauges",
            "results": [result.pk],
            "agreements": [a.pk for a in agreements],
        },
        follow=True,
    )
    assert "Gauges" in response.content.decode()
    with unscoped():
        report = TestReport.objects.get()
        assert list(report.results.all()) == [result]


def test_the_sampling_page_shows_the_plan_and_its_oc_curve(team_client) -> None:
    # MIL-STD-105E Table I: lot 3201-10000, level II -> L; Table II-A: L, AQL 1.0 -> n 200, Ac 5, Re 6
    page = team_client.get(
        "/laboratory/alpha-lab/sampling/?lot_size=5000&level=II&aql=1.0&inspection=normal"
    ).content.decode()
    assert "n = 200" in page and "Ac = 5" in page and "Re = 6" in page
    assert 'class="oc"' in page


def test_the_sampling_page_shows_what_the_plan_does_and_marks_aql_and_lq_on_the_curve(team_client) -> None:
    # n = 200, Ac = 5 (Table II-A, L / 1.0): P_a at 1 % = binomial CDF; LQ10 = 0.90 quantile of
    # Beta(Ac + 1, n - Ac) (the binomial CDF as an incomplete beta function); not table values
    from scipy.stats import beta, binom

    page = team_client.get(
        "/laboratory/alpha-lab/sampling/?lot_size=5000&level=II&aql=1.0&inspection=normal"
    ).content.decode()
    assert f"{binom.cdf(5, 200, 0.01) * 100:.1f}\u00a0%" in page
    assert f"{beta.ppf(0.90, 6, 195) * 100:.2f}\u00a0%" in page
    assert page.count('class="oc-mark"') == 2 and "LQ (Pa = 10 %)" in page


def test_the_sampling_page_says_when_a_table_cell_is_withheld(owner_client) -> None:
    # MIL-STD-105E Table II-C, code letter B (lot of 5 at level II), AQL 40: the public transcription's
    # plan breaks the table's structure, so casys withholds the cell (casys/core/data/iso2859/README.md)
    page = owner_client.get(
        "/laboratory/alpha-lab/sampling/?lot_size=5&level=II&aql=40&inspection=reduced"
    ).content.decode()
    assert "Table II-C" in page and "does not ship" in page and "n = " not in page


def test_the_sampling_page_shows_a_double_plan(owner_client) -> None:
    # MIL-STD-105E Table III-A, code letter L, AQL 1.0: n1 = n2 = 125, Ac 2/6, Re 5/7 (as transcribed
    # in AQLSchemes 1.7-2; see casys/core/data/iso2859/README.md)
    page = owner_client.get(
        "/laboratory/alpha-lab/sampling/?lot_size=5000&level=II&aql=1.0&inspection=normal&double=on"
    ).content.decode()
    assert "n₁ = 125, Ac₁ = 2, Re₁ = 5" in page and "n₂ = 125, Ac₂ = 6, Re₂ = 7" in page
    assert "Average sample number at the AQL" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ("Déclaration de conformité", "Acceptation simple", "conforme", "Bilan d'incertitude")),
        ("ru", ("Заявление о соответствии", "Простая приемка", "соответствует", "Бюджет неопределённости")),
    ],
)
def test_the_report_reads_in_french_and_russian(owner_client, report, language: str, words: tuple) -> None:
    owner_client.cookies["django_language"] = language
    page = owner_client.get(f"/laboratory/alpha-lab/reports/{report.pk}/").content.decode()
    for word in words[:3]:
        assert word in page
    overview = owner_client.get("/laboratory/alpha-lab/methods/length/").content.decode()
    assert words[3] in overview

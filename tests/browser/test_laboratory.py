"""In Chromium: a laboratory defines a method, agrees two decision rules, records a result near a limit,
and issues a report whose statement of conformity differs between the two rules."""

from __future__ import annotations

from datetime import date

import pytest

from casys.accounts.models import BodyKind, Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.laboratory.services.agreements import add_customer, record_agreement
from casys.laboratory.services.methods import create_method
from casys.laboratory.services.reports import create_report, issue_report
from casys.laboratory.services.results import record_result
from tests.conftest import make_body, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "lab-test-password-1"
MODEL = """[model]
expression = "L + dL"
[inputs.L]
distribution = "normal"
mean = 10.0
std = 0.01
[inputs.dL]
distribution = "rectangular"
low = -0.01
high = 0.01
"""


def _sign_in(page, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _submit(page, form: str = "main form.labform") -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def test_a_result_near_a_limit_passes_simple_acceptance_and_fails_guarded_acceptance(page) -> None:
    lab = make_body("alpha-lab", kind=BodyKind.LABORATORY, name="Alpha Laboratory")
    user = make_user("head@alpha.example", "Hana Head", password=PASSWORD)
    for role in (Role.ANALYST, Role.REPORT_REVIEWER):
        Membership.all_objects.create(user=user, body=lab, role=role)
    _sign_in(page, "head@alpha.example")

    # the laboratory is reached from the main navigation
    page.get_by_role("link", name="Laboratory", exact=True).click()
    page.locator("main a.card", has_text="Alpha Laboratory").click()
    page.get_by_role("link", name="Methods", exact=True).click()
    page.get_by_role("link", name="Define a method").click()
    page.fill("#id_code", "gauge-length")
    page.fill("#id_title", "Length of a gauge block")
    page.fill("#id_measurand", "length at 20 °C")
    page.fill("#id_unit", "mm")
    page.fill("#id_lower_limit", "9.9")
    page.fill("#id_upper_limit", "10.1")
    page.select_option("#id_uncertainty_source", "model")
    page.fill("#id_model_toml", MODEL)
    _submit(page)
    assert page.locator("h1").inner_text() == "Length of a gauge block"
    assert page.locator("figure.chart svg").count() == 1  # the budget bars

    # a customer and two agreed decision rules (ISO/IEC 17025 7.1.3)
    page.get_by_role("link", name="Decision rules", exact=True).click()
    page.fill("#id_name", "Gamma Steel")
    page.fill("#id_country", "FR")
    _submit(page, "#customer-form")
    for rule, statement in (("simple", "binary"), ("guarded-acceptance", "non-binary")):
        page.select_option("#id_customer", label="Gamma Steel")
        page.select_option("#id_rule", rule)
        page.fill("#id_r", "1")
        page.select_option("#id_binary", statement)
        page.fill("#id_customer_representative", "Greta Gamma")
        _submit(page, "#agreement-form")
    assert page.locator("table tbody tr").count() == 2

    # a result near the upper limit: y = 10.09 mm, u from the model (GUM)
    page.get_by_role("link", name="Methods", exact=True).click()
    page.get_by_role("link", name="gauge-length").click()
    page.get_by_role("link", name="Record a result").click()
    page.select_option("#id_customer", label="Gamma Steel")
    page.fill("#id_sample", "Gauge block GB-17")
    page.fill("#id_value", "10.09")
    _submit(page)
    assert "y = 10.090 mm" in page.locator("main").inner_text()

    # the report, reviewed and issued
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name="Draft a report").click()
    page.select_option("#id_customer", label="Gamma Steel")
    page.fill("#id_title", "Gauge block calibration")
    _submit(page)
    _submit(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Review and issue the report").click()

    text = page.locator("main").inner_text()
    assert "ALPHA-LAB-" in text and "Issued" in text
    decisions = page.locator(".decision")
    assert decisions.count() == 2
    simple, guarded = decisions.nth(0).inner_text(), decisions.nth(1).inner_text()
    assert simple.startswith("Simple acceptance") and "pass" in simple.split("—")[0]
    assert "conditional" not in simple
    assert guarded.startswith("Guarded acceptance") and "conditional pass" in guarded
    assert "U = 0.023 mm" in text  # U = k·u_c, u_c² = 0.01² + (0.01/√3)² (JCGM 100 4.3.7), k = 1.96
    assert decisions.nth(0).locator("svg").count() == 1 and decisions.nth(1).locator("svg").count() == 1
    assert page.locator("svg .guard-band").count() == 2


def test_an_issued_report_is_amended_by_a_new_report_that_supersedes_it(page) -> None:
    lab = make_body("alpha-lab", kind=BodyKind.LABORATORY, name="Alpha Laboratory")
    user = make_user("reviewer@alpha.example", "Rita Reviewer", password=PASSWORD)
    Membership.all_objects.create(user=user, body=lab, role=Role.REPORT_REVIEWER)
    with unscoped():
        method = create_method(
            lab,
            actor=SYSTEM,
            code="len",
            title="Length",
            measurand="length",
            unit="mm",
            lower_limit=9.9,
            upper_limit=10.1,
            uncertainty_source="entered",
        )
        customer = add_customer(lab, actor=SYSTEM, name="Gamma Steel", country="FR")
        rule = record_agreement(
            lab,
            actor=SYSTEM,
            customer=customer,
            method=None,
            rule="simple",
            r=0.0,
            binary=True,
            agreed_on=date(2026, 1, 5),
            customer_representative="Greta Gamma",
        )
        result = record_result(
            lab,
            actor=SYSTEM,
            method=method,
            customer=customer,
            sample="G-1",
            measured_on=date(2026, 3, 1),
            value=10.0,
            u=0.01,
            k=2.0,
        )
        first = create_report(
            lab, actor=SYSTEM, customer=customer, title="Gauges", results=[result], agreements=[rule]
        )
        first = issue_report(first, actor=SYSTEM, on=date(2026, 3, 10))
    _sign_in(page, "reviewer@alpha.example")
    page.goto(f"/laboratory/alpha-lab/reports/{first.pk}/")
    assert page.get_by_role("button", name="Review and issue the report").count() == 0  # issued: never edited
    page.fill("#id_reason", "The customer's address was wrong")
    with page.expect_navigation():
        page.get_by_role("button", name="Draft an amendment").click()
    assert "This report supersedes report ALPHA-LAB-2026-0001." in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Review and issue the report").click()
    assert page.locator("h1").inner_text().startswith("Test report ALPHA-LAB-")
    page.goto(f"/laboratory/alpha-lab/reports/{first.pk}/")
    assert "This report is superseded by report" in page.locator(".superseded").inner_text()

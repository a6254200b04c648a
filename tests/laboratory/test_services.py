"""Services: methods, agreements, results and reports call casys.core and log every change."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from casys.core.uncertainty import gum, mcm, numerical_tolerance, parse_model_file, validate
from casys.laboratory.models import BudgetRow, TestMethod, TestReport
from casys.laboratory.services import LabInputError
from casys.laboratory.services.agreements import add_customer, record_agreement
from casys.laboratory.services.methods import create_method
from casys.laboratory.services.reports import (
    ReportIssuedError,
    amend_report,
    content,
    create_report,
    issue_report,
)
from casys.laboratory.services.results import record_result
from casys.laboratory.services.uncertainty import (
    budget_evaluation,
    model_evaluation,
    parse_budget,
    parse_model,
)
from tests.laboratory.conftest import MODEL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


def _method(body, **fields):
    values = dict(
        code="m",
        title="T",
        measurand="x",
        unit="g",
        lower_limit=1.0,
        upper_limit=2.0,
        uncertainty_source="model",
        model_toml=MODEL,
    )
    values.update(fields)
    return create_method(body, actor=SYSTEM, **values)


def test_a_model_with_a_missing_parameter_is_refused_naming_the_key(body_a) -> None:
    bad = MODEL.replace("high = 0.01\n", "")
    with pytest.raises(LabInputError, match=r"^model_toml: inputs\.dL\.high: missing"):
        _method(body_a, model_toml=bad)
    assert not TestMethod.objects.exists()


def test_a_model_expression_error_names_the_position(body_a) -> None:
    bad = MODEL.replace('"L + dL"', '"L + * dL"')
    with pytest.raises(LabInputError, match=r"^model_toml: model\.expression: column 5: "):
        _method(body_a, model_toml=bad)


def test_a_budget_row_error_names_the_row_and_nothing_is_written(body_a) -> None:
    with pytest.raises(LabInputError, match=r"^budget row 2: u must be a finite number > 0"):
        _method(body_a, uncertainty_source="budget", budget_text="repeatability; 0.1\nbalance; -0.2; 1")
    assert not TestMethod.objects.exists()
    assert not BudgetRow.objects.exists()


def test_limits_must_be_ordered_and_at_least_one_given(body_a) -> None:
    with pytest.raises(LabInputError, match="^upper_limit: must be above"):
        _method(body_a, lower_limit=2.0, upper_limit=1.0)
    with pytest.raises(LabInputError, match="^lower_limit: give a lower limit"):
        _method(body_a, lower_limit=None, upper_limit=None)


def test_a_one_sided_method_with_a_budget_is_defined_and_logged(body_a) -> None:
    method = _method(body_a, uncertainty_source="budget", budget_text="a; 3; 1; 4\nb; 4", lower_limit=None)
    assert [(r.position, r.quantity, r.u, r.c, r.dof) for r in method.budget_rows.all()] == [
        (1, "a", 3.0, 1.0, 4.0),
        (2, "b", 4.0, 1.0, None),
    ]
    assert method.limits_text == "≤ 2 g"
    entry = AuditEntry.objects.get(action="laboratory.method.created")
    assert entry.data["code"] == "m"


def test_the_budget_evaluation_follows_welch_satterthwaite() -> None:
    # JCGM 100:2008 eq. (10) and G.2b: u_c² = 3² + 4² = 25; ν_eff = 5⁴ / (3⁴/4) = 30.86
    evaluation = budget_evaluation(parse_budget("a; 3; 1; 4\nb; 4"), 0.95)
    assert evaluation["u"] == 5.0
    assert evaluation["df"] == pytest.approx(625 / (81 / 4))
    assert evaluation["k"] == pytest.approx(2.042, abs=5e-4)  # t_0.975 with 30 degrees of freedom
    assert [round(b["share"], 2) for b in evaluation["budget"]] == [0.36, 0.64]


def test_a_result_from_the_model_carries_the_gum_uncertainty(body_a, customer, method) -> None:
    result = record_result(
        body_a, actor=SYSTEM, method=method, customer=customer, sample="S1", measured_on=date(2026, 3, 1)
    )
    model = parse_model_file(MODEL)
    expected = gum(model.model, model.inputs, model.correlations)
    assert (result.y, result.u, result.k, result.U, result.evaluation) == (
        expected.y,
        expected.u,
        expected.k,
        expected.U,
        "gum",
    )
    assert result.computation["mcm"] is None


def test_a_result_with_a_seed_runs_monte_carlo_reproducibly(body_a, customer, method) -> None:
    kwargs = dict(method=method, customer=customer, sample="S", measured_on=date(2026, 3, 1), mcm_seed=7)
    first = record_result(body_a, actor=SYSTEM, trials=20_000, **kwargs)
    second = record_result(body_a, actor=SYSTEM, trials=20_000, **kwargs)
    model = parse_model_file(MODEL)
    expected = mcm(model.model, model.inputs, seed=7, trials=20_000)
    assert first.computation["mcm"] == second.computation["mcm"]
    assert first.computation["mcm"]["u"] == expected.u
    assert first.computation["mcm"]["shortest"] == [expected.shortest.low, expected.shortest.high]
    assert sum(first.computation["mcm"]["histogram"]["counts"]) == 20_000
    assert first.evaluation == "gum+mcm"
    # the GUM interval is validated against this Monte Carlo run (JCGM 101:2008 8.2)
    v = validate(gum(model.model, model.inputs), expected, n_dig=2, interval="symmetric")
    assert first.computation["mcm"]["validation"] == {
        "n_dig": 2,
        "delta": v.delta,
        "d_low": v.d_low,
        "d_high": v.d_high,
        "validated": v.validated,
    }


LINEAR = """
[model]
expression = "a + b"
[inputs.a]
distribution = "normal"
mean = 1.0
std = 1.0
[inputs.b]
distribution = "normal"
mean = 2.0
std = 1.0
"""

# JCGM 101:2008 9.4.2, comparison loss with uncorrelated inputs at x1 = 0.010:
# Y = X1² + X2², X1 ~ N(0.010, 0.005²), X2 ~ N(0, 0.005²). The supplement shows that the
# GUF (first order) misrepresents this output (its interval is symmetric, the PDF is not).
COMPARISON_LOSS = """
[model]
expression = "X1**2 + X2**2"
[inputs.X1]
distribution = "normal"
mean = 0.010
std = 0.005
[inputs.X2]
distribution = "normal"
mean = 0.0
std = 0.005
"""


def test_the_gum_interval_of_a_linear_normal_model_is_validated_by_monte_carlo() -> None:
    # y = 3, u = √2 = 1.4 to two digits, δ = 0.05 (JCGM 101:2008 7.9.2); both intervals are
    # y ± 1.96·√2, so at 10⁵ trials they agree to well within δ.
    out = model_evaluation(parse_model(LINEAR), mcm_seed=11, trials=100_000)
    v = out["mcm"]["validation"]
    assert v["delta"] == numerical_tolerance(out["gum"]["u"], 2) == pytest.approx(0.05)
    assert v["validated"] and max(v["d_low"], v["d_high"]) < v["delta"]


def test_the_gum_interval_of_the_comparison_loss_is_not_validated_by_monte_carlo() -> None:
    out = model_evaluation(parse_model(COMPARISON_LOSS), mcm_seed=11, trials=100_000)
    v = out["mcm"]["validation"]
    # GUF first order: y = 1.0e-4, u = 2·x1·u(x1) = 1.0e-4, δ = 0.05e-4 (two digits of u)
    assert out["gum"]["u"] == pytest.approx(1.0e-4)
    assert v["delta"] == pytest.approx(5e-6)
    assert not v["validated"] and max(v["d_low"], v["d_high"]) > 5 * v["delta"]


def test_a_result_refuses_a_bad_model_naming_the_key(body_a, customer, method) -> None:
    with pytest.raises(LabInputError, match=r"^model_toml: inputs\.L\.std"):
        record_result(
            body_a,
            actor=SYSTEM,
            method=method,
            customer=customer,
            sample="S",
            measured_on=date(2026, 3, 1),
            model_toml=MODEL.replace("std = 0.01", 'std = "x"'),
        )


def test_an_entered_uncertainty_needs_a_value_and_a_positive_u(body_a, customer, method) -> None:
    base = dict(method=method, customer=customer, sample="S", measured_on=date(2026, 3, 1))
    with pytest.raises(LabInputError, match="^value: is required"):
        record_result(body_a, actor=SYSTEM, u=0.1, **base)
    with pytest.raises(LabInputError, match="^u: must be a finite number > 0"):
        record_result(body_a, actor=SYSTEM, value=1.0, u=-0.1, **base)
    result = record_result(body_a, actor=SYSTEM, value=1.5, u=0.1, k=2.0, **base)
    assert (result.y, result.u, result.k, result.U, result.evaluation) == (1.5, 0.1, 2.0, 0.2, "entered")


def test_a_result_for_another_labs_customer_is_refused(body_a, body_b, method) -> None:
    stranger = add_customer(body_b, actor=SYSTEM, name="Stranger SA", country="FR")
    with pytest.raises(LabInputError, match="^customer: is not a customer of this laboratory"):
        record_result(
            body_a, actor=SYSTEM, method=method, customer=stranger, sample="S", measured_on=date(2026, 3, 1)
        )


def test_an_agreement_records_date_and_people_and_a_guard_band_needs_r(body_a, customer, owner) -> None:
    with pytest.raises(LabInputError, match="^r: "):
        record_agreement(
            body_a,
            actor=SYSTEM,
            customer=customer,
            method=None,
            rule="guarded-acceptance",
            r=0.0,
            binary=True,
            agreed_on=date(2026, 1, 1),
            customer_representative="G",
        )
    with pytest.raises(LabInputError, match="^customer_representative: "):
        record_agreement(
            body_a,
            actor=SYSTEM,
            customer=customer,
            method=None,
            rule="simple",
            r=0.0,
            binary=True,
            agreed_on=date(2026, 1, 1),
            customer_representative=" ",
        )
    from casys.auditlog.services import Actor

    agreement = record_agreement(
        body_a,
        actor=Actor(user=owner, label="o"),
        customer=customer,
        method=None,
        rule="simple",
        r=3.0,
        binary=True,
        agreed_on=date(2026, 1, 1),
        customer_representative="Greta",
    )
    assert (agreement.r, agreement.agreed_by, agreement.agreed_on) == (0.0, owner, date(2026, 1, 1))
    assert (
        AuditEntry.objects.get(action="laboratory.agreement.recorded").data["customer_representative"]
        == "Greta"
    )


def test_the_report_states_conformity_under_each_agreed_rule(body_a, customer, agreements, result) -> None:
    report = create_report(
        body_a, actor=SYSTEM, customer=customer, title="R", results=[result], agreements=agreements
    )
    row = content(report)["results"][0]
    # JCGM 106:2012 7.3: p_c = Φ((T_U - y)/u) - Φ((T_L - y)/u) with y = 10.09, u = 0.01
    p_c = norm.cdf((10.1 - 10.09) / 0.01) - norm.cdf((9.9 - 10.09) / 0.01)
    simple, guarded = row["decisions"]
    assert (simple["rule"], simple["statement"], simple["accepted"]) == ("simple", "pass", True)
    # ILAC G8:09/2019 4.2.2: w = r·U = 0.02; acceptance limit A_U = 10.08 < 10.09
    assert (guarded["rule"], guarded["statement"], guarded["accepted"]) == (
        "guarded-acceptance",
        "fail",
        False,
    )
    assert guarded["A_U"] == pytest.approx(10.08)
    assert simple["p_c"] == pytest.approx(p_c)
    assert simple["R_C"] == pytest.approx(1 - p_c)


def test_an_issued_report_is_numbered_frozen_and_never_edited(body_a, customer, agreements, result) -> None:
    report = create_report(
        body_a, actor=SYSTEM, customer=customer, title="R", results=[result], agreements=agreements
    )
    report = issue_report(report, actor=SYSTEM, on=date(2026, 3, 10))
    assert (report.number, report.status, report.issued_on) == (
        "ALPHA-LAB-2026-0001",
        "issued",
        date(2026, 3, 10),
    )
    frozen = content(report)
    with unscoped():
        type(result).objects.filter(pk=result.pk).update(y=9.0)
    assert content(TestReport.objects.get(pk=report.pk)) == frozen
    with pytest.raises(ReportIssuedError, match="is issued already"):
        issue_report(report, actor=SYSTEM, on=date(2026, 3, 11))


def test_an_amendment_is_a_new_report_that_supersedes_the_issued_one(
    body_a, customer, agreements, result
) -> None:
    first = issue_report(
        create_report(
            body_a, actor=SYSTEM, customer=customer, title="R", results=[result], agreements=agreements
        ),
        actor=SYSTEM,
        on=date(2026, 3, 10),
    )
    with pytest.raises(LabInputError, match="^reason: "):
        amend_report(first, actor=SYSTEM, reason="")
    draft = amend_report(first, actor=SYSTEM, reason="Customer address corrected")
    with pytest.raises(LabInputError, match="has an amendment already"):
        amend_report(first, actor=SYSTEM, reason="again")
    second = issue_report(draft, actor=SYSTEM, on=date(2026, 3, 12))
    assert second.number == "ALPHA-LAB-2026-0002"
    assert content(second)["supersedes"] == "ALPHA-LAB-2026-0001"
    assert content(second)["amendment_reason"] == "Customer address corrected"
    assert TestReport.objects.get(pk=first.pk).snapshot == first.snapshot
    actions = list(
        AuditEntry.objects.filter(action__startswith="laboratory.report")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "laboratory.report.drafted",
        "laboratory.report.issued",
        "laboratory.report.amended",
        "laboratory.report.issued",
    ]


def test_a_report_without_an_agreed_rule_cannot_be_issued(body_a, customer, result) -> None:
    report = create_report(
        body_a, actor=SYSTEM, customer=customer, title="R", results=[result], agreements=[]
    )
    with pytest.raises(LabInputError, match="^agreements: "):
        issue_report(report, actor=SYSTEM, on=date(2026, 3, 10))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(1e-6, 1e3),
            st.floats(-1e2, 1e2).filter(lambda c: abs(c) > 1e-6),
            st.one_of(st.none(), st.floats(1.0, 200.0)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_budget_shares_add_to_one_and_u_c_bounds_every_contribution(rows) -> None:
    text = "\n".join(
        f"q{i}; {u!r}; {c!r}; {'' if dof is None else repr(dof)}" for i, (u, c, dof) in enumerate(rows)
    )
    evaluation = budget_evaluation(parse_budget(text), 0.95)
    assert sum(b["share"] for b in evaluation["budget"]) == pytest.approx(1.0)
    assert all(abs(b["cu"]) <= evaluation["u"] * (1 + 1e-12) for b in evaluation["budget"])
    assert evaluation["k"] >= 1.959  # k_95 from the t-distribution is never below the normal quantile

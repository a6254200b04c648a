"""What each decision rule means for a method (casys.laboratory.services.rule_risks) and its page section."""

import math
from datetime import date

import pytest
from scipy.stats import norm

from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.core.conformity import AcceptanceInterval, ToleranceInterval, global_risks
from casys.laboratory.services.results import record_result
from casys.laboratory.services.rule_risks import MIN_RESULTS_FOR_PRIOR, process_prior, rule_risks

pytestmark = pytest.mark.django_db


def test_no_prior_is_taken_from_fewer_results_than_the_minimum() -> None:
    assert process_prior([10.0] * (MIN_RESULTS_FOR_PRIOR - 1), 0.01) is None


def test_results_that_scatter_no_more_than_u_give_no_process_spread() -> None:
    values = [10.0 + 0.001 * (i % 3) for i in range(12)]
    prior = process_prior(values, 0.01)
    assert prior is not None and prior.u0 is None and prior.why_not


def test_the_process_spread_is_the_spread_of_the_results_less_the_measurement() -> None:
    values = [10.0 + 0.03 * ((i * 7) % 11 - 5) / 5 for i in range(20)]
    prior = process_prior(values, 0.01)
    mean = sum(values) / len(values)
    s = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    assert prior.y0 == pytest.approx(mean) and prior.s == pytest.approx(s)
    assert prior.u0 == pytest.approx(math.sqrt(s * s - 0.01**2))


def test_each_rule_has_its_acceptance_interval_and_worst_specific_risks(method) -> None:
    # w = U = 2u on [9.9, 10.1] with u = 0.01: an item accepted on A_U = 10.08 under guarded
    # acceptance is nonconforming with probability Φ(-2) + Φ(-18) (JCGM 106:2012 9.3.2; ILAC
    # G8:09/2019 4.2.2 states this risk is below 2.5 % for w = U at k = 2)
    rows = {row.rule.value: row for row in rule_risks(method, 0.01, 0.02, None)}
    simple, accept, reject = rows["simple"], rows["guarded-acceptance"], rows["guarded-rejection"]
    assert (simple.A_L, simple.A_U) == (9.9, 10.1)
    assert simple.worst_R_C == pytest.approx(0.5, abs=1e-12) and simple.worst_R_P == pytest.approx(
        0.5, abs=1e-12
    )
    assert (accept.A_L, accept.A_U) == (pytest.approx(9.92), pytest.approx(10.08))
    assert accept.worst_R_C == pytest.approx(norm.cdf(-2) + norm.cdf(-18), rel=1e-9)
    assert accept.worst_R_C < 0.025 and accept.worst_R_P == pytest.approx(1 - accept.worst_R_C)
    assert (reject.A_L, reject.A_U) == (pytest.approx(9.88), pytest.approx(10.12))
    assert reject.worst_R_P == pytest.approx(norm.cdf(-2), rel=1e-6)
    assert all(row.global_R_C is None for row in rows.values())


def test_a_guard_band_wider_than_the_interval_is_reported_not_raised(method) -> None:
    rows = {row.rule.value: row for row in rule_risks(method, 0.06, 0.12, None)}
    assert rows["guarded-acceptance"].error and rows["guarded-acceptance"].A_L is None
    assert not rows["guarded-rejection"].error


def test_global_risks_use_the_prior_of_the_results(method) -> None:
    values = [10.0 + 0.05 * ((i * 7) % 11 - 5) / 5 for i in range(20)]
    prior = process_prior(values, 0.01)
    rows = {row.rule.value: row for row in rule_risks(method, 0.01, 0.02, prior)}
    expected = global_risks(
        prior.y0, prior.u0, 0.01, ToleranceInterval(9.9, 10.1), AcceptanceInterval(9.92, 10.08)
    )
    assert rows["guarded-acceptance"].global_R_C == pytest.approx(expected.R_C, rel=1e-9)
    assert rows["guarded-acceptance"].global_R_P == pytest.approx(expected.R_P, rel=1e-9)
    # JCGM 106:2012 9.5: guarding inward trades consumer's risk for producer's risk
    assert (
        rows["guarded-acceptance"].global_R_C
        < rows["simple"].global_R_C
        < rows["guarded-rejection"].global_R_C
    )
    assert (
        rows["guarded-acceptance"].global_R_P
        > rows["simple"].global_R_P
        > rows["guarded-rejection"].global_R_P
    )


def test_the_method_page_shows_the_rules_and_asks_for_results_first(team_client, method) -> None:
    page = team_client.get(f"/laboratory/alpha-lab/methods/{method.code}/").content.decode()
    assert 'class="rule-simple"' in page and 'class="rule-guarded-acceptance"' in page
    assert "Global risks need at least 10 results" in page and 'class="global-rc"' not in page


def test_the_method_page_shows_global_risks_once_there_are_enough_results(
    team_client, body_a, customer, method
) -> None:
    with unscoped():
        for i in range(12):
            record_result(
                body_a,
                actor=SYSTEM,
                method=method,
                customer=customer,
                sample=f"Gauge {i}",
                measured_on=date(2026, 3, 1),
                value=10.0 + 0.04 * ((i * 5) % 12 - 5.5) / 5.5,
            )
    page = team_client.get(f"/laboratory/alpha-lab/methods/{method.code}/").content.decode()
    assert page.count('class="global-rc"') == 3 and "results recorded with this method" in page


def test_an_outsider_cannot_see_a_methods_rules(outsider_client, method) -> None:
    assert outsider_client.get(f"/laboratory/alpha-lab/methods/{method.code}/").status_code == 404

"""The laboratory demo: LCEM's methods, agreements, results near and far from limits, an issued report."""

from __future__ import annotations

import pytest

from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.demo import USERS, load
from casys.laboratory.models import DecisionRuleAgreement, TestMethod, TestReport, TestResult
from casys.laboratory.services.rule_risks import process_prior
from casys.laboratory.views.results import result_row

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (TestMethod, DecisionRuleAgreement, TestResult, TestReport))


def test_the_demo_loads_realistic_laboratory_data_and_loading_twice_changes_nothing() -> None:
    for email, name, _body, _role in USERS:  # without passwords: hashing 15 of them would take seconds
        User.objects.create_user(email, None, full_name=name)
    load()
    with unscoped():
        first = _counts()
    load()
    with unscoped():
        assert _counts() == first == (3, 4, 18, 2)  # 12 of the results are the tensile method's history
        issued = TestReport.objects.get(status="issued")
        assert issued.number == "LCEM-2026-0001"
        assert [r["decisions"][0]["statement"] for r in issued.snapshot["results"]] == ["pass", "fail"]
        near = TestResult.objects.get(sample="Heat 24-121, bar 1")
        statements = {d["rule"]: d["statement"] for d in result_row(near)["decisions"]}
    assert statements == {"simple": "pass", "guarded-acceptance": "conditional pass"}
    with unscoped():
        draft = TestReport.objects.get(status="draft")
        assert sorted(r.sample for r in draft.results.all()) == ["Heat 24-118, bar 3", "Heat 24-121, bar 1"]
        tensile = TestMethod.objects.get(code="tensile-s355")
        values = list(TestResult.objects.filter(method=tensile).values_list("y", flat=True))
        u = TestResult.objects.filter(method=tensile).first().u
    prior = process_prior(values, u)
    assert prior is not None and prior.u0 is not None  # the method page can show global risks

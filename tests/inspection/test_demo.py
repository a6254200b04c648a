"""The demo's inspection bodies show what issue 15 asks for: one body of each type, inspections in every
state, an item out of service after a dangerous defect, a corrected report superseding an earlier one,
a measured check failing by a decision rule with uncertainty."""

from __future__ import annotations

import pytest

from casys.attestations.models import Attestation
from casys.demo import load
from casys.inspection.models import CheckResult, Inspection, InspectionReport, Item, ScopeLine, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_what_the_issue_asks_for() -> None:
    logins = {email for email, _role, _body in load()}
    assert {"inspector@baltlift.example", "inspector@uralkran.example"} <= logins
    types = dict(ScopeLine.all_objects.values_list("body__slug", "independence").distinct())
    assert sorted(set(types.values())) == ["A", "B", "C"]
    for slug in ("baltlift", "rhone-inspection", "uralkran-inspection"):
        states = set(Inspection.all_objects.filter(body__slug=slug).values_list("state", flat=True))
        assert states == set(State.values), slug
    out = Item.all_objects.get(body__slug="baltlift", in_service=False)
    assert out.defects.filter(grade="dangerous").exists()
    corrected = InspectionReport.all_objects.get(supersedes__isnull=False)
    assert Attestation.all_objects.get(number=corrected.supersedes.number).status == "superseded"  # type: ignore[union-attr]
    guarded = CheckResult.all_objects.get(check_id="hook-throat-opening", passed=False)
    assert guarded.value == 4.6 and "guarded acceptance gives fail" in guarded.detail

"""Coverage of an inspection scheme's requirement profile by the answered checks (docs/audits.md,
"Coverage in product, inspection and verification schemes"): the lifting-equipment scheme's checks
name regulations of LOLER 1998; a report is refused while a requirement in scope has no answered
check for an item, the refusal naming the ids; the inspection page shows the table."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casys.accounts.models import Body, Role, User
from casys.attestations.models import Attestation
from casys.auditlog.services import SYSTEM, Actor
from casys.core.schemes import SchemeError, load_scheme
from casys.core.schemes.loader import parse_scheme
from casys.inspection.models import Inspection, InspectionReport, Instrument, Item, State
from casys.inspection.services import InspectionError, inspections, reports, setup
from casys.requirements.models import Kind, Requirement
from casys.requirements.services.catalogues import load_shipped
from tests.inspection.conftest import ON, answer_all, client_for, member

ISSUED = date(2026, 3, 3)
SCHEME = Path(__file__).resolve().parents[2] / "casys/schemes/lifting-equipment-periodic.toml"


@pytest.fixture
def loaded(db: Any) -> None:
    load_shipped()


def _reviewer_actor(user: User) -> Actor:
    return Actor(user=user, label=str(user))


def test_the_scheme_names_its_profile_and_each_check_its_requirements() -> None:
    plan = load_scheme("lifting-equipment-periodic").inspection
    assert plan is not None and plan.profile == "loler-1998-periodic"
    assert plan.item("marking").requirements == ("reg.7",)
    assert plan.item("brake-function").requirements == ("reg.4",)
    assert plan.covered({"marking"}) == {"reg.7"}


def test_requirement_ids_without_a_profile_are_refused_by_the_scheme_file() -> None:
    text = SCHEME.read_text(encoding="utf-8").replace('profile = "loler-1998-periodic"\n', "")
    with pytest.raises(SchemeError) as exc:
        parse_scheme(text, "lifting.toml")
    assert "checklist[0].requirements" in str(exc.value) and "profile" in str(exc.value)


def test_coverage_follows_the_answered_checks(loaded: None, started: Inspection, crane: Item) -> None:
    inspections.record_check(started, item=crane, check_id="marking", value="pass", on=ON, actor=SYSTEM)
    cov = inspections.requirement_coverage(started)
    assert cov is not None
    assert [r.uid for r in cov.requirements] == ["loler:1998/reg.4", "loler:1998/reg.7"]
    assert cov.matrix.rows == (("loler:1998/reg.4", (False,)), ("loler:1998/reg.7", (True,)))
    assert cov.uncovered == ("loler:1998/reg.4",)
    assert "loler:1998/reg.4" in (inspections.coverage_blocking(started) or "")


def test_a_report_is_issued_once_every_requirement_in_scope_is_covered(
    loaded: None, started: Inspection, crane: Item, gauge: Instrument, reviewer: User
) -> None:
    answer_all(started, crane, gauge)
    inspections.submit(started, on=ON, actor=SYSTEM)
    assert inspections.coverage_blocking(started) is None
    report = reports.issue_report(started, on=ISSUED, actor=_reviewer_actor(reviewer))
    assert report.number and Inspection.objects.get(pk=started.pk).state == State.REPORTED


def test_a_report_is_refused_naming_a_requirement_in_scope_no_check_covers(
    loaded: None, started: Inspection, crane: Item, gauge: Instrument, reviewer: User
) -> None:
    # the profile holds regulation 9 in scope, but no check of the checklist names it
    Requirement.objects.filter(uid="loler:1998/reg.9").update(kind=Kind.REQUIREMENT)
    answer_all(started, crane, gauge)
    inspections.submit(started, on=ON, actor=SYSTEM)
    with pytest.raises(InspectionError) as exc:
        reports.issue_report(started, on=ISSUED, actor=_reviewer_actor(reviewer))
    assert exc.value.field == "coverage"
    assert "loler:1998/reg.9" in str(exc.value) and "loler:1998/reg.4" not in str(exc.value)
    assert "ISO/IEC 17020:2012 7.1.1" in str(exc.value)
    assert not InspectionReport.all_objects.exists() and not Attestation.all_objects.exists()
    assert Inspection.objects.get(pk=started.pk).state == State.IN_REVIEW


def test_every_item_is_to_be_covered_not_only_one(
    loaded: None, started: Inspection, crane: Item, body_a: Body, client_body: Body
) -> None:
    second = setup.add_item(
        body_a, owner=client_body, identifier="CR-13", description="Crane 5 t", kind="item", actor=SYSTEM
    )
    started.items.add(second)
    inspections.record_check(started, item=crane, check_id="marking", value="pass", on=ON, actor=SYSTEM)
    cov = inspections.requirement_coverage(started)
    assert cov is not None and [i.identifier for i in cov.items] == ["CR-12", "CR-13"]
    assert dict(cov.matrix.rows)["loler:1998/reg.7"] == (True, False)
    assert "loler:1998/reg.7" in cov.uncovered


def test_a_check_naming_an_id_outside_the_profile_is_refused_by_name(
    loaded: None, started: Inspection, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = inspections.plan_of(started)
    bad = dataclasses.replace(plan.checklist[0], requirements=("reg.99",))
    wrong = dataclasses.replace(plan, checklist=(bad, *plan.checklist[1:]))
    monkeypatch.setattr(inspections, "plan_of", lambda _i: wrong)
    with pytest.raises(InspectionError) as exc:
        inspections.requirement_coverage(started)
    assert "marking" in str(exc.value) and "reg.99" in str(exc.value)


def test_without_the_profile_loaded_there_is_nothing_to_cover(started: Inspection) -> None:
    assert inspections.requirement_coverage(started) is None
    assert inspections.coverage_blocking(started) is None


STAFF = ["admin", "scheme_manager", "inspector", "report_reviewer", "decision_maker", "auditor"]


@pytest.mark.parametrize("role", [*STAFF, "outsider", "contact", "anonymous"])
def test_the_coverage_table_is_shown_to_every_staff_role_and_leaks_to_no_one_else(
    loaded: None,
    role: str,
    started: Inspection,
    crane: Item,
    inspector: User,
    reviewer: User,
    body_a: Body,
    body_b: Body,
    client_body: Body,
) -> None:
    inspections.record_check(started, item=crane, check_id="marking", value="pass", on=ON, actor=SYSTEM)
    url = reverse("inspection:inspection", args=[body_a.slug, started.pk])
    users = {
        "inspector": inspector,
        "report_reviewer": reviewer,
        "outsider": member("out@beta.example", "Otto Outsider", body_b, Role.ADMIN),
        "contact": member("con@harbour.example", "Carla Contact", client_body, Role.CLIENT_CONTACT),
    }
    if role == "anonymous":
        response = Client().get(url)
        assert response.status_code == 302 and "login" in response["Location"]
        return
    user = users.get(role) or member(f"{role}@alpha.example", role.title(), body_a, role)
    response = client_for(user).get(url)
    if role in ("outsider", "contact"):
        assert response.status_code == 404
        assert b"loler:1998" not in response.content
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="coverage-table"' in html and "loler:1998/reg.4" in html and "loler:1998/reg.7" in html
    assert 'id="coverage-blocked"' in html  # reg.4 not answered yet

"""Audit plans from the programme, checklists against requirement ids, remote rules, coverage."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from casys import clock
from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.certification.models import Application, Audit, Auditor, ChecklistEntry, FindingRequirement
from casys.certification.services import CertificationError, audits, checklists, coverage, decisions, plans
from casys.core import remote_audit
from casys.requirements.services.catalogues import load_shipped

ALL_MET = {c: True for c in remote_audit.CONDITION_IDS}
EVIDENCE = {c: f"minutes of the call of 2026-03-01, item {c}" for c in remote_audit.CONDITION_IDS}


@pytest.fixture
def catalogues(db: Any) -> None:
    load_shipped()


@pytest.fixture
def surveillance(certified: Application, anna: Auditor, ben: Auditor, catalogues: None) -> Audit:
    with unscoped():
        audit = certified.audits.filter(phase="surveillance").order_by("cycle", "latest").first()
        audits.plan_audit(audit, leader=anna, team=[ben], planned_on=date(2026, 9, 1), days=audit.days or 2)
        return Audit.all_objects.get(pk=audit.pk)


def lines_of(plan: Any, **change: Any) -> list[plans.LineInput]:
    return [
        plans.LineInput(
            days=change.get(i, (x.days, x.mode))[0],
            auditor=x.auditor,
            mode=change.get(i, (x.days, x.mode))[1],
            on=x.on,
        )
        for i, x in enumerate(plan.lines.all())
    ]


def test_the_generated_plan_adds_up_to_the_md5_audit_time(surveillance: Audit) -> None:
    with unscoped():
        plan = plans.generate(surveillance)
        lines = list(plan.lines.all())
        assert sum(Fraction(str(x.days)) for x in lines) == Fraction(str(surveillance.days))
        assert {x.auditor.name for x in lines} == {"Anna Auditor", "Ben Builder"}
        assert lines[0].process.startswith("4 Context of the organization")
        assert "iso9001:2015/4.1" in lines[0].requirement_ids
        assert all(x.site == "Stuttgart plant" for x in lines)


def test_it_refuses_a_plan_whose_times_do_not_add_up_and_saves_nothing(surveillance: Audit) -> None:
    with unscoped():
        plan = plans.generate(surveillance)
        before = [x.days for x in plan.lines.all()]
        changed = lines_of(plan, **{"0": None})
        changed[0] = plans.LineInput(days=changed[0].days + 0.125, auditor=changed[0].auditor, mode="on-site")
        with pytest.raises(
            CertificationError, match=r"^days: the plan's times add up to .* no more, no less"
        ):
            plans.save_lines(plan, changed)
        assert [x.days for x in plan.lines.all()] == before


def test_remote_lines_are_refused_while_a_ts_17012_condition_is_unmet(
    surveillance: Audit, owner: User
) -> None:
    with unscoped():
        plan = plans.generate(surveillance)
        changed = lines_of(plan)
        changed[-1] = plans.LineInput(days=changed[-1].days, auditor=changed[-1].auditor, mode="remote")
        with pytest.raises(
            CertificationError, match=r"^remote.objectives: condition of ISO/IEC TS 17012:2024 5.2.2"
        ):
            plans.save_lines(plan, changed)
        plans.assess_remote(
            surveillance.application,
            met={**ALL_MET, "capability": False},
            evidence=EVIDENCE,
            on=clock.today(),
        )
        with pytest.raises(CertificationError, match=r"^remote.capability:"):
            plans.save_lines(plan, changed)
        plans.assess_remote(surveillance.application, met=ALL_MET, evidence=EVIDENCE, on=clock.today())
        plans.save_lines(plan, changed)
        assert plan.lines.filter(mode="remote").count() == 1


def test_a_condition_recorded_as_met_needs_its_evidence(surveillance: Audit) -> None:
    with unscoped(), pytest.raises(CertificationError, match="^evidence_fallback: give the evidence"):
        plans.assess_remote(
            surveillance.application, met=ALL_MET, evidence={**EVIDENCE, "fallback": ""}, on=clock.today()
        )


def test_it_refuses_a_remote_share_above_the_scheme_maximum(surveillance: Audit) -> None:
    with unscoped():
        plans.assess_remote(surveillance.application, met=ALL_MET, evidence=EVIDENCE, on=clock.today())
        plan = plans.generate(surveillance)
        remote = [plans.LineInput(days=x.days, auditor=x.auditor, mode="remote") for x in plan.lines.all()]
        with pytest.raises(
            CertificationError,
            match=r"^remote_share: 100 % of the audit time is remote, above the scheme.s maximum 20 %",
        ):
            plans.save_lines(plan, remote)


def test_a_scope_extension_audit_needs_an_on_site_part(surveillance: Audit) -> None:
    with unscoped():
        surveillance.kind = "scope-extension-audit"
        surveillance.save()
        plans.assess_remote(surveillance.application, met=ALL_MET, evidence=EVIDENCE, on=clock.today())
        plan = plans.generate(surveillance)
        remote = [plans.LineInput(days=x.days, auditor=x.auditor, mode="remote") for x in plan.lines.all()]
        with pytest.raises(CertificationError, match="^mode: scope-extension-audit needs an on-site audit"):
            plans.save_lines(plan, remote)


def test_the_client_objects_to_a_team_member_with_a_reason(
    surveillance: Audit, ben: Auditor, contact: User
) -> None:
    with unscoped():
        plan = plans.generate(surveillance)
        plans.send(plan, on=clock.today())
        with pytest.raises(CertificationError, match="^reason: say why"):
            plans.answer(plan, accept=False, member=ben, reason=" ", user=contact, on=clock.today())
        plans.answer(
            plan,
            accept=False,
            member=ben,
            reason="He audited our competitor last month",
            user=contact,
            on=clock.today(),
        )
        assert plan.status == "objected" and plan.objected_member == ben


def _done(audit: Audit) -> Audit:
    with clock.travel_to(date(2026, 9, 1)):
        audits.record_audit(audit, done_on=date(2026, 9, 1), mode="on-site", days=audit.days or 2)
    return Audit.all_objects.get(pk=audit.pk)


def test_a_checklist_entry_raises_a_finding_against_requirement_ids(
    surveillance: Audit, anna: Auditor
) -> None:
    with unscoped():
        plans.generate(surveillance)
        assert checklists.prepare(surveillance) > 0
        audit = _done(surveillance)
        entry = ChecklistEntry.all_objects.get(audit=audit, auditor=anna, requirement__uid="iso9001:2015/4.1")
        with clock.travel_to(date(2026, 9, 2)):
            with pytest.raises(
                CertificationError,
                match="^requirements: iso9001:2015/99.9: not a requirement of profile iso9001",
            ):
                checklists.record(
                    entry, conformity="nonconform", grade="minor", finding_ids=["iso9001:2015/99.9"]
                )
            assert not FindingRequirement.all_objects.exists()
            checklists.record(
                entry,
                conformity="nonconform",
                notes="No context review",
                grade="minor",
                finding_ids=["4.2"],
                interviewees=["quality manager"],
            )
        finding = ChecklistEntry.all_objects.get(pk=entry.pk).finding
        assert finding is not None and finding.clause == "ISO 9001:2015 4.1, ISO 9001:2015 4.2"
        assert [r.requirement.uid for r in finding.requirements.all()] == [
            "iso9001:2015/4.1",
            "iso9001:2015/4.2",
        ]
        assert "iso9001:2015/4.2" in checklists.covered(audit)


def test_requirements_never_audited_block_the_recertification_decision(
    certified: Application, anna: Auditor, catalogues: None, team: User
) -> None:
    with unscoped():
        cycle = [a for a in certified.audits.all() if a.phase in ("surveillance", "recertification")]
        on = date(2026, 9, 1)
        for a in cycle:
            audits.plan_audit(a, leader=anna, team=[], planned_on=on, days=a.days or 1)
            plans.generate(Audit.all_objects.get(pk=a.pk))
            checklists.prepare(a)
            with clock.travel_to(a.latest or on):
                audits.record_audit(a, done_on=a.latest or on, mode="on-site", days=a.days or 1)
        last = cycle[-1]
        for e in ChecklistEntry.all_objects.filter(audit=last).exclude(requirement__uid="iso9001:2015/10.3"):
            e.conformity = "conform"
            e.save()
        cov = coverage.for_cycle(certified, 1)
        assert cov.uncovered == ("iso9001:2015/10.3",)
        with (
            clock.travel_to(last.latest),
            pytest.raises(
                CertificationError,
                match=r"coverage: 1 requirement\(s\) in scope never audited in the cycle "
                r"\(ISO/IEC 17021-1:2015 9.1.3\): iso9001:2015/10.3",
            ),
        ):
            decisions.take_decision(certified, review_notes="ok", user=team, on=last.latest)

"""The inspection body's rules as services enforce them: independence types A/B/C, competence,
instruments in calibration, checklist values of their type, defect consequences, photos."""

from __future__ import annotations

from datetime import date

import pytest

from casys.accounts.models import Body, Role, User
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM, Actor
from casys.inspection.models import CheckResult, Defect, Inspection, Instrument, Item, Photo, State
from casys.inspection.services import InspectionError, inspections, photos, setup
from tests.inspection.conftest import ON, answer_all, member

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _plan(body: Body, client: Body, item: Item, scheme: str = "lifting-equipment-periodic") -> Inspection:
    return inspections.plan_inspection(
        body, scheme_id=scheme, client=client, items=[item], planned_on=ON, actor=SYSTEM
    )


def test_it_refuses_two_types_for_one_scheme(body_a: Body, scope: None) -> None:
    with pytest.raises(InspectionError) as exc:
        setup.declare_scope(
            body_a, scheme_id="lifting-equipment-periodic", independence="A", declared_on=ON, actor=SYSTEM
        )
    assert exc.value.field == "independence" and "ILAC FAQ 26" in str(exc.value)


def test_a_type_a_line_needs_its_dated_declaration(body_b: Body) -> None:
    with pytest.raises(InspectionError) as exc:
        setup.declare_scope(
            body_b, scheme_id="lifting-equipment-periodic", independence="A", declared_on=None, actor=SYSTEM
        )
    assert exc.value.field == "declared_on" and "Annex A.1" in str(exc.value)


def test_a_type_b_body_refuses_a_client_outside_its_organisation(
    body_a: Body, scope: None, parent: Body, client_body: Body
) -> None:
    vessel = setup.add_item(
        body_a,
        owner=client_body,
        identifier="PV-1",
        description="Air receiver",
        kind="installation",
        actor=SYSTEM,
    )
    with pytest.raises(InspectionError) as exc:
        _plan(body_a, client_body, vessel, "pressure-equipment-periodic")
    assert exc.value.field == "client"
    assert "Annex A.2" in str(exc.value) and "Harbour Cranes" in str(exc.value)
    assert not Inspection.all_objects.exists()
    own = setup.add_item(
        body_a, owner=parent, identifier="PV-2", description="Boiler", kind="installation", actor=SYSTEM
    )
    assert _plan(body_a, parent, own, "pressure-equipment-periodic").state == State.PLANNED


def test_a_type_a_body_refuses_work_before_its_declaration(
    body_a: Body, scope: None, client_body: Body
) -> None:
    lot = setup.add_item(
        body_a,
        owner=client_body,
        identifier="LOT-1",
        description="Bolts",
        kind="batch",
        lot_size=5000,
        actor=SYSTEM,
    )
    with pytest.raises(InspectionError) as exc:
        inspections.plan_inspection(
            body_a,
            scheme_id="pre-shipment-sampling",
            client=client_body,
            items=[lot],
            planned_on=date(2025, 12, 1),
            actor=SYSTEM,
        )
    assert exc.value.field == "independence" and "Annex A.1" in str(exc.value)


def test_a_type_c_body_refuses_an_inspector_who_maintained_the_item(
    body_a: Body, client_body: Body, crane: Item, inspector: User
) -> None:
    setup.declare_involvement(
        body_a,
        inspector=inspector,
        item=crane,
        activity="maintenance",
        since=date(2025, 5, 1),
        until=date(2025, 12, 31),
        actor=SYSTEM,
    )
    planned = _plan(body_a, client_body, crane)
    with pytest.raises(InspectionError) as exc:
        inspections.assign(planned, inspector=inspector, on=ON, actor=SYSTEM)
    assert exc.value.field == "inspector"
    assert "maintenance of CR-12" in str(exc.value) and "Annex A.3" in str(exc.value)
    planned.refresh_from_db()
    assert planned.state == State.PLANNED and planned.inspector is None


def test_assignment_checks_competence(body_a: Body, client_body: Body, crane: Item, scope: None) -> None:
    novice = member("nov@alpha.example", "Nora Novice", body_a, Role.INSPECTOR)
    with pytest.raises(InspectionError) as exc:
        inspections.assign(_plan(body_a, client_body, crane), inspector=novice, on=ON, actor=SYSTEM)
    assert exc.value.field == "inspector" and "6.1.3" in str(exc.value)


@pytest.mark.parametrize(
    ("check", "value", "field"),
    [
        ("marking", "maybe", "marking.value"),
        ("rope-broken-wires", "three", "rope-broken-wires.value"),
        ("hook-throat-opening", "wide", "hook-throat-opening.value"),
    ],
)
def test_it_refuses_a_checklist_value_out_of_its_type(
    started: Inspection, crane: Item, gauge: Instrument, check: str, value: str, field: str
) -> None:
    with pytest.raises(InspectionError) as exc:
        inspections.record_check(
            started, item=crane, check_id=check, value=value, u="0.1", instrument=gauge, on=ON, actor=SYSTEM
        )
    assert exc.value.field == field
    assert not CheckResult.all_objects.exists()


def test_it_refuses_an_instrument_past_its_calibration(
    started: Inspection, crane: Item, body_a: Body
) -> None:
    old = setup.add_instrument(
        body_a, code="GA-0", name="Old gauge", calibration_due=date(2026, 1, 31), actor=SYSTEM
    )
    with pytest.raises(InspectionError) as exc:
        inspections.record_check(
            started,
            item=crane,
            check_id="hook-throat-opening",
            value="2",
            u="0.1",
            instrument=old,
            on=ON,
            actor=SYSTEM,
        )
    assert exc.value.field == "instrument" and "2026-01-31" in str(exc.value) and "6.2.6" in str(exc.value)
    assert not CheckResult.all_objects.exists()


def test_a_measured_value_inside_the_limit_fails_by_guarded_acceptance(
    started: Inspection, crane: Item, gauge: Instrument
) -> None:
    r = inspections.record_check(
        started,
        item=crane,
        check_id="hook-throat-opening",
        value="4.6",
        u="0.3",
        instrument=gauge,
        on=ON,
        actor=SYSTEM,
    )
    assert not r.passed and "guarded acceptance gives fail" in r.detail
    assert r.instrument_calibration_due == date(2026, 12, 31)


def test_a_dangerous_defect_takes_the_item_out_of_service_at_once(
    started: Inspection, crane: Item, gauge: Instrument
) -> None:
    inspections.record_check(
        started, item=crane, check_id="brake-function", value="fail", on=ON, actor=SYSTEM
    )
    crane.refresh_from_db()
    assert not crane.in_service and crane.out_of_service_since == ON
    d = Defect.all_objects.get()
    assert d.grade == "dangerous" and "out of service" in d.consequence_text
    assert AuditEntry.objects.filter(action="inspection.item.out_of_service").count() == 1


def test_a_major_defect_sets_a_repeat_inspection_and_a_minor_is_noted(
    started: Inspection, crane: Item, gauge: Instrument
) -> None:
    inspections.record_check(
        started, item=crane, check_id="rope-broken-wires", value="5", on=ON, actor=SYSTEM
    )
    crane.refresh_from_db()
    assert crane.in_service and crane.next_due == date(2026, 3, 30)  # 28 days, the scheme's
    inspections.record_check(started, item=crane, check_id="marking", value="fail", on=ON, actor=SYSTEM)
    minor = Defect.all_objects.get(grade="minor")
    assert minor.consequence == "noted" and minor.repeat_by is None


def test_an_answer_recorded_again_replaces_its_defect(started: Inspection, crane: Item) -> None:
    inspections.record_check(started, item=crane, check_id="marking", value="fail", on=ON, actor=SYSTEM)
    inspections.record_check(started, item=crane, check_id="marking", value="pass", on=ON, actor=SYSTEM)
    assert not Defect.all_objects.exists() and CheckResult.all_objects.count() == 1


def test_submitting_needs_every_check_answered(started: Inspection, crane: Item, gauge: Instrument) -> None:
    with pytest.raises(InspectionError) as exc:
        inspections.submit(started, on=ON, actor=SYSTEM)
    assert exc.value.field == "checklist" and "CR-12 / marking" in str(exc.value)
    answer_all(started, crane, gauge)
    assert inspections.submit(started, on=ON, actor=SYSTEM).state == State.IN_REVIEW


def test_a_photo_is_stored_with_its_digest_and_size(started: Inspection) -> None:
    p = photos.add_photo(started, data=PNG, name="hook.png", check_id="hook-latch", actor=SYSTEM)
    assert p.size == len(PNG) and len(p.sha256) == 64 and p.content_type == "image/png"
    assert photos.photo_path(p).read_bytes() == PNG


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(started: Inspection) -> None:
    with pytest.raises(InspectionError) as exc:
        photos.add_photo(started, data=b"%PDF-1.7 not a photo", name="photo.png", actor=SYSTEM)
    assert exc.value.field == "photo" and "not an image" in str(exc.value)
    assert not Photo.all_objects.exists()


def test_a_second_review_is_not_by_the_inspector(
    started: Inspection, crane: Item, gauge: Instrument, inspector: User
) -> None:
    answer_all(started, crane, gauge)
    inspections.submit(started, on=ON, actor=SYSTEM)
    with pytest.raises(InspectionError) as exc:
        inspections.review(started, approve=True, on=ON, actor=Actor(user=inspector, label=str(inspector)))
    assert exc.value.field == "reviewer"


def test_cancelling_needs_a_reason_and_ends_the_inspection(started: Inspection) -> None:
    with pytest.raises(InspectionError):
        inspections.cancel(started, reason=" ", actor=SYSTEM)
    assert inspections.cancel(started, reason="crane dismantled", actor=SYSTEM).state == State.CANCELLED
    with pytest.raises(InspectionError) as exc:
        inspections.start(started, on=ON, actor=SYSTEM)
    assert exc.value.field == "state"


def test_every_change_is_in_the_audit_log(started: Inspection) -> None:
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "inspection.scope.declared",
        "inspection.competence.granted",
        "inspection.item.created",
        "inspection.inspection.planned",
        "inspection.inspection.assigned",
        "inspection.inspection.started",
    } <= actions

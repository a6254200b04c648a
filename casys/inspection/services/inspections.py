"""An inspection from plan to review (ISO/IEC 17020:2012 7.1): engagement under the body's type of
independence, assignment by competence and declared involvements, the checklist answered and
judged, defects with their consequences applied at once, a second person's review."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.core import coverage
from casys.core.batch_sampling import BatchSamplingError, batch_sample
from casys.core.inspection import checklist, defects
from casys.core.inspection import independence as rules
from casys.core.inspection.plan import CheckItem, InspectionPlan
from casys.inspection.models import (
    TRANSITIONS,
    CheckResult,
    Competence,
    Defect,
    Inspection,
    Instrument,
    Involvement,
    Item,
    State,
)
from casys.inspection.services import InspectionError, scheme
from casys.inspection.services.setup import is_inspector, profile, scope_lines
from casys.requirements.models import Requirement
from casys.requirements.services import catalogues

COMPETENCE_CLAUSE = "ISO/IEC 17020:2012 6.1.3"
CALIBRATION_CLAUSE = "ISO/IEC 17020:2012 6.2.6"


def plan_of(inspection: Inspection) -> InspectionPlan:
    plan = scheme(inspection.scheme_id).inspection
    assert plan is not None  # inspection_schemes() lists only schemes with an [inspection] table
    return plan


def _move(inspection: Inspection, to: str) -> None:
    if to not in TRANSITIONS[State(inspection.state)]:
        raise InspectionError(
            "state", f"an inspection {State(inspection.state).label} cannot become {State(to).label}"
        )
    inspection.state = to


def _org(body: Body | None) -> str:
    return f"org:{body.pk}" if body is not None else "org:none"


def _next_reference(body: Body, on: date) -> str:
    prefix = f"{body.slug.upper()}-I-{on.year}-"
    taken = Inspection.all_objects.filter(body_id=body.pk, reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    last = max((int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


@transaction.atomic
def plan_inspection(
    body: Body,
    *,
    scheme_id: str,
    client: Body | None,
    items: Sequence[Item],
    planned_on: date,
    location: str = "",
    actor: Actor,
) -> Inspection:
    """Take an inspection for ``client`` of ``items`` under a scheme of the scope, as the body's type
    of independence allows (17020 Annex A): a type B body refuses any client but its own
    organisation, a type A body works only on its dated declaration."""
    s = scheme(scheme_id)
    try:
        line = rules.type_for(scope_lines(body), scheme_id)
    except KeyError as exc:
        raise InspectionError("scheme_id", str(exc.args[0]).split(": ", 1)[1]) from None
    if client is None or client.managed_by_id != body.pk:
        raise InspectionError("client", "is not a client of this inspection body")
    refusals = rules.engagement_refusals(line, _org(client), _org(profile(body).parent), planned_on)
    if refusals:
        field, message = refusals[0].split(": ", 1)
        raise InspectionError(field, message.replace(repr(_org(client)), client.name))
    if not items:
        raise InspectionError("items", "choose at least one item to inspect")
    for item in items:
        if item.body_id != body.pk or item.owner_id != client.pk:
            raise InspectionError("items", f"{item.identifier} is not an item of {client.name}")
        if item.kind != s.object:
            raise InspectionError(
                "items", f"{item.identifier} is a {item.kind}; the scheme inspects a {s.object}"
            )
    inspection = Inspection.all_objects.create(
        body=body,
        scheme_id=scheme_id,
        client=client,
        reference=_next_reference(body, planned_on),
        planned_on=planned_on,
        location=location.strip()[:300],
        created_by=actor.user,
    )
    inspection.items.set(items)
    log(
        "inspection.inspection.planned",
        actor=actor,
        body=body,
        obj=inspection,
        data={
            "reference": inspection.reference,
            "scheme": scheme_id,
            "independence": line.independence,
            "client": client.slug,
            "items": [i.identifier for i in items],
            "planned_on": planned_on.isoformat(),
        },
    )
    return inspection


def assignment_problems(inspection: Inspection, inspector: Any, on: date) -> list[tuple[str, str]]:
    """Why ``inspector`` may not inspect: no competence for the scheme's field (6.1.3), or a declared
    involvement in one of the items (Annex A.3; the same rule for every type)."""
    body = inspection.body
    if inspector is None or not is_inspector(body, inspector):
        return [("inspector", "is not an inspector of this body")]
    problems = []
    if not Competence.all_objects.filter(
        body_id=body.pk, inspector=inspector, field=inspection.scheme_id, granted_on__lte=on
    ).exists():
        problems.append(
            (
                "inspector",
                f"{inspector} is not authorised for the inspection field {inspection.scheme_id} "
                f"({COMPETENCE_CLAUSE})",
            )
        )
    line = rules.type_for(scope_lines(body), inspection.scheme_id)
    person = f"user:{inspector.pk}"
    for item in inspection.items.all():
        declared = [
            rules.Involvement(person, item.identifier, i.activity, i.since, i.until)
            for i in Involvement.all_objects.filter(body_id=body.pk, inspector=inspector, item=item)
        ]
        for reason in rules.assignment_refusals(line, person, item.identifier, declared, on):
            problems.append(("inspector", reason.split(": ", 1)[1].replace(person, str(inspector))))
    return problems


@transaction.atomic
def assign(inspection: Inspection, *, inspector: Any, on: date, actor: Actor) -> Inspection:
    """Assign the inspector, checking competence and independence at the moment of assignment."""
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    problems = assignment_problems(inspection, inspector, on)
    if problems:
        raise InspectionError(*problems[0])
    _move(inspection, State.ASSIGNED)
    inspection.inspector = inspector
    inspection.save()
    log(
        "inspection.inspection.assigned",
        actor=actor,
        body=inspection.body,
        obj=inspection,
        data={"reference": inspection.reference, "inspector": inspector.email, "on": on.isoformat()},
    )
    return inspection


@transaction.atomic
def start(inspection: Inspection, *, on: date, actor: Actor) -> Inspection:
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    _move(inspection, State.IN_PROGRESS)
    inspection.started_on = inspection.started_on or on
    inspection.save()
    log(
        "inspection.inspection.started",
        actor=actor,
        body=inspection.body,
        obj=inspection,
        data={"reference": inspection.reference, "on": on.isoformat()},
    )
    return inspection


def parse_value(check: CheckItem, raw: object) -> object:
    """The value typed for ``check`` in its kind; ``InspectionError`` naming ``<check>.value``."""
    field = f"{check.id}.value"
    if isinstance(raw, (bool, int, float)):
        return raw
    text = str(raw if raw is not None else "").strip()
    if not text:
        raise InspectionError(field, "give a value")
    if check.kind == "visual":
        if text.lower() in ("pass", "true", "yes"):
            return True
        if text.lower() in ("fail", "false", "no"):
            return False
        raise InspectionError(field, f"a visual check takes pass or fail, got {text!r}")
    if check.kind == "count":
        if not text.isdigit():
            raise InspectionError(field, f"a count check takes a whole number of 0 or more, got {text!r}")
        return int(text)
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise InspectionError(
            field, f"a measured check takes a number in {check.unit}, got {text!r}"
        ) from None
    if not math.isfinite(number):
        raise InspectionError(field, f"a measured check takes a number in {check.unit}, got {text!r}")
    return number


def _uncertainty(check: CheckItem, raw: object) -> float | None:
    if check.kind != "measured":
        return None
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    try:
        return float(text) if text else None
    except ValueError:
        raise InspectionError(
            f"{check.id}.u", f"give the standard uncertainty as a number, got {text!r}"
        ) from None


def _instrument(
    inspection: Inspection, check: CheckItem, instrument: Instrument | None, subcontractor: str, on: date
) -> Instrument | None:
    if instrument is None:
        if check.kind == "measured" and not subcontractor:
            raise InspectionError("instrument", f"name the instrument that measured {check.id}")
        return None
    if instrument.body_id != inspection.body_id:
        raise InspectionError("instrument", "is not an instrument of this body")
    if instrument.calibration_due < on:
        raise InspectionError(
            "instrument",
            f"{instrument.code} was due for calibration on {instrument.calibration_due.isoformat()} and is "
            f"not used past it ({CALIBRATION_CLAUSE})",
        )
    return instrument


def _acceptance_number(inspection: Inspection, check: CheckItem, item: Item) -> int | None:
    if not check.by_plan:
        return None
    try:
        return batch_sample(scheme(inspection.scheme_id).lot_sampling, item.lot_size or 0).Ac
    except BatchSamplingError as exc:
        raise InspectionError(f"{check.id}.acceptance_number", str(exc)) from None


def sample_of(inspection: Inspection, item: Item) -> Any:
    """The ISO 2859-1 sample of a batch item under the scheme's plan (None for other items)."""
    plan = scheme(inspection.scheme_id).lot_sampling
    if plan is None or not item.lot_size:
        return None
    return batch_sample(plan, item.lot_size)


@transaction.atomic
def record_check(
    inspection: Inspection,
    *,
    item: Item,
    check_id: str,
    value: object,
    u: object = None,
    instrument: Instrument | None = None,
    subcontractor: str = "",
    on: date,
    actor: Actor,
) -> CheckResult:
    """Record and judge one checklist answer; a failed check is a defect of the check's grade, whose
    consequence applies at once (a dangerous defect takes the item out of service)."""
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    if inspection.state != State.IN_PROGRESS:
        raise InspectionError("state", "checks are recorded while the inspection is in progress")
    if not inspection.items.filter(pk=item.pk).exists():
        raise InspectionError("item", f"{item.identifier} is not an item of this inspection")
    plan = plan_of(inspection)
    try:
        check = plan.item(check_id)
    except KeyError as exc:
        raise InspectionError("check_id", str(exc.args[0]).split(": ", 1)[1]) from None
    subcontractor = subcontractor.strip()[:200]
    parsed = parse_value(check, value)
    std_u = _uncertainty(check, u)
    used = _instrument(inspection, check, instrument, subcontractor, on)
    try:
        judged = checklist.judge(
            check, parsed, u=std_u, acceptance_number=_acceptance_number(inspection, check, item)
        )
    except checklist.ChecklistError as exc:
        field, message = str(exc).split(": ", 1)
        raise InspectionError(field, message) from None
    result, _created = CheckResult.all_objects.update_or_create(
        inspection=inspection,
        item=item,
        check_id=check.id,
        defaults={
            "body_id": inspection.body_id,
            "kind": check.kind,
            "value": parsed,
            "u": std_u,
            "instrument": used,
            "instrument_calibration_due": used.calibration_due if used else None,
            "passed": judged.passed,
            "grade": judged.grade or "",
            "detail": judged.detail,
            "subcontractor": subcontractor,
            "recorded_by": actor.user,
            "recorded_on": on,
        },
    )
    # an answer recorded again replaces the defect the earlier answer gave
    Defect.all_objects.filter(inspection=inspection, item=item, check_id=check.id).delete()
    log(
        "inspection.check.recorded",
        actor=actor,
        body=inspection.body,
        obj=result,
        data={
            "inspection": inspection.reference,
            "item": item.identifier,
            "check": check.id,
            "value": parsed,
            "u": std_u,
            "instrument": used.code if used else None,
            "passed": judged.passed,
            "detail": judged.detail,
            "subcontractor": subcontractor,
        },
    )
    if not judged.passed and judged.grade:
        record_defect(
            inspection,
            item=item,
            grade=judged.grade,
            check_id=check.id,
            description=f"{check.text}: {judged.detail}",
            on=on,
            actor=actor,
        )
    return result


@transaction.atomic
def record_defect(
    inspection: Inspection,
    *,
    item: Item,
    grade: str,
    description: str,
    on: date,
    actor: Actor,
    check_id: str = "",
) -> Defect:
    """A defect graded by the scheme, its consequence applied at once (``casys.core.inspection.defects``)."""
    if inspection.state != State.IN_PROGRESS:
        raise InspectionError("state", "defects are recorded while the inspection is in progress")
    if not description.strip():
        raise InspectionError("description", "describe the defect")
    try:
        c = defects.consequence(plan_of(inspection), grade, on)
    except ValueError as exc:
        raise InspectionError("grade", str(exc).split(": ", 1)[1]) from None
    defect = Defect.all_objects.create(
        body_id=inspection.body_id,
        inspection=inspection,
        item=item,
        check_id=check_id,
        grade=grade,
        description=description.strip(),
        consequence=c.consequence,
        consequence_text=c.text,
        repeat_by=c.repeat_by,
        found_on=on,
    )
    log(
        "inspection.defect.recorded",
        actor=actor,
        body=inspection.body,
        obj=defect,
        data={
            "inspection": inspection.reference,
            "item": item.identifier,
            "grade": grade,
            "consequence": c.text,
        },
    )
    item = Item.all_objects.select_for_update().get(pk=item.pk)
    if c.out_of_service and item.in_service:
        item.in_service = False
        item.out_of_service_since = on
        item.next_due = None
        item.save()
        log(
            "inspection.item.out_of_service",
            actor=actor,
            body=inspection.body,
            obj=item,
            data={"item": item.identifier, "inspection": inspection.reference, "defect": defect.description},
        )
    elif (
        c.repeat_by is not None and item.in_service and (item.next_due is None or c.repeat_by < item.next_due)
    ):
        item.next_due = c.repeat_by
        item.save()
    return defect


def missing_checks(inspection: Inspection) -> list[str]:
    """``<item> / <check>`` for every checklist item not answered yet."""
    answered = set(CheckResult.all_objects.filter(inspection=inspection).values_list("item_id", "check_id"))
    return [
        f"{item.identifier} / {check.id}"
        for item in inspection.items.order_by("identifier")
        for check in plan_of(inspection).checklist
        if (item.pk, check.id) not in answered
    ]


@dataclass(frozen=True)
class RequirementCoverage:
    """The scheme profile's requirements in scope x the items inspected: covered where a check
    naming the requirement was answered for the item."""

    requirements: list[Requirement]
    items: list[Item]
    matrix: coverage.Matrix

    @property
    def uncovered(self) -> tuple[str, ...]:
        return self.matrix.incomplete

    def rows(self) -> list[tuple[Requirement, tuple[bool, ...]]]:
        by_uid = {r.uid: r for r in self.requirements}
        return [(by_uid[uid], cells) for uid, cells in self.matrix.rows]


def requirement_coverage(inspection: Inspection) -> RequirementCoverage | None:
    """The coverage of the scheme's requirement profile by the answered checks; None when the
    scheme names no profile or its profile is not loaded (nothing to cover)."""
    plan = plan_of(inspection)
    if not plan.profile:
        return None
    try:
        selection = catalogues.profile_for(plan.profile)
    except catalogues.UnknownProfile:
        return None
    ids: dict[str, set[str]] = {}
    for check in plan.checklist:
        try:
            ids[check.id] = {r.uid for r in catalogues.resolve(selection, check.requirements)}
        except catalogues.UnknownRequirement as exc:
            raise InspectionError("checklist", f"check {check.id}: {exc}") from exc
    answered: dict[int, set[str]] = {}
    for item_id, check_id in CheckResult.all_objects.filter(inspection=inspection).values_list(
        "item_id", "check_id"
    ):
        answered.setdefault(item_id, set()).update(ids.get(check_id, set()))
    scope = catalogues.in_scope(selection)
    items = list(inspection.items.order_by("identifier"))
    matrix = coverage.matrix(
        [r.uid for r in scope], [(i.identifier, answered.get(i.pk, set())) for i in items]
    )
    return RequirementCoverage(scope, items, matrix)


def coverage_blocking(inspection: Inspection) -> str | None:
    """Why the report cannot be issued for coverage: the requirement ids in scope an item has no
    answered check for (ISO/IEC 17020:2012 7.1.1, inspection against the defined requirements)."""
    cov = requirement_coverage(inspection)
    if cov is None:
        return None
    return coverage.blocking_reason(
        cov.uncovered, what="without an answered check for every item", clause="ISO/IEC 17020:2012 7.1.1"
    )


@transaction.atomic
def submit(inspection: Inspection, *, on: date, actor: Actor) -> Inspection:
    """The inspector hands the completed checklist over for review and report."""
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    if inspection.state == State.IN_PROGRESS:
        missing = missing_checks(inspection)
        if missing:
            raise InspectionError("checklist", f"not answered yet: {', '.join(missing)}")
    _move(inspection, State.IN_REVIEW)
    inspection.finished_on = on
    inspection.save()
    log(
        "inspection.inspection.submitted",
        actor=actor,
        body=inspection.body,
        obj=inspection,
        data={"reference": inspection.reference, "on": on.isoformat()},
    )
    return inspection


@transaction.atomic
def review(inspection: Inspection, *, approve: bool, note: str = "", on: date, actor: Actor) -> Inspection:
    """A second person's review where the scheme asks for one: approved, or back to the inspector."""
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    if inspection.state != State.IN_REVIEW:
        raise InspectionError("state", "only an inspection in review is reviewed")
    if actor.user is not None and actor.user.pk == inspection.inspector_id:
        raise InspectionError(
            "reviewer",
            "the second person who reviews is not the inspector (the scheme asks for a second review)",
        )
    if not approve and not note.strip():
        raise InspectionError("note", "say what the inspector is to look at again")
    inspection.review_note = note.strip()
    if approve:
        inspection.reviewed_by = actor.user
        inspection.reviewed_on = on
        action = "inspection.inspection.reviewed"
    else:
        _move(inspection, State.IN_PROGRESS)
        inspection.reviewed_by = None
        action = "inspection.inspection.returned"
    inspection.save()
    log(
        action,
        actor=actor,
        body=inspection.body,
        obj=inspection,
        data={"reference": inspection.reference, "approved": approve, "note": inspection.review_note},
    )
    return inspection


@transaction.atomic
def cancel(inspection: Inspection, *, reason: str, actor: Actor) -> Inspection:
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    if not reason.strip():
        raise InspectionError("reason", "say why the inspection is cancelled")
    _move(inspection, State.CANCELLED)
    inspection.cancel_reason = reason.strip()
    inspection.save()
    log(
        "inspection.inspection.cancelled",
        actor=actor,
        body=inspection.body,
        obj=inspection,
        data={"reference": inspection.reference, "reason": inspection.cancel_reason},
    )
    return inspection

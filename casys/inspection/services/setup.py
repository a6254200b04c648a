"""What an inspection body sets up before inspecting: its scope with the type per scheme (ISO/IEC
17020:2012 4.1.6, Annex A), its clients and their items, inspectors' competence and declared
involvements, and the register of measuring instruments (6.2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body, Membership, Role
from casys.accounts.services.bodies import ClientRecordError, create_client_record
from casys.auditlog.services import Actor, log
from casys.core.inspection import independence as rules
from casys.inspection.models import (
    ACTIVITIES,
    BodyProfile,
    Competence,
    Instrument,
    Involvement,
    Item,
    ItemKind,
    ScopeLine,
)
from casys.inspection.services import InspectionError, scheme

INSPECTOR_ROLES = (Role.INSPECTOR,)


def profile(body: Body) -> BodyProfile:
    found = BodyProfile.all_objects.filter(body_id=body.pk).first()
    return found if found is not None else BodyProfile(body=body)


def _client(body: Body, client: Body | None, field: str = "client") -> Body:
    if client is None or client.managed_by_id != body.pk:
        raise InspectionError(field, "is not a client of this inspection body")
    return client


@transaction.atomic
def set_parent(body: Body, parent: Body | None, *, actor: Actor) -> BodyProfile:
    """Record the organisation the body is part of (a client record it keeps), or none."""
    if parent is not None:
        _client(body, parent, "parent")
    record = profile(body)
    record.parent = parent
    record.save()
    log(
        "inspection.profile.updated",
        actor=actor,
        body=body,
        obj=record,
        data={"parent": parent.slug if parent else None},
    )
    return record


def scope_lines(body: Body) -> list[rules.ScopeLine]:
    return [
        rules.ScopeLine(s.scheme_id, s.independence, s.declared_on)
        for s in ScopeLine.all_objects.filter(body_id=body.pk).order_by("id")
    ]


@transaction.atomic
def declare_scope(
    body: Body, *, scheme_id: str, independence: str, declared_on: date | None, actor: Actor
) -> ScopeLine:
    """Add a scheme to the scope with its type; one type per scheme (ILAC FAQ 26 on 4.1.6); a type A
    declaration of non-involvement carries its date (Annex A.1)."""
    scheme(scheme_id)
    lines = scope_lines(body)
    problems = rules.check_scope([*lines, rules.ScopeLine(scheme_id, independence, declared_on)])
    if problems:
        raise InspectionError("independence", problems[0].split(": ", 1)[1])
    if rules.TYPES[independence].declaration and declared_on is None:
        raise InspectionError(
            "declared_on",
            f"a type {independence} body dates its declaration of non-involvement "
            f"({rules.TYPES[independence].clause})",
        )
    line = ScopeLine.all_objects.create(
        body=body,
        scheme_id=scheme_id,
        independence=independence,
        declared_on=declared_on if rules.TYPES[independence].declaration else None,
    )
    log(
        "inspection.scope.declared",
        actor=actor,
        body=body,
        obj=line,
        data={
            "scheme": scheme_id,
            "independence": independence,
            "declared_on": line.declared_on.isoformat() if line.declared_on else None,
        },
    )
    return line


def is_inspector(body: Body, user: Any) -> bool:
    return Membership.all_objects.filter(
        body_id=body.pk, user=user, role__in=INSPECTOR_ROLES, is_active=True
    ).exists()


def _inspector(body: Body, user: Any) -> Any:
    if user is None or not is_inspector(body, user):
        raise InspectionError("inspector", "is not an inspector of this body")
    return user


@transaction.atomic
def grant_competence(body: Body, *, inspector: Any, field: str, granted_on: date, actor: Actor) -> Competence:
    """Authorise an inspector for an inspection field (a scheme of the scope; 17020 6.1.3)."""
    _inspector(body, inspector)
    if not ScopeLine.all_objects.filter(body_id=body.pk, scheme_id=field).exists():
        raise InspectionError("field", f"{field!r} is not a scheme of the body's inspection scope")
    if Competence.all_objects.filter(body_id=body.pk, inspector=inspector, field=field).exists():
        raise InspectionError("field", f"{inspector} is already authorised for {field}")
    row = Competence.all_objects.create(body=body, inspector=inspector, field=field, granted_on=granted_on)
    log(
        "inspection.competence.granted",
        actor=actor,
        body=body,
        obj=row,
        data={"inspector": inspector.email, "field": field, "granted_on": granted_on.isoformat()},
    )
    return row


@transaction.atomic
def declare_involvement(
    body: Body, *, inspector: Any, item: Item, activity: str, since: date, until: date | None, actor: Actor
) -> Involvement:
    """Record an inspector's declared involvement in an item (17020 4.1.3, Annex A.3)."""
    _inspector(body, inspector)
    if item.body_id != body.pk:
        raise InspectionError("item", "is not an item of this inspection body")
    if activity not in dict(ACTIVITIES):
        raise InspectionError("activity", f"choose one of {', '.join(dict(ACTIVITIES))}")
    if until is not None and until < since:
        raise InspectionError("until", f"{until.isoformat()} is before {since.isoformat()}")
    row = Involvement.all_objects.create(
        body=body, inspector=inspector, item=item, activity=activity, since=since, until=until
    )
    log(
        "inspection.involvement.declared",
        actor=actor,
        body=body,
        obj=row,
        data={
            "inspector": inspector.email,
            "item": item.identifier,
            "activity": activity,
            "since": since.isoformat(),
            "until": until.isoformat() if until else None,
        },
    )
    return row


@transaction.atomic
def add_client(body: Body, *, name: str, country: str, city: str = "", actor: Actor) -> Body:
    """A client of the body: a client record it keeps (its contacts read its reports)."""
    try:
        client = create_client_record(body, actor=actor, name=name, country=country, city=city)
    except ClientRecordError as exc:
        raise InspectionError(exc.field, exc.message) from exc
    log("inspection.client.created", actor=actor, body=body, obj=client, data={"name": client.name})
    return client


@transaction.atomic
def add_item(
    body: Body,
    *,
    owner: Body | None,
    identifier: str,
    description: str,
    kind: str,
    location: str = "",
    lot_size: int | None = None,
    actor: Actor,
) -> Item:
    """Register an item (item, installation, batch or service) owned by a client."""
    _client(body, owner, "owner")
    if not identifier.strip():
        raise InspectionError("identifier", "is required")
    if not description.strip():
        raise InspectionError("description", "is required")
    if kind not in ItemKind.values:
        raise InspectionError("kind", f"choose one of {', '.join(ItemKind.values)}")
    if kind == ItemKind.BATCH and (lot_size is None or lot_size <= 0):
        raise InspectionError("lot_size", "a batch has a positive whole number of units")
    if Item.all_objects.filter(body_id=body.pk, identifier=identifier.strip()).exists():
        raise InspectionError("identifier", f"{identifier.strip()!r} is registered already")
    item = Item.all_objects.create(
        body=body,
        owner=owner,
        identifier=identifier.strip(),
        description=description.strip(),
        kind=kind,
        location=location.strip(),
        lot_size=lot_size if kind == ItemKind.BATCH else None,
    )
    log(
        "inspection.item.created",
        actor=actor,
        body=body,
        obj=item,
        data={"identifier": item.identifier, "owner": owner.slug, "kind": kind},
    )  # type: ignore[union-attr]
    return item


@transaction.atomic
def add_instrument(
    body: Body, *, code: str, name: str, calibration_due: date | None, certificate: str = "", actor: Actor
) -> Instrument:
    """Register a measuring instrument with its calibration due date (17020 6.2.6, 6.2.7)."""
    if not code.strip():
        raise InspectionError("code", "is required")
    if not name.strip():
        raise InspectionError("name", "is required")
    if calibration_due is None:
        raise InspectionError("calibration_due", "give the date the calibration is due")
    if Instrument.all_objects.filter(body_id=body.pk, code=code.strip()).exists():
        raise InspectionError("code", f"{code.strip()!r} is registered already")
    row = Instrument.all_objects.create(
        body=body,
        code=code.strip(),
        name=name.strip(),
        calibration_due=calibration_due,
        certificate=certificate.strip(),
    )
    log(
        "inspection.instrument.created",
        actor=actor,
        body=body,
        obj=row,
        data={"code": row.code, "calibration_due": calibration_due.isoformat()},
    )
    return row

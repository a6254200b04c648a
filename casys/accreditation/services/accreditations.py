"""Granting accreditations and recording their events (ISO/IEC 17011:2017, 7.11)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body, BodyKind
from casys.accreditation.models import Accreditation, AccreditationEvent, EventKind, ScopeLine
from casys.accreditation.models.accreditation import ACTIVITIES_OF
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import recognition
from casys.registry.identity import did_for
from casys.registry.services.files import signing_key


class AccreditationInputError(ValueError):
    """Input for an accreditation or event is unusable; the message names the field."""


@dataclass(frozen=True)
class ScopeInput:
    normative_document: str
    iaf_codes: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    measurand: str = ""
    range: str = ""
    field: str = ""


@dataclass(frozen=True)
class GrantInput:
    cab: Body
    number: str
    standard: str
    valid_from: date
    valid_until: date
    scope: Sequence[ScopeInput] = field(default_factory=tuple)
    activity: str = ""
    inspection_type: str = ""


def _check(ab: Body, g: GrantInput) -> str:
    if ab.kind != BodyKind.ACCREDITATION_BODY:
        raise AccreditationInputError(f"body: {ab.slug} is not an accreditation body")
    if g.standard not in ACTIVITIES_OF:
        raise AccreditationInputError(f"standard: {g.standard!r} is not one of {', '.join(ACTIVITIES_OF)}")
    activity = g.activity or ACTIVITIES_OF[g.standard][0]
    if activity not in ACTIVITIES_OF[g.standard]:
        raise AccreditationInputError(f"activity: {activity!r} does not go with {g.standard}")
    if not g.number.strip():
        raise AccreditationInputError("number: required")
    if g.valid_until < g.valid_from:
        raise AccreditationInputError(f"valid_until: {g.valid_until} is before valid_from {g.valid_from}")
    if g.inspection_type and g.standard != "ISO/IEC 17020":
        raise AccreditationInputError("inspection_type: only for ISO/IEC 17020 accreditations")
    if g.cab.kind in (BodyKind.CLIENT, BodyKind.ACCREDITATION_BODY):
        raise AccreditationInputError(f"cab: {g.cab.slug} is not a conformity assessment body")
    for i, line in enumerate(g.scope):
        if not line.normative_document.strip():
            raise AccreditationInputError(f"scope[{i}].normative_document: required")
    if Accreditation.all_objects.filter(body=ab, number=g.number.strip()).exists():
        raise AccreditationInputError(f"number: {g.number} is already used by {ab.slug}")
    return activity


@transaction.atomic
def grant(ab: Body, g: GrantInput, *, actor: Actor = SYSTEM) -> Accreditation:
    """Accredit a CAB: the accreditation with its scope lines."""
    activity = _check(ab, g)
    acc = Accreditation.all_objects.create(
        body=ab,
        cab=g.cab,
        number=g.number.strip(),
        standard=g.standard,
        activity=activity,
        inspection_type=g.inspection_type,
        valid_from=g.valid_from,
        valid_until=g.valid_until,
    )
    ScopeLine.all_objects.bulk_create(
        ScopeLine(
            accreditation=acc,
            normative_document=s.normative_document.strip(),
            iaf_codes=[str(c) for c in s.iaf_codes],
            methods=list(s.methods),
            measurand=s.measurand,
            range=s.range,
            field=s.field,
        )
        for s in g.scope
    )
    # the AB signs its accreditation credentials: make sure it has a published key
    transaction.on_commit(lambda: signing_key(ab.slug))
    log(
        "accreditation.accreditation.granted",
        actor=actor,
        body=ab,
        obj=acc,
        data={"cab": g.cab.slug, "number": acc.number, "standard": acc.standard},
    )
    return acc


@transaction.atomic
def record_event(
    acc: Accreditation,
    on: date,
    kind: str,
    *,
    normative_document: str = "",
    iaf_codes: Iterable[str] = (),
    methods: Iterable[str] = (),
    reason: str = "",
    actor: Actor = SYSTEM,
) -> AccreditationEvent:
    """Suspend, restore, withdraw, reduce or extend the scope: a new event, the accreditation unchanged."""
    if kind not in EventKind.values:
        raise AccreditationInputError(f"kind: {kind!r} is not one of {', '.join(EventKind.values)}")
    if kind in (EventKind.SCOPE_REDUCED, EventKind.SCOPE_EXTENDED) and not normative_document.strip():
        raise AccreditationInputError("normative_document: required for a change of scope")
    if on < acc.valid_from:
        raise AccreditationInputError(f"on: {on} is before the accreditation starts ({acc.valid_from})")
    state = recognition.accreditation_state(to_record(acc), on)
    if state.status == "withdrawn":
        raise AccreditationInputError(f"kind: accreditation {acc.number} is withdrawn since {state.since}")
    if kind == EventKind.RESTORED and state.status != "suspended":
        raise AccreditationInputError(f"kind: accreditation {acc.number} is not suspended on {on}")
    event = AccreditationEvent.all_objects.create(
        accreditation=acc,
        on=on,
        kind=kind,
        normative_document=normative_document.strip(),
        iaf_codes=[str(c) for c in iaf_codes],
        methods=list(methods),
        reason=reason,
        recorded_by=actor.label,
    )
    log(
        f"accreditation.accreditation.{kind.replace('-', '_')}",
        actor=actor,
        body=acc.body_id,
        obj=acc,
        data={"number": acc.number, "on": on.isoformat(), "reason": reason, "scope": normative_document},
    )
    return event


# --- the chain's view ---------------------------------------------------------------------------


def to_record(acc: Accreditation) -> recognition.Accreditation:
    """The accreditation as :class:`casys.core.recognition.Accreditation` (parties by DID)."""
    lines, events = _parts(acc)
    return recognition.Accreditation(
        id=acc.number,
        body=did_for(acc.body.slug),
        cab=did_for(acc.cab.slug),
        activity=acc.activity,
        standard=acc.standard,
        valid_from=acc.valid_from,
        valid_until=acc.valid_until,
        scopes=tuple(
            recognition.AccreditationScope(s.normative_document, tuple(s.iaf_codes), tuple(s.methods))
            for s in lines
        ),
        events=tuple(
            recognition.AccreditationEvent(
                e.on,
                e.kind,  # type: ignore[arg-type]
                recognition.AccreditationScope(e.normative_document, tuple(e.iaf_codes), tuple(e.methods))
                if e.normative_document
                else None,
                e.reason,
            )
            for e in events
        ),
    )


def _parts(acc: Accreditation) -> tuple[list[ScopeLine], list[AccreditationEvent]]:
    cached = getattr(acc, "_parts", None)
    if cached is None:
        cached = (
            list(ScopeLine.all_objects.filter(accreditation=acc)),
            list(AccreditationEvent.all_objects.filter(accreditation=acc)),
        )
    return cached


def attach_parts(accs: list[Accreditation]) -> list[Accreditation]:
    """Load the scope lines and events of many accreditations in two queries."""
    ids = [a.pk for a in accs]
    lines: dict[int, list[ScopeLine]] = {i: [] for i in ids}
    events: dict[int, list[AccreditationEvent]] = {i: [] for i in ids}
    for line in ScopeLine.all_objects.filter(accreditation_id__in=ids):
        lines[line.accreditation_id].append(line)
    for ev in AccreditationEvent.all_objects.filter(accreditation_id__in=ids):
        events[ev.accreditation_id].append(ev)
    for a in accs:
        a._parts = (lines[a.pk], events[a.pk])  # type: ignore[attr-defined]
    return accs


def accreditations_of(cab_ids: Iterable[int]) -> list[Accreditation]:
    """Every accreditation held by these CABs (system read, for the public chain)."""
    accs = Accreditation.all_objects.filter(cab_id__in=list(cab_ids)).select_related("body", "cab")
    return attach_parts(list(accs))


def state_today(acc: Accreditation, on: date) -> dict[str, Any]:
    state = recognition.accreditation_state(to_record(acc), on)
    return {"status": state.status, "since": state.since, "scopes": state.scopes}

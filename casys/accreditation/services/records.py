"""An accreditation as the chain sees it: :class:`casys.core.recognition.Accreditation`, parties by DID."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from casys.accreditation.models import Accreditation, AccreditationEvent, ScopeLine
from casys.attestations.identity import did_for
from casys.core import recognition


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

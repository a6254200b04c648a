"""Results submitted by participants (form, CSV, API) or entered by the provider for a series.

Every submission is all-or-nothing: a single bad row refuses the whole file, naming the row
and column, and nothing is stored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from casys import clock
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core.proficiency.csv_input import CsvInputError, SubmittedResult, parse_results, parse_submission
from casys.proficiency.models import Item, Measurand, Participation, Result, ResultSource, RoundStatus
from casys.proficiency.services import ProficiencyError


class ResultsError(ProficiencyError):
    """Refused results; ``errors`` lists each problem, naming its row (or field) and column."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class Entry:
    """One result to store: the item and measurand by code and name."""

    item: str
    measurand: str
    x: float
    U: float | None = None


def accepts_results(participation: Participation) -> bool:
    pt_round = participation.round
    return pt_round.status == RoundStatus.OPEN and clock.today() <= pt_round.deadline


def _check_open(participation: Participation) -> None:
    pt_round = participation.round
    if pt_round.status != RoundStatus.OPEN:
        raise ResultsError([f"round: {pt_round.code} is not open for results"])
    if clock.today() > pt_round.deadline:
        raise ResultsError([f"round: the deadline {pt_round.deadline.isoformat()} has passed"])


def _resolve(
    participation: Participation, entries: Sequence[Entry], labels: Sequence[str]
) -> list[tuple[Item, Measurand, Entry]]:
    items = {i.code: i for i in Item.all_objects.filter(round_id=participation.round_id)}
    measurands = {m.name: m for m in Measurand.all_objects.filter(round_id=participation.round_id)}
    errors, resolved = [], []
    for label, entry in zip(labels, entries, strict=True):
        item, measurand = items.get(entry.item), measurands.get(entry.measurand)
        if item is None:
            errors.append(f"{label}, column 'item': no PT item {entry.item!r} in this round")
        if measurand is None:
            errors.append(f"{label}, column 'measurand': no measurand {entry.measurand!r} in this round")
        if not math.isfinite(entry.x):
            errors.append(f"{label}, column 'result': not a finite number")
        if entry.U is not None and not (math.isfinite(entry.U) and entry.U >= 0.0):
            errors.append(f"{label}, column 'U': must be a non-negative number")
        if item is not None and measurand is not None:
            resolved.append((item, measurand, entry))
    if errors:
        raise ResultsError(errors)
    return resolved


def _store(participation: Participation, rows: list[tuple[Item, Measurand, Entry]], source: str) -> int:
    moment = clock.now()
    for item, measurand, entry in rows:
        Result.all_objects.update_or_create(
            participation=participation,
            item=item,
            measurand=measurand,
            defaults={"value": entry.x, "U": entry.U, "source": source, "submitted_at": moment},
        )
    participation.submitted_at = moment
    participation.save(update_fields=["submitted_at"])
    return len(rows)


@transaction.atomic
def submit(
    participation: Participation,
    entries: Sequence[Entry],
    *,
    source: str = ResultSource.FORM,
    actor: Actor = SYSTEM,
) -> int:
    """Store (or replace) a participant's results for the series given; all or nothing."""
    _check_open(participation)
    if not entries:
        raise ResultsError(["results: nothing to submit"])
    labels = [f"result {n}" for n in range(1, len(entries) + 1)]
    seen: set[tuple[str, str]] = set()
    for label, entry in zip(labels, entries, strict=True):
        if (entry.item, entry.measurand) in seen:
            raise ResultsError([f"{label}: item {entry.item}, measurand {entry.measurand} given twice"])
        seen.add((entry.item, entry.measurand))
    count = _store(participation, _resolve(participation, entries, labels), source)
    log(
        "proficiency.results.submitted",
        actor=actor,
        body=participation.participant_id,
        obj=participation,
        data={"round": participation.round.code, "code": participation.code, "results": count, "via": source},
    )
    return count


@transaction.atomic
def upload_submission(participation: Participation, csv_text: str, *, actor: Actor = SYSTEM) -> int:
    """A participant's CSV ``item,measurand,result[,U]``; any bad row refuses the file."""
    _check_open(participation)
    try:
        parsed: list[SubmittedResult] = parse_submission(csv_text)
    except CsvInputError as exc:
        raise ResultsError(exc.errors) from exc
    entries = [Entry(r.item, r.measurand, r.x, r.U) for r in parsed]
    # Row numbers count the header as row 1, as parse_submission does.
    labels = [f"row {n}" for n in range(2, len(entries) + 2)]
    count = _store(participation, _resolve(participation, entries, labels), ResultSource.CSV)
    log(
        "proficiency.results.uploaded",
        actor=actor,
        body=participation.participant_id,
        obj=participation,
        data={"round": participation.round.code, "code": participation.code, "results": count},
    )
    return count


@transaction.atomic
def upload_series(item: Item, measurand: Measurand, csv_text: str, *, actor: Actor = SYSTEM) -> int:
    """The provider's CSV ``participant,result[,u|U]`` for one series, participants by code.

    For results received outside the portal; any bad row (missing column, a non-number,
    a duplicate or unknown participant) refuses the whole file.
    """
    pt_round = item.round
    if pt_round.status not in (RoundStatus.OPEN, RoundStatus.CLOSED):
        raise ResultsError([f"round: {pt_round.code} does not take results now"])
    try:
        parsed = parse_results(csv_text)
    except CsvInputError as exc:
        raise ResultsError(exc.errors) from exc
    participations = {p.code: p for p in Participation.all_objects.filter(round=pt_round)}
    unknown = [
        f"row {n}, column 'participant': no participant {r.participant!r} in this round"
        for n, r in enumerate(parsed, start=2)
        if r.participant not in participations
    ]
    if unknown:
        raise ResultsError(unknown)
    moment = clock.now()
    for r in parsed:
        U = r.U if r.U is not None else (2.0 * r.u if r.u is not None else None)
        Result.all_objects.update_or_create(
            participation=participations[r.participant],
            item=item,
            measurand=measurand,
            defaults={"value": r.x, "U": U, "source": ResultSource.PROVIDER, "submitted_at": moment},
        )
    log(
        "proficiency.results.uploaded",
        actor=actor,
        body=pt_round.scheme.provider_id,
        obj=pt_round,
        data={"round": pt_round.code, "item": item.code, "measurand": measurand.name, "results": len(parsed)},
    )
    return len(parsed)

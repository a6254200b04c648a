"""Signatory statuses: imported from a JSON or CSV file, turned into chain records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body, BodyKind
from casys.accreditation.models import Accreditation, ChainVersion, SignatoryStatus
from casys.accreditation.services.accreditations import accreditations_of, to_record
from casys.attestations.identity import did_for
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import recognition

CSV_COLUMNS = (
    "body",
    "arrangement",
    "activity",
    "normativeDocument",
    "subScope",
    "validFrom",
    "validUntil",
)


class StatusFileError(ValueError):
    """A signatory-status file is unusable; the message names the row or field."""


def _rows_from_csv(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS[:6] if c not in (reader.fieldnames or [])]
    if missing:
        raise StatusFileError(f"header: missing column(s) {', '.join(missing)}")
    rows = []
    for row in reader:
        doc: dict[str, Any] = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
        doc["subScope"] = doc["subScope"] or None
        doc["validUntil"] = doc["validUntil"] or None
        rows.append(doc)
    return rows


def parse(text: str, filename: str) -> list[dict[str, Any]]:
    """The status rows of a JSON (``{"signatoryStatuses": [...]}``) or CSV file, not yet checked."""
    if filename.lower().endswith(".csv"):
        return _rows_from_csv(text)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StatusFileError(f"{filename}: not JSON (line {exc.lineno}: {exc.msg})") from exc
    rows = doc.get("signatoryStatuses") if isinstance(doc, Mapping) else None
    if not isinstance(rows, list):
        raise StatusFileError(f"{filename}: signatoryStatuses: missing or not a list")
    return rows


@transaction.atomic
def import_statuses(
    rows: list[dict[str, Any]], *, source: str, only_body: Body | None = None, actor: Actor = SYSTEM
) -> int:
    """Replace the signatory statuses of the bodies named in ``rows`` by these (all or nothing).

    ``body`` in a row is the slug of an accreditation body in casys; with ``only_body``
    (an AB importing its own statuses) any other body is refused.
    """
    parsed: list[tuple[Body, recognition.SignatoryStatus]] = []
    for i, row in enumerate(rows):
        where = f"signatoryStatuses[{i}]"
        slug = row.get("body") if isinstance(row, Mapping) else None
        body = Body.all_objects.filter(slug=slug, kind=BodyKind.ACCREDITATION_BODY).first() if slug else None
        if body is None:
            raise StatusFileError(f"{where}.body: {slug!r} is not an accreditation body in casys")
        if only_body is not None and body.pk != only_body.pk:
            raise StatusFileError(
                f"{where}.body: {slug!r} — you may only import statuses of {only_body.slug}"
            )
        try:
            parsed.append((body, recognition.recognition_from_json({"signatoryStatuses": [row]}).statuses[0]))
        except recognition.RecognitionError as exc:
            raise StatusFileError(str(exc).replace("signatoryStatuses[0]", where)) from exc
    bodies = {b.pk: b for b, _s in parsed}
    SignatoryStatus.all_objects.filter(body_id__in=list(bodies)).delete()
    SignatoryStatus.all_objects.bulk_create(
        SignatoryStatus(
            body=b,
            arrangement=s.arrangement,
            activity=s.activity,
            normative_document=s.normative_document,
            sub_scope=s.sub_scope or "",
            valid_from=s.valid_from,
            valid_until=s.valid_until,
            suspended=[[a.isoformat(), z.isoformat() if z else None] for a, z in s.suspended],
            source=source[:300],
        )
        for b, s in parsed
    )
    ChainVersion.bump()  # bulk_create sends no post_save: cached chains must still see the new statuses
    for body in bodies.values():
        log(
            "accreditation.recognition.imported",
            actor=actor,
            body=body,
            data={"source": source, "rows": sum(1 for b, _s in parsed if b.pk == body.pk)},
        )
    return len(parsed)


def status_to_record(s: SignatoryStatus) -> recognition.SignatoryStatus:
    return recognition.SignatoryStatus(
        body=did_for(s.body.slug),
        arrangement=s.arrangement,
        activity=s.activity,
        normative_document=s.normative_document,
        sub_scope=s.sub_scope or None,
        valid_from=s.valid_from,
        valid_until=s.valid_until,
        suspended=tuple(
            (date.fromisoformat(a), date.fromisoformat(z) if z else None) for a, z in s.suspended
        ),
    )


def recognition_data_each(
    cab_ids: Iterable[int],
) -> dict[int, tuple[recognition.RecognitionData, list[Accreditation]]]:
    """:func:`recognition_data` of each of these CABs on its own (what ``recognition_data([cab])``
    answers), in four queries for all of them (the accreditations, their scope lines, their events,
    the statuses)."""
    ids = list(dict.fromkeys(cab_ids))
    accs = accreditations_of(ids)
    statuses = _statuses_of(accs)
    held: dict[int, list[Accreditation]] = {cab: [] for cab in ids}
    for a in accs:
        held[a.cab_id].append(a)
    out = {}
    for cab, mine in held.items():
        bodies = {a.body_id for a in mine}
        out[cab] = (_records(mine, [s for s in statuses if s.body_id in bodies]), mine)
    return out


def recognition_data(cab_ids: Iterable[int]) -> tuple[recognition.RecognitionData, list[Accreditation]]:
    """The accreditations of these CABs and the signatory statuses of their ABs, as chain records."""
    accs = accreditations_of(cab_ids)
    return _records(accs, _statuses_of(accs)), accs


def _statuses_of(accs: list[Accreditation]) -> list[SignatoryStatus]:
    """The signatory statuses of the accreditation bodies of ``accs``."""
    bodies = {a.body_id for a in accs}
    return list(SignatoryStatus.all_objects.filter(body_id__in=bodies).select_related("body"))


def _records(accs: list[Accreditation], statuses: list[SignatoryStatus]) -> recognition.RecognitionData:
    return recognition.RecognitionData(
        accreditations=tuple(to_record(a) for a in accs),
        statuses=tuple(status_to_record(s) for s in statuses),
    )

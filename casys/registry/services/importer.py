"""Bulk import of certificates from CSV or XLSX in the template (:mod:`.template`), and export to it.

The whole file is validated first; any bad row means nothing is imported and every
error is listed by row and column. A valid file is written in one transaction
(:func:`casys.registry.services.ingest.ingest`: set-wise, its credentials signed when first
asked for), so an import killed half-way leaves the database and the log as they were; rows
already published with the same facts are left alone, so re-importing a file changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from django.db import transaction

from casys.accounts.models import Body
from casys.attestations.models import Attestation, Kind
from casys.attestations.services.issue import Counts, Entry, _existing, _facts, _same
from casys.auditlog.services import SYSTEM, Actor
from casys.core import untrusted_text
from casys.registry.services import ingest, stream
from casys.registry.services.rules import (
    MAX_LENGTH,
    MULTILINE,
    ImportFileError,
    RowError,
    check,
    header_keys,
    unreadable,
    validate,
)
from casys.registry.services.template import KEYS

__all__ = ["MAX_LENGTH", "MULTILINE", "ImportFileError", "RowError", "check", "header_keys", "validate"]

# --- reading ----------------------------------------------------------------------------------


def _cells_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError([RowError(0, "-", f"not UTF-8 text (byte {exc.start})")]) from exc
    reader = csv.reader(io.StringIO(text))
    try:
        return list(reader)
    except csv.Error as exc:  # a cell over csv.field_size_limit(), a quote never closed
        raise ImportFileError([unreadable(reader.line_num, exc)]) from exc


#: what openpyxl raises on a file that is not a readable workbook
XLSX_ERRORS = (BadZipFile, OSError, KeyError, ValueError, IndexError, ParseError)


def _cells_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # the sheet's XML is parsed while the rows are read: an entity bomb or broken XML fails here
        return [["" if v is None else v for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    except XLSX_ERRORS as exc:
        raise ImportFileError([RowError(0, "-", f"not an XLSX workbook ({exc})")]) from exc


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[list[Any]]]:
    """The header keys and the data rows of a CSV or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        cells = _cells_xlsx(data)
    elif filename.lower().endswith(".csv"):
        cells = _cells_csv(data)
    else:
        raise ImportFileError([RowError(0, "-", f"{filename}: expected a .csv or .xlsx file")])
    while cells and not any(str(c).strip() for c in cells[-1]):
        cells.pop()
    if not cells:
        raise ImportFileError([RowError(1, "-", "the file is empty (no header row)")])
    return header_keys(cells[0]), cells[1:]


def plan(issuer: Body, entries: Sequence[Entry]) -> Counts:
    """What an import would do (for ``--dry-run``), writing nothing."""
    counts = Counts()
    for i in range(0, len(entries), 900):
        batch = entries[i : i + 900]
        existing = _existing(issuer, Kind.CERTIFICATE, [e.number for e in batch])
        for e in batch:
            row = existing.get(e.number)
            if row is None:
                counts.created += 1
            elif _same(row, _facts(issuer, e)):
                counts.unchanged += 1
            else:
                counts.updated += 1
    return counts


def import_file(
    data: bytes,
    filename: str,
    issuer: Body,
    *,
    dry_run: bool = False,
    actor: Actor = SYSTEM,
    progress: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
    ahead: stream.Ahead | None = None,
) -> dict[str, Any]:
    """Validate then import (or plan, with ``dry_run``) a template file for ``issuer``.
    ``defer_indexes``: drop and rebuild the secondary indexes around the load (None: the rule of
    :func:`.ingest.should_defer_indexes`); ``ahead``: the file's reader, started earlier
    (:func:`.stream.read_ahead`; stopped here whatever happens).

    On PostgreSQL a CSV file is streamed in (:mod:`.stream`: read and checked beside the server
    writing it); a file that is not UTF-8 or has no header comes back here, to the Python path."""
    if not dry_run and filename.lower().endswith(".csv"):
        done = stream.import_csv(
            data, filename, issuer, actor=actor, progress=progress, defer_indexes=defer_indexes, ahead=ahead
        )
        if done is not None:
            return done
    elif ahead is not None:
        ahead.stop()
    with stream.collections_for_import():  # a file's rows, entries and model rows: no cycles
        header, rows = read_rows(data, filename)
        entries = validate(header, rows)
        if dry_run:
            counts = plan(issuer, entries)
        else:
            counts = ingest.ingest(
                issuer,
                entries,
                source=Path(filename).name,
                actor=actor,
                progress=progress,
                defer_indexes=defer_indexes,
            )
    return {
        "file": Path(filename).name,
        "issuer": issuer.slug,
        "rows": len(entries),
        "dry_run": dry_run,
        **counts.as_dict(),
    }


class BatchError(ImportFileError):
    """Files of a batch cannot be imported: ``failures`` gives each one's name and its errors (every
    file of the batch is checked; nothing of the batch is written)."""

    def __init__(self, failures: Sequence[tuple[str, ImportFileError]]) -> None:
        self.failures = list(failures)
        super().__init__([e for _name, f in self.failures for e in f.errors])
        self.args = ("; ".join(f"{name}: {f}" for name, f in self.failures),)


def import_batch(
    files: Iterable[tuple[Body, str, bytes]],
    *,
    rows: int,
    actor: Actor = SYSTEM,
    progress: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
) -> list[dict[str, Any]]:
    """Import several template files ``(issuer, filename, data)``, of one issuer or many, all or
    nothing: one transaction, each file checked and written as :func:`import_file` does, with its
    own signed tree head. ``files`` may be a generator (a file is read when its turn comes);
    ``rows``: their data rows, or an upper bound (their lines), for the deferral rule.

    The point of a batch is a large first load (a registry filled from the bodies' files, a
    national registry moving in): when the batch at least doubles the registry
    (:func:`.ingest.should_defer_indexes`), the indexes of the tables it writes are dropped once and
    built once at the end, where file by file each would keep them up row by row. Raises
    :class:`BatchError` naming every file that has errors, with all of them."""
    results: list[dict[str, Any]] = []
    failures: list[tuple[str, ImportFileError]] = []
    done = 0

    def moved(n: int) -> None:
        if progress:
            progress(done + n)

    queue = iter(files)
    following = next(queue, None)
    ahead: stream.Ahead | None = None
    try:
        with transaction.atomic():
            defer = ingest.should_defer_indexes(rows) if defer_indexes is None else defer_indexes
            indexes = ingest._drop_indexes() if defer else []
            while following is not None:
                issuer, filename, data = following
                current, following = ahead, next(queue, None)
                # the next file is read (a process of its own) while this one is written
                ahead = stream.read_ahead(following[2], following[1], following[0]) if following else None
                try:
                    result = import_file(
                        data, filename, issuer, actor=actor, progress=moved, defer_indexes=False,
                        ahead=current,
                    )  # fmt: skip
                except ImportFileError as exc:  # its savepoint is rolled back; the next files still checked
                    failures.append((Path(filename).name, exc))
                    continue
                results.append(result)
                done += result["rows"]
            if failures:
                raise BatchError(failures)
            ingest._build_indexes(indexes)
    finally:
        if ahead is not None:
            ahead.stop()
    return results


# --- export -----------------------------------------------------------------------------------


def template_row(a: Attestation) -> dict[str, str]:
    """A registry row in the template's columns."""
    return {
        "certificate_number": a.number,
        "status": a.status,
        "issue_date": a.issue_date.isoformat(),
        "original_issue_date": a.original_issue_date.isoformat(),
        "expiry_date": a.expiry_date.isoformat(),
        "certified_entity_name": a.holder_name,
        "certified_entity_name_en": a.holder_name_en,
        "address": a.holder_address,
        "country": a.country,
        "scope": a.scope,
        "standards": "; ".join(a.standard_list),
        "iaf_codes": "; ".join(a.iaf_code_list),
        "sites": "; ".join(
            " | ".join(p for p in (s.get("name", ""), s.get("address", ""), s.get("country", "")))
            for s in a.sites
        ),
        "accreditation_body": a.accreditation_body,
        "public": "yes" if a.public else "no",
    }


def spreadsheet_row(a: Attestation) -> list[str]:
    """A registry row for a CSV or XLSX file: every cell that a spreadsheet would run as a formula
    made text (OWASP CSV injection; :func:`casys.core.untrusted_text.spreadsheet_safe`)."""
    return [untrusted_text.spreadsheet_safe(v) for v in template_row(a).values()]


def write_csv(rows: Iterable[Attestation], out: io.TextIOBase | Any) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(KEYS)
    n = 0
    for a in rows:
        writer.writerow(spreadsheet_row(a))
        n += 1
    return n


def write_xlsx(rows: Iterable[Attestation], path: Path) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("certificates")
    ws.append(list(KEYS))
    n = 0
    for a in rows:
        ws.append([_text_cell(ws, v) for v in spreadsheet_row(a)])
        n += 1
    wb.save(path)
    return n


def _text_cell(ws: Any, value: str) -> Any:
    """A write-only cell typed as a string, whatever its first character (openpyxl would make
    ``=...`` a formula cell)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell

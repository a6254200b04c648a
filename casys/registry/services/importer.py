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
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from casys.accounts.models import Body
from casys.attestations.models import Attestation, Kind, Status
from casys.attestations.services.issue import Counts, Entry, _existing, _facts, _same
from casys.auditlog.services import SYSTEM, Actor
from casys.core import untrusted_text
from casys.registry.services import ingest
from casys.registry.services.template import COLUMNS, IAF_CODES, KEYS

_LABELS = {c.label.lower(): c.key for c in COLUMNS} | {c.key: c.key for c in COLUMNS}
_COUNTRY = re.compile(r"^[A-Z]{2}$")
#: The longest text each column may hold: the registry's column sizes (models/attestation.py), and
#: for its unbounded text columns a limit no real address or scope reaches. Checked here, in
#: Python, so SQLite (which stores any length) and PostgreSQL (which refuses) answer alike.
MAX_LENGTH = {
    "certificate_number": 120,
    "certified_entity_name": 300,
    "certified_entity_name_en": 300,
    "address": 2_000,
    "scope": 10_000,
    "standards": 500,
    "iaf_codes": 300,
    "sites": 10_000,
    "accreditation_body": 120,
}
MULTILINE = frozenset({"address", "scope"})


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class ImportFileError(ValueError):
    """The file cannot be imported; ``errors`` lists every problem by row and column."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        shown = "; ".join(str(e) for e in self.errors[:20])
        more = f" (and {len(self.errors) - 20} more)" if len(self.errors) > 20 else ""
        super().__init__(f"{len(self.errors)} error(s): {shown}{more}")


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
        row = reader.line_num
        raise ImportFileError([RowError(row, "-", f"not readable as CSV ({exc})")]) from exc


def _cells_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # the sheet's XML is parsed while the rows are read: an entity bomb or broken XML fails here
        return [["" if v is None else v for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    except (BadZipFile, OSError, KeyError, ValueError, IndexError, ParseError) as exc:
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
    header, errors = [], []
    for cell in cells[0]:
        key = _LABELS.get(str(cell).strip().lower())
        if key is None and str(cell).strip():
            errors.append(RowError(1, str(cell), f"unknown column (expected one of {', '.join(KEYS)})"))
        header.append(key or "")
    for c in COLUMNS:
        if c.required and c.key not in header:
            errors.append(RowError(1, c.key, "required column missing"))
    if errors:
        raise ImportFileError(errors)
    return header, cells[1:]


# --- validating -------------------------------------------------------------------------------


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


class _Row:
    def __init__(self, n: int, cells: dict[str, Any], errors: list[RowError]) -> None:
        self.n, self.cells, self.errors = n, cells, errors

    def text(self, key: str) -> str:
        """The cell as checked text: too long, a control or a direction control is an error, named."""
        value = self.cells.get(key, "")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = untrusted_text.from_spreadsheet(str(value).strip())
        wrong = untrusted_text.problem(text, max_length=MAX_LENGTH.get(key), multiline=key in MULTILINE)
        if wrong is not None:
            self.fail(key, wrong)
            return ""
        return text

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.n, key, message))

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value and not str(self.cells.get(key, "")).strip():
            self.fail(key, "required")
        return value

    def day(self, key: str, default: date | None = None) -> date | None:
        raw = self.cells.get(key, "")
        if raw in ("", None):
            if default is None:
                self.fail(key, "required")
            return default
        try:
            return _date(raw)
        except ValueError:
            self.fail(key, f"{raw!r} is not a date (YYYY-MM-DD)")
            return None


def _codes(row: _Row) -> tuple[str, ...]:
    out = []
    for code in _split(row.text("iaf_codes")):
        if not code.isdigit() or int(code) not in IAF_CODES:
            row.fail("iaf_codes", f"{code!r} is not an IAF code (1 to 39, IAF ID 1)")
        else:
            out.append(str(int(code)))
    return tuple(out)


def _sites(row: _Row) -> tuple[dict[str, str], ...]:
    out = []
    for site in _split(row.text("sites")):
        parts = [p.strip() for p in site.split("|")]
        if len(parts) > 3 or not parts[0]:
            row.fail("sites", f"{site!r}: expected 'name | address | country'")
            continue
        parts += [""] * (3 - len(parts))
        out.append({"name": parts[0], "address": parts[1], "country": parts[2].upper()})
    return tuple(out)


def _public(row: _Row) -> bool:
    value = row.text("public").lower()
    if value in ("", "yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0"):
        return False
    row.fail("public", f"{value!r}: expected yes or no")
    return True


def _entry(row: _Row) -> Entry | None:
    before = len(row.errors)
    number = row.required("certificate_number")
    status = row.required("status").lower()
    if status and status not in Status.values:
        row.fail("status", f"{status!r}: expected one of {', '.join(Status.values)}")
    issue = row.day("issue_date")
    expiry = row.day("expiry_date")
    original = row.day("original_issue_date", default=issue or date.min)
    if issue and expiry and expiry < issue:
        row.fail("expiry_date", f"{expiry} is before the issue date {issue}")
    if issue and original and original > issue:
        row.fail("original_issue_date", f"{original} is after the issue date {issue}")
    name = row.required("certified_entity_name")
    country = row.required("country").upper()
    if country and not _COUNTRY.match(country):
        row.fail("country", f"{country!r} is not an ISO 3166-1 alpha-2 code")
    standards = _split(row.text("standards"))
    if not standards:
        row.fail("standards", "required")
    codes, sites, public = _codes(row), _sites(row), _public(row)
    if len(row.errors) > before or not (issue and expiry and original):
        return None
    return Entry(
        number=number,
        status=status,
        holder_name=name,
        holder_name_en=row.text("certified_entity_name_en"),
        holder_address=row.text("address"),
        country=country,
        standards=standards,
        iaf_codes=codes,
        scope=row.text("scope"),
        original_issue_date=original,
        issue_date=issue,
        expiry_date=expiry,
        public=public,
        sites=sites,
        accreditation_body=row.text("accreditation_body"),
        history=({"source": "import"},),
    )


def validate(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[Entry]:
    """Every row as an :class:`Entry`, or :class:`ImportFileError` with every error."""
    errors: list[RowError] = []
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for i, cells in enumerate(rows):
        n = i + 2  # the header is row 1
        if not any(str(c).strip() for c in cells):
            continue
        row = _Row(n, dict(zip(header, cells, strict=False)), errors)
        entry = _entry(row)
        if entry is not None:
            if entry.number in seen:
                row.fail("certificate_number", f"{entry.number!r} already on row {seen[entry.number]}")
            seen[entry.number] = n
            entries.append(entry)
    if errors:
        raise ImportFileError(errors)
    return entries


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
) -> dict[str, Any]:
    """Validate then import (or plan, with ``dry_run``) a template file for ``issuer``."""
    header, rows = read_rows(data, filename)
    entries = validate(header, rows)
    if dry_run:
        counts = plan(issuer, entries)
    else:
        counts = ingest.ingest(issuer, entries, source=Path(filename).name, actor=actor, progress=progress)
    return {
        "file": Path(filename).name,
        "issuer": issuer.slug,
        "rows": len(entries),
        "dry_run": dry_run,
        **counts.as_dict(),
    }


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

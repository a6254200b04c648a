"""The import template's rules for a row: every error by row and column, in words that name the
field. :mod:`.importer` runs them on every row of a file (the Python path); :mod:`.stream` on the
rows its screen flags (PostgreSQL), so the wording lives here only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from casys.attestations.models import Status
from casys.attestations.services.issue import Entry
from casys.core import untrusted_text
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


def header_keys(cells: Sequence[Any]) -> list[str]:
    """The column key of each header cell ("" for a blank one), or :class:`ImportFileError` naming
    every unknown column and every required one missing."""
    header, errors = [], []
    for cell in cells:
        key = _LABELS.get(str(cell).strip().lower())
        if key is None and str(cell).strip():
            errors.append(RowError(1, str(cell), f"unknown column (expected one of {', '.join(KEYS)})"))
        header.append(key or "")
    for c in COLUMNS:
        if c.required and c.key not in header:
            errors.append(RowError(1, c.key, "required column missing"))
    if errors:
        raise ImportFileError(errors)
    return header


def duplicate(n: int, number: str, earlier: int) -> RowError:
    """Row ``n`` repeats the certificate number of row ``earlier``."""
    return RowError(n, "certificate_number", f"{number!r} already on row {earlier}")


def unreadable(line: int, exc: Exception) -> RowError:
    """The CSV reader gave up at ``line`` (a cell over csv.field_size_limit(), a quote never closed)."""
    return RowError(line, "-", f"not readable as CSV ({exc})")


# --- validating -------------------------------------------------------------------------------


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _split(value: str) -> tuple[str, ...]:
    """The ``;``-separated parts of a cell, stripped, the empty ones dropped."""
    if ";" not in value:  # one part: the usual cell, and the streamed import screens every row
        value = value.strip()
        return (value,) if value else ()
    return tuple(filter(None, map(str.strip, value.split(";"))))


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
    errors, entries, _refused = check(header, ((i + 2, cells) for i, cells in enumerate(rows)))
    if errors:
        raise ImportFileError(errors)
    return entries


def check(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]]
) -> tuple[list[RowError], list[Entry], set[int]]:
    """The rules of :func:`validate` over ``(row number, cells)`` pairs in file order (the header is
    row 1): every error, the entries of the rows without one, and the numbers of the rows refused.
    A blank row is skipped (neither an entry nor refused). The streamed path of PostgreSQL
    (:mod:`.stream`) runs it on the rows its screen flagged, so the wording stays here."""
    errors: list[RowError] = []
    entries: list[Entry] = []
    refused: set[int] = set()
    seen: dict[str, int] = {}
    for n, cells in rows:
        if not any(str(c).strip() for c in cells):
            continue
        before = len(errors)
        row = _Row(n, dict(zip(header, cells, strict=False)), errors)
        entry = _entry(row)
        if entry is not None:
            if entry.number in seen:
                errors.append(duplicate(n, entry.number, seen[entry.number]))
            seen[entry.number] = n
            entries.append(entry)
        if len(errors) > before:
            refused.add(n)
    return errors, entries, refused

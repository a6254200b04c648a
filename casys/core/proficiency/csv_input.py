"""Parsing CSV text handed in: PT results, homogeneity items, precision data.

Parsing is all-or-nothing: every row is checked, every problem is collected, and on any
problem :class:`CsvInputError` is raised listing them all (row numbers count the header
as row 1, as a spreadsheet shows them) and nothing is returned.

Layouts (a header row, then one row per record; extra columns are ignored):

- results: ``participant,result`` and optionally ``u`` (standard uncertainty) or ``U``
  (expanded uncertainty, k = 2 unless the caller says otherwise);
- one participant's submission: ``item,measurand,result`` and optionally ``U``;
- homogeneity items: ``item,replicate,result``;
- precision (ISO 5725-2): ``laboratory,level,replicate,result``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass


class CsvInputError(ValueError):
    """Raised with every problem found in a CSV text; ``errors`` lists them one per entry."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class ParticipantResult:
    """One participant's result ``x`` with, if given, ``u`` (standard) and ``U`` (expanded)."""

    participant: str
    x: float
    u: float | None = None
    U: float | None = None


@dataclass(frozen=True)
class ItemResult:
    """One replicate result of a homogeneity item."""

    item: str
    replicate: str
    x: float


@dataclass(frozen=True)
class PrecisionResult:
    """One test result of an ISO 5725-2 precision experiment."""

    laboratory: str
    level: str
    replicate: str
    x: float


Records = list[tuple[int, dict[str, str]]]


def _rows(text: str, required: Sequence[str], errors: list[str]) -> tuple[list[str], Records]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    lines = [(number, row) for number, row in enumerate(reader, start=1) if any(cell.strip() for cell in row)]
    if not lines:
        errors.append("the CSV text is empty: a header row is needed")
        return [], []
    header_row, header = lines[0][0], [cell.strip() for cell in lines[0][1]]
    for column in required:
        if column not in header:
            errors.append(f"row {header_row}: missing column '{column}' (header has: {', '.join(header)})")
    records = []
    for number, row in lines[1:]:
        cells = [cell.strip() for cell in row]
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        records.append((number, dict(zip(header, cells, strict=False))))
    return header, records


def _number(value: str, row: int, column: str, errors: list[str], *, non_negative: bool = False) -> float:
    try:
        number = float(value)
    except ValueError:
        errors.append(f"row {row}, column '{column}': '{value}' is not a number")
        return math.nan
    if not math.isfinite(number):
        errors.append(f"row {row}, column '{column}': '{value}' is not a finite number")
    elif non_negative and number < 0.0:
        errors.append(f"row {row}, column '{column}': {value} must not be negative")
    return number


def _text(record: dict[str, str], row: int, column: str, errors: list[str]) -> str:
    value = record.get(column, "")
    if not value:
        errors.append(f"row {row}, column '{column}': empty")
    return value


def parse_results(text: str) -> list[ParticipantResult]:
    """Parse ``participant,result[,u|,U]`` rows; duplicates of a participant are refused.

    >>> parse_results("participant,result,u\\nLab A,10.1,0.2\\nLab B,9.8,0.3\\n")[1]
    ParticipantResult(participant='Lab B', x=9.8, u=0.3, U=None)
    >>> parse_results("participant,result\\nA,1\\nA,x\\n")
    Traceback (most recent call last):
    ...
    casys.core.proficiency.csv_input.CsvInputError: row 3, column 'result': 'x' is not a number; \
row 3, column 'participant': duplicate participant 'A' (first on row 2)
    """
    errors: list[str] = []
    header, records = _rows(text, ("participant", "result"), errors)
    if errors:
        raise CsvInputError(errors)
    has_u, has_U = "u" in header, "U" in header
    seen: dict[str, int] = {}
    results = []
    for row, record in records:
        participant = _text(record, row, "participant", errors)
        x = _number(record.get("result", ""), row, "result", errors)
        u = _number(record["u"], row, "u", errors, non_negative=True) if has_u and record.get("u") else None
        U = _number(record["U"], row, "U", errors, non_negative=True) if has_U and record.get("U") else None
        if participant and participant in seen:
            first = seen[participant]
            errors.append(
                f"row {row}, column 'participant': duplicate participant '{participant}' "
                f"(first on row {first})"
            )
        elif participant:
            seen[participant] = row
        results.append(ParticipantResult(participant, x, u, U))
    if not results and not errors:
        errors.append("no result rows after the header")
    if errors:
        raise CsvInputError(errors)
    return results


@dataclass(frozen=True)
class SubmittedResult:
    """One result a participant submits for a PT item and a measurand, with U if given."""

    item: str
    measurand: str
    x: float
    U: float | None = None


def parse_submission(text: str) -> list[SubmittedResult]:
    """Parse one participant's ``item,measurand,result[,U]`` rows; a repeated pair is refused.

    >>> parse_submission("item,measurand,result,U\\nA,Pb,10.2,0.8\\n")[0]
    SubmittedResult(item='A', measurand='Pb', x=10.2, U=0.8)
    >>> parse_submission("item,measurand,result\\nA,Pb,1\\nA,Pb,2\\n")
    Traceback (most recent call last):
    ...
    casys.core.proficiency.csv_input.CsvInputError: row 3, column 'measurand': duplicate result \
for item A, measurand Pb (first on row 2)
    """
    errors: list[str] = []
    header, records = _rows(text, ("item", "measurand", "result"), errors)
    if errors:
        raise CsvInputError(errors)
    seen: dict[tuple[str, str], int] = {}
    results = []
    for row, record in records:
        item = _text(record, row, "item", errors)
        measurand = _text(record, row, "measurand", errors)
        x = _number(record.get("result", ""), row, "result", errors)
        given_U = "U" in header and bool(record.get("U"))
        U = _number(record["U"], row, "U", errors, non_negative=True) if given_U else None
        key = (item, measurand)
        if item and measurand and key in seen:
            errors.append(
                f"row {row}, column 'measurand': duplicate result for item {item}, measurand {measurand} "
                f"(first on row {seen[key]})"
            )
        elif item and measurand:
            seen[key] = row
        results.append(SubmittedResult(item, measurand, x, U))
    if not results and not errors:
        errors.append("no result rows after the header")
    if errors:
        raise CsvInputError(errors)
    return results


def parse_items(text: str) -> list[ItemResult]:
    """Parse ``item,replicate,result`` rows; a repeated (item, replicate) pair is refused.

    >>> len(parse_items("item,replicate,result\\n1,1,10.0\\n1,2,10.2\\n2,1,9.9\\n2,2,10.1\\n"))
    4
    """
    errors: list[str] = []
    _, records = _rows(text, ("item", "replicate", "result"), errors)
    if errors:
        raise CsvInputError(errors)
    seen: dict[tuple[str, str], int] = {}
    items = []
    for row, record in records:
        item = _text(record, row, "item", errors)
        replicate = _text(record, row, "replicate", errors)
        x = _number(record.get("result", ""), row, "result", errors)
        key = (item, replicate)
        if key in seen:
            errors.append(
                f"row {row}, column 'replicate': duplicate replicate {replicate} of item {item} "
                f"(first on row {seen[key]})"
            )
        else:
            seen[key] = row
        items.append(ItemResult(item, replicate, x))
    if not items and not errors:
        errors.append("no result rows after the header")
    if errors:
        raise CsvInputError(errors)
    return items


def parse_precision(text: str) -> list[PrecisionResult]:
    """Parse ``laboratory,level,replicate,result`` rows; a repeated replicate is refused.

    >>> parse_precision("laboratory,level,replicate,result\\nL1,1,1,4.5\\n")[0].x
    4.5
    """
    errors: list[str] = []
    _, records = _rows(text, ("laboratory", "level", "replicate", "result"), errors)
    if errors:
        raise CsvInputError(errors)
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    for row, record in records:
        laboratory = _text(record, row, "laboratory", errors)
        level = _text(record, row, "level", errors)
        replicate = _text(record, row, "replicate", errors)
        x = _number(record.get("result", ""), row, "result", errors)
        key = (laboratory, level, replicate)
        if key in seen:
            errors.append(
                f"row {row}, column 'replicate': duplicate replicate {replicate} of laboratory {laboratory} "
                f"at level {level} (first on row {seen[key]})"
            )
        else:
            seen[key] = row
        results.append(PrecisionResult(laboratory, level, replicate, x))
    if not results and not errors:
        errors.append("no result rows after the header")
    if errors:
        raise CsvInputError(errors)
    return results

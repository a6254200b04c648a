"""Reading a body's audit-time table from CSV (no Django: the CLI uses it too).

The core loader (``casys.core.audit_time.load_body_table``) validates the table and
names the row; this wrapper adds the column and the line of the file to its message
when a cell is wrong, so the person loading the table can find the cell.

Format (one band of personnel per row, bands continuous from 1)::

    # lines starting with # are comments
    personnel_min,personnel_max,<category>[,<category>...]
    1,10,<days>
    11,25,<days>

Rows are numbered as the core numbers them: the header is row 1, comment and blank
lines are not counted; the message also gives the line of the file.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from casys.core import audit_time as at

FORMAT_EXAMPLE = "personnel_min,personnel_max,all\n1,10,<days>\n11,25,<days>"


def _data_lines(csv_text: str) -> list[tuple[int, str]]:
    """(line number in the file, text) of the lines the core reads (not blank, not a comment)."""
    return [
        (i, ln)
        for i, ln in enumerate(csv_text.splitlines(), start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]


def _bad_cell(csv_text: str) -> str | None:
    """Where the first non-numeric or non-positive cell is: ``row R (line L), column C 'name': ...``."""
    lines = _data_lines(csv_text)
    if not lines:
        return None
    header = next(csv.reader(io.StringIO(lines[0][1])))
    for row, (line, text) in enumerate(lines[1:], start=2):
        cells = next(csv.reader(io.StringIO(text)))
        for col, (name, value) in enumerate(zip(header, cells, strict=False), start=1):
            where = f"row {row} (line {line}), column {col} {name.strip()!r}"
            try:
                number = int(value) if col <= 2 else Fraction(value.strip())
            except ValueError:
                return f"{where}: {value.strip()!r} is not a number"
            if number <= 0:
                return f"{where}: {value.strip()!r} must be greater than 0"
    return None


def parse_body_table(table_id: str, csv_text: str, source: str) -> at.AuditTimeTable:
    """The core's table, or :class:`casys.core.audit_time.AuditTimeError` naming row and column.

    The values below are made up for the example (the real tables are not public).

    >>> t = parse_body_table("iso27006-1", "personnel_min,personnel_max,all\\n1,10,2\\n11,20,3", "body copy")
    >>> t.source, t.row(12).days["all"]
    ('body copy', Fraction(3, 1))
    >>> try:
    ...     parse_body_table("iso27006-1", "personnel_min,personnel_max,all\\n1,10,two", "body copy")
    ... except at.AuditTimeError as e:
    ...     print(str(e).split("; ")[1])
    row 2 (line 2), column 3 'all': 'two' is not a number
    """
    if table_id not in at.BODY_TABLES:
        raise at.AuditTimeError(
            f"table_id: {table_id!r} is not a table a body loads "
            f"(expected one of {', '.join(at.BODY_TABLES)})"
        )
    try:
        table = at.load_body_table(table_id, csv_text, source.strip())
    except at.AuditTimeError as exc:
        cell = _bad_cell(csv_text)
        if cell and "not a number" in str(exc):
            raise at.AuditTimeError(f"{exc}; {cell}") from exc
        raise
    cell = _bad_cell(csv_text)
    if cell:  # the core accepts zero and negative days; a table of audit days does not have them
        raise at.AuditTimeError(f"{table_id} table: {cell}")
    return table

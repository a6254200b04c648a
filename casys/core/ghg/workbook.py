"""An inventory workbook (XLSX) read as the CSV text the inventory parser reads.

The first sheet is read, its header in row 1; each spreadsheet row becomes one CSV
record, blank rows included, so that a row number the parser names (the header is
row 1) is the row number the user sees in the spreadsheet. Values are the cached
results of formulas (``data_only``): a workbook saved by a spreadsheet program has
them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

import openpyxl

#: A workbook bigger than this many rows is refused before it is parsed further.
MAX_ROWS = 50_000


class WorkbookError(ValueError):
    """The file is not a readable XLSX workbook (or is too large)."""


@dataclass(frozen=True)
class Sheet:
    """The sheet read: its name (named in errors) and its rows as CSV text."""

    name: str
    csv_text: str


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_workbook(data: bytes) -> Sheet:
    """The first sheet of an XLSX workbook as CSV text, row for row."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError, IndexError, ParseError) as exc:
        raise WorkbookError(f"not an XLSX workbook ({exc})") from exc
    try:
        if not book.worksheets:
            raise WorkbookError("the workbook has no sheet")
        sheet = book.worksheets[0]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if n > MAX_ROWS:
                raise WorkbookError(f"sheet {sheet.title!r} has more than {MAX_ROWS} rows")
            # a row of no cell is written as one empty cell, never as a blank line (which a CSV
            # reader skips, shifting every later row number)
            writer.writerow([_cell(v) for v in row] or [""])
        return Sheet(sheet.title, out.getvalue())
    except (BadZipFile, OSError, KeyError, IndexError, ParseError) as exc:
        raise WorkbookError(f"not an XLSX workbook ({exc})") from exc
    finally:
        book.close()

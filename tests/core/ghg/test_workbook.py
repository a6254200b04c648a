"""An inventory workbook is read row for row: the row numbers of errors are the spreadsheet's."""

from __future__ import annotations

import io

import openpyxl
import pytest

from casys.core.ghg.gwp import gwp_set
from casys.core.ghg.inventory import COLUMNS, InventoryError, read_inventory
from casys.core.ghg.workbook import WorkbookError, read_workbook


def workbook(rows: dict[int, list[object]], title: str = "Inventory") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for n, values in rows.items():
        for col, value in enumerate(values, start=1):
            sheet.cell(row=n, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_gives_the_same_totals_as_its_csv() -> None:
    data = workbook({1: list(COLUMNS), 2: ["boiler", 1, "CH4", 100, "TJ", 1, "kg/TJ"]})
    sheet = read_workbook(data)
    assert sheet.name == "Inventory"
    assert round(read_inventory(sheet.csv_text, gwp_set("AR6")).total_tco2e, 6) == 2.79


def test_a_bad_cell_is_named_by_the_row_the_spreadsheet_shows_after_blank_rows() -> None:
    data = workbook(
        {
            1: list(COLUMNS),
            2: ["boiler", 1, "CH4", 100, "TJ", 1, "kg/TJ"],
            # rows 3 and 4 left blank
            5: ["kiln", 1, "XX-9", 10, "t", 1, "t/t"],
            6: ["van", 3, "CO2", -4, "l", 2.3, "kg/l"],
        }
    )
    with pytest.raises(InventoryError) as caught:
        read_inventory(read_workbook(data).csv_text, gwp_set("AR6"))
    named = [(e.row, e.column) for e in caught.value.errors]
    assert named == [(5, "gas"), (6, "activity")]


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(WorkbookError, match="not an XLSX workbook"):
        read_workbook(b"source,category\n")

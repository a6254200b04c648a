"""CLI: casys ghg inventory | materiality — the JSON keys the issue names, and bad input refused."""

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from casys.cli import app

runner = CliRunner()
HEADER = "source,category,gas,activity,activity_unit,factor,factor_unit\n"


def _file(tmp_path: Path, body: str) -> str:
    path = tmp_path / "inventory.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def test_inventory_prints_totals_by_category_and_gas(tmp_path):
    path = _file(
        tmp_path, "boiler,1,CH4,100,TJ,1,kg/TJ\nboiler,1,CO2,100,TJ,56.1,t/TJ\ngrid,2,CO2,10,MWh,0.3,t/MWh\n"
    )
    result = runner.invoke(app, ["ghg", "inventory", path, "--gwp", "AR6", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "total_tco2e": 5615.79,
        "by_category": {"1": 5612.79, "2": 3.0},
        "by_gas": {"CH4": 2.79, "CO2": 5613.0},
    }


def test_inventory_uses_the_gwp_set_asked_for(tmp_path):
    path = _file(tmp_path, "chiller,1,HFC-134a,1,t,1,t/t\n")
    got = {
        s: json.loads(runner.invoke(app, ["ghg", "inventory", path, "--gwp", s, "--json"]).stdout)[
            "total_tco2e"
        ]
        for s in ("AR4", "AR5", "AR6")
    }
    assert got == {"AR4": 1430.0, "AR5": 1300.0, "AR6": 1530.0}


def test_inventory_reads_an_xlsx_workbook(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (HEADER.strip().split(","), ["boiler", 1, "CH4", 100, "TJ", 1, "kg/TJ"]):
        sheet.append(row)
    path = tmp_path / "inventory.xlsx"
    book.save(path)
    result = runner.invoke(app, ["ghg", "inventory", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total_tco2e"] == 2.79


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("boiler,1,CH4x,100,TJ,1,kg/TJ", "row 3, column gas: unknown gas 'CH4x'"),
        ("boiler,1,CH4,100,parsecs-per-blorb,1,kg/TJ", "row 3, column activity_unit: unknown unit"),
        ("boiler,1,CH4,-100,TJ,1,kg/TJ", "row 3, column activity: negative value -100"),
        ("boiler,1,CH4,100,t,1,kg/TJ", "row 3, column factor_unit: factor unit 'kg/TJ' does not match"),
    ],
)
def test_inventory_refuses_a_bad_row_naming_row_and_column(tmp_path, row, expected):
    path = _file(tmp_path, "ok,1,CO2,1,t,1,t/t\n" + row + "\n")
    result = runner.invoke(app, ["ghg", "inventory", path, "--json"])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stdout == ""


def test_inventory_refuses_an_unknown_gwp_set(tmp_path):
    result = runner.invoke(app, ["ghg", "inventory", _file(tmp_path, "a,1,CO2,1,t,1,t/t\n"), "--gwp", "AR9"])
    assert result.exit_code == 2
    assert "--gwp: unknown GWP set 'AR9'" in result.stderr


def test_inventory_refuses_a_missing_file(tmp_path):
    result = runner.invoke(app, ["ghg", "inventory", str(tmp_path / "none.csv")])
    assert result.exit_code == 2
    assert "cannot be read" in result.stderr


def test_materiality_takes_the_category_from_the_previous_average():
    result = runner.invoke(
        app,
        ["ghg", "materiality", "--total-tco2e", "450000", "--previous-average-tco2e", "600000",
         "--programme", "eu-ets", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert set(got) == {"materiality_tco2e", "materiality_percent", "category", "rule"}
    assert (got["materiality_tco2e"], got["materiality_percent"], got["category"]) == (9000.0, 2.0, "C")
    assert "2018/2067 Art. 23(2)" in got["rule"]


def test_materiality_defaults_the_previous_average_to_the_total():
    result = runner.invoke(app, ["ghg", "materiality", "--total-tco2e", "48000", "--json"])
    assert json.loads(result.stdout)["category"] == "A"
    assert json.loads(result.stdout)["materiality_tco2e"] == 2400.0


def test_materiality_refuses_an_unknown_programme():
    result = runner.invoke(app, ["ghg", "materiality", "--total-tco2e", "1", "--programme", "nope"])
    assert result.exit_code == 2
    assert "--programme: unknown programme 'nope'" in result.stderr

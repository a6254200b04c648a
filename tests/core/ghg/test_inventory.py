"""Inventory arithmetic: activity × factor (units by pint) × GWP → t CO2e, totals, bad input."""

from __future__ import annotations

import pytest

from casys.core.ghg.gwp import gwp_set
from casys.core.ghg.inventory import InventoryError, compare_reported, compute, parse_csv, read_inventory

HEADER = "source,category,gas,activity,activity_unit,factor,factor_unit\n"


def _inv(body: str, gwp: str = "AR6"):
    return compute(parse_csv(HEADER + body), gwp_set(gwp))


def test_the_issue_example_row_gives_tonnes_co2e() -> None:
    inv = _inv("boiler,1,CH4,100,TJ,1,kg/TJ\n")
    # 100 TJ × 1 kg/TJ = 0.1 t CH4; × 27.9 (AR6) = 2.79 t CO2e
    assert inv.lines[0].emission_t == pytest.approx(0.1)
    assert inv.total_tco2e == pytest.approx(2.79)


def test_totals_are_kept_by_category_and_by_gas() -> None:
    inv = _inv(
        "boiler,1,CO2,100,TJ,56.1,t/TJ\n"
        "boiler,1,CH4,100,TJ,1,kg/TJ\n"
        "boiler,1,N2O,100,TJ,0.1,kg/TJ\n"
        "chiller,1,HFC-134a,12,kg,1,kg/kg\n"
        "grid,2,CO2,2000,MWh,0.3,t/MWh\n",
        gwp="AR5",
    )
    assert inv.by_gas["CO2"] == pytest.approx(5610 + 600)
    assert inv.by_gas["CH4"] == pytest.approx(0.1 * 28)
    assert inv.by_gas["N2O"] == pytest.approx(0.01 * 265)
    assert inv.by_gas["HFC-134a"] == pytest.approx(0.012 * 1300)
    assert inv.by_category == pytest.approx({"1": 5610 + 2.8 + 2.65 + 15.6, "2": 600})
    assert inv.total_tco2e == pytest.approx(sum(inv.by_category.values()))


def test_units_are_converted_whatever_their_prefix() -> None:
    a = _inv("boiler,1,CO2,5.85,TJ,94.6,t/TJ\n")
    b = _inv("boiler,1,CO2,5850,GJ,94600,g/MJ\n".replace("94600,g/MJ", "94.6,kg/GJ"))
    c = _inv("boiler,1,CO2,1625,MWh,94.6,t/TJ\n")  # 1 625 MWh = 5.85 TJ
    assert a.total_tco2e == pytest.approx(553.41)
    assert b.total_tco2e == pytest.approx(553.41)
    assert c.total_tco2e == pytest.approx(553.41)


def test_the_misstatement_from_a_rounded_coal_figure() -> None:
    # EC FAQ "classification and reporting of outstanding issues" (research note §3 vector 3.2, PUB):
    # calculated coal consumption 105 234 t, reported 105 000 t → 234 t coal; with the note's
    # illustrative NCV 25 GJ/t and EF 94.6 t CO2/TJ that is 553.41 t CO2.
    recomputed = _inv("coal boiler,1,CO2,105234,t,2.365,t/t\n")  # 25 GJ/t × 94.6 t/TJ = 2.365 t/t
    diffs = compare_reported(recomputed, total=105_000 * 2.365)
    assert [d.scope for d in diffs] == ["total"]
    assert diffs[0].difference == pytest.approx(-553.41)


def test_a_reported_category_total_that_differs_is_a_misstatement() -> None:
    inv = _inv("kiln,1,CO2,1000,t,0.5,t/t\ngrid,2,CO2,100,MWh,0.2,t/MWh\n")
    diffs = compare_reported(inv, total=520, by_category={"1": 500, "2": 25}, tolerance=0.001)
    assert [(d.scope, d.key, d.difference) for d in diffs] == [("category", "2", pytest.approx(5.0))]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("boiler,1,XYZ,100,TJ,1,kg/TJ", "gas", "unknown gas 'XYZ'"),
        ("boiler,1,CH4,100,furlongs-per-fortnight,1,kg/TJ", "activity_unit", "unknown unit"),
        ("boiler,1,CH4,100,TJ,1,kg/blorb", "factor_unit", "unknown unit"),
        ("boiler,1,CH4,-5,TJ,1,kg/TJ", "activity", "negative"),
        ("boiler,1,CH4,ten,TJ,1,kg/TJ", "activity", "not a number"),
        ("boiler,1,CH4,100,t,1,kg/TJ", "factor_unit", "does not match activity unit 't'"),
        ("boiler,9,CH4,100,TJ,1,kg/TJ", "category", "not an ISO 14064-1 category"),
    ],
)
def test_it_refuses_a_bad_row_naming_row_and_column(row: str, column: str, message: str) -> None:
    with pytest.raises(InventoryError) as caught:
        _inv("ok,1,CO2,1,t,1,t/t\n" + row + "\n")
    [error] = caught.value.errors
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert f"row 3, column {column}" in str(caught.value)


def test_it_names_every_bad_cell_at_once() -> None:
    with pytest.raises(InventoryError) as caught:
        _inv("a,1,CH4,-1,TJ,1,kg/TJ\nb,1,CH4,1,TJ,-1,kg/TJ\n")
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "activity"), (3, "factor")]


def test_it_refuses_a_file_without_the_columns() -> None:
    with pytest.raises(InventoryError, match="row 1, column factor_unit: column missing"):
        parse_csv("source,category,gas,activity,activity_unit,factor\nx,1,CO2,1,t,1\n")


def test_kt_is_a_kilotonne_not_a_knot() -> None:
    assert _inv("site,1,CO2,1,kt,1,t/t\n").total_tco2e == pytest.approx(1000)


def test_reading_names_parse_and_unit_errors_together_in_file_order() -> None:
    text = HEADER + "a,1,CH4x,1,TJ,1,kg/TJ\nb,1,CH4,-100,TJ,1,kg/TJ\nc,1,CH4,100,t,1,kg/TJ\n"
    with pytest.raises(InventoryError) as caught:
        read_inventory(text, gwp_set("AR6"))
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (2, "gas"),
        (3, "activity"),
        (4, "factor_unit"),
    ]

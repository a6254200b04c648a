"""Inventory arithmetic against a GHG programme's published figures.

Source: New Zealand Ministry for the Environment, *Measuring emissions: a guide for organisations*,
Table 3.2 "Stationary combustion fuel", commercial use
(https://measuringemissionsguide.environment.govt.nz/3_fuels.html, read 2026-12-05). For each fuel the
table publishes the CO2, CH4 and N2O factors, each already in kg CO2-e per unit, and their total:

| fuel | unit | total kg CO2-e | CO2 | CH4 | N2O |
|---|---|---|---|---|---|
| Natural gas (GJ) | GJ | 54.20775879 | 54.05790879 | 0.126 | 0.02385 |
| LPG | kg | 2.971635097 | 2.963726347 | 0.00665 | 0.00125875 |
| Diesel | litre | 2.679858468 | 2.66380534 | 0.0102388965 | 0.0058142305 |

The guide's GWPs are those of IPCC AR5 (CH4 28, N2O 265): the published CH4 and N2O figures of
natural gas divide by them into round masses (4.5 g CH4/GJ, 0.09 g N2O/GJ), which AR4's 25 and 298
do not. The test feeds casys the masses of each gas (kg, g or t per unit, as an inventory reports
them) and checks that casys's units, GWP set and sums give the published totals.
"""

from __future__ import annotations

import pytest

from casys.core.ghg.gwp import gwp_set
from casys.core.ghg.inventory import compute, parse_csv

HEADER = "source,category,gas,activity,activity_unit,factor,factor_unit\n"
#: the published figures, kg CO2-e per unit: (total, CO2, CH4, N2O)
PUBLISHED = {
    "natural gas": ("GJ", 54.20775879, 54.05790879, 0.126, 0.02385),
    "LPG": ("kg", 2.971635097, 2.963726347, 0.00665, 0.00125875),
    "diesel": ("L", 2.679858468, 2.66380534, 0.0102388965, 0.0058142305),
}
ACTIVITY = {"natural gas": 12_500.0, "LPG": 3_400.0, "diesel": 48_000.0}


def _rows() -> str:
    lines = []
    for fuel, (unit, _total, co2, ch4, n2o) in PUBLISHED.items():
        q = ACTIVITY[fuel]
        lines.append(f"{fuel},1,CO2,{q},{unit},{co2},kg/{unit}")
        # masses of gas per unit, in grams, from the published CO2-e figure and AR5's GWP
        lines.append(f"{fuel},1,CH4,{q},{unit},{ch4 / 28 * 1000!r},g/{unit}")
        lines.append(f"{fuel},1,N2O,{q},{unit},{n2o / 265 * 1000!r},g/{unit}")
    return HEADER + "\n".join(lines) + "\n"


def test_the_inventory_reproduces_the_published_totals_per_fuel_and_in_all() -> None:
    inv = compute(parse_csv(_rows()), gwp_set("AR5"))
    by_source: dict[str, float] = {}
    for line in inv.lines:
        by_source[line.row.source] = by_source.get(line.row.source, 0.0) + line.tco2e
    for fuel, (_unit, total, *_gases) in PUBLISHED.items():
        # t CO2-e = activity × published kg CO2-e per unit / 1000 (the table's totals are rounded at 1e-9)
        assert by_source[fuel] == pytest.approx(ACTIVITY[fuel] * total / 1000, rel=1e-8), fuel
    expected = sum(ACTIVITY[f] * PUBLISHED[f][1] / 1000 for f in PUBLISHED)
    assert inv.total_tco2e == pytest.approx(expected, rel=1e-8)
    assert inv.by_gas["CH4"] == pytest.approx(sum(ACTIVITY[f] * PUBLISHED[f][3] / 1000 for f in PUBLISHED))


def test_the_same_masses_with_ar4_do_not_give_the_published_totals() -> None:
    """The check can fail: with AR4's GWPs (25, 298) the natural-gas total moves off the table's."""
    inv = compute(parse_csv(_rows()), gwp_set("AR4"))
    gas = sum(line.tco2e for line in inv.lines if line.row.source == "natural gas")
    assert gas != pytest.approx(ACTIVITY["natural gas"] * PUBLISHED["natural gas"][1] / 1000, rel=1e-6)

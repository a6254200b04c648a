"""A GHG inventory (ISO 14064-1:2018): sources × gas × activity data × emission factor → t CO2e.

Each row is one source and one gas: ``activity`` in ``activity_unit`` times
``factor`` in ``factor_unit`` must give a mass of that gas, which the GWP set's
100-year GWP converts to tonnes CO2e. Totals are given by category (the six
reporting categories of ISO 14064-1:2018: 1 direct, 2 indirect from imported
energy, 3 transportation, 4 products used by the organization, 5 use of the
organization's products, 6 other) and by gas. The client's reported totals are
compared with the recomputed ones: any difference is a misstatement.

The issue's example row, 100 TJ of fuel with 1 kg CH4/TJ, gives 0.1 t CH4,
i.e. 2.79 t CO2e with AR6 (GWP 27.9):

>>> inv = compute(parse_csv("source,category,gas,activity,activity_unit,factor,factor_unit\\n"
...                         "boiler,1,CH4,100,TJ,1,kg/TJ\\n"), gwp_set("AR6"))
>>> round(inv.total_tco2e, 6), inv.by_gas
(2.79, {'CH4': 2.79})
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from casys.core.ghg.gwp import GWPSet, UnknownGasError, gwp_set
from casys.core.ghg.units import DimensionalityError, is_mass, parse_unit, quantity

COLUMNS: tuple[str, ...] = ("source", "category", "gas", "activity", "activity_unit", "factor", "factor_unit")

# ISO 14064-1:2018 reporting categories of GHG emissions and removals.
CATEGORIES: dict[str, str] = {
    "1": "Direct GHG emissions and removals",
    "2": "Indirect GHG emissions from imported energy",
    "3": "Indirect GHG emissions from transportation",
    "4": "Indirect GHG emissions from products used by the organization",
    "5": "Indirect GHG emissions associated with the use of products from the organization",
    "6": "Indirect GHG emissions from other sources",
}

__all__ = [
    "CATEGORIES",
    "COLUMNS",
    "Inventory",
    "InventoryError",
    "InventoryLine",
    "InventoryRow",
    "ReportedDifference",
    "RowError",
    "compare_reported",
    "compute",
    "gwp_set",
    "parse_csv",
    "read_inventory",
]


@dataclass(frozen=True)
class RowError:
    """What is wrong in one cell: ``row`` is the line of the file (the header is line 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class InventoryError(ValueError):
    """An inventory refused, with every cell at fault (nothing is computed from it)."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors: tuple[RowError, ...] = tuple(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class InventoryRow:
    """One source and gas as read; ``row`` is its line in the file."""

    row: int
    source: str
    category: str
    gas: str
    activity: float
    activity_unit: str
    factor: float
    factor_unit: str


@dataclass(frozen=True)
class InventoryLine:
    """A computed row: the mass of the gas emitted (t), its GWP and t CO2e."""

    row: InventoryRow
    gas: str
    family: str
    emission_t: float
    gwp: float
    tco2e: float


@dataclass(frozen=True)
class Inventory:
    """Totals in t CO2e by category and by gas, with the GWP set used."""

    gwp: str
    gwp_source: str
    lines: tuple[InventoryLine, ...]
    total_tco2e: float
    by_category: dict[str, float] = field(default_factory=dict)
    by_gas: dict[str, float] = field(default_factory=dict)


def _number(raw: str, row: int, column: str, errors: list[RowError]) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        errors.append(RowError(row, column, f"{raw!r} is not a number"))
        return math.nan
    if not math.isfinite(value):
        errors.append(RowError(row, column, f"{raw!r} is not a finite number"))
    elif value < 0:
        errors.append(RowError(row, column, f"negative value {raw.strip()}: must be zero or more"))
    return value


def _parse(text: str) -> tuple[list[InventoryRow], list[RowError]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [RowError(1, c, "column missing from the header") for c in missing]
    reader.fieldnames = header
    rows: list[InventoryRow] = []
    errors: list[RowError] = []
    for line, raw in enumerate(reader, start=2):
        cells = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        if not any(cells.values()):
            continue
        before = len(errors)
        for col in ("source", "gas", "activity_unit", "factor_unit"):
            if not cells[col]:
                errors.append(RowError(line, col, "empty"))
        if cells["category"] not in CATEGORIES:
            errors.append(
                RowError(line, "category", f"{cells['category']!r} is not an ISO 14064-1 category (1 to 6)")
            )
        activity = _number(cells["activity"], line, "activity", errors)
        factor = _number(cells["factor"], line, "factor", errors)
        row = InventoryRow(
            line, cells["source"], cells["category"], cells["gas"], activity,
            cells["activity_unit"], factor, cells["factor_unit"],
        )  # fmt: skip
        if len(errors) == before:
            rows.append(row)
    return rows, errors


def parse_csv(text: str) -> list[InventoryRow]:
    """Rows of an inventory CSV with the columns of :data:`COLUMNS` (more columns are ignored).

    Raises :class:`InventoryError` naming each row and column at fault.
    """
    rows, errors = _parse(text)
    if errors:
        raise InventoryError(errors)
    return rows


def read_inventory(text: str, gwp: GWPSet) -> Inventory:
    """Parse and compute an inventory CSV, naming every cell at fault at once (rows in file order)."""
    rows, errors = _parse(text)
    computed_errors: list[RowError] = []
    try:
        inventory = compute(rows, gwp)
    except InventoryError as exc:
        computed_errors = list(exc.errors)
    if errors or computed_errors:
        raise InventoryError(sorted(errors + computed_errors, key=lambda e: (e.row, COLUMNS.index(e.column))))
    return inventory


def _line(row: InventoryRow, gwp: GWPSet, errors: list[RowError]) -> InventoryLine | None:
    try:
        gas = gwp.gas(row.gas)
    except UnknownGasError as exc:
        errors.append(RowError(row.row, "gas", str(exc)))
        gas = None
    units_ok = True
    for column, text in (("activity_unit", row.activity_unit), ("factor_unit", row.factor_unit)):
        try:
            parse_unit(text)
        except ValueError as exc:
            errors.append(RowError(row.row, column, str(exc)))
            units_ok = False
    if not units_ok:
        return None
    emitted = quantity(row.activity, row.activity_unit) * quantity(row.factor, row.factor_unit)
    if not is_mass(emitted):
        errors.append(
            RowError(
                row.row, "factor_unit",
                f"factor unit {row.factor_unit!r} does not match activity unit {row.activity_unit!r}: "
                f"activity × factor gives {emitted.units:~}, not a mass of gas",
            )
        )  # fmt: skip
        return None
    if gas is None:
        return None
    try:
        tonnes = float(emitted.to("t").magnitude)
    except DimensionalityError as exc:  # pragma: no cover - is_mass checked the dimension
        errors.append(RowError(row.row, "factor_unit", str(exc)))
        return None
    return InventoryLine(row, gas.name, gas.family, tonnes, gas.gwp100, tonnes * gas.gwp100)


def compute(rows: Iterable[InventoryRow], gwp: GWPSet) -> Inventory:
    """The inventory of ``rows`` with the GWPs of ``gwp``; :class:`InventoryError` naming each bad cell."""
    errors: list[RowError] = []
    lines = [ln for ln in (_line(r, gwp, errors) for r in rows) if ln is not None]
    if errors:
        raise InventoryError(errors)
    by_category: dict[str, float] = {}
    by_gas: dict[str, float] = {}
    for ln in lines:
        by_category[ln.row.category] = by_category.get(ln.row.category, 0.0) + ln.tco2e
        by_gas[ln.gas] = by_gas.get(ln.gas, 0.0) + ln.tco2e
    return Inventory(
        gwp=gwp.name,
        gwp_source=gwp.source,
        lines=tuple(lines),
        total_tco2e=math.fsum(ln.tco2e for ln in lines),
        by_category=dict(sorted(by_category.items())),
        by_gas=by_gas,
    )


@dataclass(frozen=True)
class ReportedDifference:
    """A reported figure that differs from the recomputed one: a misstatement of ``difference`` t CO2e.

    ``difference`` = reported − recomputed (positive: overstated).
    """

    scope: str
    key: str
    reported: float
    recomputed: float

    @property
    def difference(self) -> float:
        return self.reported - self.recomputed


def compare_reported(
    inventory: Inventory,
    *,
    total: float | None = None,
    by_category: Mapping[str, float] | None = None,
    by_gas: Mapping[str, float] | None = None,
    tolerance: float = 0.0,
) -> list[ReportedDifference]:
    """The client's reported totals that differ from the recomputed ones by more than ``tolerance`` t.

    >>> inv = compute(parse_csv("source,category,gas,activity,activity_unit,factor,factor_unit\\n"
    ...                         "kiln,1,CO2,1000,t,0.5,t/t\\n"), gwp_set("AR5"))
    >>> [(d.scope, d.difference) for d in compare_reported(inv, total=520.0, by_category={"1": 500.0})]
    [('total', 20.0)]
    """
    found: list[ReportedDifference] = []
    if total is not None and abs(total - inventory.total_tco2e) > tolerance:
        found.append(ReportedDifference("total", "total", total, inventory.total_tco2e))
    for scope, reported, computed in (
        ("category", by_category or {}, inventory.by_category),
        ("gas", by_gas or {}, inventory.by_gas),
    ):
        for key in sorted(set(reported) | set(computed) if reported else ()):
            r, c = reported.get(key, 0.0), computed.get(key, 0.0)
            if abs(r - c) > tolerance:
                found.append(ReportedDifference(scope, key, r, c))
    return found

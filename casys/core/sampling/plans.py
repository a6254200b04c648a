"""Single and double sampling plans by attributes (MIL-STD-105E 4.9, Tables II and III).

A plan is found from the sample size code letter (Table I) and the AQL in the
master table for the inspection severity: Table II-A normal, II-B tightened,
II-C reduced (single); Tables III-A, III-B, III-C (double). When the cell holds
an arrow, the first sampling plan below (or above) it is used, *with that
plan's sample size* (MIL-STD-105E 4.9.3); when the sample size equals or
exceeds the lot size, every item is inspected (notes to Tables II and III).

On reduced inspection a lot whose number of nonconforming items lies strictly
between Ac and Re is accepted, but normal inspection is reinstated from the
next lot (MIL-STD-105E 4.9.4 with 4.7.4 b).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from casys.core.sampling.code_letters import CodeLetter, code_letter
from casys.core.sampling.tables import (
    CellWithheldError,
    MasterTable,
    SamplingTableError,
    TableNotLoadedError,
    aql_key,
    parse_double_table,
    parse_single_table,
    shipped_text,
)

INSPECTIONS: tuple[str, ...] = ("normal", "tightened", "reduced")

# Table numbers of MIL-STD-105E per severity.
SINGLE_TABLES: dict[str, str] = {"normal": "Table II-A", "tightened": "Table II-B", "reduced": "Table II-C"}
DOUBLE_TABLES: dict[str, str] = {
    "normal": "Table III-A",
    "tightened": "Table III-B",
    "reduced": "Table III-C",
}


@dataclass(frozen=True)
class SinglePlan:
    """A single sampling plan: inspect ``n`` items; accept with at most ``Ac`` nonconforming.

    ``code_letter`` is the letter from Table I, ``plan_letter`` the row the
    arrows led to (its sample size is used). ``full_inspection`` is true when
    ``n`` is not below the lot size (inspect every item).
    """

    lot_size: int
    level: str
    aql: str
    inspection: str
    code_letter: str
    plan_letter: str
    n: int
    Ac: int
    Re: int
    full_inspection: bool
    table: str
    source: str


@dataclass(frozen=True)
class DoublePlan:
    """A double sampling plan (MIL-STD-105E 4.10.2 and Table III).

    First sample ``n1``: accept if d1 <= Ac1, reject if d1 >= Re1, otherwise take
    the second sample ``n2``: accept if d1 + d2 <= Ac2, reject if >= Re2.
    ``single`` is set when the table's asterisk sends to the single plan.
    """

    lot_size: int
    level: str
    aql: str
    inspection: str
    code_letter: str
    plan_letter: str
    n1: int
    n2: int
    Ac1: int
    Re1: int
    Ac2: int
    Re2: int
    full_inspection: bool
    table: str
    source: str
    single: SinglePlan | None = None


@dataclass(frozen=True)
class SamplingTables:
    """The master tables in use: shipped ones plus any a body has loaded.

    Keys are the severities "normal", "tightened", "reduced".
    """

    single: dict[str, MasterTable] = field(default_factory=dict)
    double: dict[str, MasterTable] = field(default_factory=dict)

    def with_single(self, inspection: str, table: MasterTable) -> SamplingTables:
        """A copy with ``table`` as the single-sampling table for ``inspection``."""
        return replace(self, single={**self.single, _inspection(inspection): table})

    def with_double(self, inspection: str, table: MasterTable) -> SamplingTables:
        """A copy with ``table`` as the double-sampling table for ``inspection``."""
        return replace(self, double={**self.double, _inspection(inspection): table})


@cache
def shipped_tables() -> SamplingTables:
    """Master tables shipped in the package: MIL-STD-105E Tables II-A/B/C and III-A/B/C.

    Tables II-A and II-B were checked against two transcriptions; II-C and
    III-A/B/C against one public transcription and the structure of II-A/II-B,
    with unconfirmed cells of II-C withheld (see data/iso2859/README.md).

    >>> sorted(shipped_tables().double)
    ['normal', 'reduced', 'tightened']
    """

    def single(name: str) -> MasterTable:
        return parse_single_table(
            shipped_text(f"mil_std_105e_table_{name.replace('-', '_')}.csv"), f"Table {name}"
        )

    def double(name: str) -> MasterTable:
        return parse_double_table(
            shipped_text(f"mil_std_105e_table_{name.replace('-', '_')}.csv"), f"Table {name}"
        )

    return SamplingTables(
        single={"normal": single("II-A"), "tightened": single("II-B"), "reduced": single("II-C")},
        double={"normal": double("III-A"), "tightened": double("III-B"), "reduced": double("III-C")},
    )


def _inspection(inspection: str) -> str:
    value = str(inspection).strip().lower()
    if value not in INSPECTIONS:
        raise SamplingTableError(f"inspection: {inspection!r} is not one of {', '.join(INSPECTIONS)}")
    return value


def follow_arrows(table: MasterTable, letter: str, aql: str) -> tuple[str, int]:
    """Row reached from (letter, aql) by following arrows (MIL-STD-105E 4.9.3); returns (letter, row index).

    "down" moves to the next row, "up" to the previous one, until a plan (or a
    "single" asterisk in a double table) is reached.

    >>> follow_arrows(shipped_tables().single["normal"], "A", "0.10")
    ('K', 9)
    """
    if letter not in table.letters:
        raise SamplingTableError(f"{table.name}: code letter {letter} is not a row")
    index = table.letters.index(letter)
    for _ in range(len(table.letters) + 1):
        cell = table.cell(table.letters[index], aql)
        if cell.entry in ("plan", "single"):
            return table.letters[index], index
        if cell.entry == "withheld":
            raise CellWithheldError(
                f"{table.name}: code letter {letter}, AQL {aql} leads to cell {table.letters[index]}/{aql}, "
                f"which casys does not ship ({cell.note or 'not confirmed'}); "
                "load a checked copy of the table (see casys/core/data/iso2859/README.md)"
            )
        if cell.entry == "none":
            break
        index += 1 if cell.entry == "down" else -1
        if not 0 <= index < len(table.letters):
            break
    raise SamplingTableError(f"{table.name}: the arrows from code letter {letter}, AQL {aql} lead to no plan")


def _table(tables: SamplingTables, inspection: str, double: bool) -> MasterTable:
    found = (tables.double if double else tables.single).get(inspection)
    if found is None:
        number = (DOUBLE_TABLES if double else SINGLE_TABLES)[inspection]
        raise TableNotLoadedError(
            f"inspection: MIL-STD-105E {number} ({'double' if double else 'single'} sampling, {inspection}) "
            "is not shipped with casys; load it from a CSV of that table "
            "(see casys/core/data/iso2859/README.md)"
        )
    return found


def single_plan(
    lot_size: int,
    level: str,
    aql: float | str,
    inspection: str = "normal",
    tables: SamplingTables | None = None,
) -> SinglePlan:
    """Single sampling plan for a lot (MIL-STD-105E Table I with Table II-A/B/C).

    Raises :class:`CellWithheldError` where the arrows reach a Table II-C cell
    casys does not ship (data/iso2859/README.md).

    >>> p = single_plan(5000, "II", 1.0)
    >>> p.code_letter, p.n, p.Ac, p.Re
    ('L', 200, 5, 6)
    >>> p = single_plan(5000, "II", 0.010)
    >>> p.plan_letter, p.n, p.Ac, p.Re, p.full_inspection
    ('Q', 1250, 0, 1, False)
    >>> p = single_plan(5000, "II", 1.0, "reduced")
    >>> p.n, p.Ac, p.Re
    (80, 2, 5)
    """
    inspection = _inspection(inspection)
    letter = code_letter(lot_size, level)
    table = _table(tables or shipped_tables(), inspection, double=False)
    return _single_from(table, letter, aql_key(aql), inspection)


def _single_from(table: MasterTable, letter: CodeLetter, aql: str, inspection: str) -> SinglePlan:
    row, index = follow_arrows(table, letter.letter, aql)
    cell = table.cell(row, aql)
    n = table.sample_sizes[index]
    return SinglePlan(
        lot_size=letter.lot_size,
        level=letter.level,
        aql=aql,
        inspection=inspection,
        code_letter=letter.letter,
        plan_letter=row,
        n=n,
        Ac=cell.ac[0],
        Re=cell.re[0],
        full_inspection=n >= letter.lot_size,
        table=table.name,
        source=table.source,
    )


def double_plan(
    lot_size: int,
    level: str,
    aql: float | str,
    inspection: str = "normal",
    tables: SamplingTables | None = None,
) -> DoublePlan:
    """Double sampling plan for a lot (MIL-STD-105E Table I with Table III-A/B/C).

    An asterisk cell returns the single plan of the same severity in ``single``
    (MIL-STD-105E Table III note "*"); ``n1``, ``Ac1``, ``Re1`` then repeat it.

    >>> p = double_plan(5000, "II", 1.0)
    >>> p.plan_letter, p.n1, p.n2, (p.Ac1, p.Re1), (p.Ac2, p.Re2)
    ('L', 125, 125, (2, 5), (6, 7))
    >>> p = double_plan(5000, "II", 1.0, "reduced")
    >>> p.n1, (p.Ac1, p.Re1), (p.Ac2, p.Re2)
    (50, (0, 4), (3, 6))
    >>> double_plan(5000, "II", 0.10).single.n
    125
    """
    inspection = _inspection(inspection)
    tables = tables or shipped_tables()
    letter = code_letter(lot_size, level)
    key = aql_key(aql)
    table = _table(tables, inspection, double=True)
    row, index = follow_arrows(table, letter.letter, key)
    cell = table.cell(row, key)
    if cell.entry == "single":
        single = _single_from(_table(tables, inspection, double=False), letter, key, inspection)
        return DoublePlan(
            lot_size, letter.level, key, inspection, letter.letter, single.plan_letter,
            single.n, 0, single.Ac, single.Re, single.Ac, single.Re,
            single.full_inspection, table.name, table.source, single,
        )  # fmt: skip
    n = table.sample_sizes[index]
    return DoublePlan(
        lot_size, letter.level, key, inspection, letter.letter, row,
        n, n, cell.ac[0], cell.re[0], cell.ac[1], cell.re[1],
        2 * n >= letter.lot_size, table.name, table.source,
    )  # fmt: skip

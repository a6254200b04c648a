"""Master tables of ISO 2859-1 / MIL-STD-105E as data, with their arrows.

A master table (MIL-STD-105E Tables II-A/B/C single, III-A/B/C double) has one
cell per (sample size code letter, AQL). A cell holds a plan or an arrow:
"down" = use the first sampling plan below the arrow, "up" = the first plan
above (MIL-STD-105E 4.9.3 and the notes of Tables II and III); a double table
may say "single" (the asterisk: use the corresponding single sampling plan).
A cell may also be "withheld": casys ships no plan there because the only
public transcription could not be confirmed for that cell (the cell's note says
what the transcription gives); reaching it raises :class:`CellWithheldError`.
The arrow rule is code (:mod:`casys.core.sampling.plans`), the tables are data.

Shipped in ``casys/core/data/iso2859`` (each file's first line names its source):
Tables I, II-A and II-B (checked against two transcriptions), Tables II-C, III-A,
III-B and III-C (one public transcription, checked cell by cell against the
structure of Tables II-A/II-B; see that folder's README). Table VIII is not
shipped: a body loads it with :func:`parse_limit_numbers`; a body may replace
any master table with :func:`parse_single_table` / :func:`parse_double_table`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from importlib import resources

# MIL-STD-105E Tables II and III: the AQL columns (percent nonconforming or
# nonconformities per 100 units), in the order printed.
AQLS: tuple[str, ...] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0",
    "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250", "400", "650", "1000",
)  # fmt: skip

ENTRIES = ("plan", "down", "up", "single", "none", "withheld")


class SamplingTableError(ValueError):
    """A sampling table is malformed or a lookup cannot be answered; the message names row/field."""


class TableNotLoadedError(SamplingTableError):
    """The table needed is not shipped and no body has loaded it."""


class CellWithheldError(SamplingTableError):
    """The arrows lead to a cell casys does not ship (entry "withheld"); a body may load a checked table."""


def aql_key(aql: float | str) -> str:
    """The printed AQL column for ``aql`` (MIL-STD-105E Table II heading).

    >>> aql_key(1), aql_key("0.1"), aql_key(6.5)
    ('1.0', '0.10', '6.5')
    """
    try:
        value = float(aql)
    except (TypeError, ValueError):
        raise SamplingTableError(f"aql: not a number: {aql!r}") from None
    for key in AQLS:
        if math.isclose(float(key), value, rel_tol=1e-9):
            return key
    columns = ", ".join(AQLS)
    raise SamplingTableError(f"aql: {aql} is not a column of the master tables; columns are {columns}")


@dataclass(frozen=True)
class Cell:
    """One cell of a master table: a plan, an arrow, "single" (use the single plan) or "withheld"."""

    entry: str
    ac: tuple[int, ...] = ()
    re: tuple[int, ...] = ()
    note: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class MasterTable:
    """A master table: sample size per code letter (row order = printed order) and cells.

    ``kind`` is "single" or "double"; for a double table ``sample_sizes`` is the
    size of each of the two samples (the first and the second are equal).
    """

    name: str
    source: str
    kind: str
    letters: tuple[str, ...]
    sample_sizes: tuple[int, ...]
    cells: dict[tuple[str, str], Cell]

    def cell(self, letter: str, aql: str) -> Cell:
        """The cell at (letter, aql); raises naming both when absent."""
        try:
            return self.cells[(letter, aql)]
        except KeyError:
            raise SamplingTableError(f"{self.name}: no cell for code letter {letter}, AQL {aql}") from None


def _split_source(text: str, name: str) -> tuple[str, str]:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        raise SamplingTableError(f"{name}: line 1 must be '# <source>' naming the document and table")
    return lines[0][1:].strip(), "\n".join(lines[1:])


def _int(value: str, name: str, row: int, field: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SamplingTableError(f"{name}: row {row}, field {field}: not an integer: {value!r}") from None
    if number < 0:
        raise SamplingTableError(f"{name}: row {row}, field {field}: must be >= 0, got {number}")
    return number


def _cell(
    row: dict[str, str], entry: str, numbers: tuple[str, ...], name: str, row_number: int, size: int
) -> Cell:
    note = (row.get("note") or "").strip()
    if entry != "plan":
        return Cell(entry, note=note)
    if size == 0:
        raise SamplingTableError(
            f"{name}: row {row_number}: a plan in a row with sample_size 0 (no sample size)"
        )
    values = [_int(row[f], name, row_number, f) for f in numbers]
    ac, re = tuple(values[0::2]), tuple(values[1::2])
    if any(r <= a for a, r in zip(ac, re, strict=True)):
        raise SamplingTableError(f"{name}: row {row_number}: Re must exceed Ac")
    if len(ac) == 2 and (ac[1] < ac[0] or re[1] < re[0]):
        raise SamplingTableError(
            f"{name}: row {row_number}: second-sample numbers must not be below the first"
        )
    return Cell(entry, ac, re, note)


def _parse(text: str, name: str, kind: str) -> MasterTable:
    source, body = _split_source(text, name)
    numbers = ("ac", "re") if kind == "single" else ("ac1", "re1", "ac2", "re2")
    reader = csv.DictReader(io.StringIO(body))
    missing = {"code_letter", "sample_size", "aql", "entry", *numbers} - set(reader.fieldnames or ())
    if missing:
        raise SamplingTableError(f"{name}: header lacks {', '.join(sorted(missing))}")
    letters: list[str] = []
    sizes: dict[str, int] = {}
    cells: dict[tuple[str, str], Cell] = {}
    for row_number, row in enumerate(reader, start=3):
        letter = row["code_letter"].strip()
        size = _int(row["sample_size"], name, row_number, "sample_size")
        if letter not in sizes:
            letters.append(letter)
            sizes[letter] = size
        elif sizes[letter] != size:
            raise SamplingTableError(f"{name}: row {row_number}: code letter {letter} has two sample sizes")
        aql = aql_key(row["aql"])
        entry = row["entry"].strip()
        if entry not in ENTRIES:
            raise SamplingTableError(f"{name}: row {row_number}, field entry: {entry!r} not in {ENTRIES}")
        if (letter, aql) in cells:
            raise SamplingTableError(f"{name}: row {row_number}: cell {letter}/{aql} given twice")
        cells[(letter, aql)] = _cell(row, entry, numbers, name, row_number, size)
    for letter in letters:
        for aql in AQLS:
            if (letter, aql) not in cells:
                raise SamplingTableError(f"{name}: cell {letter}/{aql} is missing")
    return MasterTable(name, source, kind, tuple(letters), tuple(sizes[x] for x in letters), cells)


def parse_single_table(text: str, name: str) -> MasterTable:
    """Parse a single-sampling master table (columns code_letter, sample_size, aql, entry, ac, re).

    >>> t = parse_single_table(shipped_text("mil_std_105e_table_II_A.csv"), "Table II-A")
    >>> t.cell("J", "1.0")
    Cell(entry='plan', ac=(2,), re=(3,))
    """
    return _parse(text, name, "single")


def parse_double_table(text: str, name: str) -> MasterTable:
    """Parse a double-sampling master table (columns ... entry, ac1, re1, ac2, re2).

    ``sample_size`` is the size of each sample; the cumulative size after the
    second sample is twice it (MIL-STD-105E Table III layout).
    """
    return _parse(text, name, "double")


def shipped_text(filename: str) -> str:
    """Text of a table shipped in ``casys/core/data/iso2859`` (read via importlib.resources)."""
    return resources.files("casys.core.data.iso2859").joinpath(filename).read_text(encoding="utf-8")


@dataclass(frozen=True)
class LimitNumbers:
    """Limit numbers for reduced inspection (MIL-STD-105E Table VIII), loaded by a body.

    Rows map (number of sample units from the last 10 lots, AQL) to a limit
    number; an empty limit is the table's "*" (too few sample units).
    """

    source: str
    rows: tuple[tuple[int, int | None, str, int | None], ...]

    def limit(self, sample_units: int, aql: str) -> int | None:
        """Limit number for ``sample_units`` at ``aql``; None when the table gives none."""
        for low, high, key, value in self.rows:
            if key == aql and sample_units >= low and (high is None or sample_units <= high):
                return value
        return None


def parse_limit_numbers(text: str) -> LimitNumbers:
    """Parse Table VIII as CSV: units_min, units_max (empty = and over), aql, limit (empty = none).

    >>> t = parse_limit_numbers("# test table\\nunits_min,units_max,aql,limit\\n20,29,10,0\\n")
    >>> t.limit(25, "10"), t.limit(30, "10")
    (0, None)
    """
    source, body = _split_source(text, "Table VIII")
    reader = csv.DictReader(io.StringIO(body))
    missing = {"units_min", "units_max", "aql", "limit"} - set(reader.fieldnames or ())
    if missing:
        raise SamplingTableError(f"Table VIII: header lacks {', '.join(sorted(missing))}")
    rows = []
    for n, row in enumerate(reader, start=3):
        high = row["units_max"].strip()
        limit = row["limit"].strip()
        rows.append(
            (
                _int(row["units_min"], "Table VIII", n, "units_min"),
                _int(high, "Table VIII", n, "units_max") if high else None,
                aql_key(row["aql"]),
                _int(limit, "Table VIII", n, "limit") if limit else None,
            )
        )
    return LimitNumbers(source, tuple(rows))

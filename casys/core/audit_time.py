"""Audit time of management systems, IAF MD 5:2019 (Issue 4) and IAF MD 11:2019.

Sources (every number below is from one of them):

* IAF MD 5:2019 Issue 4, Tables QMS 1, EMS 1, OH&SMS 1 (initial audit time,
  stage 1 + stage 2, in auditor-days, by effective number of personnel), shipped
  as CSV in ``casys/core/data/iaf_md5`` with their provenance.
* IAF MD 5:2019 clause 2.2 (audit day; parts of a day: rounded to the nearest
  half day — EA FAQ: 5.3 -> 5.5, 5.2 -> 5.0) and clause 2.3 (effective number of
  personnel), both referred to by the notes of Table OH&SMS 1.
* IAF MD 5:2019: reductions at most 30 % of the table time (quoted by IAF MD 1:2018
  7.3.1: "30% is the maximum reduction in audit time allowed by IAF MD 5");
  off-site activities not to reduce on-site time below 80 %; surveillance about
  1/3 and recertification about 2/3 of the initial audit time.
* IAF MD 11:2019 2.2: integrated audit = the sum of the separate audit times
  (T = A + B + C), then adjusted for the level of integration; the reduction for
  integration is at most 20 % (EA FAQ 37.5 and 37.23, March 2019).

Tables that are not public (ISO/IEC 27006-1, ISO 50003, ISO/TS 21030, ISO/IEC 42006,
ISO/TS 22003-1) are data a body loads with :func:`load_body_table`; until then
:meth:`TableSet.table` raises :class:`TableNotLoadedError` naming the table. Band
tables (personnel bands x categories) are :class:`AuditTimeTable`; the tables of a
formula (ISO/TS 22003-1: days per food chain category, per employee band ...) are
:class:`KeyedTable`. Which method reads which table is the scheme file's choice
(``[audit_time] method``): see :mod:`casys.core.audit_time_methods`.

>>> r = initial_audit_time(default_tables().table("qms"), 120, "medium")
>>> r.T, r.initial, r.stage1, r.stage2, r.surveillance, r.recertification
(7.0, 7.0, 2.0, 5.0, 2.5, 4.5)
>>> r.lines[0]
'IAF MD 5:2019 Table QMS 1, row 86-125 persons: 7 auditor-days (stage 1 + stage 2)'
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from typing import Any

#: IAF MD 5:2019: total reduction at most 30 % of the table time.
MAX_REDUCTION = Fraction(30, 100)
#: IAF MD 11:2019 2.2 with EA FAQ 37.5: reduction for integration at most 20 %.
MAX_INTEGRATION_REDUCTION = Fraction(20, 100)
#: IAF MD 5:2019: on-site time not below 80 % of the audit time.
MIN_ONSITE_SHARE = Fraction(80, 100)
#: IAF MD 5:2019: surveillance about 1/3, recertification about 2/3 of the initial audit time.
SURVEILLANCE_SHARE = Fraction(1, 3)
RECERTIFICATION_SHARE = Fraction(2, 3)
#: Stage 1 share of the initial audit time: certification-body policy, NOT from IAF MD 5
#: (which gives stage 1 + stage 2 together). casys default; pass ``stage1_share`` to change it.
DEFAULT_STAGE1_SHARE = Fraction(3, 10)

_MD5_TABLES = {
    "qms": ("qms.csv", "IAF MD 5:2019 Table QMS 1"),
    "ems": ("ems.csv", "IAF MD 5:2019 Table EMS 1"),
    "ohs": ("ohs.csv", "IAF MD 5:2019 Table OH&SMS 1"),
}
#: Standards the CLI and the web app name, with the table each reads.
STANDARD_TABLES = {
    "ISO9001": "qms",
    "ISO14001": "ems",
    "ISO45001": "ohs",
    "ISO27001": "iso27006-1",
    "ISO50001": "iso50003",
    "ISO21001": "iso21030",
    "ISO22000": "iso22003-1",
    "ISO42001": "iso42006",
}
#: Tables casys knows of but cannot ship (not public): a body loads them.
BODY_TABLES = {
    "iso27006-1": "ISO/IEC 27006-1",
    "iso50003": "ISO 50003",
    "iso21030": "ISO/TS 21030",
    "iso42006": "ISO/IEC 42006",
    "iso22003-1": "ISO/TS 22003-1",
}
#: Body tables that are not personnel bands x categories but the keyed values of a formula
#: (``section,key,days`` CSV, see :func:`parse_keyed_table`).
KEYED_TABLES = frozenset({"iso22003-1"})


class AuditTimeError(ValueError):
    """Bad input to an audit-time determination; the message names the field."""


class TableNotLoadedError(AuditTimeError):
    """The scheme reads a table that is not public and no body has loaded it."""


@dataclass(frozen=True)
class TableRow:
    """One band of an audit-time table: personnel ``lo``..``hi`` and days per complexity category."""

    lo: int
    hi: int
    days: Mapping[str, Fraction]


@dataclass(frozen=True)
class AuditTimeTable:
    """An audit-time table with its source, e.g. ``IAF MD 5:2019 Table QMS 1``."""

    id: str
    source: str
    categories: tuple[str, ...]
    rows: tuple[TableRow, ...]

    def row(self, n: int) -> TableRow:
        """The band containing ``n`` effective personnel."""
        if n < 1:
            raise AuditTimeError(f"personnel: must be at least 1, got {n}")
        for r in self.rows:
            if r.lo <= n <= r.hi:
                return r
        raise AuditTimeError(
            f"personnel: {n} is above the last row of {self.source} ({self.rows[-1].hi}); the table says to "
            "follow the progression: determine the time and pass it as a documented adjustment"
        )


@dataclass(frozen=True)
class KeyedTable:
    """The values of an audit-time formula, by section and key, with their source.

    ``sections`` maps a section (e.g. ``td``) to its keys (e.g. a food chain category) and days;
    ``bands`` maps a section whose keys are personnel bands (``1-19``) to its rows.
    """

    id: str
    source: str
    sections: Mapping[str, Mapping[str, Fraction]]
    bands: Mapping[str, tuple[TableRow, ...]]

    @property
    def rows(self) -> tuple[tuple[str, str], ...]:
        """Every (section, key) entry, for counting what a load brought."""
        keys = [(s, k) for s, v in self.sections.items() for k in v]
        keys += [(s, f"{r.lo}-{r.hi}") for s, rows in self.bands.items() for r in rows]
        return tuple(keys)

    def value(self, section: str, key: str, field_name: str) -> Fraction:
        """The days of ``key`` in ``section``; ``field_name`` names the input in the error."""
        values = self.sections.get(section)
        if values is None:
            raise AuditTimeError(f"table: {self.source} has no section {section!r}")
        if key not in values:
            raise AuditTimeError(
                f"{field_name}: unknown {section} key {key!r} in {self.source} "
                f"(expected one of: {', '.join(values)})"
            )
        return values[key]

    def band(self, section: str, n: int) -> TableRow:
        """The row of ``section`` whose band holds ``n``."""
        rows = self.bands.get(section)
        if not rows:
            raise AuditTimeError(f"table: {self.source} has no band section {section!r}")
        for r in rows:
            if r.lo <= n <= r.hi:
                return r
        raise AuditTimeError(f"personnel: {n} is outside the bands of {section} in {self.source}")


@dataclass(frozen=True)
class TableSet:
    """The audit-time tables available to a body: IAF MD 5 plus any body-loaded tables."""

    tables: Mapping[str, AuditTimeTable]
    keyed: Mapping[str, KeyedTable] = field(default_factory=dict)

    def _missing(self, table_id: str) -> AuditTimeError:
        if table_id in BODY_TABLES:
            return TableNotLoadedError(
                f"audit-time table {table_id!r} ({BODY_TABLES[table_id]}) is not loaded: it is not public, "
                "so the certification body loads its licensed copy with load_body_table()"
            )
        return AuditTimeError(f"table: unknown audit-time table {table_id!r}")

    def table(self, table_id: str) -> AuditTimeTable:
        if table_id in self.tables:
            return self.tables[table_id]
        raise self._missing(table_id)

    def keyed_table(self, table_id: str) -> KeyedTable:
        """A formula's table (:data:`KEYED_TABLES`), or :class:`TableNotLoadedError`."""
        if table_id in self.keyed:
            return self.keyed[table_id]
        raise self._missing(table_id)

    def with_table(self, table: AuditTimeTable | KeyedTable) -> TableSet:
        """A new set with ``table`` added (or replaced)."""
        if isinstance(table, KeyedTable):
            return TableSet(self.tables, {**self.keyed, table.id: table})
        return TableSet({**self.tables, table.id: table}, self.keyed)


@dataclass(frozen=True)
class Adjustment:
    """A documented adjustment of the table time, in percent (negative = reduction), with its reason."""

    percent: Fraction | int | float
    reason: str


@dataclass(frozen=True)
class AuditTime:
    """Audit time in auditor-days, with the justification lines shown to the client.

    ``T`` is the table time, ``initial`` = stage 1 + stage 2 after adjustments and rounding.
    """

    standards: tuple[str, ...]
    n: int
    complexity: str
    T: float
    adjustment_percent: float
    initial: float
    stage1: float
    stage2: float
    surveillance: float
    recertification: float
    min_onsite: float
    lines: tuple[str, ...] = field(default=())


def round_half_day(days: Fraction) -> Fraction:
    """Round to the nearest half day, halves up (IAF MD 5:2019 2.2; EA FAQ: 5.3 -> 5.5, 5.2 -> 5).

    >>> float(round_half_day(Fraction(53, 10))), float(round_half_day(Fraction(52, 10)))
    (5.5, 5.0)
    """
    return Fraction(math.floor(days * 2 + Fraction(1, 2)), 2)


def _fmt(x: Fraction | float) -> str:
    return f"{float(x):g}"


def _cell(where: str, lineno: int, column: str, text: str, kind: type[int] | type[Fraction]) -> Any:
    try:
        return kind(text.strip())
    except (ValueError, ZeroDivisionError):
        raise AuditTimeError(
            f"{where}: line {lineno}, column {column!r}: {text.strip()!r} is not a number"
        ) from None


def _numbered(text: str) -> list[tuple[int, str]]:
    return [
        (n, ln)
        for n, ln in enumerate(text.splitlines(), start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]


def _parse_table(table_id: str, source: str, text: str, where: str) -> AuditTimeTable:
    numbered = _numbered(text)
    if not numbered:
        raise AuditTimeError(f"{where}: no header and no rows")
    header = [h.strip() for h in next(csv.reader([numbered[0][1]]))]
    if header[:2] != ["personnel_min", "personnel_max"] or len(header) < 3:
        raise AuditTimeError(
            f"{where}: line {numbered[0][0]}: header must be personnel_min,personnel_max,<category>..."
        )
    cats = tuple(header[2:])
    rows: list[TableRow] = []
    for lineno, line in numbered[1:]:
        rec = next(csv.reader([line]))
        if len(rec) != len(header):
            raise AuditTimeError(f"{where}: line {lineno}: expected {len(header)} columns, got {len(rec)}")
        lo = _cell(where, lineno, header[0], rec[0], int)
        hi = _cell(where, lineno, header[1], rec[1], int)
        days = {c: _cell(where, lineno, c, v, Fraction) for c, v in zip(cats, rec[2:], strict=True)}
        for c, d in days.items():
            if d <= 0:
                raise AuditTimeError(
                    f"{where}: line {lineno}, column {c!r}: audit days must be greater than 0"
                )
        expected_lo = rows[-1].hi + 1 if rows else 1
        if lo != expected_lo or hi < lo:
            raise AuditTimeError(
                f"{where}: line {lineno}: band {lo}-{hi} does not continue from {expected_lo}"
            )
        rows.append(TableRow(lo, hi, days))
    if not rows:
        raise AuditTimeError(f"{where}: no rows")
    return AuditTimeTable(table_id, source, cats, tuple(rows))


def md5_table(table_id: str) -> AuditTimeTable:
    """One of the IAF MD 5:2019 tables shipped with casys: ``qms``, ``ems`` or ``ohs``."""
    if table_id not in _MD5_TABLES:
        raise AuditTimeError(f"table: unknown IAF MD 5 table {table_id!r} (expected qms, ems, ohs)")
    name, source = _MD5_TABLES[table_id]
    text = (resources.files("casys.core.data.iaf_md5") / name).read_text(encoding="utf-8")
    return _parse_table(table_id, source, text, name)


def default_tables() -> TableSet:
    """The public tables: IAF MD 5:2019 QMS 1, EMS 1, OH&SMS 1."""
    return TableSet({t: md5_table(t) for t in _MD5_TABLES})


def parse_keyed_table(table_id: str, source: str, text: str, where: str) -> KeyedTable:
    """Parse a formula's table: CSV ``section,key,days``; a key ``lo-hi`` (or ``lo-``, open) is a band.

    Days may be 0 (e.g. no extra time for the smallest employee band); bands of a section run on
    from 1 without gaps.

    >>> text = "section,key,days\\ntd,C,1.5\\ntfte,1-19,0\\ntfte,20-,1"
    >>> t = parse_keyed_table("iso22003-1", "example", text, "x")
    >>> t.value("td", "C", "category"), t.band("tfte", 25).days["days"]
    (Fraction(3, 2), Fraction(1, 1))
    """
    numbered = _numbered(text)
    if not numbered:
        raise AuditTimeError(f"{where}: no header and no rows")
    header = [h.strip() for h in next(csv.reader([numbered[0][1]]))]
    if header != ["section", "key", "days"]:
        raise AuditTimeError(f"{where}: line {numbered[0][0]}: header must be section,key,days")
    sections: dict[str, dict[str, Fraction]] = {}
    bands: dict[str, list[TableRow]] = {}
    for lineno, line in numbered[1:]:
        rec = [c.strip() for c in next(csv.reader([line]))]
        if len(rec) != 3 or not rec[0] or not rec[1]:
            raise AuditTimeError(f"{where}: line {lineno}: expected section,key,days")
        section, key, text_days = rec
        days = _cell(where, lineno, "days", text_days, Fraction)
        if days < 0:
            raise AuditTimeError(f"{where}: line {lineno}, column 'days': must not be negative")
        lo_text, dash, hi_text = key.partition("-")
        if dash and lo_text.isdigit() and (hi_text.isdigit() or not hi_text):
            lo = int(lo_text)
            hi = int(hi_text) if hi_text else 10**9
            rows = bands.setdefault(section, [])
            expected_lo = rows[-1].hi + 1 if rows else 1
            if lo != expected_lo or hi < lo:
                raise AuditTimeError(
                    f"{where}: line {lineno}: band {key} of {section!r} does not continue from {expected_lo}"
                )
            rows.append(TableRow(lo, hi, {"days": days}))
            continue
        values = sections.setdefault(section, {})
        if key in values:
            raise AuditTimeError(f"{where}: line {lineno}: {section},{key} given twice")
        values[key] = days
    if not sections and not bands:
        raise AuditTimeError(f"{where}: no rows")
    return KeyedTable(table_id, source, sections, {s: tuple(r) for s, r in bands.items()})


def load_body_table(table_id: str, csv_text: str, source: str) -> AuditTimeTable | KeyedTable:
    """Parse a body's copy of a non-public table (CSV text handed in, ``#`` lines are comments).

    >>> t = load_body_table("iso27006-1", "personnel_min,personnel_max,all\\n1,10,5\\n11,20,6", "body copy")
    >>> default_tables().with_table(t).table("iso27006-1").row(15).days["all"]
    Fraction(6, 1)
    """
    if table_id not in BODY_TABLES:
        raise AuditTimeError(
            f"table_id: {table_id!r} is not a table a body loads (expected one of {', '.join(BODY_TABLES)})"
        )
    if not source.strip():
        raise AuditTimeError("source: a loaded table must name its source (document, edition, table)")
    if table_id in KEYED_TABLES:
        return parse_keyed_table(table_id, source.strip(), csv_text, f"{table_id} table")
    return _parse_table(table_id, source.strip(), csv_text, f"{table_id} table")


def example_table(table_id: str) -> AuditTimeTable | KeyedTable:
    """casys's EXAMPLE copy of a body table, for the demo and the tests: made-up numbers in the
    shape of the real table, NOT the values of the document (which is not public).

    >>> example_table("iso27006-1").source.startswith("EXAMPLE table shaped like ISO/IEC 27006-1 (made-up")
    True
    """
    if table_id not in BODY_TABLES:
        raise AuditTimeError(f"table: {table_id!r} is not a table a body loads")
    name = f"{table_id}.example.csv"
    try:
        text = (resources.files("casys.core.data.audit_time_examples") / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuditTimeError(f"table: casys has no example of {table_id!r}") from None
    source = (
        f"EXAMPLE table shaped like {BODY_TABLES[table_id]} "
        "(made-up numbers, not the values of the standard; load your licensed table)"
    )
    return load_body_table(table_id, text, source)


@dataclass(frozen=True)
class PersonnelGroup:
    """A group of personnel within the scope, as IAF MD 5:2019 2.3 asks them counted.

    ``kind``: ``full-time`` and ``shift`` (every shift counts), ``temporary``
    (non-permanent, seasonal, contractors within the scope), ``part-time`` (pro rata:
    ``hours`` worked against ``full_time_hours``) and ``repetitive`` (personnel doing
    similar simple repetitive tasks, which 2.3 lets the body count at a reduced,
    justified number ``counted_as``).
    """

    kind: str
    count: int
    hours: float | None = None
    full_time_hours: float = 40.0
    counted_as: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class EffectivePersonnel:
    """Effective number of personnel ``n`` with its justification lines."""

    n: int
    lines: tuple[str, ...]


def _group_count(i: int, g: PersonnelGroup) -> tuple[Fraction, str]:
    where = f"personnel[{i}]"
    if g.count < 0:
        raise AuditTimeError(f"{where}.count: must not be negative, got {g.count}")
    if g.kind in ("full-time", "shift", "temporary"):
        return Fraction(g.count), f"{g.count} {g.kind} counted in full (IAF MD 5:2019 2.3)"
    if g.kind == "part-time":
        if g.hours is None or not 0 < g.hours <= g.full_time_hours:
            raise AuditTimeError(
                f"{where}.hours: part-time hours must be in (0, {g.full_time_hours}], got {g.hours}"
            )
        eq = g.count * Fraction(str(g.hours)) / Fraction(str(g.full_time_hours))
        return eq, (
            f"{g.count} part-time x {g.hours:g} h / {g.full_time_hours:g} h = {_fmt(eq)} "
            "full-time equivalent (IAF MD 5:2019 2.3)"
        )
    if g.kind == "repetitive":
        if g.counted_as is None or not 0 <= g.counted_as <= g.count or not g.reason.strip():
            raise AuditTimeError(
                f"{where}.counted_as: repetitive-task personnel need a counted number "
                f"between 0 and {g.count} and a reason"
            )
        return Fraction(g.counted_as), (
            f"{g.count} performing similar simple repetitive tasks counted as "
            f"{g.counted_as}: {g.reason} (IAF MD 5:2019 2.3)"
        )
    raise AuditTimeError(
        f"{where}.kind: unknown kind {g.kind!r} (expected full-time, shift, temporary, part-time, repetitive)"
    )


def effective_personnel(groups: Sequence[PersonnelGroup]) -> EffectivePersonnel:
    """Effective number of personnel (IAF MD 5:2019 2.3).

    The sum is rounded up to a whole person (casys choice: the table band is never understated).

    >>> e = effective_personnel([PersonnelGroup("full-time", 100), PersonnelGroup("part-time", 10, hours=20)])
    >>> e.n
    105
    """
    total = Fraction(0)
    lines: list[str] = []
    for i, g in enumerate(groups):
        eq, line = _group_count(i, g)
        total += eq
        lines.append(line)
    n = math.ceil(total)
    if n < 1:
        raise AuditTimeError("personnel: the effective number of personnel must be at least 1, got 0")
    lines.append(f"effective number of personnel n = {n}")
    return EffectivePersonnel(n, tuple(lines))


def _category(table: AuditTimeTable, complexity: str) -> tuple[str, str | None]:
    """The table column to read and, for one-column tables, a note on the complexity."""
    if complexity in table.categories:
        return complexity, None
    if len(table.categories) == 1:
        note = (
            f"complexity category {complexity!r}: {table.source} has one column; the category is "
            "reflected in the documented adjustments"
        )
        return table.categories[0], note
    raise AuditTimeError(
        f"complexity: unknown category {complexity!r} for {table.source} "
        f"(expected one of: {', '.join(table.categories)})"
    )


def _adjust(T: Fraction, adjustments: Sequence[Adjustment], lines: list[str]) -> Fraction:
    total = Fraction(0)
    for i, a in enumerate(adjustments):
        if not a.reason.strip():
            raise AuditTimeError(f"adjustments[{i}].reason: every adjustment needs a documented reason")
        pct = Fraction(str(a.percent))
        total += pct
        lines.append(f"adjustment {'+' if pct >= 0 else ''}{_fmt(pct)} %: {a.reason}")
    if -total / 100 > MAX_REDUCTION:
        raise AuditTimeError(
            f"adjustments: total reduction {_fmt(-total)} % exceeds the 30 % IAF MD 5:2019 allows"
        )
    return total


def _finish(
    standards: tuple[str, ...],
    n: int,
    complexity: str,
    T: Fraction,
    total_pct: Fraction,
    lines: list[str],
    stage1_share: Fraction,
    rules: str = "IAF MD 5:2019",
) -> AuditTime:
    if not 0 < stage1_share < 1:
        raise AuditTimeError(f"stage1_share: must be in (0, 1), got {_fmt(stage1_share)}")
    exact = T * (1 + total_pct / 100)
    initial = max(round_half_day(exact), Fraction(1, 2))
    lines.append(
        f"initial audit time {_fmt(T)} x (1 {'+' if total_pct >= 0 else '-'} {_fmt(abs(total_pct))} %) = "
        f"{_fmt(exact)}, rounded to the nearest half day: {_fmt(initial)} (IAF MD 5:2019 2.2)"
    )
    stage1 = (
        min(max(round_half_day(initial * stage1_share), Fraction(1, 2)), initial - Fraction(1, 2))
        if initial > Fraction(1, 2)
        else Fraction(0)
    )
    stage2 = initial - stage1
    lines.append(
        f"stage 1 {_fmt(stage1)} + stage 2 {_fmt(stage2)} (stage 1 share {_fmt(stage1_share * 100)} %: "
        f"certification-body policy, not {rules.split(':')[0]})"
    )
    surv = max(round_half_day(initial * SURVEILLANCE_SHARE), Fraction(1, 2))
    recert = max(round_half_day(initial * RECERTIFICATION_SHARE), Fraction(1, 2))
    lines.append(f"surveillance 1/3 x {_fmt(initial)} = {_fmt(surv)} per year ({rules})")
    lines.append(f"recertification 2/3 x {_fmt(initial)} = {_fmt(recert)} ({rules})")
    onsite = initial * MIN_ONSITE_SHARE
    lines.append(f"on-site time at least 80 % = {_fmt(onsite)} auditor-days ({rules})")
    return AuditTime(
        standards,
        n,
        complexity,
        float(T),
        float(total_pct),
        float(initial),
        float(stage1),
        float(stage2),
        float(surv),
        float(recert),
        float(onsite),
        tuple(lines),
    )


def finish(
    standards: tuple[str, ...],
    n: int,
    complexity: str,
    T: Fraction,
    total_pct: Fraction,
    lines: list[str],
    stage1_share: Fraction = DEFAULT_STAGE1_SHARE,
    rules: str = "IAF MD 5:2019",
) -> AuditTime:
    """The rest of a determination once the time ``T`` and its adjustments are known: rounding to
    the half day, stage 1/stage 2, surveillance, recertification, on-site minimum (``rules`` names
    where the shares come from in the justification)."""
    return _finish(standards, n, complexity, T, total_pct, lines, stage1_share, rules)


def adjust(T: Fraction, adjustments: Sequence[Adjustment], lines: list[str]) -> Fraction:
    """Total percent of documented adjustments (each with its reason), at most 30 % reduction."""
    return _adjust(T, adjustments, lines)


def initial_audit_time(
    table: AuditTimeTable,
    n: int,
    complexity: str,
    adjustments: Sequence[Adjustment] = (),
    *,
    stage1_share: Fraction = DEFAULT_STAGE1_SHARE,
    standard: str = "",
) -> AuditTime:
    """Audit time for one standard from ``n`` effective personnel and the complexity category.

    >>> r = initial_audit_time(md5_table("ems"), 40, "high", [Adjustment(-10, "single process")])
    >>> r.T, r.initial, r.lines[-1]
    (7.0, 6.5, 'on-site time at least 80 % = 5.2 auditor-days (IAF MD 5:2019)')
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise AuditTimeError(
            f"personnel: the effective number of personnel must be a whole number >= 1, got {n!r}"
        )
    column, note = _category(table, complexity)
    row = table.row(n)
    T = row.days[column]
    band = f"{row.lo}-{row.hi}"
    col = "" if note else f", {column}"
    lines = [f"{table.source}, row {band} persons{col}: {_fmt(T)} auditor-days (stage 1 + stage 2)"]
    if note:
        lines.append(note)
    total = _adjust(T, adjustments, lines)
    return _finish((standard or table.id,), n, complexity, T, total, lines, stage1_share)


def integrated_audit_time(
    parts: Iterable[AuditTime],
    integration_reduction: Fraction | int | float = 0,
    reason: str = "",
    *,
    stage1_share: Fraction = DEFAULT_STAGE1_SHARE,
) -> AuditTime:
    """Integrated audit (IAF MD 11:2019 2.2): T = A + B + ..., then the reduction for integration.

    ``integration_reduction`` is a percentage in [0, 20] (EA FAQ 37.5: at most 20 %),
    applied to the sum of the separately determined initial times.

    >>> q = initial_audit_time(md5_table("qms"), 120, "medium", standard="ISO9001")
    >>> e = initial_audit_time(md5_table("ems"), 120, "medium", standard="ISO14001")
    >>> r = integrated_audit_time([q, e], 10, "one integrated management review and internal audit")
    >>> r.T, r.initial
    (15.0, 13.5)
    """
    parts = list(parts)
    if len(parts) < 2:
        raise AuditTimeError("standards: an integrated audit needs at least two standards")
    pct = Fraction(str(integration_reduction))
    if not 0 <= pct / 100 <= MAX_INTEGRATION_REDUCTION:
        raise AuditTimeError(
            f"integration_reduction: {_fmt(pct)} % is outside 0-20 % (IAF MD 11:2019 2.2; EA FAQ 37.5)"
        )
    if pct and not reason.strip():
        raise AuditTimeError(
            "integration_reason: a reduction for integration needs the level of integration stated"
        )
    T = sum((Fraction(str(p.initial)) for p in parts), Fraction(0))
    lines = [f"{', '.join(p.standards)}: {_fmt(p.initial)} auditor-days" for p in parts]
    lines.append(f"IAF MD 11:2019 2.2: T = {' + '.join(_fmt(p.initial) for p in parts)} = {_fmt(T)}")
    if pct:
        lines.append(f"integration reduction -{_fmt(pct)} %: {reason} (IAF MD 11:2019 2.2, at most 20 %)")
    standards = tuple(s for p in parts for s in p.standards)
    n = max(p.n for p in parts)
    complexity = "/".join(p.complexity for p in parts)
    return _finish(standards, n, complexity, T, -pct, lines, stage1_share)


def check_onsite_share(
    onsite_days: float, total_days: float, min_share: float = float(MIN_ONSITE_SHARE)
) -> None:
    """Raise if the on-site part of an audit is below the minimum share (IAF MD 5:2019: 80 %).

    >>> check_onsite_share(4, 5)
    >>> try:
    ...     check_onsite_share(3.5, 5)
    ... except AuditTimeError as e:
    ...     print(e)
    onsite_days: 3.5 of 5 auditor-days on site is 70 %, below the minimum 80 %
    """
    if total_days <= 0:
        raise AuditTimeError(f"total_days: must be positive, got {total_days:g}")
    share = Fraction(str(onsite_days)) / Fraction(str(total_days))
    if share < Fraction(str(min_share)):
        raise AuditTimeError(
            f"onsite_days: {onsite_days:g} of {total_days:g} auditor-days on site is "
            f"{_fmt(share * 100)} %, below the minimum {_fmt(Fraction(str(min_share)) * 100)} %"
        )

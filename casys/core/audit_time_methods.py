"""Audit-time methods, chosen by the scheme file (``audit_time = { method = "..." }``).

A scheme never names its standard to pick the arithmetic: it names a *method* and the table the
method reads, and :func:`determine` looks the method up in :data:`METHODS`. Methods:

* ``iaf-md5`` — IAF MD 5:2019 (QMS, EMS, OH&SMS): personnel band x complexity category of a
  shipped table, documented adjustments (:func:`casys.core.audit_time.initial_audit_time`).
* ``body-table`` — the same arithmetic on a band table a body loads because it is not public
  (ISO 50003, ISO/TS 21030, ISO/IEC 42006).
* ``iso27006-1`` — ISO/IEC 27006-1 (ISMS): the initial audit time read from a table by the
  number of persons doing work under the organization's control, then adjusted by the factors of
  the standard (business complexity, IT environment ...), each named with its percentage and
  reason. IAF MD 5 does not cover ISMS; the table is not public: body data.
* ``iso22003-1`` — ISO/TS 22003-1:2022 (food safety, ISO 22000 / FSSC 22000):
  ``Ts = TD + TH + TMS + TFTE`` — TD the basic audit time of the food chain category, TH the
  days per HACCP study beyond the first, TMS the days added when no relevant certified management
  system is in place, TFTE the days for the number of full-time-equivalent employees; each
  additional site audited adds its share of Ts. The structure is public (IAF/GFSI material and
  certification bodies' guides quote it); the values per category and band are not, so the
  table is body data (:data:`casys.core.audit_time.KEYED_TABLES`).

casys ships EXAMPLE tables for the last two (:func:`casys.core.audit_time.example_table`):
made-up numbers in the shape of the real ones, for the demo and tests only.

>>> from casys.core.audit_time import default_tables, example_table
>>> tables = default_tables().with_table(example_table("iso22003-1"))
>>> r = determine("iso22003-1", "iso22003-1", tables, Inputs(n=60, category="C", haccp_studies=2))
>>> r.T, r.initial
(3.25, 3.5)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from casys.core.audit_time import (
    Adjustment,
    AuditTime,
    AuditTimeError,
    TableSet,
    adjust,
    finish,
    initial_audit_time,
)

#: Food chain categories of ISO/TS 22003-1:2022 (category letters and titles, as IAF and the
#: FSSC 22000 scheme publish them).
FOOD_CHAIN_CATEGORIES: dict[str, str] = {
    "A": "Farming of animals",
    "B": "Farming of plants",
    "C": "Food manufacturing",
    "D": "Animal feed production",
    "E": "Catering / food service",
    "F": "Trading, retail and e-commerce",
    "G": "Transport and storage services",
    "H": "Services",
    "I": "Production of food packaging and packaging material",
    "J": "Equipment manufacturing",
    "K": "Production of (bio)chemicals",
}

#: Factors of ISO/IEC 27006-1 that adjust the ISMS audit time (named in the justification).
ISMS_FACTORS = ("business complexity", "IT environment", "other")


@dataclass(frozen=True)
class Inputs:
    """What a determination reads; each method uses its own fields and ignores the others.

    ``n``: effective personnel (IAF MD 5 2.3), persons doing work under the organization's control
    (ISO/IEC 27006-1) or full-time-equivalent employees (ISO/TS 22003-1).
    """

    n: int
    complexity: str = "medium"
    adjustments: Sequence[Adjustment] = ()
    standard: str = ""
    #: ISO/TS 22003-1: food chain category letter, HACCP studies (>= 1), a relevant certified
    #: management system in place (then no TMS), sites audited besides the main one
    category: str | None = None
    haccp_studies: int = 1
    relevant_ms: bool = False
    additional_sites: int = 0
    #: ISO/IEC 27006-1: factor adjustments, each named by its factor in ``reason`` ("IT environment: ...")
    factors: Sequence[Adjustment] = ()


Method = Callable[[str, TableSet, Inputs], AuditTime]


def _fmt(x: Fraction | float) -> str:
    return f"{float(x):g}"


def _whole(value: int, field_name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise AuditTimeError(f"{field_name}: must be a whole number >= {minimum}, got {value!r}")
    return value


def _band_method(table_id: str, tables: TableSet, inp: Inputs) -> AuditTime:
    return initial_audit_time(
        tables.table(table_id), inp.n, inp.complexity, inp.adjustments, standard=inp.standard
    )


def iso27006_audit_time(table_id: str, tables: TableSet, inp: Inputs) -> AuditTime:
    """ISO/IEC 27006-1: table time by persons under the organization's control, adjusted by factors.

    The factors are documented adjustments; together with any other adjustment the reduction is
    capped at 30 % (casys applies the IAF MD 5 cap as the body's default; a body's licensed copy
    of 27006-1 may say more). The arithmetic below runs on casys's EXAMPLE table:

    >>> from casys.core.audit_time import default_tables, example_table
    >>> t = default_tables().with_table(example_table("iso27006-1"))
    >>> f = [Adjustment(20, "IT environment: many platforms"), Adjustment(-10, "business complexity: low")]
    >>> r = iso27006_audit_time("iso27006-1", t, Inputs(n=80, factors=f))
    >>> r.T, r.adjustment_percent, r.initial
    (10.0, 10.0, 11.0)
    """
    n = _whole(inp.n, "persons", 1)
    table = tables.table(table_id)
    row = table.row(n)
    column = table.categories[0] if len(table.categories) == 1 else inp.complexity
    if column not in row.days:
        raise AuditTimeError(
            f"complexity: unknown category {column!r} for {table.source} "
            f"(expected one of: {', '.join(table.categories)})"
        )
    T = row.days[column]
    lines = [
        f"{table.source}, row {row.lo}-{row.hi} persons doing work under the organization's control: "
        f"{_fmt(T)} auditor-days (stage 1 + stage 2, ISO/IEC 27006-1)"
    ]
    for i, f in enumerate(inp.factors):
        factor = f.reason.partition(":")[0].strip()
        if factor not in ISMS_FACTORS:
            raise AuditTimeError(
                f"factors[{i}]: name the factor before ':' (one of: {', '.join(ISMS_FACTORS)}), "
                f"got {f.reason!r}"
            )
    total = adjust(T, [*inp.factors, *inp.adjustments], lines)
    return finish(
        (inp.standard or "ISO/IEC 27001",),
        n,
        inp.complexity,
        T,
        total,
        lines,
        rules="IAF MD 5:2019 shares, casys default for ISO/IEC 27006-1",
    )


def iso22003_audit_time(table_id: str, tables: TableSet, inp: Inputs) -> AuditTime:
    """ISO/TS 22003-1:2022: ``Ts = TD + TH + TMS + TFTE``, plus each additional site's share of Ts.

    Only the structure is public; the doctest runs on casys's EXAMPLE table (category C: TD 1.5,
    TH 0.5 per extra HACCP study, TMS 0.25, 50-199 FTE: 1 day; an additional site: half of Ts):

    >>> from casys.core.audit_time import default_tables, example_table
    >>> t = default_tables().with_table(example_table("iso22003-1"))
    >>> inp = Inputs(n=60, category="C", haccp_studies=3, additional_sites=1)
    >>> r = iso22003_audit_time("iso22003-1", t, inp)
    >>> r.T, r.initial
    (5.625, 5.5)
    >>> r.lines[:2]
    ('TD, category C (Food manufacturing): 1.5', 'TH, 2 HACCP studies beyond the first x 0.5 = 1')
    """
    table = tables.keyed_table(table_id)
    n = _whole(inp.n, "employees", 1)
    studies = _whole(inp.haccp_studies, "haccp_studies", 1)
    sites = _whole(inp.additional_sites, "additional_sites", 0)
    if inp.category is None:
        raise AuditTimeError("category: the food chain category is required (ISO/TS 22003-1, A to K)")
    cat = inp.category.strip().upper()
    if cat not in FOOD_CHAIN_CATEGORIES:
        raise AuditTimeError(
            f"category: unknown food chain category {inp.category!r} (expected one of: "
            f"{', '.join(FOOD_CHAIN_CATEGORIES)})"
        )
    td = table.value("td", cat, "category")
    th_each = table.value("th", cat, "category")
    th = th_each * (studies - 1)
    tms = Fraction(0) if inp.relevant_ms else table.value("tms", "all", "relevant_ms")
    band = table.band("tfte", n)
    tfte = band.days["days"]
    ts = td + th + tms + tfte
    hi = "" if band.hi >= 10**9 else str(band.hi)
    lines = [
        f"TD, category {cat} ({FOOD_CHAIN_CATEGORIES[cat]}): {_fmt(td)}",
        f"TH, {studies - 1} HACCP studies beyond the first x {_fmt(th_each)} = {_fmt(th)}",
        "TMS, relevant certified management system in place: 0"
        if inp.relevant_ms
        else f"TMS, no relevant certified management system: {_fmt(tms)}",
        f"TFTE, {n} full-time-equivalent employees (band {band.lo}-{hi}): {_fmt(tfte)}",
        f"Ts = TD + TH + TMS + TFTE = {_fmt(ts)} auditor-days (ISO/TS 22003-1:2022; values: {table.source})",
    ]
    T = ts
    if sites:
        share = table.value("additional_site", "share", "additional_sites")
        extra = ts * share * sites
        T = ts + extra
        lines.append(f"{sites} additional site(s) x {_fmt(share)} x Ts = {_fmt(extra)}; total {_fmt(T)}")
    minimum = table.sections.get("minimum", {}).get("initial")
    if minimum is not None and T < minimum:
        lines.append(f"raised to the minimum audit time of the table: {_fmt(minimum)}")
        T = minimum
    total = adjust(T, inp.adjustments, lines)
    return finish(
        (inp.standard or "ISO 22000",),
        n,
        cat,
        T,
        total,
        lines,
        rules="IAF MD 5:2019 shares, casys default for ISO/TS 22003-1",
    )


#: Every method a scheme file may name (``casys.core.schemes`` checks the name against these keys).
METHODS: dict[str, Method] = {
    "iaf-md5": _band_method,
    "body-table": _band_method,
    "iso27006-1": iso27006_audit_time,
    "iso22003-1": iso22003_audit_time,
}


def determine(method: str, table_id: str | None, tables: TableSet, inp: Inputs) -> AuditTime:
    """The audit time by the scheme's ``method`` reading ``table_id`` from ``tables``."""
    fn = METHODS.get(method)
    if fn is None:
        raise AuditTimeError(
            f"method: unknown audit-time method {method!r} (expected one of: {', '.join(METHODS)})"
        )
    if table_id is None:
        raise AuditTimeError(f"table: method {method!r} reads a table and the scheme names none")
    return fn(table_id, tables, inp)

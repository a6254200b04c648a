"""CLI commands of the certification area (registered on the umbrella app in casys.cli).

* ``casys audit-time``: IAF MD 5 audit time (IAF MD 11 when several standards are given);
* ``casys sites sample``: IAF MD 1 sample size and a seeded selection of sites;
* ``casys programme``: the audit programme of a scheme from a certification decision date.
"""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from casys.certification.table_csv import parse_body_table
from casys.core.audit_time import (
    STANDARD_TABLES,
    Adjustment,
    AuditTime,
    AuditTimeError,
    TableNotLoadedError,
    TableSet,
    default_tables,
    initial_audit_time,
    integrated_audit_time,
)
from casys.core.audit_time_methods import Inputs, determine
from casys.core.multisite import SamplingError, sample_size, select_sites
from casys.core.programme import ProgrammeError, generate_programme
from casys.core.schemes import SchemeError, available_schemes, load_scheme

_ERRORS = (AuditTimeError, SamplingError, SchemeError, ProgrammeError)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _emit(doc: Any) -> None:
    typer.echo(json.dumps(doc, indent=2, default=str))


def _parse_adjust(i: int, text: str) -> Adjustment:
    value, _, reason = text.partition(":")
    try:
        pct = float(value)
    except ValueError:
        _fail(f"--adjust[{i}]: {value!r} is not a percentage (e.g. -10 or '-10:single site')")
    return Adjustment(pct, reason.strip() or "adjustment given on the command line")


def _pairs(option: str, items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, item in enumerate(items):
        key, eq, value = item.partition("=")
        if not eq or not key.strip() or not value.strip():
            _fail(f"{option}[{i}]: {item!r} is not ID=VALUE (e.g. iso27006-1=tables/27006.csv)")
        out[key.strip()] = value.strip()
    return out


def _tables(table_file: list[str], table_source: list[str]) -> TableSet:
    """IAF MD 5 tables plus the body's tables read from files (ISO/IEC 27006-1 ... are not public)."""
    tables = default_tables()
    files = _pairs("--table-file", table_file)
    sources = _pairs("--table-source", table_source)
    for table_id in sources.keys() - files.keys():
        _fail(f"--table-source: {table_id!r} has no --table-file")
    for table_id, path in files.items():
        try:
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
        except OSError as exc:
            _fail(f"--table-file {table_id}: cannot read {path!r} ({exc.strerror})")
        source = sources.get(table_id, f"body table file {path}")
        try:
            tables = tables.with_table(parse_body_table(table_id, text, source))
        except AuditTimeError as exc:
            _fail(f"--table-file {table_id} ({path}): {exc}")
    return tables


def _method_of(key: str) -> tuple[str, str]:
    """The method and table the shipped scheme of ``key`` names (its ``[audit_time]``)."""
    table_id = STANDARD_TABLES[key]
    for sid in available_schemes():
        s = load_scheme(sid)
        if s.audit_time.table == table_id and s.audit_time.method != "none":
            return s.audit_time.method, table_id
    return "body-table", table_id


def _table_file(path: str, key: str, tables: TableSet) -> TableSet:
    """``--table FILE``: the body's table for the one standard given."""
    table_id = STANDARD_TABLES[key]
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except OSError as exc:
        _fail(f"--table: cannot read {path!r} ({exc.strerror})")
    try:
        return tables.with_table(parse_body_table(table_id, text, f"body table file {path}"))
    except AuditTimeError as exc:
        _fail(f"--table ({path}): {exc}")


def _audit_time(
    standards: list[str],
    personnel: int,
    complexity: list[str],
    adjust: list[str],
    integration: float,
    integration_reason: str,
    tables: TableSet,
    extra: Inputs | None = None,
) -> tuple[list[AuditTime], AuditTime]:
    if len(complexity) not in (1, len(standards)):
        _fail(f"--complexity: give one, or one per --standard ({len(standards)})")
    adjustments = [_parse_adjust(i, a) for i, a in enumerate(adjust)]
    parts = []
    for i, std in enumerate(standards):
        key = _key(i, std)
        cat = complexity[i] if len(complexity) > 1 else complexity[0]
        method, table_id = _method_of(key)
        if method in ("iaf-md5", "body-table"):
            parts.append(
                initial_audit_time(tables.table(table_id), personnel, cat, adjustments, standard=key)
            )
            continue
        base = extra or Inputs(n=personnel)
        inp = dataclasses.replace(base, n=personnel, complexity=cat, adjustments=adjustments, standard=key)
        parts.append(determine(method, table_id, tables, inp))
    if len(parts) == 1:
        return parts, parts[0]
    return parts, integrated_audit_time(parts, integration, integration_reason)


def _key(i: int, std: str) -> str:
    key = std.upper().replace(" ", "").replace("/", "").replace("ISOIEC", "ISO")
    if key not in STANDARD_TABLES:
        _fail(f"--standard[{i}]: unknown standard {std!r} (known: {', '.join(STANDARD_TABLES)})")
    return key


def _factor(option: str, factor: str, value: float | None) -> list[Adjustment]:
    if value is None:
        return []
    if not -30 <= value <= 100:
        _fail(f"{option}: {value:g} % is outside -30 to +100")
    return [Adjustment(value, f"{factor}: given with {option}")]


def _method_inputs(
    keys: list[str],
    personnel: int | None,
    persons: int | None,
    category: str | None,
    haccp_studies: int,
    relevant_ms: bool,
    additional_sites: int,
    business_complexity: float | None,
    it_complexity: float | None,
) -> Inputs:
    """The inputs of the methods of ``keys`` from their options; bad input names the option."""
    if persons is not None and personnel is not None:
        _fail("--persons: give --persons (ISO/IEC 27001) or --personnel, not both")
    count = persons if persons is not None else personnel
    if count is None:
        _fail("--personnel: required (--persons for ISO/IEC 27001)")
    if count < 1:
        _fail(f"{'--persons' if persons is not None else '--personnel'}: must be at least 1, got {count}")
    if haccp_studies < 1:
        _fail(f"--haccp-studies: must be at least 1, got {haccp_studies}")
    if additional_sites < 0:
        _fail(f"--additional-sites: must not be negative, got {additional_sites}")
    if category is not None and "ISO22000" not in keys:
        _fail("--category: only for --standard ISO22000 (ISO/TS 22003-1 food chain category)")
    if "ISO22000" in keys and category is None:
        _fail("--category: required for ISO22000 (food chain category A-K, ISO/TS 22003-1)")
    factors = _factor("--business-complexity", "business complexity", business_complexity)
    factors += _factor("--it-complexity", "IT environment", it_complexity)
    return Inputs(
        n=count,
        category=category,
        haccp_studies=haccp_studies,
        relevant_ms=relevant_ms,
        additional_sites=additional_sites,
        factors=factors,
    )


def audit_time_cmd(
    standard: list[str] = typer.Option(
        ..., "--standard", help="ISO9001, ISO14001, ISO22000, ISO27001 ... (repeat)"
    ),
    personnel: int | None = typer.Option(
        None, "--personnel", help="Effective number of personnel (IAF MD 5 2.3; FTE for ISO 22000)."
    ),
    persons: int | None = typer.Option(
        None, "--persons", help="ISO27001: persons doing work under the organization's control (27006-1)."
    ),
    category: str | None = typer.Option(
        None, "--category", help="ISO22000: food chain category A-K (22003-1)."
    ),
    haccp_studies: int = typer.Option(1, "--haccp-studies", help="ISO22000: number of HACCP studies (>= 1)."),
    relevant_ms: bool = typer.Option(
        False, "--relevant-ms", help="ISO22000: a relevant certified management system is in place (no TMS)."
    ),
    additional_sites: int = typer.Option(
        0, "--additional-sites", help="ISO22000: sites audited besides the main one."
    ),
    business_complexity: float | None = typer.Option(
        None, "--business-complexity", help="ISO27001: factor adjustment, percent (27006-1)."
    ),
    it_complexity: float | None = typer.Option(
        None, "--it-complexity", help="ISO27001: IT environment factor adjustment, percent (27006-1)."
    ),
    table: str | None = typer.Option(
        None, "--table", help="FILE: the body's licensed table for the (one) standard given (CSV)."
    ),
    complexity: list[str] = typer.Option(["medium"], "--complexity", help="high/medium/low/limited"),
    adjust: list[str] = typer.Option([], "--adjust", help="Percent, optional ':reason' (repeat)."),
    integration: float = typer.Option(0, "--integration", help="IAF MD 11 reduction for integration, %."),
    integration_reason: str = typer.Option("", "--integration-reason", help="Level of integration."),
    table_file: list[str] = typer.Option(
        [], "--table-file", help="ID=PATH: a body's CSV table, e.g. iso27006-1=t.csv (repeat)."
    ),
    table_source: list[str] = typer.Option(
        [], "--table-source", help="ID=TEXT: the source of that table (document, edition, table)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Audit time in auditor-days by the method of each standard's scheme (IAF MD 5:2019; ISO/TS
    22003-1 for ISO 22000; ISO/IEC 27006-1 for ISO/IEC 27001; IAF MD 11:2019 for several standards).

    ISO/IEC 27001, ISO 22000, ISO 50001, ISO 21001 and ISO/IEC 42001 read tables that are not
    public: give the body's copy with --table FILE (one standard) or --table-file ID=PATH.
    """
    tables = _tables(table_file, table_source)
    keys = [_key(i, s) for i, s in enumerate(standard)]
    if table is not None:
        if len(keys) != 1:
            _fail("--table: give one --standard with it (or --table-file ID=PATH per table)")
        tables = _table_file(table, keys[0], tables)
    extra = _method_inputs(
        keys,
        personnel,
        persons,
        category,
        haccp_studies,
        relevant_ms,
        additional_sites,
        business_complexity,
        it_complexity,
    )
    count = extra.n
    try:
        parts, result = _audit_time(
            standard, count, complexity, adjust, integration, integration_reason, tables, extra
        )
    except TableNotLoadedError as exc:
        _fail(f"{exc} (on the command line: --table FILE or --table-file ID=PATH)")
    except AuditTimeError as exc:
        text = str(exc)
        option = {"category": "--category", "haccp_studies": "--haccp-studies", "persons": "--persons"}.get(
            text.partition(":")[0]
        )
        _fail(f"{option}: {text.partition(':')[2].strip()}" if option else text)
    except _ERRORS as exc:
        _fail(str(exc))
    if as_json:
        _emit({"parts": [dataclasses.asdict(p) for p in parts], "result": dataclasses.asdict(result)})
        return
    table = Table(title=f"Audit time, {' + '.join(result.standards)} (auditor-days)")
    for col in ("initial", "stage 1", "stage 2", "surveillance", "recertification", "min on-site"):
        table.add_column(col)
    table.add_row(
        *(
            f"{v:g}"
            for v in (
                result.initial,
                result.stage1,
                result.stage2,
                result.surveillance,
                result.recertification,
                result.min_onsite,
            )
        )
    )
    console = Console()
    console.print(table)
    for line in result.lines:
        console.print(f"- {line}")


def sites_sample_cmd(
    n_sites: int = typer.Option(..., "--sites", help="Sites other than the central function (x)."),
    audit: str = typer.Option(..., "--audit", help="initial, surveillance or recertification"),
    risk_increase: float = typer.Option(0, "--risk-increase", help="Increase for risk, percent."),
    seed: int = typer.Option(..., "--seed", help="Seed of the random selection."),
    mandatory: list[str] = typer.Option([], "--mandatory", help="Site that must be visited (S1 ... Sx)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Sample size and a seeded selection of sites (IAF MD 1:2018 6.1); sites are named S1 ... Sx."""
    try:
        s = sample_size(n_sites, audit, risk_increase)
        names = [f"S{i}" for i in range(1, n_sites + 1)]
        sel = select_sites("central", names, max(s.y, len(mandatory)), random.Random(seed), mandatory)
    except _ERRORS as exc:
        _fail(str(exc))
    doc = {
        **dataclasses.asdict(s),
        "seed": seed,
        "central": sel.central,
        "mandatory": list(sel.mandatory),
        "random": list(sel.random),
        "sites": list(sel.sites),
    }
    if as_json:
        _emit(doc)
        return
    console = Console()
    console.print(f"{audit}: {s.y} of {s.x} sites + central function")
    console.print("visit: " + ", ".join(sel.sites))
    for line in s.lines:
        console.print(f"- {line}")


def programme_cmd(
    decision_date: str = typer.Option(..., "--decision-date", help="Certification decision, YYYY-MM-DD."),
    scheme: str = typer.Option("iso9001", "--scheme", help="Scheme id (casys/schemes)."),
    cycles: int = typer.Option(1, "--cycles", help="Number of certification cycles."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Audit programme from the certification decision (ISO/IEC 17021-1:2015 9.1.3, 9.6)."""
    try:
        decided = date.fromisoformat(decision_date)
    except ValueError:
        _fail(f"--decision-date: {decision_date!r} is not a date (YYYY-MM-DD)")
    try:
        p = generate_programme(load_scheme(scheme), decided, cycles=cycles)
    except _ERRORS as exc:
        _fail(str(exc))
    if as_json:
        _emit(dataclasses.asdict(p))
        return
    table = Table(title=f"Programme, {p.scheme}, decision {p.decision_date}")
    for col in ("cycle", "phase", "activities", "from", "no later than", "decision by"):
        table.add_column(col)
    for a in p.activities:
        table.add_row(
            str(a.cycle),
            a.phase,
            ", ".join(a.activities),
            str(a.earliest),
            str(a.latest),
            str(a.decision_by or ""),
        )
    console = Console()
    console.print(table)
    for c in p.cycles:
        console.print(f"cycle {c.index}: decision {c.decision}, expiry {c.expiry}")


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app and its benchmarks to ``casys bench``."""
    app.command("audit-time")(audit_time_cmd)
    sites = typer.Typer(help="Multi-site sampling (IAF MD 1).", no_args_is_help=True)
    sites.command("sample")(sites_sample_cmd)
    app.add_typer(sites, name="sites")
    app.command("programme")(programme_cmd)

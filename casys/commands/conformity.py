"""CLI commands of the conformity area (registered on the umbrella app in casys.cli).

``casys decide`` and ``casys risk`` apply decision rules (ILAC G8:09/2019,
JCGM 106:2012); ``casys sampling plan|oc`` look up ISO 2859-1 / MIL-STD-105E
sampling plans and their OC curves.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from casys.commands.output import emit, fail
from casys.core.conformity import (
    AcceptanceInterval,
    ConformityInputError,
    Rule,
    ToleranceInterval,
    acceptance_limits_for_global_risk,
    decide,
    global_risks,
)
from casys.core.sampling import (
    DoublePlan,
    SamplingTableError,
    SamplingTables,
    SinglePlan,
    double_plan,
    oc_curve,
    parse_double_table,
    parse_single_table,
    shipped_tables,
    single_plan,
)
from casys.core.sampling.characteristics import characteristics
from casys.core.sampling.oc import MODELS


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def decide_command(
    value: float = typer.Option(..., "--value", help="Measured value y."),
    u: float = typer.Option(..., "--u", help="Standard measurement uncertainty u."),
    lower: float | None = typer.Option(None, "--lower", help="Lower tolerance limit T_L."),
    upper: float | None = typer.Option(None, "--upper", help="Upper tolerance limit T_U."),
    rule: Rule = typer.Option(Rule.SIMPLE, "--rule", help="Decision rule (ILAC G8:09/2019 4.2)."),
    guard: float = typer.Option(1.0, "--guard", help="Guard band multiplier r: w = r·U."),
    k: float = typer.Option(2.0, "--k", help="Coverage factor: U = k·u."),
    non_binary: bool = typer.Option(False, "--non-binary", help="Non-binary statement (ILAC G8 4.2.3)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Decide conformity of one measured value under a decision rule."""
    try:
        d = decide(value, u, ToleranceInterval(lower, upper), rule, r=guard, k=k, binary=not non_binary)
    except ConformityInputError as error:
        fail(str(error))
        return
    document = {
        "decision": "accept" if d.accepted else "reject",
        "statement": d.statement.value,
        "conformance_probability": d.p_c,
        "specific_consumer_risk": d.R_C,
        "specific_producer_risk": d.R_P,
        "value": d.y,
        "u": d.u,
        "k": d.k,
        "U": d.U,
        "tolerance_interval": {"T_L": _finite(d.tolerance.lower), "T_U": _finite(d.tolerance.upper)},
        "acceptance_interval": {"A_L": _finite(d.acceptance.A_L), "A_U": _finite(d.acceptance.A_U)},
        "guard_band": d.w,
        "decision_rule": {"id": d.rule.value, "name": d.rule_name, "r": d.r, "reference": d.reference},
        "binary": d.binary,
    }
    emit(document, as_json, "Statement of conformity")


def risk_command(
    process_mean: float = typer.Option(..., "--process-mean", help="Process mean y0 (prior)."),
    process_std: float = typer.Option(..., "--process-std", help="Process standard deviation u0."),
    u: float = typer.Option(..., "--u", help="Standard measurement uncertainty u_m."),
    lower: float | None = typer.Option(None, "--lower", help="Lower tolerance limit T_L."),
    upper: float | None = typer.Option(None, "--upper", help="Upper tolerance limit T_U."),
    acceptance_lower: float | None = typer.Option(None, "--acceptance-lower", help="A_L (default T_L)."),
    acceptance_upper: float | None = typer.Option(None, "--acceptance-upper", help="A_U (default T_U)."),
    target: float | None = typer.Option(
        None,
        "--target-consumer-risk",
        help="Find guarded-acceptance limits whose global consumer's risk is this (e.g. 0.001).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Global consumer's and producer's risks of a process (JCGM 106:2012 9.5).

    With --target-consumer-risk the acceptance limits are found instead of given:
    the same guard band at each limit, so that the global consumer's risk equals
    the target.
    """
    try:
        tolerance = ToleranceInterval(lower, upper)
        if target is not None:
            if acceptance_lower is not None or acceptance_upper is not None:
                raise ConformityInputError(
                    "target-consumer-risk: give either the acceptance limits or a target, not both"
                )
            acceptance, r = acceptance_limits_for_global_risk(process_mean, process_std, u, tolerance, target)
        else:
            acceptance = AcceptanceInterval(
                tolerance.lower if acceptance_lower is None else acceptance_lower,
                tolerance.upper if acceptance_upper is None else acceptance_upper,
            )
            r = global_risks(process_mean, process_std, u, tolerance, acceptance)
    except ConformityInputError as error:
        fail(str(error))
        return
    document = {
        "global_consumer_risk": r.R_C,
        "global_producer_risk": r.R_P,
        "prior_conformance_probability": r.p_conforming,
        "process_mean": r.y0,
        "process_std": r.u0,
        "u": r.u_m,
        "tolerance_interval": {"T_L": _finite(tolerance.lower), "T_U": _finite(tolerance.upper)},
        "acceptance_interval": {"A_L": _finite(acceptance.A_L), "A_U": _finite(acceptance.A_U)},
        "reference": r.reference,
    }
    if target is not None:
        document["target_consumer_risk"] = target
    emit(document, as_json, "Global risks")


def _tables(table: Path | None, inspection: str, double: bool) -> SamplingTables:
    tables = shipped_tables()
    if table is None:
        return tables
    try:
        text = table.read_text(encoding="utf-8")
    except OSError as error:
        raise SamplingTableError(f"table: cannot read {table}: {error.strerror}") from None
    if double:
        return tables.with_double(inspection, parse_double_table(text, table.name))
    return tables.with_single(inspection, parse_single_table(text, table.name))


def _plan(
    lot_size: int, level: str, aql: float, inspection: str, double: bool, table: Path | None
) -> SinglePlan | DoublePlan:
    tables = _tables(table, inspection, double)
    if double:
        return double_plan(lot_size, level, aql, inspection, tables)
    return single_plan(lot_size, level, aql, inspection, tables)


def _plan_document(plan: SinglePlan | DoublePlan) -> dict[str, Any]:
    common = {
        "lot_size": plan.lot_size,
        "level": plan.level,
        "aql": plan.aql,
        "inspection": plan.inspection,
        "code_letter": plan.code_letter,
        "plan_letter": plan.plan_letter,
    }
    if isinstance(plan, SinglePlan):
        specific: dict[str, Any] = {"sampling": "single", "sample_size": plan.n, "Ac": plan.Ac, "Re": plan.Re}
    elif plan.single is not None:
        specific = {
            "sampling": "single (double table says: use the single plan)",
            "sample_size": plan.n1,
            "Ac": plan.Ac1,
            "Re": plan.Re1,
        }
    else:
        specific = {
            "sampling": "double",
            "sample_sizes": [plan.n1, plan.n2],
            "cumulative_sample_sizes": [plan.n1, plan.n1 + plan.n2],
            "Ac": [plan.Ac1, plan.Ac2],
            "Re": [plan.Re1, plan.Re2],
        }
    return {
        **common,
        **specific,
        "full_inspection": plan.full_inspection,
        "table": f"MIL-STD-105E {plan.table}" if plan.table.startswith("Table") else plan.table,
        "source": plan.source,
    }


_LOT = typer.Option(..., "--lot-size", help="Lot or batch size.")
_LEVEL = typer.Option("II", "--level", help="Inspection level: S-1 … S-4, I, II, III.")
_AQL = typer.Option(..., "--aql", help="AQL (percent nonconforming or per 100 units).")
_INSPECTION = typer.Option("normal", "--inspection", help="normal, tightened or reduced.")
_DOUBLE = typer.Option(False, "--double", help="Double sampling (Tables III-A/B/C).")
_TABLE = typer.Option(None, "--table", help="CSV of a master table to load (see data/iso2859/README.md).")
_JSON = typer.Option(False, "--json", help="Print one JSON document.")


def plan_command(
    lot_size: int = _LOT,
    level: str = _LEVEL,
    aql: float = _AQL,
    inspection: str = _INSPECTION,
    double: bool = _DOUBLE,
    table: Path | None = _TABLE,
    as_json: bool = _JSON,
) -> None:
    """Sampling plan: code letter, sample size(s), acceptance and rejection numbers."""
    try:
        plan = _plan(lot_size, level, aql, inspection, double, table)
    except SamplingTableError as error:
        fail(str(error))
        return
    emit(_plan_document(plan), as_json, "Sampling plan (MIL-STD-105E / ISO 2859-1)")


def oc_command(
    lot_size: int = _LOT,
    level: str = _LEVEL,
    aql: float = _AQL,
    inspection: str = _INSPECTION,
    double: bool = _DOUBLE,
    table: Path | None = _TABLE,
    points: int = typer.Option(21, "--points", help="Number of points of the curve."),
    model: str = typer.Option("binomial", "--model", help=f"One of {', '.join(MODELS)}."),
    as_json: bool = _JSON,
) -> None:
    """Operating-characteristic curve of the sampling plan."""
    try:
        plan = _plan(lot_size, level, aql, inspection, double, table)
        curve = oc_curve(plan, points=points, model=model)
        figures = characteristics(plan, model)
    except SamplingTableError as error:
        fail(str(error))
        return
    document = {
        "plan": _plan_document(plan),
        "model": model,
        "quality": "fraction nonconforming" if model == "binomial" else "nonconformities per unit",
        "points": [{"p": pt.p, "P_a": pt.P_a} for pt in curve],
        "figures": {name: value for name, value in asdict(figures).items() if name != "model"},
    }
    if as_json:
        emit(document, True, "")
        return
    sizes = document["plan"].get("sample_size", document["plan"].get("sample_sizes"))
    out = Table(title=f"OC curve, n = {sizes}")
    out.add_column("p")
    out.add_column("P_a")
    for pt in curve:
        out.add_row(f"{pt.p:.5g}", f"{pt.P_a:.4f}")
    Console().print(out)
    for name, value in document["figures"].items():
        Console().print(f"{name} = {value:.5g}")


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app and its benchmarks to ``casys bench``."""
    app.command("decide")(decide_command)
    app.command("risk")(risk_command)
    sampling = typer.Typer(
        help="Sampling: acceptance sampling (ISO 2859-1, MIL-STD-105E) and audit sampling (MUS, attributes).",
        no_args_is_help=True,
    )
    sampling.command("plan")(plan_command)
    sampling.command("oc")(oc_command)
    app.add_typer(sampling, name="sampling")

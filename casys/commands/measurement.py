"""CLI commands of the measurement area (registered on the umbrella app in casys.cli).

``casys uncertainty MODEL.toml`` evaluates a model file (docs/uncertainty-model-file.md)
by the GUM uncertainty framework (JCGM 100:2008) and/or the Monte Carlo method
(JCGM 101:2008); ``casys bench uncertainty`` times the Monte Carlo method.
"""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from casys.core.uncertainty import (
    DistributionError,
    GumResult,
    McmResult,
    ModelEvaluationError,
    ModelFileError,
    UncertaintyInputError,
    Validation,
    gum,
    mcm,
    mcm_adaptive,
    parse_model_file,
    validate,
)


class Method(StrEnum):
    gum = "gum"
    mcm = "mcm"
    both = "both"


def _num(value: float) -> float | None:
    """JSON has no infinity: an infinite number of degrees of freedom is written as null."""
    return None if math.isinf(value) else value


def gum_json(r: GumResult) -> dict[str, Any]:
    return {
        "y": r.y,
        "u": r.u,
        "nu_eff": _num(r.df),
        "k": r.k,
        "U": r.U,
        "p": r.p,
        "interval": [r.low, r.high],
        "budget": [
            {"name": b.name, "x": b.x, "u": b.u, "c": b.c, "cu": b.cu, "df": _num(b.df), "share": b.share}
            for b in r.budget
        ],
    }


def mcm_json(r: McmResult, digits: int | None) -> dict[str, Any]:
    return {
        "y": r.y,
        "u": r.u,
        "p": r.p,
        "symmetric_interval": [r.symmetric.low, r.symmetric.high],
        "shortest_interval": [r.shortest.low, r.shortest.high],
        "trials": r.M,
        "blocks": r.blocks,
        "seed": r.seed,
        "adaptive": r.delta is not None,
        "digits": digits if r.delta is not None else None,
        "delta": r.delta,
    }


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _print_tables(expression: str, g: GumResult | None, m: McmResult | None, v: Validation | None) -> None:
    console = Console()
    console.print(f"[bold]Model[/bold]  {expression}")
    if g is not None:
        budget = Table(title="Uncertainty budget (JCGM 100:2008)")
        for column in ("input", "x_i", "u(x_i)", "c_i", "c_i·u(x_i)", "ν_i", "share of u_c²"):
            budget.add_column(column, justify="right" if column != "input" else "left")
        for b in g.budget:
            df = "∞" if math.isinf(b.df) else f"{b.df:g}"
            budget.add_row(
                b.name, f"{b.x:.6g}", f"{b.u:.3g}", f"{b.c:.4g}", f"{b.cu:.3g}", df, f"{b.share:.1%}"
            )
        console.print(budget)
        nu = "∞" if math.isinf(g.df) else f"{g.df:.1f}"
        console.print(
            f"GUM: y = {g.y:.6g}, u_c = {g.u:.3g}, ν_eff = {nu}, k = {g.k:.3f}, U = {g.U:.3g}, "
            f"{g.p:.0%} interval [{g.low:.6g}, {g.high:.6g}]"
        )
    if m is not None:
        console.print(
            f"MCM ({m.M} trials, seed {m.seed}): y = {m.y:.6g}, u = {m.u:.3g}, "
            f"{m.p:.0%} symmetric [{m.symmetric.low:.6g}, {m.symmetric.high:.6g}], "
            f"shortest [{m.shortest.low:.6g}, {m.shortest.high:.6g}]"
        )
    if v is not None:
        verdict = "validated" if v.validated else "not validated"
        console.print(
            f"GUM {verdict} by MCM (JCGM 101 8.2): "
            f"d_low = {v.d_low:.3g}, d_high = {v.d_high:.3g}, δ = {v.delta:g}"
        )


def _check_counts(trials: int, digits: int, workers: int) -> None:
    if trials < 1:
        raise _fail(f"--trials: must be positive, got {trials}")
    if digits < 1:
        raise _fail(f"--digits: must be at least 1, got {digits}")
    if workers < 1:
        raise _fail(f"--workers: must be at least 1, got {workers}")


def uncertainty(
    model_file: Path = typer.Argument(..., help="TOML model file (docs/uncertainty-model-file.md)."),
    method: Method = typer.Option(Method.both, "--method", help="gum, mcm or both."),
    trials: int = typer.Option(1_000_000, "--trials", help="Monte Carlo trials M (JCGM 101 7.2)."),
    adaptive: bool = typer.Option(False, "--adaptive", help="Adaptive Monte Carlo procedure (JCGM 101 7.9)."),
    digits: int = typer.Option(2, "--digits", help="Significant digits n_dig for 7.9.2 and clause 8."),
    seed: int | None = typer.Option(None, "--seed", help="Seed; printed so that a run can be repeated."),
    workers: int = typer.Option(
        1, "--workers", help="Processes evaluating Monte Carlo blocks (same result for any number)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Evaluate the measurement uncertainty of a model file by GUM and/or Monte Carlo."""
    try:
        text = model_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"{model_file}: cannot read ({exc})") from None
    _check_counts(trials, digits, workers)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy) % 2**63  # fresh entropy, reported for repetition
    try:
        spec = parse_model_file(text)
        g = gum(spec.model, spec.inputs, spec.correlations, spec.p) if method != Method.mcm else None
        m: McmResult | None = None
        if method != Method.gum:
            if adaptive:
                m = mcm_adaptive(
                    spec.model, spec.inputs, spec.correlations, seed=seed, n_dig=digits, p=spec.p
                )
            else:
                # a bar per block of 10⁶ trials (one process; a pool reports nothing until it is done)
                with Progress(disable=as_json, transient=True) as bar:
                    task = bar.add_task(f"Monte Carlo, {trials} trials", total=None)
                    m = mcm(
                        spec.model,
                        spec.inputs,
                        spec.correlations,
                        seed=seed,
                        trials=trials,
                        p=spec.p,
                        workers=workers,
                        progress=lambda d, t: bar.update(task, completed=d, total=t),
                    )
        v = validate(g, m, digits) if g is not None and m is not None and g.u > 0.0 else None
    except (ModelFileError, ModelEvaluationError, UncertaintyInputError, DistributionError) as exc:
        raise _fail(f"{model_file}: {exc}") from None
    if as_json:
        doc: dict[str, Any] = {"model": spec.model.text, "p": spec.p}
        if g is not None:
            doc["gum"] = gum_json(g)
        if m is not None:
            doc["mcm"] = mcm_json(m, digits)
        if v is not None:
            doc["validation"] = {
                "delta": v.delta,
                "d_low": v.d_low,
                "d_high": v.d_high,
                "validated": v.validated,
            }
        typer.echo(json.dumps(doc))
        return
    _print_tables(spec.model.text, g, m, v)


def bench_uncertainty(
    trials: str = typer.Option("1000000,10000000", "--trials", help="Comma-separated trial counts."),
    seed: int = typer.Option(1, "--seed", help="Seed of every run."),
    repeat: int = typer.Option(3, "--repeat", help="Runs per figure; the best wall time is kept."),
    workers: str = typer.Option(
        "1", "--workers", help="Comma-separated worker counts for casys's MCM (e.g. 1,2); each is timed."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Time the JCGM 101 9.3 mass calibration: casys MCM, metrolopy, bare NumPy (the floor)."""
    from casys.bench import uncertainty as bench_module  # benchmark code stays out of core

    try:
        counts = [int(t) for t in trials.split(",") if t.strip()]
    except ValueError:
        raise _fail(f"--trials: must be comma-separated integers, got {trials!r}") from None
    if not counts or min(counts) < 100:
        raise _fail("--trials: each count must be at least 100")
    if repeat < 1:
        raise _fail(f"--repeat: must be positive, got {repeat}")
    try:
        pools = [int(w) for w in workers.split(",") if w.strip()]
    except ValueError:
        raise _fail(f"--workers: must be comma-separated integers, got {workers!r}") from None
    if not pools or min(pools) < 1:
        raise _fail("--workers: each count must be at least 1")
    report = bench_module.run(counts, seed, repeat, pools)
    if as_json:
        typer.echo(json.dumps(report))
        return
    bench_module.print_report(report)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app and its benchmarks to ``casys bench``."""
    app.command("uncertainty")(uncertainty)
    bench.command("uncertainty")(bench_uncertainty)

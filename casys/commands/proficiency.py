"""CLI commands of the proficiency area (registered on the umbrella app in casys.cli).

- ``casys pt evaluate RESULTS.csv`` — assigned value, σpt and scores of a PT round
  (ISO 13528:2022); CSV columns ``participant,result`` and optionally ``u`` or ``U``.
- ``casys pt homogeneity ITEMS.csv --sigma-pt V`` — homogeneity check (ISO 13528:2022,
  annex B); CSV columns ``item,replicate,result``, one row per replicate result.
- ``casys precision DATA.csv`` — repeatability and reproducibility (ISO 5725-2); CSV
  columns ``laboratory,level,replicate,result``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from casys.core import precision as pr
from casys.core.proficiency import csv_input, homogeneity
from casys.core.proficiency.evaluation import RoundEvaluation, evaluate_round

# The seed of the Monte Carlo estimate of the double Grubbs critical values; fixed so the
# same data always give the same output (override with --seed).
DEFAULT_SEED = 5725


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror or error}")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text")


def _print_json(document: Any) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _number_or_word(value: str, words: tuple[str, ...], option: str) -> str | float:
    if value in words:
        return value
    try:
        return float(value)
    except ValueError:
        _fail(f"{option}: '{value}' is neither a number nor one of {', '.join(words)}")


def evaluation_document(ev: RoundEvaluation) -> dict[str, Any]:
    """The JSON document of a round evaluation (also what the web app may store)."""
    return {
        "assigned_value": dataclasses.asdict(ev.assigned),
        "robust": None if ev.robust is None else dataclasses.asdict(ev.robust),
        "sigma_pt": dataclasses.asdict(ev.sigma_pt),
        "u_negligible": ev.u_negligible,
        "z_prime_needed": ev.z_prime_needed,
        "score": ev.score_kind,
        "participants": [
            {
                "participant": p.participant,
                "x": p.x,
                "u": p.u,
                "U": p.U,
                "D": p.D,
                "D_percent": p.D_percent,
                "score": None if p.score is None else p.score.value,
                "classification": None if p.score is None else p.score.classification,
                "used_in_statistics": p.used_in_statistics,
            }
            for p in ev.participants
        ],
        "excluded": [dataclasses.asdict(e) for e in ev.excluded],
    }


def _g(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _print_evaluation(ev: RoundEvaluation) -> None:
    console = Console()
    a = ev.assigned
    console.print(f"assigned value x_pt = {_g(a.x)}, u(x_pt) = {_g(a.u)} — {a.method}")
    console.print(f"σpt = {_g(ev.sigma_pt.sigma)} — {ev.sigma_pt.source}")
    needed = "yes" if ev.z_prime_needed else "no"
    console.print(f"u(x_pt) > 0.3·σpt (z' needed): {needed}; score used: {ev.score_kind}")
    table = Table("participant", "x", "D", "D %", ev.score_kind, "classification")
    for p in ev.participants:
        table.add_row(
            p.participant,
            _g(p.x),
            _g(p.D),
            _g(p.D_percent),
            _g(None if p.score is None else p.score.value),
            "not scored" if p.score is None else p.score.classification,
        )
    console.print(table)
    for e in ev.excluded:
        console.print(f"excluded from {e.stage}: {e.participant} — {e.reason}")


def _items(rows: list[csv_input.ItemResult]) -> list[list[float]]:
    grouped: dict[str, list[float]] = {}
    for row in rows:
        grouped.setdefault(row.item, []).append(row.x)
    return list(grouped.values())


def precision_document(levels: tuple[pr.Level, ...], seed: int) -> dict[str, Any]:
    """The JSON document of a precision analysis."""
    return {"seed": seed, "levels": [dataclasses.asdict(level) for level in levels]}


def _print_precision(levels: tuple[pr.Level, ...]) -> None:
    console = Console()
    for lv in levels:
        console.print(
            f"level {lv.level}: p = {lv.p}, m = {_g(lv.m)}, s_r = {_g(lv.s_r)}, s_L = {_g(lv.s_L)}, "
            f"s_R = {_g(lv.s_R)}, r = {_g(lv.r)}, R = {_g(lv.R)}"
        )
        console.print(
            f"  h indicators 5 % / 1 %: {_g(lv.h_critical_5)} / {_g(lv.h_critical_1)}; "
            f"k indicators: {_g(lv.k_critical_5)} / {_g(lv.k_critical_1)}"
        )
        table = Table("laboratory", "n", "mean", "s", "h", "k", "classification")
        for c in lv.cells:
            table.add_row(c.laboratory, str(c.n), _g(c.y), _g(c.s), _g(c.h), _g(c.k), c.classification)
        console.print(table)
        tests = Table("test", "statistic", "5 %", "1 %", "laboratories", "verdict")
        for t in lv.tests:
            labs = ", ".join(t.laboratories)
            tests.add_row(t.name, _g(t.statistic), _g(t.critical_5), _g(t.critical_1), labs, t.classification)
        console.print(tests)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app and its benchmarks to ``casys bench``."""
    pt = typer.Typer(help="Proficiency testing (ISO/IEC 17043, ISO 13528).", no_args_is_help=True)
    app.add_typer(pt, name="pt")

    @pt.command("evaluate")
    def evaluate(
        results: Path = typer.Argument(..., help="CSV: participant,result[,u|,U]"),
        assigned: str = typer.Option("algorithm-a", help="algorithm-a | q-hampel | median | a number"),
        u_assigned: float | None = typer.Option(None, "--u-assigned", help="u(x_pt) of a numeric x_pt"),
        sigma_pt: str = typer.Option("robust", "--sigma-pt", help="a number | robust | horwitz"),
        score: str = typer.Option("auto", help="auto | z | zprime | zeta | en (auto: z, or z' if needed)"),
        k: float = typer.Option(2.0, help="coverage factor between u and U (ζ, En)"),
        mass_fraction_per_unit: float = typer.Option(
            1.0, "--mass-fraction-per-unit", help="for horwitz: mass fraction of one unit (1e-6 for mg/kg)"
        ),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Assigned value, σpt and each participant's score and classification (ISO 13528:2022)."""
        text = _read(results)
        assigned_choice = _number_or_word(assigned, ("algorithm-a", "q-hampel", "median"), "--assigned")
        sigma_choice = _number_or_word(sigma_pt, ("robust", "horwitz"), "--sigma-pt")
        try:
            rows = csv_input.parse_results(text)
            ev = evaluate_round(
                rows,
                assigned=assigned_choice,
                u_assigned=u_assigned,
                sigma_pt=sigma_choice,
                score=score,
                k=k,
                mass_fraction_per_unit=mass_fraction_per_unit,
            )
        except ValueError as error:
            _fail(f"{results}: {error}")
        if as_json:
            _print_json(evaluation_document(ev))
        else:
            _print_evaluation(ev)

    @pt.command("homogeneity")
    def homogeneity_command(
        items: Path = typer.Argument(..., help="CSV: item,replicate,result (one row per replicate)"),
        sigma_pt: float = typer.Option(..., "--sigma-pt", help="σpt the items are checked against"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Homogeneity of PT items: s_s against 0.3·σpt and the F1/F2 criterion (ISO 13528:2022, annex B)."""
        text = _read(items)
        try:
            result = homogeneity.check(_items(csv_input.parse_items(text)), sigma_pt)
        except ValueError as error:
            _fail(f"{items}: {error}")
        if as_json:
            _print_json(dataclasses.asdict(result))
            return
        console = Console()
        table = Table("quantity", "value")
        for name, value in dataclasses.asdict(result).items():
            table.add_row(name, str(value) if isinstance(value, bool | int) else _g(value))
        console.print(table)

    @app.command("precision")
    def precision_command(
        data: Path = typer.Argument(..., help="CSV: laboratory,level,replicate,result"),
        seed: int = typer.Option(DEFAULT_SEED, help="seed of the Monte Carlo double Grubbs critical values"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Repeatability and reproducibility, Mandel's h and k, Cochran and Grubbs (ISO 5725-2)."""
        text = _read(data)
        try:
            rows = csv_input.parse_precision(text)
            levels = pr.analyse([(r.laboratory, r.level, r.x) for r in rows], seed=seed)
        except ValueError as error:
            _fail(f"{data}: {error}")
        if as_json:
            _print_json(precision_document(levels, seed))
        else:
            _print_precision(levels)

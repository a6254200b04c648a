"""CLI commands for GHG statements (registered on the umbrella app in casys.cli).

``casys ghg inventory FILE --gwp AR6`` recomputes an ISO 14064-1 inventory
(CSV or XLSX with the columns source, category, gas, activity, activity_unit,
factor, factor_unit) in tonnes CO2e; ``casys ghg materiality`` gives the
materiality level of a programme (EU ETS, CDM, …). Bad input is refused with
the row and column at fault and a non-zero exit.
"""

from __future__ import annotations

from pathlib import Path

import typer

from casys.commands.output import emit, fail
from casys.core.ghg.gwp import SETS, UnknownGWPSetError, gwp_set
from casys.core.ghg.inventory import InventoryError, read_inventory
from casys.core.ghg.materiality import ProgrammeError, materiality, shipped_programme, shipped_programmes
from casys.core.ghg.workbook import read_workbook

DIGITS = 6


def read_inventory_text(path: Path) -> str:
    """Text of an inventory file, CSV as it is, XLSX's first sheet row for row; ``OSError``/``ValueError``
    when unreadable."""
    if path.suffix.lower() == ".xlsx":
        return read_workbook(path.read_bytes()).csv_text
    return path.read_text(encoding="utf-8")


def inventory_command(
    path: Path = typer.Argument(..., help="Inventory CSV or XLSX."),
    gwp: str = typer.Option("AR6", "--gwp", help=f"GWP set: {', '.join(SETS)}."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Recompute an inventory in tonnes CO2e: total, by category, by gas."""
    try:
        gwps = gwp_set(gwp)
    except UnknownGWPSetError as exc:
        fail(f"--gwp: {exc}")
        return
    try:
        text = read_inventory_text(path)
    except (OSError, ValueError) as exc:
        fail(f"{path}: cannot be read ({exc})")
        return
    try:
        inventory = read_inventory(text, gwps)
    except InventoryError as exc:
        for error in exc.errors:
            typer.echo(f"error: {path}: {error}", err=True)
        raise typer.Exit(code=2) from None
    document = {
        "total_tco2e": round(inventory.total_tco2e, DIGITS),
        "by_category": {k: round(v, DIGITS) for k, v in inventory.by_category.items()},
        "by_gas": {k: round(v, DIGITS) for k, v in inventory.by_gas.items()},
    }
    emit(document, as_json, f"Inventory, t CO2e ({gwps.name})")


def materiality_command(
    total: float = typer.Option(..., "--total-tco2e", help="This period's total reported (t CO2e)."),
    previous: float | None = typer.Option(
        None,
        "--previous-average-tco2e",
        help="Previous period's average (chooses the category; default: total).",
    ),
    programme: str = typer.Option("eu-ets", "--programme", help="Programme id."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Materiality level of a programme for a reported total."""
    try:
        rules = shipped_programme(programme)
    except ProgrammeError as exc:
        fail(f"--programme: {exc}")
        return
    if total < 0:
        fail("--total-tco2e: must be zero or more")
    if previous is not None and previous < 0:
        fail("--previous-average-tco2e: must be zero or more")
    m = materiality(rules, total, previous)
    document = {
        "materiality_tco2e": round(m.level, DIGITS),
        "materiality_percent": m.percent,
        "category": m.category,
        "rule": m.rule,
    }
    emit(document, as_json, f"Materiality ({rules.name})")


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app."""
    ghg = typer.Typer(
        help=f"GHG statements: inventory in t CO2e, materiality ({', '.join(shipped_programmes())}).",
        no_args_is_help=True,
    )
    ghg.command("inventory")(inventory_command)
    ghg.command("materiality")(materiality_command)
    app.add_typer(ghg, name="ghg")

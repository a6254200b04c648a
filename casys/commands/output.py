"""What the computing commands (conformity, sampling, GHG) print: a JSON document or a Rich table of
its fields, and an error on stderr with exit code 2 for bad input."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table


def fail(message: str) -> NoReturn:
    """Bad input: the message (naming the option, row or column) on stderr, exit code 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def emit(document: dict[str, Any], as_json: bool, title: str) -> None:
    """``document`` as indented JSON, or as a two-column table (a long ``points`` list is summarised)."""
    if as_json:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    table = Table(title=title, show_header=False)
    table.add_column("field")
    table.add_column("value")
    for key, value in document.items():
        if key == "points":
            value = f"{len(value)} points (use --json for the values)"
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        table.add_row(key, str(value))
    Console().print(table)

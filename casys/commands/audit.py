"""CLI: the audit log."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from casys.commands.django_setup import setup


def register(app: typer.Typer, bench: typer.Typer) -> None:
    audit = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
    app.add_typer(audit, name="audit")

    @audit.command("verify")
    def verify(as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")) -> None:
        """Recompute the hash chain; report any edited, deleted or reordered entry (exit 1)."""
        setup(needs_secret_key=False)
        from casys.auditlog.services import verify_chain

        report = verify_chain()
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "ok": report.ok,
                        "entries": report.entries,
                        "problems": [{"seq": p.seq, "problem": p.problem} for p in report.problems],
                    }
                )
            )
        else:
            console = Console()
            if report.ok:
                console.print(f"[green]audit log intact[/green]: {report.entries} entries, chain verified")
            for p in report.problems:
                console.print(f"[red]entry {p.seq}[/red]: {p.problem}")
        if not report.ok:
            raise typer.Exit(1)

"""CLI: the audit log."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console

from casys.commands.django_setup import setup


def register(app: typer.Typer, bench: typer.Typer) -> None:
    audit = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
    app.add_typer(audit, name="audit")

    @audit.command("verify")
    def verify(
        as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
        anchors: list[Path] = typer.Option(
            [], "--anchor", help="An anchor file written by 'casys audit anchor' (repeatable)."
        ),
    ) -> None:
        """Recompute the keyed hash chain; report any edited, deleted, reordered or forged entry, and
        any anchored entry the chain no longer holds (exit 1)."""
        setup(needs_secret_key=False)
        from casys.auditlog.services import Anchor, AnchorError, verify_chain

        try:
            read = tuple(Anchor.from_json(p.read_text(encoding="utf-8"), str(p)) for p in anchors)
        except OSError as exc:
            typer.echo(f"casys audit verify: {exc.filename}: cannot be read ({exc.strerror})", err=True)
            raise typer.Exit(2) from exc
        except AnchorError as exc:
            typer.echo(f"casys audit verify: {exc}", err=True)
            raise typer.Exit(2) from exc
        report = verify_chain(read)
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

    @audit.command("anchor")
    def anchor(
        out: Path = typer.Option(..., "--out", help="Where to write the anchor (keep copies off this host)."),
    ) -> None:
        """Sign the head of the audit chain into a file kept outside the database; a later
        'casys audit verify --anchor FILE' proves no entry up to it was cut off or rewritten."""
        setup(needs_secret_key=False)
        from casys.auditlog.services import AnchorError, make_anchor

        try:
            signed = make_anchor(datetime.now(UTC))
        except AnchorError as exc:
            typer.echo(f"casys audit anchor: {exc}", err=True)
            raise typer.Exit(2) from exc
        out.write_text(signed.as_json() + "\n", encoding="utf-8")
        typer.echo(f"anchored entry {signed.seq} ({signed.hash[:16]}…) in {out}")

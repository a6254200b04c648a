"""CLI: the background worker and the daily run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from casys.commands.django_setup import setup

console = Console()


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command()
    def worker(
        batch: bool = typer.Option(False, "--batch", help="Run the jobs that are due, then exit."),
        interval: float = typer.Option(1.0, help="Seconds between two looks at the queue when it is empty."),
    ) -> None:
        """Run background jobs (imports, deliveries, …); first recovers jobs a killed worker left running."""
        setup()
        from casys.jobs import services

        services.work(batch=batch, interval=interval)

    @app.command()
    def daily(
        on: str = typer.Option("", "--date", help="The day to run for, YYYY-MM-DD (default: today)."),
        as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
    ) -> None:
        """Apply the daily rules (reminders, …) for a date, then send the e-mail digests."""
        try:
            day = date.fromisoformat(on) if on else None
        except ValueError:
            raise typer.BadParameter(f"{on!r} is not a date (YYYY-MM-DD)", param_hint="--date") from None
        setup()
        from casys import clock
        from casys.jobs import daily as daily_run

        result = daily_run.run(day or clock.today()).as_dict()
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
            return
        console.print(f"casys daily {result['date']}")
        for name, outcome in result["rules"].items():
            console.print(f"  {name}: {outcome['count']} change(s)")
        for name, count in result["after"].items():
            console.print(f"  {name}: {count}")

    @app.command("batch-pdf")
    def batch_pdf(
        body: str = typer.Argument(..., help="Slug of the certification body."),
        out: Path = typer.Option(..., "--out", help="The ZIP file to write."),
        status: str = typer.Option("", "--status", help="Only certificates of this status (e.g. issued)."),
        number: list[str] = typer.Option([], "--number", help="Only this certificate (repeatable)."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    ) -> None:
        """Render the PDFs of a body's certificates into one ZIP, with a progress bar (the work of
        the batch-PDF job, in the foreground)."""
        setup()
        from rich.progress import Progress

        from casys.accounts.models import Body
        from casys.accounts.scoping import unscoped
        from casys.certification import batch_pdf as batch
        from casys.certification.services import CertificationError

        with unscoped():
            found = Body.all_objects.filter(slug=body).first()
            if found is None:
                raise typer.BadParameter(f"no body {body!r}", param_hint="BODY")
            try:
                certs = list(batch.selection(found, status=status, numbers=number))
            except CertificationError as exc:
                field = str(exc).split(":", 1)[0]
                raise typer.BadParameter(str(exc), param_hint=f"--{field}") from None
            if not certs:
                raise typer.BadParameter("the selection holds no certificate", param_hint="--status")
            partial = out.with_name(out.name + ".partial")
            with Progress(disable=as_json, transient=True) as bar, partial.open("wb") as f:
                task = bar.add_task(f"rendering {len(certs)} PDF(s)", total=len(certs))
                count = batch.write_zip(
                    certs, f, progress=lambda d, t: bar.update(task, completed=d, total=t)
                )
            partial.replace(out)
        result = {"body": body, "certificates": count, "file": str(out), "bytes": out.stat().st_size}
        if as_json:
            typer.echo(json.dumps(result, indent=2))
        else:
            console.print(f"{count} certificate PDF(s) written to {out}")

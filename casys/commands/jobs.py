"""CLI: the background worker and the daily run."""

from __future__ import annotations

import json
from datetime import date

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

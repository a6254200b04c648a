"""The ``casys`` command: the umbrella every computation hangs on.

Each area adds its commands from ``casys.commands.<area>``; every command that
computes something takes ``--json`` and then prints one JSON document on stdout.
"""

from __future__ import annotations

import typer

from casys import __version__
from casys.commands import (
    attestations,
    audit,
    body,
    certification,
    conformity,
    exam,
    ghg,
    jobs,
    measurement,
    proficiency,
    registry,
    requirements,
    sampling,
    scheme,
    site,
)

app = typer.Typer(help="casys — conformity assessment system.", no_args_is_help=True)
bench = typer.Typer(
    help="Benchmarks: each prints its figures and the floor it is compared with.", no_args_is_help=True
)
app.add_typer(bench, name="bench")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"casys {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """casys — conformity assessment system."""


for _area in (
    site,
    audit,
    body,
    certification,
    conformity,
    sampling,
    ghg,
    measurement,
    proficiency,
    registry,
    attestations,
    requirements,
    scheme,
    jobs,
    exam,
):
    _area.register(app, bench)


if __name__ == "__main__":
    app()

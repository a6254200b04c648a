"""CLI commands of the registry area (registered on the umbrella app in casys.cli)."""

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app and its benchmarks to ``casys bench``."""

"""The casys command: version, the umbrella of commands."""

from typer.testing import CliRunner

from casys import __version__
from casys.cli import app


def test_it_prints_its_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"casys {__version__}"


def test_it_lists_the_site_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    for command in ("demo", "serve", "manage", "audit", "bench"):
        assert command in result.stdout

"""CLI commands for audit sampling in verification, added to the ``casys sampling`` group.

The group itself (acceptance sampling, ``plan`` and ``oc``) is made by
:mod:`casys.commands.conformity`; this module adds ``mus-size``,
``mus-evaluate`` (monetary-unit sampling, AICPA Audit Sampling guide,
Poisson factors, Stringer bound) and ``attribute-size`` (control tests).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import typer

from casys.commands.output import emit, fail
from casys.core.sampling.attributes import attribute_sample_size
from casys.core.sampling.monetary_unit import LIKELIHOODS, SampleItem, mus_evaluate, mus_sample_size

SAMPLE_COLUMNS: tuple[str, ...] = ("item", "book_value", "audited_value")


class SampleFileError(ValueError):
    """A sample file refused: every bad cell as 'row N, column C: reason'."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def _cell_number(raw: str, line: int, column: str, errors: list[str]) -> float:
    try:
        value = float(raw)
    except ValueError:
        errors.append(f"row {line}, column {column}: {raw!r} is not a number")
        return math.nan
    if not math.isfinite(value) or value < 0:
        errors.append(f"row {line}, column {column}: {raw!r} must be a number, zero or more")
    return value


def parse_sample(text: str) -> list[SampleItem]:
    """Sample items from CSV text with the columns item, book_value, audited_value (header is row 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in SAMPLE_COLUMNS if c not in header]
    if missing:
        raise SampleFileError([f"row 1, column {c}: column missing from the header" for c in missing])
    reader.fieldnames = header
    items: list[SampleItem] = []
    errors: list[str] = []
    for line, raw in enumerate(reader, start=2):
        cells = {k: (raw.get(k) or "").strip() for k in SAMPLE_COLUMNS}
        if not any(cells.values()):
            continue
        if not cells["item"]:
            errors.append(f"row {line}, column item: empty")
        book = _cell_number(cells["book_value"], line, "book_value", errors)
        audited = _cell_number(cells["audited_value"], line, "audited_value", errors)
        if book == 0:
            errors.append(
                f"row {line}, column book_value: must be above 0 (a selected unit lies in the item)"
            )
        items.append(SampleItem(cells["item"], book, audited))
    if errors:
        raise SampleFileError(errors)
    if not items:
        raise SampleFileError(["row 2: the sample has no items"])
    return items


def mus_size_command(
    population: float = typer.Option(..., "--population", help="Population value (e.g. t CO2e)."),
    tolerable: float = typer.Option(..., "--tolerable", help="Tolerable misstatement (same unit)."),
    confidence: float = typer.Option(0.95, "--confidence", help="Confidence level, e.g. 0.95."),
    expected: float = typer.Option(0.0, "--expected", help="Expected misstatement (same unit)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Monetary-unit sample size (Poisson; reproduces AICPA Audit Sampling Table C-1)."""
    try:
        plan = mus_sample_size(population, tolerable, confidence, expected)
    except ValueError as exc:
        fail(str(exc))
        return
    document = {
        "sample_size": plan.sample_size,
        "sampling_interval": plan.sampling_interval,
        "reliability_factor": plan.reliability_factor,
    }
    emit(document, as_json, "Monetary-unit sample size")


def mus_evaluate_command(
    path: Path = typer.Argument(..., help="Sample CSV: item, book_value, audited_value."),
    population: float = typer.Option(..., "--population", help="Population value (e.g. t CO2e)."),
    confidence: float = typer.Option(0.95, "--confidence", help="Confidence level, e.g. 0.95."),
    sample_size: int | None = typer.Option(
        None, "--sample-size", help="Sample size n (default: the number of rows); interval = population / n."
    ),
    likelihood: str = typer.Option("poisson", "--likelihood", help=f"Factors: {', '.join(LIKELIHOODS)}."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Evaluate a monetary-unit sample: projected misstatement and Stringer upper limit."""
    try:
        items = parse_sample(path.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"{path}: cannot be read ({exc})")
        return
    except SampleFileError as exc:
        for error in exc.errors:
            typer.echo(f"error: {path}: {error}", err=True)
        raise typer.Exit(code=2) from None
    try:
        ev = mus_evaluate(items, population, confidence, sample_size=sample_size, likelihood=likelihood)
    except ValueError as exc:
        fail(str(exc))
        return
    document = {
        "projected_misstatement": ev.projected_misstatement,
        "upper_misstatement_limit": ev.upper_misstatement_limit,
        "basic_precision": ev.basic_precision,
    }
    emit(document, as_json, f"Monetary-unit sample evaluation (interval {ev.sampling_interval:.6g})")


def attribute_size_command(
    risk: float = typer.Option(0.05, "--risk", help="Risk of overreliance, e.g. 0.05."),
    tolerable_rate: float = typer.Option(
        ..., "--tolerable-rate", help="Tolerable deviation rate, e.g. 0.05."
    ),
    expected_rate: float = typer.Option(0.0, "--expected-rate", help="Expected deviation rate."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Control-test sample size (n = ⌈ln risk / ln(1 − rate)⌉ with none expected)."""
    try:
        n = attribute_sample_size(risk, tolerable_rate, expected_rate)
    except ValueError as exc:
        fail(str(exc))
        return
    emit({"sample_size": n}, as_json, "Attribute sample size")


def _sampling_group(app: typer.Typer) -> typer.Typer:
    for info in app.registered_groups:
        if info.name == "sampling" and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help="Sampling.", no_args_is_help=True)
    app.add_typer(group, name="sampling")
    return group


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add the audit-sampling commands to the ``casys sampling`` group (made by the conformity area)."""
    group = _sampling_group(app)
    group.command("mus-size")(mus_size_command)
    group.command("mus-evaluate")(mus_evaluate_command)
    group.command("attribute-size")(attribute_size_command)

"""CLI: casys sampling mus-size | mus-evaluate | attribute-size (next to plan | oc)."""

import json
from pathlib import Path

from typer.testing import CliRunner

from casys.cli import app
from casys.core.sampling.monetary_unit import poisson_factor

runner = CliRunner()


def _json(args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_mus_size_prints_size_interval_and_factor():
    got = _json(["sampling", "mus-size", "--population", "1000000", "--tolerable", "50000",
                 "--confidence", "0.95"])  # fmt: skip
    assert got == {
        "sample_size": 60,
        "sampling_interval": 1_000_000 / 60,
        "reliability_factor": poisson_factor(0, 0.95),
    }


def test_mus_size_with_expected_misstatement_follows_aicpa_table_c1():
    # AICPA Audit Sampling (2017) Table C-1: 5 % risk, expected/tolerable 0.2, tolerable 5 % → 93
    got = _json(["sampling", "mus-size", "--population", "1000000", "--tolerable", "50000",
                 "--confidence", "0.95", "--expected", "10000"])  # fmt: skip
    assert got["sample_size"] == 93


def test_mus_size_refuses_a_confidence_outside_zero_one():
    result = runner.invoke(app, ["sampling", "mus-size", "--population", "1", "--tolerable", "1",
                                 "--confidence", "1.5"])  # fmt: skip
    assert result.exit_code == 2
    assert "confidence" in result.stderr


def _sample(tmp_path: Path, body: str) -> str:
    path = tmp_path / "sample.csv"
    path.write_text("item,book_value,audited_value\n" + body, encoding="utf-8")
    return str(path)


def test_mus_evaluate_prints_projection_precision_and_limit(tmp_path):
    rows = "big,30000,25000\nsmall,1000,800\n" + "".join(f"i{k},1000,1000\n" for k in range(58))
    got = _json(["sampling", "mus-evaluate", _sample(tmp_path, rows), "--population", "1000000",
                 "--confidence", "0.95"])  # fmt: skip
    interval = 1_000_000 / 60
    assert set(got) == {"projected_misstatement", "upper_misstatement_limit", "basic_precision"}
    assert got["basic_precision"] == poisson_factor(0, 0.95) * interval
    # the big item (≥ interval) counts in full (5 000); the small one by its 20 % tainting
    assert abs(got["projected_misstatement"] - (5000 + 0.2 * interval)) < 1e-6
    expected_limit = (
        poisson_factor(0, 0.95) * interval
        + (poisson_factor(1, 0.95) - poisson_factor(0, 0.95)) * (0.2 * interval)
        + 5000
    )
    assert abs(got["upper_misstatement_limit"] - expected_limit) < 1e-6


def test_mus_evaluate_refuses_a_bad_cell_naming_row_and_column(tmp_path):
    result = runner.invoke(app, ["sampling", "mus-evaluate", _sample(tmp_path, "a,100,90\nb,lots,3\n"),
                                 "--population", "1000"])  # fmt: skip
    assert result.exit_code == 2
    assert "row 3, column book_value: 'lots' is not a number" in result.stderr


def test_mus_evaluate_refuses_a_file_without_the_columns(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("item,book\na,1\n", encoding="utf-8")
    result = runner.invoke(app, ["sampling", "mus-evaluate", str(path), "--population", "10"])
    assert result.exit_code == 2
    assert "row 1, column book_value: column missing" in result.stderr


def test_attribute_size_uses_the_closed_formula_with_no_deviation_expected():
    assert _json(["sampling", "attribute-size", "--risk", "0.05", "--tolerable-rate", "0.05"]) == {
        "sample_size": 59
    }


def test_the_acceptance_sampling_commands_are_still_there():
    result = runner.invoke(app, ["sampling", "--help"])
    for command in ("plan", "oc", "mus-size", "mus-evaluate", "attribute-size"):
        assert command in result.stdout

"""``casys uncertainty`` and ``casys bench uncertainty`` through the umbrella CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from casys.cli import app
from casys.commands.measurement import gum_json, mcm_json
from casys.core.uncertainty import gum, mcm, mcm_adaptive, parse_model_file, validate

runner = CliRunner()

# JCGM 101:2008 9.3 mass calibration in the model-file form of issue #4
MASS = """
[model]
expression = "(m_Rc + dm_Rc) * (1 + (rho_a - 1.2) * (1/rho_W - 1/rho_R)) - 100000"

[inputs.m_Rc]
distribution = "normal"
mean = 100000.0
std = 0.050
[inputs.dm_Rc]
distribution = "normal"
mean = 1.234
std = 0.020
[inputs.rho_a]
distribution = "rectangular"
low = 1.10
high = 1.30
[inputs.rho_W]
distribution = "rectangular"
low = 7000
high = 9000
[inputs.rho_R]
distribution = "rectangular"
low = 7950
high = 8050
"""


@pytest.fixture
def mass_file(tmp_path):
    path = tmp_path / "mass.toml"
    path.write_text(MASS, encoding="utf-8")
    return path


def test_it_prints_gum_mcm_and_validation_as_one_json_document(mass_file):
    result = runner.invoke(app, ["uncertainty", str(mass_file), "--trials", "20000", "--seed", "7", "--json"])
    assert result.exit_code == 0, result.output
    spec = parse_model_file(MASS)
    g = gum(spec.model, spec.inputs, spec.correlations, spec.p)
    m = mcm(spec.model, spec.inputs, spec.correlations, seed=7, trials=20000)
    v = validate(g, m, 2)
    expected = {
        "model": spec.model.text,
        "p": 0.95,
        "gum": gum_json(g),
        "mcm": mcm_json(m, 2),
        "validation": {"delta": v.delta, "d_low": v.d_low, "d_high": v.d_high, "validated": False},
    }
    assert json.loads(result.stdout) == expected
    doc = json.loads(result.stdout)
    assert doc["gum"]["nu_eff"] is None  # infinite degrees of freedom are written as null
    assert [line["name"] for line in doc["gum"]["budget"]] == ["dm_Rc", "m_Rc", "rho_R", "rho_W", "rho_a"]
    assert doc["mcm"]["trials"] == 20000 and doc["mcm"]["seed"] == 7


def test_it_runs_only_the_method_asked_for(mass_file):
    only_gum = json.loads(
        runner.invoke(app, ["uncertainty", str(mass_file), "--method", "gum", "--json"]).stdout
    )
    assert set(only_gum) == {"model", "p", "gum"}
    only_mcm = runner.invoke(
        app, ["uncertainty", str(mass_file), "--method", "mcm", "--trials", "5000", "--json"]
    )
    assert set(json.loads(only_mcm.stdout)) == {"model", "p", "mcm"}


def test_it_runs_the_adaptive_procedure(mass_file):
    args = [
        "uncertainty",
        str(mass_file),
        "--method",
        "mcm",
        "--adaptive",
        "--digits",
        "1",
        "--seed",
        "3",
        "--json",
    ]
    doc = json.loads(runner.invoke(app, args).stdout)
    spec = parse_model_file(MASS)
    m = mcm_adaptive(spec.model, spec.inputs, seed=3, n_dig=1)
    assert doc["mcm"] == mcm_json(m, 1)
    assert doc["mcm"]["adaptive"] is True and doc["mcm"]["delta"] == 0.005


def test_it_prints_readable_tables_without_json(mass_file):
    result = runner.invoke(app, ["uncertainty", str(mass_file), "--trials", "5000", "--seed", "1"])
    assert result.exit_code == 0
    assert "Uncertainty budget" in result.stdout and "not validated" in result.stdout


def test_it_reports_a_bad_key_on_stderr_with_exit_code_2(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(MASS.replace("high = 1.30\n", ""), encoding="utf-8")
    result = runner.invoke(app, ["uncertainty", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "inputs.rho_a.high: missing" in result.stderr


def test_it_reports_a_missing_file_and_bad_options(tmp_path, mass_file):
    result = runner.invoke(app, ["uncertainty", str(tmp_path / "none.toml"), "--json"])
    assert result.exit_code == 2 and "cannot read" in result.stderr
    result = runner.invoke(app, ["uncertainty", str(mass_file), "--trials", "0", "--json"])
    assert result.exit_code == 2 and "--trials" in result.stderr


def test_the_benchmark_compares_casys_with_the_numpy_floor(monkeypatch):
    from casys.bench import uncertainty as bench

    monkeypatch.setattr(bench, "run_metrolopy", bench.run_floor)  # keep the test independent of metrolopy
    result = runner.invoke(app, ["bench", "uncertainty", "--trials", "20000", "--repeat", "1", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["machine"]["cores"] >= 1 and doc["runs"][0]["trials"] == 20000
    row = doc["runs"][0]
    assert row["casys"]["ratio_to_floor"] > 0 and abs(row["casys"]["u"] - row["numpy_floor"]["u"]) < 0.002


def test_it_gives_the_same_monte_carlo_result_with_two_workers(mass_file):
    args = ["uncertainty", str(mass_file), "--method", "mcm", "--trials", "150000", "--seed", "3", "--json"]
    one = runner.invoke(app, args)
    two = runner.invoke(app, [*args, "--workers", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert json.loads(one.stdout) == json.loads(two.stdout)
    bad = runner.invoke(app, [*args, "--workers", "0"])
    assert bad.exit_code == 2 and "--workers" in bad.output


def test_the_benchmark_times_each_worker_count_against_the_single_core_floor(monkeypatch):
    from casys.bench import uncertainty as bench

    monkeypatch.setattr(bench, "run_metrolopy", bench.run_floor)
    args = ["bench", "uncertainty", "--trials", "20000", "--repeat", "1", "--workers", "1,2", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["runs"][0]
    assert set(row["casys_by_workers"]) == {"1", "2"}
    assert row["casys_by_workers"]["1"]["u"] == row["casys_by_workers"]["2"]["u"]

"""CLI: casys decide, casys risk, casys sampling plan|oc."""

import json

import pytest
from typer.testing import CliRunner

from casys.cli import app
from casys.core.conformity import ToleranceInterval, acceptance_limits_for_global_risk, decide, global_risks
from casys.core.sampling import double_plan, oc_curve, single_plan
from casys.core.sampling.characteristics import characteristics

runner = CliRunner()


def _json(args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_decide_prints_the_decision_with_its_rule_and_risks():
    core = decide(10.02, 0.01, ToleranceInterval(9.9, 10.1), "guarded-acceptance")
    got = _json(["decide", "--value", "10.02", "--u", "0.01", "--lower", "9.9", "--upper", "10.1",
                 "--rule", "guarded-acceptance"])  # fmt: skip
    assert got == {
        "decision": "accept",
        "statement": "pass",
        "conformance_probability": core.p_c,
        "specific_consumer_risk": core.R_C,
        "specific_producer_risk": 0.0,
        "value": 10.02,
        "u": 0.01,
        "k": 2.0,
        "U": 0.02,
        "tolerance_interval": {"T_L": 9.9, "T_U": 10.1},
        "acceptance_interval": {"A_L": core.acceptance.A_L, "A_U": core.acceptance.A_U},
        "guard_band": 0.02,
        "decision_rule": {
            "id": "guarded-acceptance",
            "name": "guarded acceptance",
            "r": 1.0,
            "reference": "ILAC G8:09/2019 4.2.2 (guarded acceptance, w = r·U); JCGM 106:2012 8.3.2",
        },
        "binary": True,
    }


def test_decide_with_one_limit_reports_the_other_as_null():
    got = _json(["decide", "--value", "4.0", "--u", "0.5", "--upper", "5", "--non-binary"])
    assert got["tolerance_interval"] == {"T_L": None, "T_U": 5.0}
    assert (got["decision"], got["statement"]) == ("accept", "conditional pass")


def test_risk_prints_the_global_risks():
    core = global_risks(10.0, 0.05, 0.02, ToleranceInterval(9.9, 10.1))
    got = _json(["risk", "--process-mean", "10", "--process-std", "0.05", "--u", "0.02",
                 "--lower", "9.9", "--upper", "10.1"])  # fmt: skip
    assert got == {
        "global_consumer_risk": core.R_C,
        "global_producer_risk": core.R_P,
        "prior_conformance_probability": core.p_conforming,
        "process_mean": 10.0,
        "process_std": 0.05,
        "u": 0.02,
        "tolerance_interval": {"T_L": 9.9, "T_U": 10.1},
        "acceptance_interval": {"A_L": 9.9, "A_U": 10.1},
        "reference": "JCGM 106:2012 9.5 (global risks, normal prior and normal measurement PDF)",
    }


def test_sampling_plan_prints_letter_size_and_numbers():
    # MIL-STD-105E Table I: lot 5000, level II → L; Table II-A: L at AQL 1.0 → n 200, Ac 5, Re 6.
    got = _json(["sampling", "plan", "--lot-size", "5000", "--level", "II", "--aql", "1.0"])
    assert got == {
        "lot_size": 5000,
        "level": "II",
        "aql": "1.0",
        "inspection": "normal",
        "code_letter": "L",
        "plan_letter": "L",
        "sampling": "single",
        "sample_size": 200,
        "Ac": 5,
        "Re": 6,
        "full_inspection": False,
        "table": "MIL-STD-105E Table II-A",
        "source": single_plan(5000, "II", 1.0).source,
    }


def test_sampling_oc_prints_the_curve_points():
    got = _json(["sampling", "oc", "--lot-size", "5000", "--level", "II", "--aql", "1.0", "--points", "5"])
    expected = [{"p": pt.p, "P_a": pt.P_a} for pt in oc_curve(single_plan(5000, "II", 1.0), points=5)]
    assert got["points"] == expected
    assert (got["model"], got["plan"]["sample_size"]) == ("binomial", 200)
    figures = characteristics(single_plan(5000, "II", 1.0))
    assert got["figures"] == {
        "P_a_at_AQL": figures.P_a_at_AQL,
        "p95": figures.p95,
        "p50": figures.p50,
        "LQ10": figures.LQ10,
        "AOQL": figures.AOQL,
        "p_at_AOQL": figures.p_at_AOQL,
        "ASN_at_AQL": 200.0,
    }


def test_sampling_plan_double_prints_both_samples():
    # MIL-STD-105E Table III-A, L/1.0 (plans read from AQLSchemes 1.7-2): n 125 + 125, Ac 2/6, Re 5/7.
    got = _json(["sampling", "plan", "--lot-size", "5000", "--aql", "1.0", "--double"])
    assert got == {
        "lot_size": 5000,
        "level": "II",
        "aql": "1.0",
        "inspection": "normal",
        "code_letter": "L",
        "plan_letter": "L",
        "sampling": "double",
        "sample_sizes": [125, 125],
        "cumulative_sample_sizes": [125, 250],
        "Ac": [2, 6],
        "Re": [5, 7],
        "full_inspection": False,
        "table": "MIL-STD-105E Table III-A",
        "source": double_plan(5000, "II", 1.0).source,
    }


def test_sampling_plan_reduced_prints_the_gap_between_ac_and_re():
    # MIL-STD-105E Table II-C, L/1.0 (AQLSchemes 1.7-2): n 80, Ac 2, Re 5 (4.9.4).
    got = _json(["sampling", "plan", "--lot-size", "5000", "--aql", "1.0", "--inspection", "reduced"])
    assert got == {
        "lot_size": 5000,
        "level": "II",
        "aql": "1.0",
        "inspection": "reduced",
        "code_letter": "L",
        "plan_letter": "L",
        "sampling": "single",
        "sample_size": 80,
        "Ac": 2,
        "Re": 5,
        "full_inspection": False,
        "table": "MIL-STD-105E Table II-C",
        "source": single_plan(5000, "II", 1.0, "reduced").source,
    }


def test_sampling_plan_double_reduced_and_the_asterisk():
    # MIL-STD-105E Table III-C, L/1.0: n 50 + 50, Ac 0/3, Re 4/6 (AQLSchemes 1.7-2).
    got = _json(
        ["sampling", "plan", "--lot-size", "5000", "--aql", "1.0", "--double", "--inspection", "reduced"]
    )
    assert (got["sampling"], got["sample_sizes"], got["Ac"], got["Re"], got["table"]) == (
        "double",
        [50, 50],
        [0, 3],
        [4, 6],
        "MIL-STD-105E Table III-C",
    )
    # Table III-A, L/0.10: up arrow to K, an asterisk → the single plan K, n 125, Ac 0, Re 1 (Table II-A).
    got = _json(["sampling", "plan", "--lot-size", "5000", "--aql", "0.10", "--double"])
    assert got == {
        "lot_size": 5000,
        "level": "II",
        "aql": "0.10",
        "inspection": "normal",
        "code_letter": "L",
        "plan_letter": "K",
        "sampling": "single (double table says: use the single plan)",
        "sample_size": 125,
        "Ac": 0,
        "Re": 1,
        "full_inspection": False,
        "table": "MIL-STD-105E Table III-A",
        "source": double_plan(5000, "II", 1.0).source,
    }


def test_sampling_oc_of_a_double_reduced_plan():
    args = ["sampling", "oc", "--lot-size", "5000", "--aql", "1.0", "--double", "--inspection", "reduced"]
    got = _json([*args, "--points", "4"])
    plan = double_plan(5000, "II", 1.0, "reduced")  # Table III-C, L/1.0
    assert (got["plan"]["sample_sizes"], got["plan"]["Ac"], got["plan"]["Re"]) == ([50, 50], [0, 3], [4, 6])
    assert (got["model"], got["quality"]) == ("binomial", "fraction nonconforming")
    assert got["points"] == [{"p": pt.p, "P_a": pt.P_a} for pt in oc_curve(plan, points=4)]


def test_a_double_plan_can_be_loaded_from_a_table_file(tmp_path):
    # A made-up table in the loadable format (test data, not MIL-STD-105E numbers).
    rows = "".join(
        f"L,125,{aql},plan,2,5,6,7,\n"
        for aql in (
            "0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 10 15 25 40 65 100 "
            "150 250 400 650 1000"
        ).split()
    )
    path = tmp_path / "table_III_A.csv"
    path.write_text("# fixture\ncode_letter,sample_size,aql,entry,ac1,re1,ac2,re2,note\n" + rows)
    got = _json(["sampling", "plan", "--lot-size", "5000", "--aql", "1.0", "--double", "--table", str(path)])
    assert (got["sample_sizes"], got["cumulative_sample_sizes"], got["Ac"], got["Re"]) == (
        [125, 125],
        [125, 250],
        [2, 6],
        [5, 7],
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["decide", "--value", "1", "--u", "-1", "--upper", "3"], "u: standard uncertainty"),
        (["decide", "--value", "1", "--u", "0.1"], "tolerance limits"),
        (["risk", "--process-mean", "1", "--process-std", "0", "--u", "0.1", "--upper", "3"], "process-std"),
        (["sampling", "plan", "--lot-size", "1", "--aql", "1.0"], "lot-size"),
        (["sampling", "plan", "--lot-size", "100", "--aql", "0.3"], "aql"),
        # lot 5 → code letter A; Table II-C cell A/25 is withheld (see data/iso2859/README.md)
        (["sampling", "plan", "--lot-size", "5", "--aql", "25", "--inspection", "reduced"], "Table II-C"),
        (["sampling", "oc", "--lot-size", "100", "--aql", "1", "--points", "1"], "points"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_the_field(args, message):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_without_json_it_prints_a_readable_table():
    result = runner.invoke(
        app, ["decide", "--value", "10.02", "--u", "0.01", "--lower", "9.9", "--upper", "10.1"]
    )
    assert result.exit_code == 0
    assert "Statement of conformity" in result.stdout and "simple acceptance" in result.stdout


RISK = [
    "risk",
    "--process-mean",
    "10",
    "--process-std",
    "0.04",
    "--u",
    "0.01",
    "--lower",
    "9.9",
    "--upper",
    "10.1",
]


def test_risk_finds_the_acceptance_limits_for_a_target_global_consumers_risk():
    # JCGM 106:2012 9.5: a guard band chosen so that the global consumer's risk is 0.1 %
    got = _json([*RISK, "--target-consumer-risk", "0.001"])
    acceptance, risks = acceptance_limits_for_global_risk(
        10.0, 0.04, 0.01, ToleranceInterval(9.9, 10.1), 0.001
    )
    assert got["global_consumer_risk"] == pytest.approx(0.001, rel=1e-9)
    assert got["acceptance_interval"] == {"A_L": acceptance.A_L, "A_U": acceptance.A_U}
    assert got["global_producer_risk"] == risks.R_P and got["target_consumer_risk"] == 0.001
    # the guard band is the same at both limits and lies inside the tolerance interval
    assert 9.9 < acceptance.A_L and acceptance.A_L - 9.9 == pytest.approx(10.1 - acceptance.A_U)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (["--target-consumer-risk", "0.9"], "target risk"),
        (["--target-consumer-risk", "0.001", "--acceptance-lower", "9.95"], "target-consumer-risk"),
    ],
)
def test_risk_refuses_a_bad_target_naming_it(extra, field):
    result = runner.invoke(app, [*RISK, *extra, "--json"])
    assert result.exit_code == 2 and field in result.stderr and result.stdout == ""

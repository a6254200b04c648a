"""CLI: casys pt evaluate, casys pt homogeneity, casys precision."""

import json
import math

import pytest
from typer.testing import CliRunner

from casys.cli import app
from casys.core import precision
from casys.core.proficiency import homogeneity, robust

runner = CliRunner()

RESULTS = "participant,result,u\nA,10.0,0.1\nB,10.2,0.1\nC,9.8,0.1\nD,10.1,0.2\nE,9.9,0.1\nF,15.0,0.3\n"


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def test_pt_evaluate_prints_the_whole_evaluation_as_json(write):
    result = runner.invoke(app, ["pt", "evaluate", write("r.csv", RESULTS), "--sigma-pt", "0.5", "--json"])
    assert result.exit_code == 0, result.output
    xs = [10.0, 10.2, 9.8, 10.1, 9.9, 15.0]
    est = robust.algorithm_a(xs)
    u = 1.25 * est.s / math.sqrt(6)
    us = [0.1, 0.1, 0.1, 0.2, 0.1, 0.3]
    expected = {
        "assigned_value": {
            "x": est.x,
            "u": u,
            "method": "consensus of participants, algorithm-a (ISO 13528:2022, 7.7)",
            "p": 6,
        },
        "robust": {"x": est.x, "s": est.s, "p": 6, "method": "algorithm-a", "iterations": est.iterations},
        "sigma_pt": {"sigma": 0.5, "source": "prescribed (ISO 13528:2022, 8.2)"},
        "u_negligible": u <= 0.15,
        "z_prime_needed": u > 0.15,
        "score": "z",
        "participants": [
            {
                "participant": p,
                "x": x,
                "u": ux,
                "U": None,
                "D": x - est.x,
                "D_percent": 100 * (x - est.x) / est.x,
                "score": (x - est.x) / 0.5,
                "classification": "unsatisfactory" if p == "F" else "satisfactory",
                "used_in_statistics": True,
            }
            for p, x, ux in zip("ABCDEF", xs, us, strict=True)
        ],
        "excluded": [],
    }
    assert json.loads(result.output) == expected


def test_pt_evaluate_takes_a_numeric_assigned_value_and_en(write):
    text = "participant,result,U\nA,10.3,0.2\nB,10.1,0.2\n"
    args = ["pt", "evaluate", write("r.csv", text), "--assigned", "10", "--u-assigned", "0.05"]
    args += ["--score", "en"]
    result = runner.invoke(app, [*args, "--sigma-pt", "1", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["assigned_value"] == {"x": 10.0, "u": 0.05, "method": "given by the provider", "p": 0}
    assert document["robust"] is None
    assert [p["score"] for p in document["participants"]] == pytest.approx(
        [0.3 / math.hypot(0.2, 0.1), 0.1 / math.hypot(0.2, 0.1)]
    )
    assert [p["classification"] for p in document["participants"]] == ["unsatisfactory", "satisfactory"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("participant,value\nA,1\n", "row 1: missing column 'result'"),
        ("participant,result\nA,1\nB,one\n", "row 3, column 'result': 'one' is not a number"),
        ("participant,result\nA,1\nB,2\nA,3\n", "row 4, column 'participant': duplicate participant 'A'"),
    ],
)
def test_pt_evaluate_rejects_bad_csv_with_exit_code_2_and_prints_nothing(write, text, message):
    result = runner.invoke(app, ["pt", "evaluate", write("bad.csv", text), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_pt_evaluate_rejects_an_unknown_sigma_pt_word(write):
    result = runner.invoke(app, ["pt", "evaluate", write("r.csv", RESULTS), "--sigma-pt", "wide"])
    assert result.exit_code == 2
    assert "--sigma-pt: 'wide' is neither a number nor one of robust, horwitz" in result.stderr


def test_pt_evaluate_prints_a_table_without_json(write):
    result = runner.invoke(app, ["pt", "evaluate", write("r.csv", RESULTS)])
    assert result.exit_code == 0, result.output
    assert "unsatisfactory" in result.output and "σpt" in result.output


ITEMS = (
    "item,replicate,result\n1,1,10.1\n1,2,10.3\n2,1,10.0\n2,2,9.9\n3,1,10.4\n3,2,10.2\n4,1,9.8\n4,2,10.0\n"
)


def test_pt_homogeneity_prints_the_check_as_json(write):
    result = runner.invoke(app, ["pt", "homogeneity", write("i.csv", ITEMS), "--sigma-pt", "0.5", "--json"])
    assert result.exit_code == 0, result.output
    h = homogeneity.check([[10.1, 10.3], [10.0, 9.9], [10.4, 10.2], [9.8, 10.0]], 0.5)
    assert json.loads(result.output) == {
        "g": 4,
        "m": 2,
        "x": h.x,
        "s_x": h.s_x,
        "s_w": h.s_w,
        "s_s": h.s_s,
        "sigma_pt": 0.5,
        "limit": h.limit,
        "passes": h.passes,
        "F1": h.F1,
        "F2": h.F2,
        "c": h.c,
        "passes_allowing_repeatability": h.passes_allowing_repeatability,
        "s_w_ratio": h.s_w_ratio,
    }


def test_pt_homogeneity_names_the_bad_row(write):
    result = runner.invoke(app, ["pt", "homogeneity", write("i.csv", ITEMS + "5,1,x\n"), "--sigma-pt", "0.5"])
    assert result.exit_code == 2
    assert "row 10, column 'result': 'x' is not a number" in result.stderr


PRECISION = "laboratory,level,replicate,result\n" + "".join(
    f"{lab},1,{i + 1},{x}\n"
    for lab, xs in {"A": [10.0, 10.2], "B": [10.4, 10.6], "C": [9.9, 10.1], "D": [10.0, 10.3]}.items()
    for i, x in enumerate(xs)
)


def test_precision_prints_every_level_as_json(write):
    result = runner.invoke(app, ["precision", write("p.csv", PRECISION), "--json", "--seed", "7"])
    assert result.exit_code == 0, result.output
    level = precision.analyse_level(
        "1", {"A": [10.0, 10.2], "B": [10.4, 10.6], "C": [9.9, 10.1], "D": [10.0, 10.3]}, seed=7
    )
    document = json.loads(result.output)
    assert document["seed"] == 7
    (got,) = document["levels"]
    assert {k: got[k] for k in ("level", "p", "n", "m", "s_r", "s_L", "s_R", "r", "R")} == {
        "level": "1",
        "p": 4,
        "n": 2,
        "m": level.m,
        "s_r": level.s_r,
        "s_L": level.s_L,
        "s_R": level.s_R,
        "r": 2.8 * level.s_r,
        "R": 2.8 * level.s_R,
    }
    assert got["h_critical_1"] == level.h_critical_1 and got["k_critical_5"] == level.k_critical_5
    assert [c["laboratory"] for c in got["cells"]] == ["A", "B", "C", "D"]
    assert [c["classification"] for c in got["cells"]] == ["correct"] * 4
    assert [t["name"] for t in got["tests"]] == [
        "cochran",
        "grubbs-high",
        "grubbs-low",
        "double-grubbs-high",
        "double-grubbs-low",
    ]
    assert got["tests"][0] == {
        "name": "cochran",
        "statistic": level.tests[0].statistic,
        "critical_5": level.tests[0].critical_5,
        "critical_1": level.tests[0].critical_1,
        "laboratories": ["D"],
        "classification": "correct",
    }


def test_precision_names_a_duplicate_replicate(write):
    result = runner.invoke(app, ["precision", write("p.csv", PRECISION + "A,1,1,10.1\n"), "--json"])
    assert result.exit_code == 2
    assert "duplicate replicate 1 of laboratory A at level 1" in result.stderr

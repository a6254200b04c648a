"""CLI: casys exam analyse, casys exam cut-score angoff|hofstee, casys exam dif, casys bench exam."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from casys.cli import app
from casys.core import psychometrics as pm
from tests.core.psychometrics.data import lsat

runner = CliRunner()

KEY = "item,key,options\nQ1,B,A|B|C|D\nQ2,C,A|B|C|D\nQ3,1,\n"
RESPONSES = (
    "candidate,Q1,Q2,Q3\nC1,B,C,1\nC2,B,A,1\nC3,A,C,0\nC4,B,C,1\nC5,D,B,0\nC6,B,,1\nC7,C,C,0\nC8,B,C,1\n"
)
SCORED = [[1, 1, 1], [1, 0, 1], [0, 1, 0], [1, 1, 1], [0, 0, 0], [1, 0, 1], [0, 1, 0], [1, 1, 1]]


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def lsat_files(write) -> tuple[str, str]:
    x = lsat()
    rows = ["candidate," + ",".join(f"I{j}" for j in range(1, 6))]
    rows += [f"c{i}," + ",".join(str(v) for v in row) for i, row in enumerate(x, start=1)]
    key = "item,key\n" + "".join(f"I{j},1\n" for j in range(1, 6))
    return write("lsat.csv", "\n".join(rows) + "\n"), write("lsat-key.csv", key)


def test_analyse_prints_the_keys_the_issue_names_and_the_lsat_values(write):
    responses, key = lsat_files(write)
    result = runner.invoke(app, ["exam", "analyse", responses, "--key", key, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    expected = pm.analyse(lsat(), ["I1", "I2", "I3", "I4", "I5"])
    assert doc["candidates"] == 1000
    assert [round(i["p"], 3) for i in doc["items"]] == [0.924, 0.709, 0.553, 0.763, 0.870]  # ltm (JSS 2006)
    assert doc["items"][0] == {
        "id": "I1",
        "p": expected.items[0].p,
        "rpb": expected.items[0].rpb,
        "rpb_corrected": expected.items[0].rpb_corrected,
        "alpha_if_deleted": expected.items[0].alpha_if_deleted,
        "flags": ["too_easy", "low_discrimination"],
    }
    for name in ("kr20", "kr21", "alpha", "sem", "mean", "sd"):
        assert doc[name] == getattr(expected, name)
    assert doc["distribution"] == [3, 20, 85, 237, 357, 298]
    assert doc["variance_divisor"] == "n-1"


def test_analyse_scores_chosen_options_against_the_key_and_reports_distractors(write):
    result = runner.invoke(
        app,
        ["exam", "analyse", write("r.csv", RESPONSES), "--key", write("k.csv", KEY), "--json", "--cut", "2"],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    expected = pm.analyse(SCORED, ["Q1", "Q2", "Q3"])
    assert [i["p"] for i in doc["items"]] == [i.p for i in expected.items]
    assert doc["alpha"] == expected.alpha
    q1 = doc["distractors"]["items"][0]
    assert q1["id"] == "Q1" and q1["key"] == "B"
    assert [o["option"] for o in q1["options"]] == ["A", "B", "C", "D"]
    assert sum(o["overall"] for o in q1["options"]) == pytest.approx(1.0)
    q2 = doc["distractors"]["items"][1]
    assert q2["options"][-1]["option"] == ""  # C6 omitted Q2
    assert [d["id"] for d in doc["distractors"]["items"]] == ["Q1", "Q2"]  # Q3 is pre-scored
    dc = doc["decision_consistency"]
    assert dc["livingston"] == pytest.approx(pm.livingston(expected.kr20, expected.mean, expected.sd**2, 2))


def test_analyse_without_json_prints_a_table(write):
    result = runner.invoke(app, ["exam", "analyse", write("r.csv", RESPONSES), "--key", write("k.csv", KEY)])
    assert result.exit_code == 0, result.output
    assert "r_pb corrected" in result.output and "KR-20" in result.output and "Q3" in result.output


@pytest.mark.parametrize(
    ("responses", "key", "message"),
    [
        (
            "candidate,Q1,Q2,Q3,Q9\nC1,B,C,1,A\n",
            KEY,
            "row 1, column 'Q9': unknown item 'Q9' (not in the key)",
        ),
        (
            "candidate,Q1,Q2,Q3\nC1,E,C,1\n",
            KEY,
            "row 2, column 'Q1': 'E' is not one of the options of item Q1",
        ),
        (
            "candidate,Q1,Q2,Q3\nC1,B,C,2\n",
            KEY,
            "row 2, column 'Q3': '2' is not one of the options of item Q3",
        ),
        (
            "candidate,Q1,Q2,Q3\nC1,B,C,1\nC1,B,C,1\n",
            KEY,
            "row 3, column 'candidate': duplicate candidate 'C1'",
        ),
        (RESPONSES, "item,key\nQ1,B\nQ2,\nQ3,1\n", "row 3, column 'key': missing key for item 'Q2'"),
        ("candidate,Q1,Q2\nC1,B,C\nC2,A,C\n", KEY, "row 1: no column for the key's items Q3"),
    ],
)
def test_analyse_refuses_bad_input_naming_row_and_column(write, responses, key, message):
    result = runner.invoke(app, ["exam", "analyse", write("r.csv", responses), "--key", write("k.csv", key)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_analyse_refuses_a_file_it_cannot_read(tmp_path, write):
    result = runner.invoke(app, ["exam", "analyse", str(tmp_path / "none.csv"), "--key", write("k.csv", KEY)])
    assert result.exit_code == 2 and "cannot read" in result.output


RATINGS = "judge,round,Q1,Q2,Q3,Q4,Q5\n" + "".join(
    f"{j},{r},{','.join(str(round(v + 0.05 * (r - 1), 2)) for v in row)}\n"
    for r in (1, 2)
    for j, row in zip(("J1", "J2", "J3"), [[0.60, 0.70, 0.50, 0.80, 0.90], [0.55, 0.65, 0.45, 0.85, 0.95],
                                          [0.70, 0.75, 0.60, 0.75, 0.85]], strict=True)
)  # fmt: skip


def test_angoff_prints_the_last_rounds_cut_with_its_sd_and_se(write):
    result = runner.invoke(app, ["exam", "cut-score", "angoff", write("a.csv", RATINGS), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert {"cut_score", "cut_score_percent", "judges", "sd", "se"} <= set(doc)
    assert round(doc["rounds"][0]["cut_score"], 4) == 3.5333  # worked by hand (test_cut_scores)
    assert round(doc["rounds"][0]["se"], 4) == 0.0601
    assert doc["cut_score"] == pytest.approx(3.5333 + 0.25, abs=1e-4)
    assert doc["judges"] == 3 and [r["round"] for r in doc["rounds"]] == ["1", "2"]
    table = runner.invoke(app, ["exam", "cut-score", "angoff", write("a.csv", RATINGS)])
    assert table.exit_code == 0 and "cut score" in table.output


def test_angoff_refuses_a_rating_outside_0_1_naming_row_and_column(write):
    bad = "judge,Q1,Q2\nJ1,0.5,0.6\nJ2,0.7,1.4\n"
    result = runner.invoke(app, ["exam", "cut-score", "angoff", write("a.csv", bad), "--json"])
    assert result.exit_code == 2
    assert "row 3, column 'Q2': rating 1.4 is outside 0–1" in result.output


def test_hofstee_prints_the_cut_and_fail_rate(write):
    scores = write("s.csv", "candidate,score\n" + "".join(f"c{i},{s}\n" for i, s in enumerate(
        [40, 50, 50, 60, 70, 80, 90, 90, 95, 100])))  # fmt: skip
    args = ["exam", "cut-score", "hofstee", "--scores", scores, "--k-min", "50", "--k-max", "70"]
    result = runner.invoke(app, [*args, "--f-min", "10", "--f-max", "40", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"cut_score": 60.0, "fail_rate": 30.0, "intersects": True}
    bad = runner.invoke(app, [*args, "--f-min", "50", "--f-max", "40"])
    assert bad.exit_code == 2 and "f_min" in bad.output


def test_hofstee_refuses_a_score_that_is_not_a_number(write):
    scores = write("s.csv", "candidate,score\nc1,12\nc2,twelve\n")
    args = ["exam", "cut-score", "hofstee", "--scores", scores, "--k-min", "5", "--k-max", "9"]
    result = runner.invoke(app, [*args, "--f-min", "10", "--f-max", "40"])
    assert result.exit_code == 2 and "row 3, column 'score': 'twelve' is not a finite number" in result.output


def dif_files(write, n: int = 2000):
    rng = np.random.default_rng(5)
    focal = np.arange(n) % 2 == 1
    theta = rng.normal(size=n)
    logits = theta[:, None] - np.linspace(-1, 1, 10)[None, :]
    logits[:, 3] -= 1.5 * focal
    x = (rng.random((n, 10)) < 1 / (1 + np.exp(-logits))).astype(int)
    items = [f"Q{j}" for j in range(1, 11)]
    rows = ["candidate," + ",".join(items)] + [f"c{i}," + ",".join(map(str, r)) for i, r in enumerate(x)]
    groups = ["candidate,group"] + [f"c{i},{'F' if f else 'R'}" for i, f in enumerate(focal)]
    key = "item,key\n" + "".join(f"{item},1\n" for item in items)
    return (
        write("r.csv", "\n".join(rows) + "\n"),
        write("k.csv", key),
        write("g.csv", "\n".join(groups) + "\n"),
        x,
        focal,
    )


def test_dif_prints_mantel_haenszel_and_the_ets_class_per_item(write):
    responses, key, groups, x, focal = dif_files(write)
    result = runner.invoke(
        app, ["exam", "dif", responses, "--key", key, "--group", groups, "--focal", "F", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["reference"], doc["focal"]) == ("R", "F")
    expected = pm.mantel_haenszel(x, focal, [f"Q{j}" for j in range(1, 11)])
    assert [{k: i[k] for k in ("id", "mh_odds_ratio", "mh_delta", "ets_class")} for i in doc["items"]] == [
        {"id": r.id, "mh_odds_ratio": r.mh_odds_ratio, "mh_delta": r.mh_delta, "ets_class": r.ets_class}
        for r in expected
    ]
    assert doc["items"][3]["ets_class"] == "C"
    table = runner.invoke(app, ["exam", "dif", responses, "--key", key, "--group", groups])
    assert table.exit_code == 0 and "MH D-DIF" in table.output


def test_dif_refuses_an_unknown_candidate_in_the_groups_file(write):
    responses, key, _, _, _ = dif_files(write, n=20)
    groups = write("g2.csv", "candidate,group\n" + "".join(f"c{i},R\n" for i in range(19)) + "c99,F\n")
    result = runner.invoke(app, ["exam", "dif", responses, "--key", key, "--group", groups])
    assert result.exit_code == 2
    assert "row 21, column 'candidate': unknown candidate 'c99' (not in the responses)" in result.output
    assert "candidate 'c19' has no group" in result.output


def test_bench_exam_prints_the_ratio_to_the_floor():
    result = runner.invoke(
        app, ["bench", "exam", "--candidates", "2000", "--items", "20", "--repeat", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["casys"]["ratio_to_floor"] > 0 and doc["largest_difference_to_floor"] < 1e-9

"""CLI of the certification area: full JSON compared, bad input on stderr with exit 2."""

import json

from typer.testing import CliRunner

from casys.cli import app

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_audit_time_prints_days_and_justification():
    doc = _json(
        [
            "audit-time",
            "--standard",
            "ISO9001",
            "--personnel",
            "120",
            "--complexity",
            "medium",
            "--adjust",
            "-10:single site, one product",
            "--json",
        ]
    )
    # IAF MD 5:2019 Table QMS 1, 86-125 persons: 7 days; -10 % = 6.3 -> 6.5.
    assert doc["result"] == {
        "standards": ["ISO9001"],
        "n": 120,
        "complexity": "medium",
        "T": 7.0,
        "adjustment_percent": -10.0,
        "initial": 6.5,
        "stage1": 2.0,
        "stage2": 4.5,
        "surveillance": 2.0,
        "recertification": 4.5,
        "min_onsite": 5.2,
        "lines": [
            "IAF MD 5:2019 Table QMS 1, row 86-125 persons: 7 auditor-days (stage 1 + stage 2)",
            "complexity category 'medium': IAF MD 5:2019 Table QMS 1 has one column; "
            "the category is reflected in the documented adjustments",
            "adjustment -10 %: single site, one product",
            "initial audit time 7 x (1 - 10 %) = 6.3, rounded to the nearest half day: "
            "6.5 (IAF MD 5:2019 2.2)",
            "stage 1 2 + stage 2 4.5 (stage 1 share 30 %: certification-body policy, not IAF MD 5)",
            "surveillance 1/3 x 6.5 = 2 per year (IAF MD 5:2019)",
            "recertification 2/3 x 6.5 = 4.5 (IAF MD 5:2019)",
            "on-site time at least 80 % = 5.2 auditor-days (IAF MD 5:2019)",
        ],
    }
    assert doc["parts"] == [doc["result"]]


def test_audit_time_integrates_several_standards():
    doc = _json(
        [
            "audit-time",
            "--standard",
            "ISO9001",
            "--standard",
            "ISO14001",
            "--personnel",
            "120",
            "--complexity",
            "medium",
            "--integration",
            "10",
            "--integration-reason",
            "one system",
            "--json",
        ]
    )
    assert [p["initial"] for p in doc["parts"]] == [7.0, 8.0]
    assert doc["result"]["T"] == 15.0 and doc["result"]["initial"] == 13.5


def test_sites_sample_is_seeded():
    doc = _json(["sites", "sample", "--sites", "25", "--audit", "surveillance", "--seed", "7", "--json"])
    again = _json(["sites", "sample", "--sites", "25", "--audit", "surveillance", "--seed", "7", "--json"])
    assert doc == again
    assert {k: doc[k] for k in ("x", "audit", "y_min", "y", "risk_increase", "seed", "central")} == {
        "x": 25,
        "audit": "surveillance",
        "y_min": 3,
        "y": 3,
        "risk_increase": 0.0,
        "seed": 7,
        "central": "central",
    }
    assert doc["sites"] == ["central", *doc["random"]] and len(set(doc["random"])) == 3


def test_programme_prints_due_dates_and_expiry():
    doc = _json(["programme", "--decision-date", "2026-03-10", "--json"])
    assert doc["cycles"] == [{"index": 1, "decision": "2026-03-10", "expiry": "2029-03-09"}]
    assert [(a["phase"], a["earliest"], a["latest"], a["decision_by"]) for a in doc["activities"]] == [
        ("surveillance", "2027-01-01", "2027-03-10", None),
        ("surveillance", "2028-01-01", "2028-03-10", None),
        ("recertification", "2028-06-10", "2028-12-10", "2029-03-09"),
    ]


def test_bad_input_is_named_on_stderr_with_exit_2():
    for args, message in [
        (["audit-time", "--standard", "ISO9001", "--personnel", "0", "--json"], "personnel"),
        (["audit-time", "--standard", "ISO27001", "--personnel", "10", "--json"], "'iso27006-1'"),
        (["audit-time", "--standard", "ISO9001", "--personnel", "10", "--adjust", "-40", "--json"], "30 %"),
        (["sites", "sample", "--sites", "0", "--audit", "initial", "--seed", "1", "--json"], "sites:"),
        (["programme", "--decision-date", "2026-13-01", "--json"], "--decision-date"),
        (["programme", "--decision-date", "2026-03-01", "--scheme", "nope", "--json"], "nope.toml"),
    ]:
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and r.stdout == "" and message in r.stderr, (args, r.output)


# The ISO/IEC 27006-1 table is not public: the values below are MADE UP for the test
# (they are not from, nor a guess of, ISO/IEC 27006-1).
MADE_UP_TABLE = "# made-up test values\npersonnel_min,personnel_max,all\n1,50,3\n51,200,6\n201,100000,9\n"
SOURCE = "ISO/IEC 27006-1:2024 Table D.1, licensed copy"


def test_audit_time_reads_a_body_table_from_a_file(tmp_path):
    path = tmp_path / "27006.csv"
    path.write_text(MADE_UP_TABLE, encoding="utf-8")
    doc = _json(
        [
            "audit-time",
            "--standard",
            "ISO27001",
            "--personnel",
            "120",
            "--table-file",
            f"iso27006-1={path}",
            "--table-source",
            f"iso27006-1={SOURCE}",
            "--json",
        ]
    )
    # MADE-UP band 51-200 persons: 6 days (ISO/IEC 27006-1 method: persons under the organization's
    # control, factors as adjustments); the rest follows IAF MD 5:2019 (2.2 half days,
    # surveillance 1/3, recertification 2/3, on-site 80 %) and the casys stage 1 share of 30 %.
    assert doc["result"] == {
        "standards": ["ISO27001"],
        "n": 120,
        "complexity": "medium",
        "T": 6.0,
        "adjustment_percent": 0.0,
        "initial": 6.0,
        "stage1": 2.0,
        "stage2": 4.0,
        "surveillance": 2.0,
        "recertification": 4.0,
        "min_onsite": 4.8,
        "lines": [
            f"{SOURCE}, row 51-200 persons doing work under the organization's control: 6 auditor-days "
            "(stage 1 + stage 2, ISO/IEC 27006-1)",
            "initial audit time 6 x (1 + 0 %) = 6, rounded to the nearest half day: 6 (IAF MD 5:2019 2.2)",
            "stage 1 2 + stage 2 4 (stage 1 share 30 %: certification-body policy, not IAF MD 5)",
            "surveillance 1/3 x 6 = 2 per year (IAF MD 5:2019 shares, casys default for ISO/IEC 27006-1)",
            "recertification 2/3 x 6 = 4 (IAF MD 5:2019 shares, casys default for ISO/IEC 27006-1)",
            "on-site time at least 80 % = 4.8 auditor-days "
            "(IAF MD 5:2019 shares, casys default for ISO/IEC 27006-1)",
        ],
    }
    assert doc["parts"] == [doc["result"]]


def test_a_bad_table_file_is_named_by_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("personnel_min,personnel_max,all\n1,50,3\n51,200,lots\n", encoding="utf-8")
    for args, message in [
        ([f"iso27006-1={path}"], "line 3, column 'all': 'lots' is not a number"),
        ([f"iso27006-1={tmp_path / 'missing.csv'}"], "--table-file iso27006-1: cannot read"),
        (["iso27006-1"], "--table-file[0]: 'iso27006-1' is not ID=VALUE"),
        ([f"qms={path}"], "table_id: 'qms' is not a table a body loads"),
    ]:
        cmd = ["audit-time", "--standard", "ISO27001", "--personnel", "120", "--json"]
        r = runner.invoke(app, [*cmd, *(x for a in args for x in ("--table-file", a))])
        assert r.exit_code == 2 and r.stdout == "" and message in r.stderr, (args, r.output)


def test_without_the_table_the_cli_says_how_to_give_it():
    r = runner.invoke(app, ["audit-time", "--standard", "ISO50001", "--personnel", "10", "--json"])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        "error: audit-time table 'iso50003' (ISO 50003) is not loaded: it is not public, so the "
        "certification body loads its licensed copy with load_body_table() "
        "(on the command line: --table FILE or --table-file ID=PATH)\n"
    )


EXAMPLES = "casys/core/data/audit_time_examples"


def test_audit_time_iso22000_follows_the_22003_formula_with_the_same_output_shape():
    """Arithmetic on casys's EXAMPLE table (the ISO/TS 22003-1 values are not public): category C,
    3 HACCP studies, 60 FTE, one additional site: Ts = 1.5 + 1 + 0.25 + 1 = 3.75; + 0.5 x 3.75 =
    5.625 -> 5.5 days."""
    doc = _json(
        [
            "audit-time",
            "--standard",
            "ISO22000",
            "--personnel",
            "60",
            "--category",
            "C",
            "--haccp-studies",
            "3",
            "--additional-sites",
            "1",
            "--table",
            f"{EXAMPLES}/iso22003-1.example.csv",
            "--json",
        ]
    )
    assert set(doc) == {"parts", "result"}
    r = doc["result"]
    assert set(r) == {
        "standards", "n", "complexity", "T", "adjustment_percent", "initial", "stage1", "stage2",
        "surveillance", "recertification", "min_onsite", "lines",
    }  # fmt: skip
    assert (r["standards"], r["n"], r["T"], r["initial"], r["stage1"] + r["stage2"]) == (
        ["ISO22000"],
        60,
        5.625,
        5.5,
        5.5,
    )
    assert r["lines"][:3] == [
        "TD, category C (Food manufacturing): 1.5",
        "TH, 2 HACCP studies beyond the first x 0.5 = 1",
        "TMS, no relevant certified management system: 0.25",
    ]


def test_audit_time_iso27001_reads_persons_and_factors():
    """Arithmetic on casys's EXAMPLE table: 80 persons -> 10 days, IT environment +20 % -> 12."""
    doc = _json(
        [
            "audit-time",
            "--standard",
            "ISO27001",
            "--persons",
            "80",
            "--it-complexity",
            "20",
            "--table",
            f"{EXAMPLES}/iso27006-1.example.csv",
            "--json",
        ]
    )
    assert (doc["result"]["T"], doc["result"]["initial"]) == (10.0, 12.0)
    assert "adjustment +20 %: IT environment: given with --it-complexity" in doc["result"]["lines"]


def test_sector_bad_input_is_named_by_option_with_exit_2(tmp_path):
    food = f"{EXAMPLES}/iso22003-1.example.csv"
    bad = tmp_path / "bad.csv"
    bad.write_text("section,key,days\ntd,C,x\n", encoding="utf-8")
    for args, message in [
        (
            ["--standard", "ISO22000", "--personnel", "60", "--category", "Z", "--table", food],
            "--category: unknown",
        ),
        (["--standard", "ISO22000", "--personnel", "60", "--table", food], "--category: required"),
        (["--standard", "ISO22000", "--personnel", "60", "--category", "C"], "'iso22003-1'"),
        (
            ["--standard", "ISO22000", "--personnel", "60", "--category", "C", "--table", "/nonexistent.csv"],
            "--table",
        ),
        (["--standard", "ISO22000", "--personnel", "60", "--category", "C", "--table", str(bad)], "line 2"),
        (
            [
                "--standard",
                "ISO22000",
                "--personnel",
                "6",
                "--category",
                "C",
                "--haccp-studies",
                "-1",
                "--table",
                food,
            ],
            "--haccp-studies",
        ),
        (["--standard", "ISO27001", "--persons", "-3"], "--persons: must be at least 1"),
        (["--standard", "ISO9001", "--personnel", "10", "--category", "C"], "--category: only for"),
        (["--standard", "ISO27001", "--persons", "10", "--it-complexity", "-50"], "--it-complexity"),
    ]:
        r = runner.invoke(app, ["audit-time", *args, "--json"])
        assert r.exit_code == 2 and r.stdout == "" and message in r.stderr, (args, r.output)

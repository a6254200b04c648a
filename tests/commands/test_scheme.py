"""casys scheme list/show: JSON of every shipped scheme and of a scheme's programme; errors exit 2."""

import json

from typer.testing import CliRunner

from casys.cli import app
from casys.core.schemes import available_schemes

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_list_gives_every_shipped_scheme_with_type_and_kind_of_body():
    rows = _json(["scheme", "list", "--json"])
    assert [r["id"] for r in rows] == list(available_schemes())
    by_id = {r["id"]: r for r in rows}
    assert by_id["type5-electrical"] == {
        "id": "type5-electrical",
        "title": "Electrical equipment, ISO/IEC 17067 type 5 (example scheme)",
        "standard": "ISO/IEC 17065:2012",
        "normative_document": "IEC 60335-1 (example product standard)",
        "object": "product",
        "scheme_type": "5",
        "kind_of_body": "certification_body",
        "attestation": "certificate",
    }
    assert {i: by_id[i]["kind_of_body"] for i in ("iso9001", "lifting-equipment-periodic", "eaeu-1d")} == {
        "iso9001": "certification_body",
        "lifting-equipment-periodic": "inspection_body",
        "eaeu-1d": "manufacturer",
    }
    assert by_id["iso9001"]["scheme_type"] is None
    assert {r["scheme_type"] for r in rows} >= {"1a", "1b", "2", "3", "4", "5", "6"}


def test_show_gives_the_phases_with_each_activitys_17067_element():
    doc = _json(["scheme", "show", "type5-electrical", "--json"])
    assert doc["scheme_type_clause"] == "ISO/IEC 17067:2013 5.3.7"
    phases = {
        p["id"]: [(a["id"], a["element"], a["table1_row"], a["sampling"]) for a in p["activities"]]
        for p in doc["phases"]
    }
    assert phases == {
        "initial": [
            ("type-test", "determination.testing", "II a)", "factory"),
            ("factory-inspection", "determination.production-assessment", "II", None),
        ],
        "surveillance": [
            ("factory-inspection", "surveillance.management-system-audit", "VI d)", None),
            ("market-sample-test", "surveillance.market-samples", "VI a)", "open-market"),
        ],
    }
    assert doc["licence_to_mark"] is True and doc["inspection"] is None


def test_show_gives_the_batch_sample_of_a_type_1b_scheme_for_a_lot_size():
    doc = _json(["scheme", "show", "type1b-fasteners", "--lot-size", "5000", "--json"])
    assert doc["batch_sample"] == {
        "lot_size": 5000,
        "n": 200,
        "Ac": 5,
        "Re": 6,
        "plan": "ISO 2859-1 single sampling, level II, AQL 1.0, normal inspection",
    }
    assert (doc["licence_to_mark"], doc["batch_marking"]) == (False, True)


def test_show_gives_the_checklist_and_grading_of_an_inspection_scheme():
    doc = _json(["scheme", "show", "pressure-equipment-periodic", "--json"])
    assert doc["kind_of_body"] == "inspection_body" and doc["scheme_type"] is None
    assert doc["inspection"]["grading"] == [
        {"grade": "dangerous", "consequence": "out-of-service", "within_days": None},
        {"grade": "major", "consequence": "repeat-inspection", "within_days": 30},
        {"grade": "minor", "consequence": "noted", "within_days": None},
    ]
    valve = {c["id"]: c for c in doc["inspection"]["checklist"]}["safety-valve-set-pressure"]
    assert (valve["kind"], valve["lower"], valve["upper"], valve["unit"]) == ("measured", 9.7, 10.3, "bar")


def test_an_eaeu_declaration_shows_its_mapping_and_first_party_issuer():
    doc = _json(["scheme", "show", "eaeu-1d", "--json"])
    assert (doc["issuer"], doc["attestation"], doc["scheme_type"]) == ("manufacturer", "declaration", "1a")
    assert "first-party declaration" in doc["scheme_type_note"]
    assert any("ГОСТ Р 54008-2022" in s for s in doc["sources"])


def test_an_unknown_scheme_or_a_lot_size_without_a_plan_exits_2_naming_it():
    r = runner.invoke(app, ["scheme", "show", "type9", "--json"])
    assert r.exit_code == 2 and "type9.toml: no such scheme" in r.output
    r = runner.invoke(app, ["scheme", "show", "type1a-components", "--lot-size", "10", "--json"])
    assert r.exit_code == 2 and "lot_sampling: the scheme names no plan" in r.output
    r = runner.invoke(app, ["scheme", "show", "type1b-fasteners", "--lot-size", "0", "--json"])
    assert r.exit_code == 2 and "--lot-size: a batch has a positive whole number of units" in r.output

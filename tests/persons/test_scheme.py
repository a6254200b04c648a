# ruff: noqa: E501
"""Schemes for persons as data (ISO/IEC 17024:2012, 8): the [persons] table of a scheme file."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from typer.testing import CliRunner

from casys.cli import app
from casys.core.schemes import SchemeError, load_scheme, parse_scheme


def _ndt() -> str:
    return (resources.files("casys.schemes") / "ndt-iso9712.toml").read_text(encoding="utf-8")


def test_the_ndt_scheme_holds_what_17024_clause_8_asks_for() -> None:
    s = load_scheme("ndt-iso9712")
    p = s.persons
    assert s.body == "persons" and s.attestation.kind == "person-certificate"
    assert p is not None and "ultrasonic" in p.job_description
    assert p.scopes == ("UT-1", "UT-2", "UT-3", "MT-1", "MT-2", "MT-3")
    assert [(x.id, x.kind, x.pass_percent) for x in p.parts] == [
        ("general", "written", 70.0),
        ("specific", "written", 70.0),
        ("practical", "practical", 70.0),
    ]
    assert p.composite_percent == 80.0 and p.validity_years == 5
    assert p.prerequisite_for("UT-2").training_hours == 80
    assert p.prerequisite_for("MT-1").training_hours == 40  # the "*" entry
    assert p.prerequisite_for("UT-3").required() == (
        "education",
        "training_hours",
        "experience_months",
        "vision",
    )
    assert p.recertification.by == "re-examination"
    assert "vision" in p.suspension and p.withdrawal and p.scope_change
    # every number carries its source: ISO 9712 through a public quotation, or the example's choice
    assert all(x.source for x in p.parts)
    assert any("bindt.org" in x for x in s.sources)


def test_the_auditor_scheme_recertifies_on_cpd_credits_per_period() -> None:
    p = load_scheme("ms-auditor").persons
    assert p is not None
    assert (p.recertification.by, p.recertification.cpd_credits, p.recertification.period_years) == (
        "cpd",
        30,
        3,
    )
    assert [e.id for e in p.elements if e.part == "written"] == ["principles", "standards", "context"]
    assert p.part("oral").kind == "oral"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("weight = 0.25", "weight = 0.3", "ndt-iso9712.toml: persons.blueprint: the weights of part 'general' add up to 1.05, not 1"),
        ('part = "specific"\nweight = 0.5\n\n[[persons.blueprint]]\nid = "products"',
         'part = "theory"\nweight = 0.5\n\n[[persons.blueprint]]\nid = "products"',
         "ndt-iso9712.toml: persons.blueprint[3].part: no examination part 'theory' (parts: general, specific, practical)"),
        ("pass_percent = 70\nitems = 12", "pass_percent = 170\nitems = 12",
         "ndt-iso9712.toml: persons.parts[0].pass_percent: must be a percentage in (0, 100], got 170"),
        ('scope = "UT-2"', 'scope = "UT-9"', "ndt-iso9712.toml: persons.prerequisites[1].scope: no scope 'UT-9' in scopes"),
        ('by = "re-examination"', 'by = "cpd"', "ndt-iso9712.toml: persons.recertification.cpd_credits: missing key"),
        ('kind = "person-certificate"', 'kind = "certificate"',
         "ndt-iso9712.toml: attestation.kind: a scheme for persons issues 'person-certificate', not 'certificate'"),
    ],
)  # fmt: skip
def test_a_malformed_persons_table_is_refused_naming_the_key(old: str, new: str, message: str) -> None:
    text = _ndt()
    assert old in text
    with pytest.raises(SchemeError) as exc:
        parse_scheme(text.replace(old, new, 1), "ndt-iso9712.toml")
    assert str(exc.value) == message


def test_a_scheme_for_persons_without_its_table_is_refused() -> None:
    text = _ndt().split("[persons]")[0]
    with pytest.raises(SchemeError, match=r"persons: missing key"):
        parse_scheme(text, "ndt-iso9712.toml")


def test_the_scheme_command_shows_the_persons_table() -> None:
    rows = json.loads(CliRunner().invoke(app, ["scheme", "list", "--json"]).output)
    assert {r["id"]: r["kind_of_body"] for r in rows}["ms-auditor"] == "persons_body"
    doc = json.loads(CliRunner().invoke(app, ["scheme", "show", "ms-auditor", "--json"]).output)
    assert doc["persons"]["recertification"] == {"by": "cpd", "cpd_credits": 30, "period_years": 3}
    assert [p["pass_percent"] for p in doc["persons"]["parts"]] == [70.0, 60.0]

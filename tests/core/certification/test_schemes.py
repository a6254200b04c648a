"""Scheme files: loading, validation messages naming file, key and problem."""

import pytest

from casys.core.schemes import SchemeError, available_schemes, load_scheme, parse_scheme

GOOD = """
id = "x"
standard = "ISO/IEC 17021-1:2015"
object = "management_system"
attestation = { kind = "certificate", validity_years = 3 }
[[phases]]
id = "initial"
activities = ["stage1", "stage2"]
decision = true

[[phases]]
id = "surveillance"
every = "calendar-year"
first_within_months = 12
activities = ["surveillance-audit"]
"""


def test_it_ships_every_scheme_and_loads_them_all():
    assert available_schemes() == (
        "eaeu-1c",
        "eaeu-1d",
        "eaeu-3c",
        "eaeu-4c",
        "iso14001",
        "iso19443",
        "iso21001",
        "iso22000",
        "iso27001",
        "iso42001",
        "iso45001",
        "iso50001",
        "iso7101",
        "iso9001",
        "lifting-equipment-periodic",
        "ms-auditor",
        "ndt-iso9712",
        "pre-shipment-sampling",
        "pressure-equipment-periodic",
        "type1a-components",
        "type1b-fasteners",
        "type2-appliances",
        "type3-construction",
        "type4-electrical",
        "type5-electrical",
        "type6-services",
    )
    for sid in available_schemes():
        assert load_scheme(sid).id == sid


def test_it_names_file_key_and_problem_for_an_unknown_cadence():
    with pytest.raises(SchemeError) as exc:
        parse_scheme(GOOD.replace('"calendar-year"', '"monthly"'), "iso9001.toml")
    assert str(exc.value) == (
        "iso9001.toml: phases[1].every: unknown cadence 'monthly' (expected one of: calendar-year, year)"
    )


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ('standard = "ISO/IEC 17021-1:2015"\n', "x.toml: standard: missing key"),
        ('attestation = { kind = "certificate", validity_years = 3 }\n', "x.toml: attestation: missing key"),
        (", validity_years = 3", "x.toml: attestation.validity_years: missing key"),
    ],
)
def test_it_reports_a_missing_key(drop, message):
    with pytest.raises(SchemeError) as exc:
        parse_scheme(GOOD.replace(drop, ""), "x.toml")
    assert str(exc.value) == message


def test_it_rejects_wrong_types_unknown_keys_and_bad_toml():
    with pytest.raises(
        SchemeError, match=r"x.toml: attestation.validity_years: expected an integer, got 'three'"
    ):
        parse_scheme(GOOD.replace("validity_years = 3", 'validity_years = "three"'), "x.toml")
    with pytest.raises(SchemeError, match=r"x.toml: colour: unknown key"):
        parse_scheme('colour = "blue"\n' + GOOD, "x.toml")
    with pytest.raises(SchemeError, match=r"x.toml: not valid TOML"):
        parse_scheme("id = ", "x.toml")
    with pytest.raises(SchemeError, match=r"phases\[1\].every: missing key"):
        parse_scheme(GOOD.replace('every = "calendar-year"\n', ""), "x.toml")


def test_the_management_system_schemes_declare_their_audit_time_method():
    assert load_scheme("iso9001").audit_time.table == "qms"
    assert load_scheme("iso45001").audit_time.table == "ohs"
    assert load_scheme("iso27001").audit_time.method == "iso27006-1"  # its own method (ISO/IEC 27006-1)
    assert load_scheme("iso22000").audit_time.method == "iso22003-1"
    assert load_scheme("iso21001").audit_time.method == "body-table"
    assert load_scheme("iso50001").audit_time.table == "iso50003"


def test_the_records_table_names_what_each_activity_records_and_refuses_unknown_ones():
    s = load_scheme("type5-electrical")
    assert [s.record_kind(a) for a in ("type-test", "factory-inspection", "market-sample-test")] == [
        "test-report",
        "findings",
        "market-sample",
    ]
    assert s.decision.no_failed_test and not load_scheme("iso9001").decision.no_failed_test
    with pytest.raises(SchemeError, match=r"x.toml: records.stage9: no phase has the activity 'stage9'"):
        parse_scheme(GOOD + '\n[records]\nstage9 = "findings"\n', "x.toml")
    with pytest.raises(SchemeError, match=r"x.toml: records.stage1: unknown record kind 'photos'"):
        parse_scheme(GOOD + '\n[records]\nstage1 = "photos"\n', "x.toml")

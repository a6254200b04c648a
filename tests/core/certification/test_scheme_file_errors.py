# ruff: noqa: E501  (expected messages are compared whole)
"""Scheme files with ISO/IEC 17067 elements, marks, batches and inspection plans: each error names the
file and the key, and nothing is loaded."""

from __future__ import annotations

import pytest

from casys.core.schemes import SchemeError, parse_scheme

TYPE2 = """
id = "x"
standard = "ISO/IEC 17065:2012"
object = "product"
scheme_type = "2"
attestation = { kind = "certificate", validity_years = 4, licence_to_mark = true }
phases = [
  { id = "initial", activities = ["type-test"], decision = true },
  { id = "surveillance", every = "year", activities = ["market-sample-test"], decision = true },
]

[activity.type-test]
element = "determination.testing"
sampling = "submitted"

[activity.market-sample-test]
element = "surveillance.market-samples"
sampling = "open-market"
"""

TYPE1A = """
id = "x"
standard = "ISO/IEC 17065:2012"
object = "product"
scheme_type = "1a"
attestation = { kind = "certificate", validity_years = 3 }
phases = [{ id = "initial", activities = ["type-test"], decision = true }]

[activity.type-test]
element = "determination.testing"
sampling = "submitted"
"""

INSPECTION = """
id = "x"
body = "inspection"
standard = "ISO/IEC 17020:2012"
object = "item"
attestation = { kind = "inspection-report", validity_years = 1 }
phases = [{ id = "initial", activities = ["examination"], decision = true }]

[inspection]
method = "visual examination"
interval_months = 12

[inspection.grading]
dangerous = { consequence = "out-of-service" }
major = { consequence = "repeat-inspection", within_days = 28 }

[[inspection.checklist]]
id = "wear"
requirement = "manufacturer's instructions"
text = "Wear"
kind = "measured"
unit = "%"
upper = 10.0
acceptance = "at most 10 %"
grade = "dangerous"
"""


def _error(text: str) -> str:
    with pytest.raises(SchemeError) as exc:
        parse_scheme(text, "x.toml")
    return str(exc.value)


def test_the_good_files_load():
    assert parse_scheme(TYPE2, "x.toml").programme_elements() >= {"surveillance.market-samples", "licensing"}
    assert parse_scheme(TYPE1A, "x.toml").scheme_type == "1a"
    assert parse_scheme(INSPECTION, "x.toml").inspection.item("wear").upper == 10.0


def test_an_unknown_17067_element_is_refused_naming_the_field():
    message = _error(TYPE2.replace('"determination.testing"', '"determination.guesswork"'))
    assert message.startswith(
        "x.toml: activity.type-test.element: unknown element 'determination.guesswork' (expected one of: selection, "
    )


def test_an_unknown_element_in_a_per_phase_table_names_the_phase():
    text = TYPE2.replace(
        'element = "surveillance.market-samples"',
        'element = { surveillance = "surveillance.mystery-shopping" }',
    )
    assert _error(text).startswith(
        "x.toml: activity.market-sample-test.element.surveillance: unknown element"
    )


def test_an_activity_without_its_element_is_refused_in_a_typed_scheme():
    text = TYPE2.replace(
        '[activity.type-test]\nelement = "determination.testing"\nsampling = "submitted"\n', ""
    )
    assert _error(text) == (
        "x.toml: activity.type-test: missing key (a 17067 scheme names the Table 1 element of each activity)"
    )


def test_an_element_for_an_activity_no_phase_has_is_refused():
    assert _error(TYPE2 + '\n[activity.audit]\nelement = "review"\n') == (
        "x.toml: activity.audit: no phase has the activity 'audit'"
    )


def test_a_surveillance_element_in_the_initial_phase_is_refused():
    text = TYPE2.replace('element = "determination.testing"', 'element = "surveillance.factory-samples"')
    assert _error(text).startswith(
        "x.toml: activity.type-test.element: 'surveillance.factory-samples' is a surveillance element but phase 'initial'"
    )


def test_a_market_sample_taken_at_the_factory_is_refused():
    text = TYPE2.replace('sampling = "open-market"', 'sampling = "factory"')
    assert _error(text) == (
        "x.toml: activity.market-sample-test.sampling: 'surveillance.market-samples' takes its samples from "
        "'open-market', not 'factory'"
    )


def test_a_programme_that_does_not_fit_its_type_is_refused_naming_the_scheme_type():
    text = TYPE2.replace('scheme_type = "2"', 'scheme_type = "3"')
    message = _error(text)
    assert message.startswith(
        "x.toml: scheme_type: type 3 (ISO/IEC 17067:2013 5.3.5) needs 'surveillance.factory-samples'"
    )
    assert "has no 'surveillance.market-samples'" in message


def test_an_unknown_scheme_type_is_refused():
    assert _error(TYPE2.replace('scheme_type = "2"', 'scheme_type = "7"')).startswith(
        "x.toml: scheme_type: unknown ISO/IEC 17067 scheme type '7'"
    )


def test_a_mark_on_a_type_1a_scheme_is_refused_naming_the_field():
    text = TYPE1A.replace("validity_years = 3 }", "validity_years = 3, licence_to_mark = true }")
    assert _error(text) == (
        "x.toml: attestation.licence_to_mark: a mark of conformity needs a scheme that includes surveillance "
        "(ISO/IEC 17030:2021, scope, NOTE 6); this scheme has no surveillance phase"
    )


def test_batch_marking_is_only_for_a_scheme_that_certifies_a_batch():
    text = TYPE1A.replace("validity_years = 3 }", "validity_years = 3, batch_marking = true }")
    assert _error(text) == (
        "x.toml: attestation.batch_marking: only a scheme that certifies a batch marks the batch's units"
    )


def test_a_batch_scheme_needs_a_sampling_plan_and_a_sample_from_the_batch():
    batch = TYPE1A.replace('scheme_type = "1a"', 'scheme_type = "1b"')
    assert _error(batch).startswith("x.toml: lot_sampling: missing key (type 1b certifies a batch")
    planned = batch.replace("phases = [", 'lot_sampling = { plan = "all-units" }\nphases = [')
    assert (
        _error(planned)
        == "x.toml: activity: type 1b certifies a batch: an activity takes its sample from the 'batch'"
    )
    assert parse_scheme(
        planned.replace('sampling = "submitted"', 'sampling = "batch"'), "x.toml"
    ).lot_sampling


def test_a_lot_sampling_plan_with_an_aql_the_tables_do_not_have_is_refused():
    text = TYPE1A.replace("phases = [", 'lot_sampling = { plan = "iso2859-1", aql = "3.3" }\nphases = [')
    assert _error(text).startswith("x.toml: lot_sampling.aql:")


def test_a_declaration_is_issued_by_the_manufacturer_and_only_a_declaration_is():
    declared = TYPE1A.replace('kind = "certificate"', 'kind = "declaration"')
    assert _error(declared).startswith(
        "x.toml: attestation.issuer: a declaration of conformity is issued by the manufacturer"
    )
    both = declared.replace('kind = "declaration"', 'kind = "declaration", issuer = "manufacturer"')
    assert parse_scheme(both, "x.toml").attestation.issuer == "manufacturer"
    assert _error(
        TYPE1A.replace('kind = "certificate"', 'kind = "certificate", issuer = "manufacturer"')
    ).startswith("x.toml: attestation.issuer:")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('object = "item"', 'object = "person"', "x.toml: object: unknown inspection object 'person'"),
        ('kind = "measured"', 'kind = "smell"', "x.toml: inspection.checklist[0].kind: unknown check kind 'smell'"),
        ('unit = "%"\n', "", "x.toml: inspection.checklist[0].unit: missing key (a measured check names its unit)"),
        ("upper = 10.0\n", "", "x.toml: inspection.checklist[0].lower: missing key (a measured check needs lower, upper"),
        ('kind = "measured"', 'kind = "count"', "x.toml: inspection.checklist[0].upper: only a measured check has limits"),
        ('grade = "dangerous"', 'grade = "minor"', "x.toml: inspection.checklist[0].grade: the scheme's grading has no 'minor'"),
        (", within_days = 28", "", "x.toml: inspection.grading.major.within_days: missing key (a repeat inspection"),
        ('dangerous = { consequence = "out-of-service" }', 'dangerous = { consequence = "scrap" }',
         "x.toml: inspection.grading.dangerous.consequence: unknown consequence 'scrap'"),
        ('requirement = "manufacturer\'s instructions"\n', "", "x.toml: inspection.checklist[0].requirement: missing key"),
        ("interval_months = 12", "interval_months = 0", "x.toml: inspection.interval_months: must be a positive number"),
    ],
)  # fmt: skip
def test_an_inspection_scheme_error_names_the_field(old, new, message):
    assert old in INSPECTION
    assert _error(INSPECTION.replace(old, new)).startswith(message)


def test_a_count_check_needs_its_limit_or_the_batch_plan():
    count = INSPECTION.replace('kind = "measured"\nunit = "%"\nupper = 10.0\n', 'kind = "count"\n')
    assert _error(count).startswith("x.toml: inspection.checklist[0].max_count: missing key")
    by_plan = count.replace('kind = "count"\n', 'kind = "count"\nby_plan = true\n')
    assert _error(by_plan) == "x.toml: inspection.checklist[0].by_plan: the scheme has no lot_sampling plan"


def test_an_inspection_plan_belongs_to_an_inspection_scheme_and_has_no_17067_type():
    assert _error(INSPECTION.replace('body = "inspection"\n', "")) == (
        'x.toml: inspection: only a scheme with body = "inspection" has an inspection plan'
    )
    assert _error(INSPECTION.replace('object = "item"', 'object = "item"\nscheme_type = "1a"')) == (
        "x.toml: scheme_type: an inspection scheme has no ISO/IEC 17067 type"
    )
    no_plan = INSPECTION[: INSPECTION.index("[inspection]")]
    assert _error(no_plan).startswith("x.toml: inspection: missing key")

"""ISO/IEC 17020:2012 7.4.2 a)-g): what a report's facts lack; 7.4.4 subcontracted results named."""

from dataclasses import replace
from datetime import date

import pytest

from casys.core.inspection.reports import ReportFacts, ResultLine, missing_content

COMPLETE = ReportFacts(
    issuing_body="Baltic Lift Inspection",
    report_id="BLI-2026-0001",
    issued_on=date(2026, 3, 3),
    inspected_on=(date(2026, 3, 2),),
    items=("crane-12",),
    approved_by="user:4",
    results=(ResultLine("hook-latch", "pass"),),
)


def test_a_complete_report_lacks_nothing():
    assert missing_content(COMPLETE) == []


@pytest.mark.parametrize(
    ("change", "field", "clause"),
    [
        ({"issuing_body": ""}, "issuing_body", "7.4.2 a)"),
        ({"report_id": " "}, "report_id", "7.4.2 b)"),
        ({"issued_on": None}, "issued_on", "7.4.2 b)"),
        ({"inspected_on": ()}, "inspected_on", "7.4.2 c)"),
        ({"items": ("",)}, "items", "7.4.2 d)"),
        ({"approved_by": ""}, "approved_by", "7.4.2 e)"),
        ({"conformity_statement_required": True}, "conformity_statement", "7.4.2 f)"),
        ({"results": ()}, "results", "7.4.2 g), 7.4.3"),
    ],
)
def test_each_missing_element_is_named_with_its_clause(change, field, clause):
    missing = missing_content(replace(COMPLETE, **change))
    assert [(m.field, m.clause) for m in missing] == [(field, clause)]


def test_a_statement_of_conformity_is_only_needed_where_asked():
    assert missing_content(replace(COMPLETE, conformity_statement_required=False)) == []
    asked = replace(COMPLETE, conformity_statement_required=True, conformity_statement="conforms")
    assert missing_content(asked) == []


def test_results_in_a_separate_document_count_when_referenced():
    assert missing_content(replace(COMPLETE, results=(), results_document="BLI-2026-0001-R")) == []


def test_an_inspection_date_after_the_issue_is_wrong():
    missing = missing_content(replace(COMPLETE, inspected_on=(date(2026, 3, 2), date(2026, 3, 4))))
    assert [str(m) for m in missing] == [
        "inspected_on: an inspection date is after the date of issue (ISO/IEC 17020:2012 7.4.2 c))"
    ]


def test_a_subcontracted_result_must_name_its_subcontractor():
    line = ResultLine("wall-thickness", "pass", supplied_by_subcontractor=True)
    missing = missing_content(replace(COMPLETE, results=(line,)))
    assert [(m.field, m.clause) for m in missing] == [("results[0].subcontractor", "7.4.4")]
    named = replace(line, subcontractor="NDT Lab Riga")
    assert missing_content(replace(COMPLETE, results=(named,))) == []

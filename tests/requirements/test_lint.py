"""The ISO/IEC 17007 lint on a corpus written for this test: each bad statement breaks the principle
named next to it, and the good ones break none (casys.core.requirements_lint)."""

from __future__ import annotations

import pytest

from casys.core.requirements_lint import (
    PRINCIPLES,
    lint,
    lint_text,
    statements_from_markdown,
    statements_from_oscal,
    verbal_form,
)

GOOD = [
    "The organization shall retain calibration records for at least 5 years.",
    "The enclosure shall withstand an impact energy of 5 J without cracking.",
    "Each batch shall carry a unique identification number.",
    "The laboratory should participate in at least one proficiency-testing round per year.",
    "The manufacturer may use an electronic signature.",
    "The test report can include opinions and interpretations.",
    "The leakage current shall not exceed 0.25 mA at 253 V.",
    "The audit programme shall cover every clause of the standard within the certification cycle.",
    "The organization shall define the frequency of internal audits in a documented procedure.",
    "Noise emission shall be measured according to ISO 3744.",
]

BAD = [
    ("The supplier must keep records of deliveries.", "verbal-form"),
    ("The supplier has to keep records of deliveries.", "verbal-form"),
    ("Records may not be destroyed before 3 years.", "verbal-form"),
    ("The system will log each sign-in.", "verbal-form"),
    ("Records of deliveries for 3 years.", "verbal-form"),
    ("Staff shall receive adequate training.", "undefined-term"),
    ("The organization shall take appropriate measures.", "undefined-term"),
    ("Lighting shall be sufficient for reading the gauges.", "undefined-term"),
    ("The interface shall be user-friendly.", "undefined-term"),
    ("Waste shall be separated as far as possible.", "undefined-term"),
    ("The label shall show the name, address, etc.", "undefined-term"),
    ("Complaints shall be answered in a timely manner.", "undefined-term"),
    ("The operator shall minimise the emissions of the plant.", "assessable-criterion"),
    ("The valve shall close as fast as possible after a power cut.", "assessable-criterion"),
    ("Defects shall be repaired promptly.", "assessable-criterion"),
    ("The product shall be certified by a notified body.", "assessment-neutral"),
    ("The auditor shall check the calibration of the scale.", "assessment-neutral"),
    ("The helmet shall absorb 50 J, as verified by an accredited laboratory.", "assessment-neutral"),
    ("The organization shall keep a register of hazards and shall review it yearly.", "one-requirement"),
    ("Doors shall open outwards; handles shall be at 1 m height.", "one-requirement"),
    ("The software shall log errors; it shall keep the log for 30 days.", "one-requirement"),
]


@pytest.mark.parametrize("text", GOOD)
def test_a_statement_fit_for_assessment_breaks_no_principle(text: str) -> None:
    assert lint([("1", text)]).problems == ()


@pytest.mark.parametrize(("text", "principle"), BAD)
def test_a_statement_unfit_for_assessment_breaks_the_expected_principle(text: str, principle: str) -> None:
    found = [p.principle for p in lint([("7", text)]).problems]
    assert principle in found, (text, found)
    assert all(p in PRINCIPLES for p in found)


def test_every_principle_is_exercised_by_the_corpus() -> None:
    assert {principle for _, principle in BAD} == set(PRINCIPLES)


def test_a_statement_may_break_several_principles_and_each_is_reported() -> None:
    report = lint([("9", "The supplier must take appropriate measures and must be audited by an auditor.")])
    assert [p.principle for p in report.problems] == [
        "one-requirement",
        "verbal-form",
        "undefined-term",
        "assessment-neutral",
    ]
    assert all(p.id == "9" for p in report.problems)


def test_the_report_has_the_json_shape_of_the_cli() -> None:
    report = lint_text("Records shall be kept for 3 years.\n\nStaff shall receive adequate training.\n")
    assert report.as_dict() == {
        "statements": 2,
        "problems": [
            {
                "id": "3",
                "principle": "undefined-term",
                "text": '"adequate" cannot be assessed without a definition: state the criterion '
                "(a value, a list, a referenced method)",
            }
        ],
    }


def test_one_word_inside_a_longer_phrase_is_reported_once() -> None:
    (problem,) = lint([("1", "Measures shall be taken as appropriate.")]).problems
    assert problem.text.startswith('"as appropriate" cannot')


def test_words_that_only_contain_a_listed_word_are_not_flagged() -> None:
    assert lint([("1", "The property register shall list 3 items per site.")]).problems == ()
    assert lint([("1", "The breakfast menu shall list 3 allergens.")]).problems == ()


def test_markdown_skips_headings_code_and_tables_and_keeps_line_numbers() -> None:
    text = (
        "# 4 Context\n\nIntro para shall be read.\n\n| a | b |\n```\nx must y\n```\n"
        "1. The body shall keep a list.\n"
    )
    assert list(statements_from_markdown(text)) == [
        ("3", "Intro para shall be read."),
        ("9", "The body shall keep a list."),
    ]


PROSE = "The system shall lock after {{ insert: param, x-1_prm_1 }} attempts."


def test_oscal_parameters_are_read_as_placeholders() -> None:
    catalog = {
        "catalog": {
            "groups": [
                {
                    "id": "g",
                    "title": "G",
                    "controls": [
                        {
                            "id": "x-1",
                            "title": "X",
                            "parts": [
                                {
                                    "id": "x-1_smt",
                                    "name": "statement",
                                    "prose": PROSE,
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    }
    statements = list(statements_from_oscal(catalog))
    assert statements == [("x-1_smt", PROSE)]
    assert lint(statements).problems == ()


def test_the_verbal_form_gives_the_kind_of_provision() -> None:
    assert verbal_form("The body shall not subcontract the decision.") == "requirement"
    assert verbal_form("Records should be legible.") == "recommendation"
    assert verbal_form("See Annex A.") == "informative"

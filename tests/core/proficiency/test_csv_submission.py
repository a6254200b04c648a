"""parse_submission: one participant's results per item and measurand, all or nothing."""

import pytest

from casys.core.proficiency.csv_input import CsvInputError, SubmittedResult, parse_submission


def test_it_reads_items_measurands_results_and_optional_U() -> None:
    text = "\ufeffitem,measurand,result,U\nA,Pb,10.2,0.8\nA,Cd,2.1,\n"
    assert parse_submission(text) == [
        SubmittedResult("A", "Pb", 10.2, 0.8),
        SubmittedResult("A", "Cd", 2.1, None),
    ]


def test_it_collects_every_problem_with_row_and_column() -> None:
    text = "item,measurand,result,U\nA,Pb,x,0.8\n,Cd,2.1,\nA,Pb,3,-1\n"
    with pytest.raises(CsvInputError) as error:
        parse_submission(text)
    assert error.value.errors == (
        "row 2, column 'result': 'x' is not a number",
        "row 3, column 'item': empty",
        "row 4, column 'U': -1 must not be negative",
        "row 4, column 'measurand': duplicate result for item A, measurand Pb (first on row 2)",
    )


def test_it_names_a_missing_column_on_the_header_row() -> None:
    with pytest.raises(
        CsvInputError, match=r"row 1: missing column 'item' \(header has: measurand, result\)"
    ):
        parse_submission("measurand,result\nPb,1\n")


def test_a_header_alone_is_refused() -> None:
    with pytest.raises(CsvInputError, match="no result rows after the header"):
        parse_submission("item,measurand,result\n")

"""CSV parsing: all-or-nothing, every error named by row and column."""

import pytest

from casys.core.proficiency import csv_input
from casys.core.proficiency.csv_input import CsvInputError


def test_it_reads_results_with_standard_uncertainties():
    rows = csv_input.parse_results("participant,result,u\nL1,1.5,0.1\nL2,1.7,0.2\n")
    assert rows == [
        csv_input.ParticipantResult("L1", 1.5, 0.1, None),
        csv_input.ParticipantResult("L2", 1.7, 0.2, None),
    ]


def test_it_names_a_missing_column():
    with pytest.raises(CsvInputError, match=r"row 1: missing column 'result'"):
        csv_input.parse_results("participant,value\nL1,1.5\n")


def test_it_names_the_row_and_column_of_a_non_number():
    with pytest.raises(CsvInputError) as error:
        csv_input.parse_results("participant,result\nL1,1.5\nL2,abc\n")
    assert error.value.errors == ("row 3, column 'result': 'abc' is not a number",)


def test_it_names_a_duplicate_participant_and_its_first_row():
    with pytest.raises(CsvInputError) as error:
        csv_input.parse_results("participant,result\nL1,1.5\nL2,1.6\nL1,1.7\n")
    assert error.value.errors == ("row 4, column 'participant': duplicate participant 'L1' (first on row 2)",)


def test_it_reports_every_error_and_returns_nothing():
    text = "participant,result,u\nL1,x,0.1\nL1,2,-1\nL3,nan,0.1\n,4,0.1\n"
    with pytest.raises(CsvInputError) as error:
        csv_input.parse_results(text)
    assert error.value.errors == (
        "row 2, column 'result': 'x' is not a number",
        "row 3, column 'u': -1 must not be negative",
        "row 3, column 'participant': duplicate participant 'L1' (first on row 2)",
        "row 4, column 'result': 'nan' is not a finite number",
        "row 5, column 'participant': empty",
    )
    assert isinstance(error.value, ValueError)


def test_it_refuses_an_empty_file_and_a_header_only_file():
    with pytest.raises(CsvInputError, match="empty"):
        csv_input.parse_results("")
    with pytest.raises(CsvInputError, match="no result rows"):
        csv_input.parse_results("participant,result\n")


def test_it_reads_homogeneity_items_and_refuses_a_repeated_replicate():
    assert len(csv_input.parse_items("item,replicate,result\n1,1,2.0\n1,2,2.1\n")) == 2
    with pytest.raises(CsvInputError, match=r"row 3, column 'replicate': duplicate replicate 1 of item 1"):
        csv_input.parse_items("item,replicate,result\n1,1,2.0\n1,1,2.1\n")


def test_it_reads_precision_data_and_names_missing_columns():
    rows = csv_input.parse_precision("laboratory,level,replicate,result\nA,1,1,3.2\n")
    assert rows == [csv_input.PrecisionResult("A", "1", "1", 3.2)]
    with pytest.raises(CsvInputError) as error:
        csv_input.parse_precision("laboratory,result\nA,3.2\n")
    assert error.value.errors == (
        "row 1: missing column 'level' (header has: laboratory, result)",
        "row 1: missing column 'replicate' (header has: laboratory, result)",
    )

import numpy as np
import pytest

from casys.core.psychometrics import ExamInputError
from casys.core.psychometrics.responses import (
    MAX_ERRORS,
    parse_groups,
    parse_key,
    parse_ratings,
    parse_responses,
    parse_scores,
)

KEY = parse_key("item,key,options\nQ1,B,A|B|C|D\nQ2,1,\nQ3,yes,\n")


def test_it_reads_options_codes_and_scores() -> None:
    r = parse_responses("candidate,Q1,Q2,Q3\nC1, B ,1,yes\nC2,D,0,no\nC3,,1,maybe\n", KEY)
    assert r.candidates == ("C1", "C2", "C3")
    assert r.options == (("A", "B", "C", "D"), ("0", "1"), ("maybe", "no", "yes"))
    assert r.codes.tolist() == [[1, 1, 2], [3, 0, 1], [-1, 1, 0]]
    assert r.key_index == (1, 1, 2)
    assert r.scored.tolist() == [[True, True, True], [False, False, False], [False, True, False]]


def test_an_item_whose_key_nobody_chose_scores_nobody() -> None:
    r = parse_responses("candidate,Q1,Q2,Q3\nC1,B,1,no\n", KEY)
    assert r.key_index[2] == -2 and not r.scored[:, 2].any()


def test_it_lists_every_problem_up_to_a_limit() -> None:
    rows = "".join(f"C{i},E,1,yes\n" for i in range(MAX_ERRORS + 5))
    with pytest.raises(ExamInputError) as caught:
        parse_responses("candidate,Q1,Q2,Q3\n" + rows, KEY)
    errors = caught.value.errors
    assert len(errors) == MAX_ERRORS + 1
    assert errors[0] == "row 2, column 'Q1': 'E' is not one of the options of item Q1 (A|B|C|D)"
    assert errors[-1] == "… and 5 more problems"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the CSV text is empty"),
        ("who,Q1\nC1,A\n", "row 1: missing column 'candidate'"),
        ("candidate,Q1,Q1\nC1,A,B\n", "row 1, column 'Q1': duplicate column"),
        ("candidate,Q1\n", "no data rows after the header"),
        ("candidate,Q1\nC1,A,B\n", "row 2: 3 cells but the header has 2 columns"),
        ("candidate,Q1\n,A\n", "row 2, column 'candidate': empty"),
    ],
)
def test_it_refuses_malformed_responses(text: str, message: str) -> None:
    with pytest.raises(ExamInputError, match=message):
        parse_responses(text, KEY)


def test_a_key_must_be_one_of_its_options_and_items_unique() -> None:
    with pytest.raises(ExamInputError) as caught:
        parse_key("item,key,options\nQ1,E,A|B\nQ1,A,A|B\n")
    assert caught.value.errors == (
        "row 2, column 'key': key 'E' is not one of the options A|B",
        "row 3, column 'item': duplicate item 'Q1' (first on row 2)",
    )


def test_ratings_keep_rounds_apart_and_refuse_a_judge_twice_in_a_round() -> None:
    r = parse_ratings("judge,round,Q1\nJ1,1,0.5\nJ1,2,0.6\nJ2,1,0.7\n")
    assert r.rounds == ("1", "2") and r.judges == (("J1", "J2"), ("J1",))
    np.testing.assert_array_equal(r.ratings[0], [[0.5], [0.7]])
    with pytest.raises(ExamInputError, match="row 3, column 'judge': duplicate judge in this round 'J1'"):
        parse_ratings("judge,Q1\nJ1,0.5\nJ1,0.6\n")
    with pytest.raises(ExamInputError, match="row 2, column 'Q1': 'x' is not a number"):
        parse_ratings("judge,Q1\nJ1,x\n")


def test_scores_and_groups_name_row_and_column() -> None:
    with pytest.raises(ExamInputError, match="row 2, column 'score': 'inf' is not a finite number"):
        parse_scores("candidate,score\nC1,inf\n")
    with pytest.raises(ExamInputError, match="row 2, column 'group': empty"):
        parse_groups("candidate,group\nC1,\n", ["C1"])

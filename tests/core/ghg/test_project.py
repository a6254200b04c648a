"""Project claims (ISO 14064-2) as data: reductions = baseline − project − leakage, by vintage.

No published worked example is typed in here: the case is built from the definition in ISO 14064-2:2019
6.10 and the CDM's ER_y = BE_y − PE_y − LE_y, with figures chosen so each term's sign shows.
"""

from __future__ import annotations

import pytest

from casys.core.ghg.project import (
    ClaimTypeError,
    parse_claim_type,
    result_of,
    results_by_period,
    shipped_claim_type,
    shipped_claim_types,
)


def test_the_project_claim_subtracts_project_emissions_and_leakage_from_the_baseline() -> None:
    claim = shipped_claim_type("iso14064-2-project")
    r = result_of(claim, {"baseline": 52_300.0, "project": 4_120.5, "leakage": 610.0}, "2025")
    assert r.value == pytest.approx(47_569.5)
    assert [(s.term, s.sign) for s in r.steps] == [("baseline", 1), ("project", -1), ("leakage", -1)]


def test_results_are_kept_by_vintage_and_summed() -> None:
    claim = shipped_claim_type("iso14064-2-project")
    rs, total = results_by_period(
        claim,
        [("2024", {"baseline": 1000, "project": 300, "leakage": 0}),
         ("2025", {"baseline": 1000, "project": 200, "leakage": 50})],
    )  # fmt: skip
    assert [(r.period, r.value) for r in rs] == [("2024", 700.0), ("2025", 750.0)]
    assert total == 1450.0


def test_a_vintage_given_twice_is_refused() -> None:
    claim = shipped_claim_type("iso14064-2-project")
    with pytest.raises(ClaimTypeError, match="vintage 2024: given twice"):
        results_by_period(claim, [("2024", {"baseline": 1, "project": 0, "leakage": 0})] * 2)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"baseline": 1, "project": 0}, "leakage: required"),
        ({"baseline": 1, "project": -1, "leakage": 0}, "project: must be a finite number, zero or more"),
        ({"baseline": 1, "project": 0, "leakage": 0, "bonus": 3}, "bonus: not a term"),
    ],
)
def test_bad_figures_are_refused_naming_the_term(values, message) -> None:
    with pytest.raises(ClaimTypeError, match=message):
        result_of(shipped_claim_type("iso14064-2-project"), values)


def test_another_claim_type_is_a_file_not_code() -> None:
    footprint = parse_claim_type(
        'id = "pcf"\nname = "Product carbon footprint"\n[result]\nkey = "footprint"\nlabel = "Footprint"\n'
        '[[terms]]\nkey = "materials"\nlabel = "Materials"\nsign = 1\n'
        '[[terms]]\nkey = "transport"\nlabel = "Transport"\nsign = 1\n'
    )
    assert result_of(footprint, {"materials": 3.5, "transport": 0.5}).value == 4.0
    assert {"iso14064-2-project", "iso14064-2-removals"} <= set(shipped_claim_types())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('id = "x"\nname = "x"\n[result]\nkey = "r"\n', "missing 'terms'"),
        (
            'id = "x"\nname = "x"\n[result]\n[[terms]]\nkey = "a"\nlabel = "A"\nsign = 2\n',
            "sign must be 1 or -1",
        ),
        ("not toml [", "not TOML"),
    ],
)
def test_a_malformed_claim_type_is_refused_naming_the_field(text, message) -> None:
    with pytest.raises(ClaimTypeError, match=message):
        parse_claim_type(text)


def test_an_unknown_claim_type_names_the_shipped_ones() -> None:
    with pytest.raises(ClaimTypeError, match="iso14064-2-project"):
        shipped_claim_type("nope")

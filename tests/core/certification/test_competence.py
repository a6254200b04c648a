"""Team competence and impartiality (ISO/IEC 17021-1:2015 5.2, 9.2.2, 9.5.1.2; IAF ID 1 codes)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casys.core.competence import (
    IAF_CODES,
    Auditor,
    CompetenceError,
    Conflict,
    ImpartialityError,
    check_decision_maker,
    check_team,
)

ANA = Auditor("A1", "Ana", frozenset({("ISO9001", 17), ("ISO9001", 18)}), frozenset({"ISO9001"}))
BOB = Auditor("A2", "Bob", frozenset({("ISO9001", 19)}))


def test_it_has_the_39_iaf_codes():
    assert sorted(IAF_CODES) == list(range(1, 40)) and IAF_CODES[28] == "Construction"


def test_the_team_covers_the_clients_codes_with_a_qualified_leader():
    ok = check_team([ANA, BOB], "A1", "ACME", "ISO9001", [17, 19], date(2026, 1, 1))
    assert ok.coverage == ((17, ("A1",)), (19, ("A2",)))
    with pytest.raises(CompetenceError, match=r"IAF code 28 \(Construction\) for ISO9001 is not covered"):
        check_team([ANA, BOB], "A1", "ACME", "ISO9001", [28], date(2026, 1, 1))
    with pytest.raises(CompetenceError, match="A2 is not qualified as team leader"):
        check_team([ANA, BOB], "A2", "ACME", "ISO9001", [17], date(2026, 1, 1))
    with pytest.raises(CompetenceError, match="40 is not an IAF code"):
        check_team([ANA], "A1", "ACME", "ISO9001", [40], date(2026, 1, 1))


def test_consultancy_in_the_last_two_years_blocks_assignment():
    c = Auditor(
        "A3",
        "Cy",
        frozenset({("ISO9001", 17)}),
        frozenset({"ISO9001"}),
        (Conflict("ACME", "consultancy", ended=date(2025, 1, 31)),),
    )
    with pytest.raises(ImpartialityError, match="declared conflict with ACME"):
        check_team([c], "A3", "ACME", "ISO9001", [17], date(2027, 1, 30))
    assert check_team([c], "A3", "ACME", "ISO9001", [17], date(2027, 1, 31)).leader == "A3"
    assert check_team([c], "A3", "OTHER", "ISO9001", [17], date(2026, 1, 1)).leader == "A3"


@given(
    st.lists(st.sampled_from(["A1", "A2", "A3", "A4", "D1", "D2"]), min_size=1, unique=True),
    st.sampled_from(["A1", "A2", "A3", "A4", "D1", "D2"]),
)
def test_no_decision_maker_was_on_the_team(team, decision_maker):
    try:
        check_decision_maker(decision_maker, team)
    except ImpartialityError:
        assert decision_maker in team
    else:
        assert decision_maker not in team

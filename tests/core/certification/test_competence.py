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
    Qualification,
    check_decision_maker,
    check_team,
)

LEAD = frozenset({"auditor", "team_leader"})
ANA = Auditor("A1", "Ana", (Qualification("ISO9001", LEAD, frozenset({17, 18})),))
BOB = Auditor("A2", "Bob", (Qualification("ISO9001", codes=frozenset({19})),))


def test_it_has_the_39_iaf_codes():
    assert sorted(IAF_CODES) == list(range(1, 40)) and IAF_CODES[28] == "Construction"


def test_the_team_covers_the_clients_codes_with_a_qualified_leader():
    ok = check_team([ANA, BOB], "A1", "ACME", "ISO9001", [17, 19], date(2026, 1, 1))
    assert ok.coverage == ((17, ("A1",)), (19, ("A2",)))
    with pytest.raises(CompetenceError, match=r"IAF code 28 \(Construction\) for ISO9001 is not covered"):
        check_team([ANA, BOB], "A1", "ACME", "ISO9001", [28], date(2026, 1, 1))
    with pytest.raises(CompetenceError, match="Bob is not qualified as team leader"):
        check_team([ANA, BOB], "A2", "ACME", "ISO9001", [17], date(2026, 1, 1))
    with pytest.raises(CompetenceError, match="40 is not an IAF code"):
        check_team([ANA], "A1", "ACME", "ISO9001", [40], date(2026, 1, 1))


def test_consultancy_in_the_last_two_years_blocks_assignment():
    c = Auditor(
        "A3",
        "Cy",
        (Qualification("ISO9001", LEAD, frozenset({17})),),
        (Conflict("ACME", "consultancy", ended=date(2025, 1, 31)),),
    )
    with pytest.raises(ImpartialityError, match="Cy has a declared conflict with ACME"):
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


def test_an_expired_qualification_does_not_count_and_the_refusal_gives_its_date():
    q = Qualification("ISO9001", LEAD, frozenset({17}), date(2023, 1, 1), date(2025, 12, 31))
    eve = Auditor("A5", "Eve", (q,))
    assert check_team([eve], "A5", "ACME", "ISO9001", [17], date(2025, 12, 31)).leader == "A5"
    with pytest.raises(CompetenceError, match="Eve's qualification expired on 2025-12-31"):
        check_team([eve], "A5", "ACME", "ISO9001", [17], date(2026, 1, 1))


def test_a_qualification_not_yet_valid_does_not_count_and_the_refusal_gives_its_start():
    lead = Qualification("ISO9001", frozenset({"team_leader"}))
    later = Qualification("ISO9001", codes=frozenset({17}), valid_from=date(2026, 3, 1))
    eve = Auditor("A5", "Eve", (lead, later))
    with pytest.raises(
        CompetenceError, match=r"IAF code 17 .* on 2026-02-28: Eve's qualification valid only from 2026-03-01"
    ):
        check_team([eve], "A5", "ACME", "ISO9001", [17], date(2026, 2, 28))
    assert check_team([eve], "A5", "ACME", "ISO9001", [17], date(2026, 3, 1)).coverage == ((17, ("A5",)),)


def test_people_are_compared_by_id_never_by_name():
    q = (Qualification("ISO9001", LEAD, frozenset({17})),)
    twins = [Auditor("user:1", "Jānis Bērziņš", q), Auditor("auditor:9", "Jānis Bērziņš", q)]
    assert check_team(twins, "user:1", "client:1", "ISO9001", [17], date(2026, 1, 1)).coverage == (
        (17, ("user:1", "auditor:9")),
    )
    with pytest.raises(CompetenceError, match="appears twice"):
        check_team(
            [twins[0], Auditor("user:1", "JĀNIS BĒRZIŅŠ", q)],
            "user:1",
            "c",
            "ISO9001",
            [17],
            date(2026, 1, 1),
        )


def test_a_conflict_blocks_the_client_it_names_not_another_client_of_the_same_name():
    c = Auditor(
        "A3", "Cy", (Qualification("ISO9001", LEAD, frozenset({17})),), (Conflict("client:1", "family"),)
    )
    with pytest.raises(ImpartialityError, match="conflict with ACME"):
        check_team([c], "A3", "client:1", "ISO9001", [17], date(2026, 1, 1), client_name="ACME")
    assert (
        check_team([c], "A3", "client:2", "ISO9001", [17], date(2026, 1, 1), client_name="ACME").leader
        == "A3"
    )

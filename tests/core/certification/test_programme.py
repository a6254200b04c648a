"""Audit programme, ISO/IEC 17021-1:2015 9.1.3 and 9.6."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casys.core.programme import ProgrammeError, add_months, generate_programme, restoration
from casys.core.schemes import load_scheme

ISO9001 = load_scheme("iso9001")


def test_it_plans_a_three_year_cycle_from_the_decision():
    p = generate_programme(ISO9001, date(2026, 3, 10))
    assert p.cycles[0].expiry == date(2029, 3, 9)
    first = p.activities[0]
    # 9.6.2.2: first surveillance no later than 12 months after the initial certification decision
    assert first.phase == "surveillance" and first.latest == date(2027, 3, 10)
    recert = p.activities[-1]
    assert recert.phase == "recertification" and recert.decision_by == p.cycles[0].expiry
    assert recert.latest < p.cycles[0].expiry


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(1, 4), st.integers(0, 11))
def test_no_generated_programme_misses_a_calendar_year(decided, cycles, lead):
    p = generate_programme(ISO9001, decided, cycles=cycles, recertification_lead_months=lead)
    years = {decided.year} | {a.latest.year for a in p.activities}
    assert all(a.earliest.year == a.latest.year or a.phase == "recertification" for a in p.activities)
    assert years == set(range(decided.year, max(years) + 1))
    assert p.activities[0].latest <= add_months(decided, 12)
    for c in p.cycles:
        recert = [a for a in p.activities if a.cycle == c.index and a.phase == "recertification"]
        assert recert and recert[0].latest <= c.expiry


def test_the_type5_scheme_yields_its_own_programme():
    p = generate_programme(load_scheme("type5-electrical"), date(2026, 3, 10))
    assert p.cycles[0].expiry == date(2031, 3, 9)  # 5-year validity in the scheme file
    assert [a.latest for a in p.activities] == [date(y, 3, 10) for y in (2027, 2028, 2029, 2030)]
    assert all(
        a.decision and a.activities == ("factory-inspection", "market-sample-test") for a in p.activities
    )


def test_it_restores_within_six_months_of_expiry_only():
    # ISO/IEC 17021-1:2015 9.6.3.2.5
    expiry = date(2029, 3, 9)
    ok = restoration(expiry, date(2029, 9, 9))
    assert ok.possible and ok.new_expiry == date(2032, 3, 9)
    late = restoration(expiry, date(2029, 9, 10))
    assert not late.possible and late.required == "stage2"
    with pytest.raises(ProgrammeError, match="recertification_completed"):
        restoration(expiry, expiry - timedelta(days=1))


def test_it_refuses_bad_arguments():
    with pytest.raises(ProgrammeError, match="cycles"):
        generate_programme(ISO9001, date(2026, 1, 1), cycles=0)

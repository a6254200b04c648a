"""Switching rules between normal, tightened and reduced inspection (MIL-STD-105E 4.7)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casys.core.sampling import (
    LimitNumberRule,
    LotResult,
    SamplingTableError,
    Severity,
    SwitchingRules,
    SwitchingScoreRule,
    SwitchingState,
    next_state,
    parse_limit_numbers,
)
from casys.core.sampling.switching import resume, run

OK = LotResult(accepted=True, nonconforming=0, sample_units=80, reduced_approved=True)
BAD = LotResult(accepted=False, nonconforming=5, sample_units=80)

# A made-up Table VIII in the loadable format; these limit numbers are test data, not MIL-STD-105E.
FAKE_TABLE_VIII = parse_limit_numbers(
    "# test fixture, not a standard\nunits_min,units_max,aql,limit\n500,999,1.0,2\n1000,,1.0,5\n"
)
LIMITS = SwitchingRules(reduced=LimitNumberRule(FAKE_TABLE_VIII, "1.0"))


def _severities(lots, rules=None):
    return [s.severity for s in run(lots, rules)]


def test_inspection_starts_on_normal():
    assert SwitchingState().severity is Severity.NORMAL


def test_two_rejections_in_five_lots_switch_to_tightened():
    # MIL-STD-105E 4.7.1: 2 out of 5 or fewer consecutive lots rejected → tightened.
    assert _severities([BAD, OK, OK, OK, BAD])[-1] is Severity.TIGHTENED
    assert _severities([BAD, OK, OK, OK, OK, BAD])[-1] is Severity.NORMAL


def test_five_accepted_lots_on_tightened_return_to_normal():
    # MIL-STD-105E 4.7.2: 5 consecutive lots accepted on tightened → normal.
    states = _severities([BAD, BAD, OK, OK, OK, OK, OK])
    assert states[-2] is Severity.TIGHTENED and states[-1] is Severity.NORMAL


def test_ten_good_lots_within_the_limit_number_switch_to_reduced():
    # MIL-STD-105E 4.7.3: 10 lots accepted, total nonconforming within the Table VIII limit,
    # steady production, authority approves. 10 × 80 = 800 sample units → fixture limit 2.
    lots = [OK] * 8 + [LotResult(True, 1, 80, reduced_approved=True)] * 2
    assert _severities(lots, LIMITS)[-1] is Severity.REDUCED
    too_many = [OK] * 7 + [LotResult(True, 1, 80, reduced_approved=True)] * 3
    assert _severities(too_many, LIMITS)[-1] is Severity.NORMAL


def test_reduced_needs_the_authority_and_steady_production():
    unapproved = [LotResult(True, 0, 80)] * 10
    unsteady = [OK] * 9 + [LotResult(True, 0, 80, production_steady=False, reduced_approved=True)]
    assert _severities(unapproved, LIMITS)[-1] is Severity.NORMAL
    assert _severities(unsteady, LIMITS)[-1] is Severity.NORMAL


def test_without_table_viii_reduced_inspection_is_never_used():
    assert Severity.REDUCED not in _severities([OK] * 30)


@pytest.mark.parametrize(
    "lot",
    [
        LotResult(accepted=False),  # MIL-STD-105E 4.7.4 a
        LotResult(accepted=True, reinstate_normal=True),  # 4.7.4 b with 4.9.4
        LotResult(accepted=True, production_steady=False),  # 4.7.4 c
    ],
)
def test_reduced_returns_to_normal(lot):
    state = SwitchingState(severity=Severity.REDUCED)
    assert next_state(state, lot).severity is Severity.NORMAL


def test_five_lots_not_accepted_on_tightened_discontinue_inspection_until_resumed():
    states = run([BAD, BAD] + [BAD, OK] * 5)
    assert states[-1].severity is Severity.DISCONTINUED
    with pytest.raises(SamplingTableError, match="discontinued"):
        next_state(states[-1], OK)
    assert resume(states[-1]).severity is Severity.TIGHTENED


def test_a_switching_score_with_body_supplied_points_can_lead_to_reduced():
    # The points and threshold are parameters (ISO 2859-1:1999 9.3.3 is not public); made-up values here.
    rules = SwitchingRules(reduced=SwitchingScoreRule(points_tighter=3, points_small_ac=2, threshold=6))
    lot = LotResult(True, 0, 80, reduced_approved=True, Ac=1)
    assert _severities([lot] * 3, rules) == [Severity.NORMAL, Severity.NORMAL, Severity.REDUCED]
    tight = LotResult(True, 1, 80, reduced_approved=True, Ac=3, accepted_at_tighter_aql=False)
    assert _severities([lot, lot, tight, lot], rules)[-1] is Severity.NORMAL


lots = st.builds(
    LotResult,
    accepted=st.booleans(),
    nonconforming=st.integers(0, 3),
    sample_units=st.just(80),
    reinstate_normal=st.booleans(),
    production_steady=st.booleans(),
    reduced_approved=st.booleans(),
)


@given(sequence=st.lists(lots, max_size=60))
def test_the_machine_never_goes_from_tightened_straight_to_reduced(sequence):
    previous = Severity.NORMAL
    for state in run(sequence, LIMITS):
        assert not (previous is Severity.TIGHTENED and state.severity is Severity.REDUCED)
        previous = state.severity

"""Defect consequences from the scheme's grading: dangerous → out of service at once, major → repeat
inspection within the scheme's days, minor → noted; the next due date."""

from dataclasses import replace
from datetime import date

import pytest

from casys.core.inspection.defects import consequence, next_periodic, outcome
from casys.core.inspection.plan import GradeRule
from casys.core.schemes import load_scheme

LIFTING = load_scheme("lifting-equipment-periodic").inspection
PRESSURE = load_scheme("pressure-equipment-periodic").inspection
ON = date(2026, 3, 2)


def test_a_dangerous_defect_takes_the_item_out_of_service_at_once():
    c = consequence(LIFTING, "dangerous", ON)
    assert (c.out_of_service, c.repeat_by, c.text) == (
        True,
        None,
        "dangerous defect: the item is taken out of service at once",
    )
    o = outcome(LIFTING, ["minor", "dangerous"], ON)
    assert o.out_of_service and o.next_due is None and o.periodic_due == date(2027, 3, 2)


def test_a_major_defect_asks_for_a_repeat_inspection_within_the_schemes_days():
    assert consequence(LIFTING, "major", ON).repeat_by == date(2026, 3, 30)  # 28 days, lifting scheme
    assert consequence(PRESSURE, "major", ON).repeat_by == date(2026, 4, 1)  # 30 days, pressure scheme
    o = outcome(LIFTING, ["major"], ON)
    assert (o.out_of_service, o.repeat_by, o.next_due) == (False, date(2026, 3, 30), date(2026, 3, 30))


def test_a_minor_defect_is_noted_and_the_periodic_interval_sets_the_next_due_date():
    c = consequence(LIFTING, "minor", ON)
    assert (c.consequence, c.out_of_service, c.repeat_by) == ("noted", False, None)
    assert outcome(LIFTING, ["minor"], ON).next_due == date(2027, 3, 2)  # 12 months
    assert outcome(PRESSURE, [], ON).next_due == date(2028, 3, 2)  # 24 months


def test_the_days_come_from_the_scheme_data_not_from_code():
    plan = replace(LIFTING, grading=(GradeRule("major", "repeat-inspection", 7),))
    assert consequence(plan, "major", ON).repeat_by == date(2026, 3, 9)


def test_the_earliest_repeat_wins_over_a_later_periodic_date():
    plan = replace(PRESSURE, interval_months=1)
    assert outcome(plan, ["major"], ON).next_due == date(2026, 4, 1)
    assert outcome(replace(PRESSURE, interval_months=None), [], ON).next_due is None


def test_a_grade_the_scheme_does_not_grade_is_refused_naming_the_field():
    plan = replace(LIFTING, grading=(GradeRule("major", "repeat-inspection", 7),))
    with pytest.raises(ValueError, match="^grade: grade 'minor': the scheme grades major$"):
        consequence(plan, "minor", ON)


def test_a_month_end_interval_lands_on_the_last_day():
    assert next_periodic(date(2024, 2, 29), 12) == date(2025, 2, 28)
    with pytest.raises(ValueError, match="^interval_months:"):
        next_periodic(ON, 0)

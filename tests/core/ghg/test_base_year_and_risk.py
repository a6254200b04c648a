"""Base-year recalculation (ISO 14064-1:2018 6.4.2), removals reported apart, and the risk model.

The threshold is the body's choice (no standard fixes one); the cases are built from the definitions.
"""

from __future__ import annotations

import pytest

from casys.core.ghg.base_year import Change, default_threshold, net_of, recalculation
from casys.core.ghg.risk import assess


def test_the_base_year_is_recalculated_when_the_changes_reach_the_threshold() -> None:
    r = recalculation(80_000, [Change("acquisition", 3_000), Change("divestment", 1_000)], 5.0)
    assert (r.cumulative, r.percent, r.recalculate, r.recalculated) == (4_000.0, 5.0, True, 84_000.0)


def test_changes_that_cancel_out_below_the_threshold_keep_the_base_year() -> None:
    r = recalculation(80_000, [Change("acquisition", 6_000), Change("divestment", -5_000)], 5.0)
    assert (r.recalculate, r.recalculated) == (False, 80_000.0)


def test_the_default_threshold_is_labelled_the_bodys_choice() -> None:
    t = default_threshold()
    assert t.percent == 5.0
    assert "body's choice" in t.source


@pytest.mark.parametrize(
    ("base", "threshold", "message"),
    [(0, 5, "base year emissions"), (100, 0, "threshold"), (100, 120, "threshold")],
)
def test_bad_base_year_input_is_refused(base, threshold, message) -> None:
    with pytest.raises(ValueError, match=message):
        recalculation(base, [], threshold)


def test_removals_are_kept_beside_emissions() -> None:
    b = net_of(500.0, 120.0)
    assert (b.emissions, b.removals, b.net) == (500.0, 120.0, 380.0)
    with pytest.raises(ValueError, match="positive"):
        net_of(500.0, -1.0)


@pytest.mark.parametrize(
    ("inherent", "control", "detection", "work"),
    [
        ("high", "high", "low", "extended"),
        ("high", "medium", "low", "extended"),
        ("medium", "medium", "medium", "standard"),
        ("low", "high", "medium", "standard"),
        ("low", "low", "high", "analytical"),
    ],
)
def test_the_acceptable_detection_risk_falls_as_inherent_and_control_risks_rise(
    inherent, control, detection, work
) -> None:
    a = assess(inherent, control)
    assert (a.detection, a.work) == (detection, work)


def test_an_unknown_risk_level_is_named() -> None:
    with pytest.raises(ValueError, match="control risk must be one of low, medium, high"):
        assess("low", "very high")

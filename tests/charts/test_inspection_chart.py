"""The dashboard's chart of defects per month: one stacked bar segment per grade found."""

from casys.charts.inspection import COLOURS, defects_chart


def test_each_grade_found_in_a_month_is_a_bar_segment_in_its_colour() -> None:
    svg = defects_chart(
        [("01/26", {"dangerous": 1, "major": 2, "minor": 0}), ("02/26", {"minor": 3})],
        title="Defects",
        legend={"dangerous": "dangerous", "major": "major", "minor": "minor"},
        axis_label="month",
    )
    assert svg.startswith("<svg") and "01/26" in svg and "02/26" in svg
    bars = {colour: svg.count(f'fill="{colour}"') for colour in COLOURS.values()}
    # one bar per (month, grade) found, plus one square per grade in the legend
    assert bars == {COLOURS["dangerous"]: 2, COLOURS["major"]: 2, COLOURS["minor"]: 2}


def test_an_empty_year_still_draws_its_axes() -> None:
    svg = defects_chart([("01/26", {})], title="Defects", legend={}, axis_label="month")
    assert "<line" in svg and "month" in svg

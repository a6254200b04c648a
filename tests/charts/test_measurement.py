"""Charts of measurement results: the numbers drawn are the numbers given, text is escaped."""

from __future__ import annotations

import re

import pytest

from casys.charts.measurement import ToleranceLabels, budget_chart, histogram_chart, oc_chart, tolerance_chart


def _rects(svg: str, cls: str) -> list[dict[str, float]]:
    out = []
    for match in re.finditer(r"<rect ([^>]*)/>", svg):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))
        if attrs.get("class") == cls:
            out.append({k: float(v) for k, v in attrs.items() if k in ("x", "y", "width", "height")})
    return out


def test_budget_bars_are_proportional_to_the_shares() -> None:
    svg = budget_chart([("a", 0.75), ("b", 0.25)], title="Budget")
    bars = _rects(svg, "bar")
    assert len(bars) == 2
    assert bars[0]["width"] == pytest.approx(3 * bars[1]["width"], rel=1e-2)
    assert "75.0 %" in svg and "25.0 %" in svg


def test_budget_labels_are_escaped() -> None:
    svg = budget_chart([("<b>x</b>", 1.0)], title="t")
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg


def test_the_histogram_has_one_bar_per_bin_and_marks_the_interval() -> None:
    svg = histogram_chart(
        [0, 1, 2, 3], [1, 4, 2], interval=(0.5, 2.5), title="MC", axis_label="g", interval_label="95 %"
    )
    bins = _rects(svg, "bin")
    assert len(bins) == 3
    heights = [b["height"] for b in bins]
    assert heights[1] == pytest.approx(4 * heights[0], rel=1e-2)
    band = _rects(svg, "coverage")[0]
    # the band spans 2 of the 3 data units between the bins' outer edges
    total = bins[-1]["x"] + bins[-1]["width"] + 0.5 - bins[0]["x"]
    assert band["width"] == pytest.approx(total * 2 / 3, rel=1e-2)
    with pytest.raises(ValueError, match="histogram"):
        histogram_chart([0, 1], [1, 2], interval=(0, 1), title="", axis_label="", interval_label="")


def test_the_histogram_labels_the_interval_ends_as_given_or_to_six_digits() -> None:
    common = dict(interval=(41.153412, 52.76801), title="MC", axis_label="mg", interval_label="95 %")
    plain = histogram_chart([40, 45, 50, 55], [1, 4, 2], **common)
    assert ">41.1534<" in plain and ">52.768<" in plain
    rounded = histogram_chart([40, 45, 50, 55], [1, 4, 2], end_labels=("41.2", "52.8"), **common)
    assert ">41.2<" in rounded and ">52.8<" in rounded and "41.1534" not in rounded


def test_the_tolerance_chart_shows_guard_bands_only_with_acceptance_limits() -> None:
    labels = ToleranceLabels(title="T")
    plain = tolerance_chart(10.09, 0.02, 9.9, 10.1, labels=labels, unit="mm")
    guarded = tolerance_chart(10.09, 0.02, 9.9, 10.1, labels=labels, unit="mm", A_L=9.92, A_U=10.08)
    assert _rects(plain, "guard-band") == []
    bands = _rects(guarded, "guard-band")
    tolerance = _rects(guarded, "tolerance")[0]
    assert len(bands) == 2
    # each guard band is w = 0.02 of the 0.2 wide tolerance interval
    assert bands[0]["width"] == pytest.approx(tolerance["width"] * 0.1, rel=1e-2)
    assert 'class="result"' in guarded and "T_U = 10.1" in guarded


def test_a_one_sided_interval_has_a_single_limit_line() -> None:
    svg = tolerance_chart(2478.0, 32.4, None, 2500.0, labels=ToleranceLabels(title="T"), unit="µS/cm")
    assert "T_U = 2500" in svg and "T_L" not in svg


def test_the_oc_curve_starts_at_certain_acceptance_and_falls() -> None:
    svg = oc_chart([(0.0, 1.0), (0.02, 0.6), (0.05, 0.1)], title="OC", axis_label="%", pa_label="Pa")
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == sorted(ys)  # SVG y grows downwards as P_a falls
    with pytest.raises(ValueError, match="two points"):
        oc_chart([(0.0, 1.0)], title="", axis_label="", pa_label="")

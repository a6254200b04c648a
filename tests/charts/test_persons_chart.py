"""Charts of the psychometric report: flagged items marked, the cut line where the cut is, reliability
points labelled; text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from casys.charts.persons import item_scatter, reliability_over_time, score_histogram

NS = "{http://www.w3.org/2000/svg}"


def test_the_scatter_marks_flagged_items_in_red_with_their_code_and_leaves_out_undefined_ones() -> None:
    svg = item_scatter(
        [("Q1", 0.5, 0.4, False), ("Q<2>", 0.95, -0.2, True), ("Q3", 1.0, None, True)],
        title="Items", x_label="p", y_label="r", flagged_label="flagged",
    )  # fmt: skip
    root = ET.fromstring(svg)
    points = [c for c in root.iter(f"{NS}circle") if c.get("data-item")]
    assert [c.get("data-item") for c in points] == ["Q1", "Q<2>"]
    assert points[1].get("fill") == "#b3261e" and points[0].get("fill") != "#b3261e"
    assert "Q&lt;2&gt;" in svg and "Q3" not in svg


def test_the_histogram_draws_one_bar_per_score_and_the_cut_line_left_of_the_cut_score() -> None:
    svg = score_histogram([0, 2, 5, 3], 2, title="Scores", x_label="s", y_label="n", cut_label="cut")
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{NS}rect")]
    assert len(bars) == 3  # score 0 has no candidate
    cut = next(line for line in root.iter(f"{NS}line") if line.get("class") == "cut")
    centres = sorted(float(b.get("x")) + float(b.get("width")) / 2 for b in bars)  # scores 1, 2, 3
    assert centres[0] < float(cut.get("x1")) < centres[1]
    assert "cut 2" in svg


def test_reliability_over_time_labels_each_session_and_joins_them() -> None:
    svg = reliability_over_time([("2025-09-16", 0.83), ("2025-11-04", 0.79)], title="alpha", y_label="alpha")
    assert "2025-09-16" in svg and "0.83" in svg and "<polyline" in svg
    assert re.search(r'viewBox="0 0 420 \d+"', svg)

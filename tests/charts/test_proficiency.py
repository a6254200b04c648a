"""Charts of a PT round: bars with ±2/±3 limits, Youden plot, kernel density, control chart."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from casys.charts import proficiency as charts

NS = {"s": "http://www.w3.org/2000/svg"}


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _dashed_lines(root: ET.Element) -> list[ET.Element]:
    return [line for line in root.iter("{http://www.w3.org/2000/svg}line") if line.get("stroke-dasharray")]


def test_the_bars_are_sorted_and_the_participant_is_highlighted() -> None:
    svg = charts.z_score_bars([("L03", 1.0), ("L01", -2.5), ("L02", 3.4)], highlight="L01", title="A — Pb")
    root = _tree(svg)
    bars = root.findall("s:rect", NS)
    assert [b.get("data-code") for b in bars] == ["L01", "L03", "L02"]
    assert [b.get("class") for b in bars] == ["highlight", None, None]
    assert bars[0].get("fill") != bars[1].get("fill")
    assert root.find("s:title", NS).text == "A — Pb"


def test_the_bars_have_warning_and_action_lines_on_both_sides() -> None:
    root = _tree(charts.z_score_bars([("L01", 0.5)]))
    labels = {t.text for t in root.findall("s:text", NS)}
    assert {"+2", "-2", "+3", "-3"} <= labels
    ys = sorted({float(line.get("y1")) for line in _dashed_lines(root)})
    assert len(ys) == 4
    # Symmetric around zero: the ±2 pair and the ±3 pair are equally far from the middle.
    assert math.isclose(ys[0] + ys[3], ys[1] + ys[2], abs_tol=0.02)


def test_a_bar_grows_with_its_score() -> None:
    root = _tree(charts.z_score_bars([("L01", 1.0), ("L02", 2.0)]))
    heights = [float(b.get("height")) for b in root.findall("s:rect", NS)]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.02)


def test_an_extreme_score_widens_the_axis_so_its_bar_stays_inside() -> None:
    root = _tree(charts.z_score_bars([("L01", 12.0)]))
    bar = root.find("s:rect", NS)
    assert float(bar.get("y")) >= 0.0


def test_text_is_escaped() -> None:
    svg = charts.z_score_bars([("<L1>", 1.0)], highlight="<L1>", title="a & b")
    assert "<L1>" not in svg and "&lt;L1&gt;" in svg and "a &amp; b" in svg
    _tree(svg)


def test_the_youden_plot_places_points_and_the_assigned_cross() -> None:
    svg = charts.youden_plot(
        [("L01", 10.0, 20.0), ("L02", 11.0, 22.0)], assigned=(10.0, 20.0), sigma=(0.5, 1.0), highlight="L02"
    )
    root = _tree(svg)
    circles = {c.get("data-code"): c for c in root.findall("s:circle", NS)}
    # L01 sits exactly on the assigned values: on both green lines.
    green = [line for line in root.findall("s:line", NS) if line.get("stroke") == "#1e7b4a"]
    assert float(circles["L01"].get("cx")) == pytest.approx(float(green[0].get("x1")), abs=0.01)
    assert float(circles["L01"].get("cy")) == pytest.approx(float(green[1].get("y1")), abs=0.01)
    # L02 is higher on both items: right of and above L01 (SVG y grows downwards).
    assert float(circles["L02"].get("cx")) > float(circles["L01"].get("cx"))
    assert float(circles["L02"].get("cy")) < float(circles["L01"].get("cy"))
    assert float(circles["L02"].get("r")) > float(circles["L01"].get("r"))


def test_the_density_integrates_to_one() -> None:
    values = [9.8, 10.0, 10.1, 10.3, 12.0]
    grid = [5.0 + i * 0.01 for i in range(1001)]
    area = sum(charts.density(values, grid)) * 0.01
    assert area == pytest.approx(1.0, abs=1e-3)


def test_the_density_of_identical_values_is_a_narrow_peak() -> None:
    peak = charts.density([5.0, 5.0], [5.0, 5.5])
    assert peak[0] > 10 * peak[1]


def test_the_density_chart_marks_the_assigned_value_and_the_participant() -> None:
    root = _tree(
        charts.kernel_density([9.8, 10.0, 10.2], assigned=10.0, sigma_pt=0.2, highlight=10.2, unit="µg/L")
    )
    assigned = root.find("s:line[@class='assigned']", NS)
    mine = root.find("s:line[@class='participant']", NS)
    assert float(mine.get("x1")) > float(assigned.get("x1"))
    assert any(t.text == "x_pt = 10" for t in root.findall("s:text", NS))


def test_the_control_chart_has_one_point_per_round_joined_in_order() -> None:
    svg = charts.score_history([("R1", 0.2), ("R2", -2.4), ("R3", 3.1)])
    root = _tree(svg)
    circles = root.findall("s:circle", NS)
    assert [c.get("fill") for c in circles] == ["#1f5fa8", charts.WARN_COLOUR, charts.ACTION_COLOUR]
    points = re.findall(r"([\d.]+),([\d.]+)", root.find("s:polyline", NS).get("points"))
    assert [float(x) for x, _ in points] == sorted(float(x) for x, _ in points)
    assert len(_dashed_lines(root)) == 4


def _texts(svg: str) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for t in _tree(svg).findall("s:text", NS):
        out.setdefault(t.get("class"), []).append(t.text or "")
    return out


def test_every_round_chart_shows_its_title_and_labels_both_axes() -> None:
    charts_drawn = {
        "bars": charts.z_score_bars([("L01", 0.5), ("L02", -1.0)], title="A — Pb", label="z score"),
        "youden": charts.youden_plot(
            [("L01", 10.1, 20.3)],
            assigned=(10.0, 20.0),
            sigma=(0.5, 1.0),
            labels=("A (mg)", "B (mg)"),
            title="Youden plot — Pb",
        ),
        "density": charts.kernel_density(
            [9.8, 10.0, 10.3], assigned=10.0, sigma_pt=0.3, title="A — Pb", x_label="result (mg)"
        ),
        "history": charts.score_history([("R1", 0.5), ("R2", 1.0)], title="Pb", label="score"),
    }
    expected = {
        "bars": ("A — Pb", {"z score", "participant"}),
        "youden": ("Youden plot — Pb", {"A (mg)", "B (mg)"}),
        "density": ("A — Pb", {"result (mg)", "density"}),
        "history": ("Pb", {"score", "round"}),
    }
    for name, svg in charts_drawn.items():
        title, labels = expected[name]
        texts = _texts(svg)
        assert texts["chart-title"] == [title], name
        assert labels <= {t for group in texts.values() for t in group}, name
        top = float(_tree(svg).get("viewBox").split()[1])
        assert top < 0, name  # the caption band sits above the plot, not over it

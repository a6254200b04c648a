"""SVG primitives: scales, ticks and escaping."""

import pytest

from casys.charts.svg import Scale, Svg, fmt, nice_ticks


def test_a_scale_maps_the_interval_ends_onto_the_pixel_ends() -> None:
    scale = Scale(10.0, 20.0, 50.0, 450.0)
    assert (scale(10.0), scale(15.0), scale(20.0)) == (50.0, 250.0, 450.0)
    assert Scale(1.0, 1.0, 0.0, 100.0)(1.0) == 50.0


def test_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0.0, 1.0) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(9.87, 10.13, 5) == [9.9, 9.95, 10.0, 10.05, 10.1]
    with pytest.raises(ValueError, match="finite"):
        nice_ticks(0.0, float("inf"))


def test_text_is_escaped_so_a_label_cannot_inject_markup() -> None:
    svg = Svg(100, 50, title='<script>alert("x")</script>')
    svg.text(1, 2, "a < b & c")
    out = svg.render()
    assert "<script>" not in out
    assert "a &lt; b &amp; c" in out
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_labels_are_short() -> None:
    assert (fmt(0.0), fmt(1234.5678), fmt(0.000123456)) == ("0", "1235", "0.0001235")

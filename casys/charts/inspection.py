"""Chart of the inspection body's dashboard: defects found per month, stacked by grade."""

from __future__ import annotations

from collections.abc import Sequence

from casys.charts.svg import Scale, Svg, nice_ticks

#: worst grade at the bottom of each bar
COLOURS = {"dangerous": "#b3261e", "major": "#a86a00", "minor": "#5b6b7f"}


def defects_chart(
    months: Sequence[tuple[str, dict[str, int]]], *, title: str, legend: dict[str, str], axis_label: str
) -> str:
    """Bars per month (``label``, counts per grade) with a legend; the labels come translated."""
    width, height, left, bottom, top = 420, 210, 40, 165, 28
    most = max((sum(counts.values()) for _label, counts in months), default=0)
    y = Scale(0, max(most, 1), bottom, top)
    svg = Svg(width, height, title)
    svg.y_axis(y, left, [t for t in nice_ticks(0, max(most, 1), 4) if t == int(t)])
    step = (width - left - 10) / max(len(months), 1)
    for i, (label, counts) in enumerate(months):
        x, w, base = left + 3 + i * step, max(step - 6, 2), 0
        for grade, colour in COLOURS.items():
            n = counts.get(grade, 0)
            if n:
                svg.rect(x, y(base + n), w, y(base) - y(base + n), fill=colour)
                base += n
        if i % 2 == 0 or len(months) <= 6:
            svg.text(x + w / 2, bottom + 14, label, text_anchor="middle", font_size=9)
    svg.line(left, bottom, width - 10, bottom)
    svg.text((left + width) / 2, bottom + 32, axis_label, text_anchor="middle")
    x = left + 6
    for grade, colour in COLOURS.items():
        svg.rect(x, 8, 10, 10, fill=colour)
        svg.text(x + 14, 17, legend.get(grade, grade))
        x += 110
    return svg.render()

"""Charts of the psychometric report (certification of persons): item difficulty × discrimination,
the score distribution with the cut score, and the reliability over the sessions.

Drawn on the server with :mod:`casys.charts.svg`; every label arrives translated."""

from __future__ import annotations

from collections.abc import Sequence

from casys.charts.svg import Scale, Svg, fmt, nice_ticks

FLAGGED = "#b3261e"
PLAIN = "#1f5fa8"


def item_scatter(
    items: Sequence[tuple[str, float, float | None, bool]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    flagged_label: str,
) -> str:
    """One point per item (``id``, p, corrected r_pb, flagged): flagged items in red with their id;
    an item whose correlation is undefined (no variance) is left out."""
    width, height, left, right, top, bottom = 420, 280, 48, 12, 24, 236
    shown = [(i, p, r, f) for i, p, r, f in items if r is not None]
    lo = min([-0.2, *(r for _i, _p, r, _f in shown)])
    hi = max([0.8, *(r for _i, _p, r, _f in shown)])
    x = Scale(0.0, 1.0, left, width - right)
    y = Scale(lo, hi, bottom, top)
    svg = Svg(width, height, title)
    svg.x_axis(x, bottom, nice_ticks(0.0, 1.0, 5), x_label)
    svg.y_axis(y, left, nice_ticks(lo, hi, 5), y_label)
    svg.line(left, y(0.0), width - right, y(0.0), stroke="#9aa3b2", stroke_dasharray="4 3")
    for item_id, p, r, flagged in shown:
        assert r is not None  # noqa: S101 - filtered above
        colour = FLAGGED if flagged else PLAIN
        svg.add("circle", cx=x(p), cy=y(r), r=3.5 if flagged else 2.5, fill=colour, data_item=item_id)
        if flagged:
            svg.text(x(p) + 5, y(r) - 4, item_id, font_size=8, fill=FLAGGED)
    svg.circle(width - right - 120, 12, 3.5, fill=FLAGGED)
    svg.text(width - right - 112, 16, flagged_label, font_size=10)
    return svg.render()


def score_histogram(
    distribution: Sequence[int], cut: float | None, *, title: str, x_label: str, y_label: str, cut_label: str
) -> str:
    """Candidates at each total score 0…k, with a vertical line at the cut score."""
    width, height, left, right, top, bottom = 420, 240, 44, 12, 24, 196
    k = max(len(distribution) - 1, 1)
    most = max(max(distribution, default=0), 1)
    x = Scale(-0.5, k + 0.5, left, width - right)
    y = Scale(0, most, bottom, top)
    svg = Svg(width, height, title)
    svg.y_axis(y, left, [t for t in nice_ticks(0, most, 4) if t == int(t)], y_label)
    svg.x_axis(x, bottom, [t for t in nice_ticks(0, k, 6) if t == int(t)], x_label)
    bar = max((x(1) - x(0)) - 1, 1)
    for score, count in enumerate(distribution):
        if count:
            svg.rect(x(score) - bar / 2, y(count), bar, y(0) - y(count), fill="#7a9cc6")
    if cut is not None:
        cx = x(cut - 0.5)  # a score ≥ cut passes: the line stands left of the cut's bar
        svg.line(cx, top, cx, bottom, stroke=FLAGGED, stroke_width=2, class_="cut")
        svg.text(cx + 4, top + 10, f"{cut_label} {fmt(cut, 3)}", fill=FLAGGED, font_size=10)
    return svg.render()


def reliability_over_time(points: Sequence[tuple[str, float | None]], *, title: str, y_label: str) -> str:
    """Alpha (= KR-20 on 0/1 items) of each session in date order (``label``, value)."""
    width, height, left, right, top, bottom = 420, 220, 44, 16, 24, 176
    y = Scale(0.0, 1.0, bottom, top)
    svg = Svg(width, height, title)
    svg.y_axis(y, left, nice_ticks(0.0, 1.0, 5), y_label)
    svg.line(left, bottom, width - right, bottom)
    step = (width - left - right) / max(len(points), 1)
    line = []
    for i, (label, value) in enumerate(points):
        cx = left + step * (i + 0.5)
        svg.text(cx, bottom + 14, label, text_anchor="middle", font_size=9)
        if value is not None:
            line.append((cx, y(value)))
            svg.circle(cx, y(value), 3.5, fill=PLAIN)
            svg.text(cx, y(value) - 7, fmt(value, 3), text_anchor="middle", font_size=9)
    if len(line) > 1:
        svg.polyline(line)
    return svg.render()

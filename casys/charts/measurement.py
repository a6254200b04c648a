"""Charts of measurement results: uncertainty budget, Monte Carlo histogram, tolerance interval, OC curve.

Drawn on the server with :mod:`casys.charts.svg` so the page and the PDF report
show the same picture. Every function takes plain numbers and already
translated labels, and returns the SVG text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from casys.charts.svg import Scale, Svg, fmt, nice_ticks

OK, WARN, BAD, INK, BRAND, MUTED = "#1e7b4a", "#a86a00", "#b3261e", "#1d2433", "#1f5fa8", "#5b6475"


def budget_chart(lines: Sequence[tuple[str, float]], *, title: str, axis_label: str = "%") -> str:
    """Horizontal bars of each input's share of the combined variance (JCGM 100:2008 budget).

    ``lines`` are (input quantity, share in [0, 1]) pairs, drawn in the given order.
    """
    row, left, width = 24, 170, 600
    height = 50 + row * max(len(lines), 1)
    svg = Svg(width, height, title=title)
    top = max((share for _, share in lines), default=0.0)
    x = Scale(0.0, max(top * 100.0, 1.0) * 1.05, left, width - 20)
    ticks = nice_ticks(0.0, x.hi, 5)
    for t in ticks:
        svg.line(x(t), 10, x(t), height - 36, stroke="#dde2ea")
    for i, (name, share) in enumerate(lines):
        y0 = 12 + i * row
        svg.text(left - 8, y0 + 15, name[:28], text_anchor="end")
        svg.rect(left, y0 + 3, x(share * 100.0) - left, row - 8, fill=BRAND, class_="bar")
        svg.text(x(share * 100.0) + 4, y0 + 15, f"{share * 100:.1f} %", font_size=10, fill=MUTED)
    svg.x_axis(x, height - 36, ticks, axis_label)
    return svg.render()


def histogram_chart(
    edges: Sequence[float],
    counts: Sequence[int],
    *,
    interval: tuple[float, float],
    title: str,
    axis_label: str,
    interval_label: str,
    end_labels: tuple[str, str] | None = None,
) -> str:
    """Monte Carlo model values as a histogram, coverage interval marked (JCGM 101:2008 figures).

    ``end_labels`` are the interval end points as the page reports them (rounded like U);
    without them the end points are printed to 6 significant digits.
    """
    if len(edges) != len(counts) + 1 or not counts:
        raise ValueError("histogram: need len(edges) == len(counts) + 1 > 1")
    width, height, left, bottom = 600, 260, 50, 210
    lo, hi = min(edges[0], interval[0]), max(edges[-1], interval[1])
    x = Scale(lo, hi, left, width - 20)
    y = Scale(0.0, max(counts) * 1.1 or 1.0, bottom, 24)
    svg = Svg(width, height, title=title)
    svg.rect(
        x(interval[0]), 24, x(interval[1]) - x(interval[0]), bottom - 24, fill="#e3f1e8", class_="coverage"
    )
    for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True):
        svg.rect(x(a), y(c), max(x(b) - x(a) - 0.5, 0.5), bottom - y(c), fill=BRAND, class_="bin")
    labels = end_labels or (fmt(interval[0], 6), fmt(interval[1], 6))
    for end, label in zip(interval, labels, strict=True):
        svg.line(x(end), 20, x(end), bottom, stroke=OK, stroke_width=2, stroke_dasharray="5 3")
        svg.text(x(end), 16, label, text_anchor="middle", font_size=10, fill=OK)
    svg.text(width - 20, 40, interval_label, text_anchor="end", font_size=10, fill=OK)
    svg.x_axis(x, bottom, nice_ticks(lo, hi, 5), axis_label)
    return svg.render()


@dataclass(frozen=True)
class ToleranceLabels:
    """Translated labels for :func:`tolerance_chart`."""

    title: str
    lower: str = "T_L"
    upper: str = "T_U"
    acceptance: str = "acceptance zone"
    guard: str = "guard band"
    result: str = "y ± U"


def tolerance_chart(
    y: float,
    U: float,
    lower: float | None,
    upper: float | None,
    *,
    labels: ToleranceLabels,
    unit: str = "",
    A_L: float | None = None,
    A_U: float | None = None,
) -> str:
    """The tolerance interval, acceptance zone and guard bands, with the result y and y ± U.

    A one-sided interval has one limit ``None``; the open side is drawn to the
    edge of the picture. ``A_L``/``A_U`` are the acceptance limits of the rule
    (guard bands are drawn between a tolerance limit and its acceptance limit).
    """
    finite = [v for v in (lower, upper, A_L, A_U, y - U, y + U) if v is not None and math.isfinite(v)]
    span = (max(finite) - min(finite)) or max(abs(y), 1.0)
    lo, hi = min(finite) - 0.25 * span, max(finite) + 0.25 * span
    width, height, left, right, mid = 600, 150, 30, 570, 70
    x = Scale(lo, hi, left, right)
    svg = Svg(width, height, title=labels.title)
    t_lo = x(lower) if lower is not None else left
    t_hi = x(upper) if upper is not None else right
    svg.rect(left, mid - 22, right - left, 44, fill="#f9e1df", class_="nonconforming")
    svg.rect(t_lo, mid - 22, t_hi - t_lo, 44, fill="#e3f1e8", class_="tolerance")
    a_lo = x(A_L) if A_L is not None else t_lo
    a_hi = x(A_U) if A_U is not None else t_hi
    for g0, g1 in ((min(t_lo, a_lo), max(t_lo, a_lo)), (min(t_hi, a_hi), max(t_hi, a_hi))):
        if g1 - g0 > 0.5:
            svg.rect(g0, mid - 22, g1 - g0, 44, fill="#f6e3b8", class_="guard-band")
    for value, name in ((lower, labels.lower), (upper, labels.upper)):
        if value is not None:
            svg.line(x(value), mid - 30, x(value), mid + 30, stroke=BAD, stroke_width=2)
            svg.text(x(value), mid - 34, f"{name} = {fmt(value, 6)}", text_anchor="middle", font_size=10)
    for value in (A_L, A_U):
        if value is not None and value not in (lower, upper):
            svg.line(
                x(value), mid - 22, x(value), mid + 22, stroke=WARN, stroke_width=1.5, stroke_dasharray="4 3"
            )
    svg.line(x(y - U), mid, x(y + U), mid, stroke=INK, stroke_width=2, class_="expanded-uncertainty")
    for end in (y - U, y + U):
        svg.line(x(end), mid - 8, x(end), mid + 8, stroke=INK, stroke_width=2)
    svg.circle(x(y), mid, 5, fill=INK, class_="result")
    svg.text(
        x(y),
        mid + 22,
        f"{labels.result}: {fmt(y, 6)} ± {fmt(U, 2)} {unit}".strip(),
        text_anchor="middle",
        font_size=10,
    )
    key_y = height - 12
    for i, (colour, text) in enumerate(((("#e3f1e8"), labels.acceptance), ("#f6e3b8", labels.guard))):
        svg.rect(left + i * 200, key_y - 9, 12, 10, fill=colour)
        svg.text(left + i * 200 + 16, key_y, text, font_size=10)
    return svg.render()


def oc_chart(
    points: Sequence[tuple[float, float]],
    *,
    title: str,
    axis_label: str,
    pa_label: str,
    marks: Sequence[tuple[float, float, str]] = (),
) -> str:
    """Operating-characteristic curve: probability of acceptance against percent nonconforming.

    ``marks`` are points (p, P_a, label) drawn on the curve with a dashed drop
    line, e.g. the AQL and the limiting quality.
    """
    if len(points) < 2:
        raise ValueError("oc curve: need at least two points")
    width, height, left, bottom = 600, 300, 60, 250
    x = Scale(0.0, max(p for p, _ in points) * 100.0, left, width - 20)
    y = Scale(0.0, 1.0, bottom, 20)
    svg = Svg(width, height, title=title)
    for t in (0.25, 0.5, 0.75, 1.0):
        svg.line(left, y(t), width - 20, y(t), stroke="#dde2ea")
    svg.polyline([(x(p * 100.0), y(pa)) for p, pa in points], stroke=BRAND, stroke_width=2, class_="oc")
    for p, pa, label in marks:
        if not 0.0 <= p * 100.0 <= x.hi:
            continue
        svg.line(x(p * 100.0), y(pa), x(p * 100.0), bottom, stroke="#8a94a6", stroke_dasharray="4 3")
        svg.circle(x(p * 100.0), y(pa), 4, fill=BRAND, class_="oc-mark")
        svg.text(x(p * 100.0) + 6, y(pa) - 6, label, font_size=11)
    svg.x_axis(x, bottom, nice_ticks(0.0, x.hi, 6), axis_label)
    svg.y_axis(y, left, [0.0, 0.25, 0.5, 0.75, 1.0], pa_label)
    return svg.render()

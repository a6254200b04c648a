"""Charts of a PT round, drawn on the server as SVG (the same picture on the page and in the PDF).

- :func:`z_score_bars` — every participant's score as a bar, one highlighted, lines at ±2 and ±3
  (the warning and action limits of ISO 13528:2022, 9.4.1);
- :func:`youden_plot` — paired results on two PT items (Youden, ISO 13528:2022, 10.5);
- :func:`kernel_density` — a kernel density of the results with the assigned value marked
  (ISO 13528:2022, 10.3);
- :func:`score_history` — a laboratory's scores over rounds as a control chart with ±2/±3 limits
  (ISO 13528:2022, 10.6).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import gaussian_kde

from casys.charts.svg import Scale, Svg, fmt, nice_ticks

# ISO 13528:2022, 9.4.1: warning signal beyond |z| = 2, action signal from |z| = 3.
WARNING, ACTION = 2.0, 3.0
HIGHLIGHT, OTHER, WARN_COLOUR, ACTION_COLOUR = "#b3261e", "#8aa4c8", "#a86a00", "#b3261e"


def _limits(svg: Svg, y: Scale, x0: float, x1: float) -> None:
    for level, colour in ((WARNING, WARN_COLOUR), (ACTION, ACTION_COLOUR)):
        for sign in (1, -1):
            svg.line(x0, y(sign * level), x1, y(sign * level), stroke=colour, stroke_dasharray="5 4")
            svg.text(x1 + 4, y(sign * level) + 4, f"{sign * level:+g}", fill=colour, font_size=10)


def _z_range(values: Sequence[float]) -> tuple[float, float]:
    top = max([ACTION + 0.5, *(abs(v) for v in values)])
    return -top, top


def z_score_bars(
    scores: Sequence[tuple[str, float]],
    *,
    highlight: str | None = None,
    title: str = "",
    label: str = "z",
    x_label: str = "participant",
) -> str:
    """Bars of (participant code, score) sorted by score, ``highlight`` drawn in red.

    >>> svg = z_score_bars([("L01", 0.4), ("L02", -2.4), ("L03", 3.6)], highlight="L02")
    >>> svg.count("<rect"), 'data-code="L02"' in svg, 'class="highlight"' in svg
    (3, True, True)
    """
    ordered = sorted(scores, key=lambda s: (s[1], s[0]))
    width, height, left, right, top, bottom = 640, 300, 48, 30, 24, 56
    svg = Svg(width, height, title=title or label, caption=True)
    lo, hi = _z_range([v for _, v in ordered])
    y = Scale(lo, hi, height - bottom, top)
    svg.y_axis(y, left, nice_ticks(lo, hi, 6), label)
    _limits(svg, y, left, width - right)
    svg.line(left, y(0.0), width - right, y(0.0))
    step = (width - right - left) / max(len(ordered), 1)
    for index, (code, value) in enumerate(ordered):
        x = left + index * step + step * 0.15
        mine = code == highlight
        svg.rect(
            x,
            min(y(0.0), y(value)),
            step * 0.7,
            abs(y(value) - y(0.0)),
            fill=HIGHLIGHT if mine else OTHER,
            class_="highlight" if mine else None,
            data_code=code,
        )
        if len(ordered) <= 40 or mine:
            svg.text(x + step * 0.35, height - bottom + 14, code, text_anchor="middle", font_size=9)
    svg.text((left + width - right) / 2, height - 10, x_label, text_anchor="middle", class_="x-label")
    return svg.render()


def youden_plot(
    points: Sequence[tuple[str, float, float]],
    *,
    assigned: tuple[float, float],
    sigma: tuple[float, float],
    highlight: str | None = None,
    labels: tuple[str, str] = ("item A", "item B"),
    title: str = "",
) -> str:
    """Youden plot: (code, result on item A, result on item B), the assigned values crossed,
    and the ±2σpt box (ISO 13528:2022, 10.5).

    >>> svg = youden_plot([("L01", 10.1, 20.3), ("L02", 9.7, 19.5)], assigned=(10.0, 20.0), sigma=(0.5, 1.0))
    >>> svg.count("<circle"), 'data-code="L01"' in svg
    (2, True)
    """
    size, margin = 420, 56
    svg = Svg(size, size, title=title or "Youden", caption=True)
    ranges = []
    for axis in (0, 1):
        values = [p[axis + 1] for p in points] + [assigned[axis] + k * sigma[axis] for k in (-3.5, 3.5)]
        ranges.append((min(values), max(values)))
    x = Scale(ranges[0][0], ranges[0][1], margin, size - 20)
    y = Scale(ranges[1][0], ranges[1][1], size - margin, 20)
    svg.x_axis(x, size - margin, nice_ticks(*ranges[0]), labels[0])
    svg.y_axis(y, margin, nice_ticks(*ranges[1]), labels[1])
    svg.line(x(assigned[0]), y.p0, x(assigned[0]), y.p1, stroke="#1e7b4a")
    svg.line(x.p0, y(assigned[1]), x.p1, y(assigned[1]), stroke="#1e7b4a")
    box_x, box_y = x(assigned[0] - 2 * sigma[0]), y(assigned[1] + 2 * sigma[1])
    svg.rect(
        box_x,
        box_y,
        x(assigned[0] + 2 * sigma[0]) - box_x,
        y(assigned[1] - 2 * sigma[1]) - box_y,
        fill="none",
        stroke=WARN_COLOUR,
        stroke_dasharray="5 4",
    )
    for code, a, b in points:
        mine = code == highlight
        svg.circle(x(a), y(b), 6 if mine else 4, fill=HIGHLIGHT if mine else OTHER, data_code=code)
        if mine:
            svg.text(x(a) + 8, y(b) - 6, code, fill=HIGHLIGHT)
    return svg.render()


def density(values: Sequence[float], grid: Sequence[float]) -> list[float]:
    """Gaussian kernel density of ``values`` on ``grid`` (Scott's bandwidth, scipy.stats.gaussian_kde).

    With fewer than two distinct values there is no spread to estimate: the density is
    then a narrow normal around the single value, 1 % of its magnitude wide.

    By hand: s = 1, h = 3^(-1/5)·s = 0.8027, and at x = 2 the density is
    (φ(0) + 2·φ(1/h))/(3·h) = (0.39894 + 2·0.18364)/(3·0.8027) = 0.3182.

    >>> d = density([1.0, 2.0, 3.0], [2.0])
    >>> round(d[0], 4)
    0.3182
    """
    data = np.asarray(values, dtype=float)
    points = np.asarray(grid, dtype=float)
    if data.size >= 2 and float(np.ptp(data)) > 0.0:
        return [float(v) for v in gaussian_kde(data)(points)]
    centre = float(data[0]) if data.size else 0.0
    width = abs(centre) * 0.01 or 1.0
    return [
        float(v) for v in np.exp(-0.5 * ((points - centre) / width) ** 2) / (width * math.sqrt(2 * math.pi))
    ]


def kernel_density(
    values: Sequence[float],
    *,
    assigned: float,
    sigma_pt: float | None = None,
    highlight: float | None = None,
    unit: str = "",
    title: str = "",
    x_label: str = "",
    y_label: str = "density",
) -> str:
    """The kernel density of the results, x_pt marked, x_pt ± 2σpt shaded, one result marked.

    >>> svg = kernel_density([9.8, 10.0, 10.1, 10.3, 12.0], assigned=10.05, sigma_pt=0.3, highlight=10.3)
    >>> 'class="assigned"' in svg, 'class="participant"' in svg, "<polyline" in svg
    (True, True, True)
    """
    width, height, left, right, top, bottom = 640, 260, 48, 20, 20, 48
    svg = Svg(width, height, title=title or y_label, caption=True)
    spread = sigma_pt if sigma_pt else (float(np.std(values)) or 1.0)
    lo = min([*values, assigned - 3 * spread])
    hi = max([*values, assigned + 3 * spread])
    pad = (hi - lo) * 0.05
    lo, hi = lo - pad, hi + pad
    grid = list(np.linspace(lo, hi, 200))
    curve = density(values, grid)
    x = Scale(lo, hi, left, width - right)
    y = Scale(0.0, max(curve) * 1.1 or 1.0, height - bottom, top)
    svg.x_axis(x, height - bottom, nice_ticks(lo, hi, 6), x_label or unit or "x")
    svg.y_axis(y, left, [], y_label)
    if sigma_pt:
        svg.rect(
            x(assigned - 2 * sigma_pt),
            top,
            x(assigned + 2 * sigma_pt) - x(assigned - 2 * sigma_pt),
            height - bottom - top,
            fill="#e2f3e9",
        )
    svg.polyline([(x(g), y(c)) for g, c in zip(grid, curve, strict=True)], stroke_width=2)
    for value in values:
        svg.line(x(value), height - bottom, x(value), height - bottom - 8, stroke="#1d2433")
    svg.line(
        x(assigned), top, x(assigned), height - bottom, stroke="#1e7b4a", stroke_width=2, class_="assigned"
    )
    svg.text(x(assigned) + 4, top + 12, f"x_pt = {fmt(assigned)}", fill="#1e7b4a")
    if highlight is not None:
        svg.line(
            x(highlight),
            top,
            x(highlight),
            height - bottom,
            stroke=HIGHLIGHT,
            stroke_width=2,
            class_="participant",
        )
    return svg.render()


def score_history(
    points: Sequence[tuple[str, float]], *, title: str = "", label: str = "z", x_label: str = "round"
) -> str:
    """A laboratory's scores over rounds (round label, score) as a control chart with ±2/±3 limits.

    >>> svg = score_history([("2025-1", 0.5), ("2025-2", -1.2), ("2026-1", 2.6)])
    >>> svg.count("<circle"), "2026-1" in svg
    (3, True)
    """
    width, height, left, right, top, bottom = 640, 260, 48, 30, 20, 48
    svg = Svg(width, height, title=title or label, caption=True)
    lo, hi = _z_range([v for _, v in points])
    y = Scale(lo, hi, height - bottom, top)
    svg.y_axis(y, left, nice_ticks(lo, hi, 6), label)
    _limits(svg, y, left, width - right)
    svg.line(left, y(0.0), width - right, y(0.0))
    step = (width - right - left) / max(len(points), 1)
    coords = [(left + (i + 0.5) * step, y(v)) for i, (_, v) in enumerate(points)]
    if len(coords) > 1:
        svg.polyline(coords, stroke_width=1.5)
    for (name, value), (cx, cy) in zip(points, coords, strict=True):
        colour = ACTION_COLOUR if abs(value) >= ACTION else WARN_COLOUR if abs(value) > WARNING else "#1f5fa8"
        svg.circle(cx, cy, 4, fill=colour)
        svg.text(cx, height - bottom + 14, name, text_anchor="middle", font_size=9)
    svg.text((left + width - right) / 2, height - 8, x_label, text_anchor="middle", class_="x-label")
    return svg.render()

"""Charts of the certification dashboard: open nonconformities by age, stacked major over minor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casys.charts.svg import Scale, Svg, nice_ticks

MAJOR, MINOR = "#b3261e", "#a86a00"


def nc_age_chart(buckets: Sequence[dict[str, Any]], *, title: str, major: str, minor: str, days: str) -> str:
    """Bars per age bucket (``label``, ``major``, ``minor``) and a legend; labels come translated."""
    width, height, left, bottom, top = 420, 200, 44, 160, 24
    most = max((b["major"] + b["minor"] for b in buckets), default=0)
    y = Scale(0, max(most, 1), bottom, top)
    svg = Svg(width, height, title)
    svg.y_axis(y, left, [t for t in nice_ticks(0, max(most, 1), 4) if t == int(t)])
    step = (width - left - 10) / max(len(buckets), 1)
    for i, b in enumerate(buckets):
        x = left + 8 + i * step
        w = step - 16
        svg.rect(x, y(b["major"]), w, bottom - y(b["major"]), fill=MAJOR)
        svg.rect(x, y(b["major"] + b["minor"]), w, y(b["major"]) - y(b["major"] + b["minor"]), fill=MINOR)
        svg.text(x + w / 2, bottom + 16, str(b["label"]), text_anchor="middle")
    svg.line(left, bottom, width - 10, bottom)
    svg.text((left + width) / 2, bottom + 34, days, text_anchor="middle")
    svg.rect(left + 10, 6, 10, 10, fill=MAJOR)
    svg.text(left + 24, 15, major)
    svg.rect(left + 120, 6, 10, 10, fill=MINOR)
    svg.text(left + 134, 15, minor)
    return svg.render()


def nc_by_requirement_chart(
    rows: Sequence[tuple[str, int, int]], *, title: str, major: str, minor: str, empty: str
) -> str:
    """Horizontal bars of nonconformities per requirement id (``(id, major, minor)``, most first):
    which clauses fail most across the body's clients."""
    width, left, right, row_h, top = 420, 150, 16, 20, 28
    height = top + max(len(rows), 1) * row_h + 12
    svg = Svg(width, height, title)
    most = max((a + b for _, a, b in rows), default=0)
    x = Scale(0, max(most, 1), left, width - right)
    svg.rect(left, 6, 10, 10, fill=MAJOR)
    svg.text(left + 14, 15, major)
    svg.rect(left + 110, 6, 10, 10, fill=MINOR)
    svg.text(left + 124, 15, minor)
    if not rows:
        svg.text(width / 2, top + 14, empty, text_anchor="middle")
    for i, (uid, n_major, n_minor) in enumerate(rows):
        y = top + i * row_h
        svg.text(left - 6, y + 13, uid, text_anchor="end")
        svg.rect(left, y + 3, x(n_major) - left, row_h - 6, fill=MAJOR)
        svg.rect(x(n_major), y + 3, x(n_major + n_minor) - x(n_major), row_h - 6, fill=MINOR)
        svg.text(x(n_major + n_minor) + 4, y + 13, str(n_major + n_minor))
    svg.line(left, top, left, height - 12)
    return svg.render()

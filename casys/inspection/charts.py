"""The dashboard's picture of defects by grade over the last twelve months."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from casys.charts.inspection import defects_chart


def _months(on: date, n: int = 12) -> list[tuple[int, int]]:
    out = []
    y, m = on.year, on.month
    for _i in range(n):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))


def defects_by_month(defects: Any, on: date) -> SafeString:
    """Defects found per month and grade (the body's ``Defect`` rows), as an SVG chart."""
    months = _months(on)
    first = date(months[0][0], months[0][1], 1)
    counts: Counter[tuple[int, int, str]] = Counter(
        (d.year, d.month, g) for d, g in defects.filter(found_on__gte=first).values_list("found_on", "grade")
    )
    rows = [
        (f"{m:02d}/{str(y)[2:]}", {g: counts[(y, m, g)] for g in ("dangerous", "major", "minor")})
        for y, m in months
    ]
    svg = defects_chart(
        rows,
        title=_("Defects found per month, by grade"),
        legend={"dangerous": _("dangerous"), "major": _("major"), "minor": _("minor")},
        axis_label=_("month of inspection"),
    )
    return mark_safe(svg)  # noqa: S308  (built by casys.charts.svg, which escapes text)

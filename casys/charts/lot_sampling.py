"""The history of a lot-by-lot acceptance inspection as SVG (ISO 2859-1 / MIL-STD-105E switching rules).

One mark per lot at the number found in its samples, filled by outcome
(accepted, rejected); behind the marks, one band per run of lots inspected under
the same severity (normal, tightened, reduced), so a switch shows where it happened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casys.charts.svg import Scale, Svg, nice_ticks

ACCEPTED, REJECTED = "#2e7d32", "#b3261e"
BANDS = {"normal": "#eef3fa", "tightened": "#fbecd6", "reduced": "#e6f4ea"}


@dataclass(frozen=True)
class LotMark:
    """One lot as the chart draws it."""

    lot: str
    severity: str
    accepted: bool
    found: int


def _runs(lots: Sequence[LotMark]) -> list[tuple[int, int, str]]:
    """(first index, last index, severity) of each run of lots under one severity."""
    runs: list[tuple[int, int, str]] = []
    for index, lot in enumerate(lots):
        if runs and runs[-1][2] == lot.severity:
            runs[-1] = (runs[-1][0], index, lot.severity)
        else:
            runs.append((index, index, lot.severity))
    return runs


def lot_history_chart(
    lots: Sequence[LotMark],
    *,
    title: str = "",
    severity_labels: Mapping[str, str] | None = None,
    outcome_labels: tuple[str, str] = ("accepted", "rejected"),
    axis_label: str = "found in the samples",
) -> str:
    """Marks of (lot, found) coloured by outcome over bands of severity.

    >>> svg = lot_history_chart([LotMark("L1", "normal", True, 0), LotMark("L2", "tightened", False, 3)])
    >>> svg.count('class="lot accepted"'), svg.count('class="lot rejected"'), svg.count('class="band')
    (1, 1, 2)
    """
    labels = dict(severity_labels or {})
    width, height, left, right, top, bottom = 720, 260, 52, 16, 30, 44
    svg = Svg(width, height, title=title or axis_label)
    top_value = max([2, *(lot.found for lot in lots)])
    y = Scale(0.0, float(top_value), height - bottom, top)
    step = (width - right - left) / max(len(lots), 1)
    for first, last, severity in _runs(lots):
        x0 = left + first * step
        svg.rect(x0, top, (last - first + 1) * step, height - bottom - top,
                 fill=BANDS.get(severity, "#f2f2f2"), class_=f"band {severity}")  # fmt: skip
        svg.text(x0 + 3, top - 6, labels.get(severity, severity), font_size=10, class_="severity-label")
    ticks = [t for t in nice_ticks(0.0, float(top_value), 4) if t == int(t)]
    svg.y_axis(y, left, ticks, axis_label)
    svg.line(left, y(0.0), width - right, y(0.0))
    for index, lot in enumerate(lots):
        cx = left + (index + 0.5) * step
        outcome = "accepted" if lot.accepted else "rejected"
        colour = ACCEPTED if lot.accepted else REJECTED
        radius = min(6.0, max(2.5, step * 0.3))
        svg.circle(cx, y(lot.found), radius, fill=colour, class_=f"lot {outcome}", data_lot=lot.lot)
        if len(lots) <= 30:
            svg.text(cx, height - bottom + 14, lot.lot, text_anchor="middle", font_size=8)
    legend_y = height - 8
    for offset, (colour, text) in enumerate(zip((ACCEPTED, REJECTED), outcome_labels, strict=True)):
        x = left + offset * 120
        svg.circle(x, legend_y - 4, 4, fill=colour)
        svg.text(x + 8, legend_y, text, font_size=10)
    return svg.render()

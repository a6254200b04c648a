"""Small SVG primitives: linear scales, nice ticks, and an escaped element builder.

Charts are drawn on the server so pages and PDF reports show the same picture
without JavaScript. Text is escaped; numbers are formatted with a fixed precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Scale:
    """Map a data interval [lo, hi] linearly onto pixels [p0, p1]."""

    lo: float
    hi: float
    p0: float
    p1: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo
        if span == 0:
            return (self.p0 + self.p1) / 2
        return self.p0 + (value - self.lo) * (self.p1 - self.p0) / span


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values inside [lo, hi] (steps of 1, 2, 2.5 or 5 × 10^n), about ``count`` intervals."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        raise ValueError("ticks: limits must be finite")
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    # The round step whose number of intervals is closest to the one asked for.
    step = min((m * power for m in (1, 2, 2.5, 5, 10)), key=lambda st: abs((hi - lo) / st - count))
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


def fmt(value: float, digits: int = 4) -> str:
    """A short label: up to ``digits`` significant digits, no trailing zeros."""
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"


def _attrs(attrs: dict[str, object]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.2f}"
        parts.append(f'{name}="{escape(str(value), quote=True)}"')
    return " ".join(parts)


@dataclass
class Svg:
    """An SVG document built element by element."""

    width: int
    height: int
    title: str = ""
    parts: list[str] = field(default_factory=list)
    #: draw the title as visible text above the plot (a printed report has no tooltip)
    caption: bool = False

    def add(self, tag: str, text: str | None = None, **attrs: object) -> None:
        attr_text = _attrs(attrs)
        if text is None:
            self.parts.append(f"<{tag} {attr_text}/>")
        else:
            self.parts.append(f"<{tag} {attr_text}>{escape(text)}</{tag}>")

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> None:
        attrs.setdefault("stroke", "#5b6475")
        self.add("line", x1=x1, y1=y1, x2=x2, y2=y2, **attrs)

    def rect(self, x: float, y: float, w: float, h: float, **attrs: object) -> None:
        self.add("rect", x=x, y=y, width=max(w, 0.0), height=max(h, 0.0), **attrs)

    def text(self, x: float, y: float, text: str, **attrs: object) -> None:
        attrs.setdefault("font_size", 11)
        attrs.setdefault("fill", "#1d2433")
        self.add("text", text, x=x, y=y, **attrs)

    def polyline(self, points: Sequence[tuple[float, float]], **attrs: object) -> None:
        attrs.setdefault("fill", "none")
        attrs.setdefault("stroke", "#1f5fa8")
        self.add("polyline", points=" ".join(f"{x:.2f},{y:.2f}" for x, y in points), **attrs)

    def circle(self, cx: float, cy: float, r: float, **attrs: object) -> None:
        self.add("circle", cx=cx, cy=cy, r=r, **attrs)

    def x_axis(self, scale: Scale, y: float, ticks: Sequence[float], label: str = "") -> None:
        self.line(scale.p0, y, scale.p1, y)
        for t in ticks:
            x = scale(t)
            self.line(x, y, x, y + 4)
            self.text(x, y + 16, fmt(t), text_anchor="middle")
        if label:
            self.text((scale.p0 + scale.p1) / 2, y + 32, label, text_anchor="middle")

    def y_axis(self, scale: Scale, x: float, ticks: Sequence[float], label: str = "") -> None:
        self.line(x, scale.p0, x, scale.p1)
        for t in ticks:
            y = scale(t)
            self.line(x - 4, y, x, y)
            self.text(x - 6, y + 4, fmt(t), text_anchor="end")
        if label:
            mid = (scale.p0 + scale.p1) / 2
            self.text(14, mid, label, text_anchor="middle", transform=f"rotate(-90 14 {mid:.2f})")

    def render(self) -> str:
        title = f"<title>{escape(self.title)}</title>" if self.title else ""
        top, height, caption = 0, self.height, ""
        if self.caption and self.title:
            # a band above the plot (negative y): the plot keeps the coordinates it was drawn in
            top, height = -22, self.height + 22
            caption = (
                f'<text class="chart-title" x="{self.width / 2:.2f}" y="-7" text-anchor="middle" '
                f'font-size="13" font-weight="bold" fill="#1d2433">{escape(self.title)}</text>'
            )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {top} {self.width} {height}" '
            f'width="{self.width}" height="{height}" role="img" '
            f'aria-label="{escape(self.title, quote=True)}">'
            f"{title}{caption}{''.join(self.parts)}</svg>"
        )

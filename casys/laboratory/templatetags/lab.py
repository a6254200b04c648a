"""Number formatting for measurement results (JCGM 100:2008 7.2.6: U to two significant digits)."""

from __future__ import annotations

import math

from django import template
from django.utils.formats import number_format

register = template.Library()


def _decimals(U: float, digits: int = 2) -> int:
    if not U or not math.isfinite(U):
        return 6
    return max(0, digits - 1 - math.floor(math.log10(abs(U))))


@register.filter
def sig(value: float | None, digits: int = 2) -> str:
    """``value`` to ``digits`` significant digits (no exponent for ordinary magnitudes)."""
    if value is None:
        return ""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    places = _decimals(value, digits)
    rounded = round(value, places)
    return f"{rounded:.{places}f}" if abs(value) < 1e9 else f"{value:.{digits}g}"


@register.filter
def like_u(value: float | None, U: float | None) -> str:
    """``value`` rounded to the decimal place of the second significant digit of ``U`` (GUM 7.2.6)."""
    if value is None:
        return ""
    places = _decimals(float(U)) if U is not None else 6
    return f"{float(value):.{places}f}"


@register.filter
def g(value: float | None, digits: int = 6) -> str:
    """``value`` in the shortest form with up to ``digits`` significant digits."""
    return "" if value is None else f"{float(value):.{digits}g}"


@register.filter
def pct(value: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage in the reader's number format: 0.0459 → "4.59 %" (fr: "4,59 %")."""
    if value is None:
        return "—"
    # number_format truncates the decimals it drops; round first
    places = int(decimals)
    return f"{number_format(round(float(value) * 100.0, places), places)}\u00a0%"

"""``{{ app.justification|justification }}``: the audit-time justification in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from casys.certification.justification import translate_lines

register = template.Library()


@register.filter(name="justification")
def justification_filter(lines: Iterable[str] | None) -> list[str]:
    return translate_lines(lines or ())

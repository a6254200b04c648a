"""``{{ text|pt_method }}`` and ``{{ kind|score_label }}`` on PT pages."""

from __future__ import annotations

from django import template

from casys.proficiency import texts

register = template.Library()


@register.filter(name="pt_method")
def pt_method(text: str) -> str:
    return texts.method_line(text or "")


@register.filter(name="score_label")
def score_label(kind: str) -> str:
    return texts.score_label(kind or "")

"""``{{ id|scheme_title }}`` and ``{{ ids|scheme_titles }}``: a scheme's title where a person reads it."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from casys.certification.services.engine import scheme_title

register = template.Library()


@register.filter(name="scheme_title")
def scheme_title_filter(scheme_id: str) -> str:
    return scheme_title(scheme_id)


@register.filter(name="scheme_titles")
def scheme_titles_filter(scheme_ids: Iterable[str], separator: str = ", ") -> str:
    return separator.join(scheme_title(s) for s in scheme_ids or ())

"""Template filters of the inspection pages."""

from __future__ import annotations

from datetime import date

from django import template

register = template.Library()


@register.filter
def day(value: object) -> object:
    """A report snapshot's ISO date string as a date (shown then in the page's language by ``|date``)."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value

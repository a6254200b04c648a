"""Template filters of the inspection pages."""

from __future__ import annotations

from datetime import date

from django import template

from casys.inspection.services import InspectionError, scheme

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


@register.filter
def scheme_title(scheme_id: str) -> str:
    """The title of a shipped inspection scheme (the id itself when it is not one)."""
    try:
        return scheme(scheme_id).title
    except InspectionError:
        return scheme_id

"""Template helpers for printed documents: CSS strings, the "page x of y" counter."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cssstr(value: object) -> SafeString:
    """A value inside a CSS string literal ("..."): backslash, quote and line breaks escaped."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return mark_safe(text)  # noqa: S308  (escaped for a CSS string above)


@register.simple_tag
def page_x_of_y() -> SafeString:
    """CSS ``content`` for "Page x of y" in the active language (margin boxes, counter(pages))."""
    # Translators: keep {page} and {pages}; they become the page number and the page count.
    sentence = _("Page {page} of {pages}")
    css = []
    rest = sentence
    for name in ("page", "pages"):
        before, _sep, rest = rest.partition("{" + name + "}")
        css.append(f'"{cssstr(before)}" counter({name})')
    css.append(f'"{cssstr(rest)}"')
    return mark_safe(" ".join(css))  # noqa: S308  (built from escaped strings)


#: One long date format per language: Russian needs the genitive month (E), French and English
#: the month name as written in running text (F): 10 March 2026, 10 mars 2026, 10 марта 2026.
LONG_DATE = {"ru": "j E Y"}


@register.filter
def longdate(value: date | str | None) -> str:
    """A date (or an ISO date string, as frozen in a snapshot) in words, in the active language:
    no ambiguous 03/10/2026 on a document."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return dateformat.format(value, LONG_DATE.get(get_language() or "en", "j F Y"))


@register.filter
def nowrap(value: object) -> SafeString:
    """Text that must not break across lines (a standard's reference, a number)."""
    return format_html('<span style="white-space:nowrap">{}</span>', value)

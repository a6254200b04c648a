"""Template filters for refused forms (see casys.accounts.refused)."""

from __future__ import annotations

from django import template

from casys.accounts.refused import EMPTY, FormState

register = template.Library()


@register.filter
def for_action(state: FormState | None, action: str) -> FormState:
    """The refused state of the form posting to ``action`` (an empty state for any other form)."""
    return state if state and state.action == action else EMPTY


@register.filter
def typed(state: FormState, name: str) -> str:
    """The value typed in field ``name``."""
    return state.v.get(name, "") if state else ""


@register.filter
def chosen(state: FormState, name: str) -> list[str]:
    """The values chosen in a multiple field ``name``."""
    return state.lists.get(name, []) if state else []


@register.filter
def error_for(state: FormState, name: str) -> str:
    """The reason shown next to field ``name``."""
    return state.errors.get(name, "") if state else ""

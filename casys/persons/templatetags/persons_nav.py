"""The persons sub-navigation: a link only to the pages the user's roles open (items and forms only for
the item bank's roles, ISO/IEC 17024:2012 7.4)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from casys.persons.views.common import (
    APPEAL_ROLES,
    APPLICATION_ROLES,
    DECIDERS,
    ITEM_BANK,
    SESSION_ROLES,
    STAFF,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def persons_links(context: dict[str, Any], body: Any) -> list[tuple[str, str]]:
    request = context["request"]
    pages = (
        ("persons:items", _("Item bank"), ITEM_BANK),
        ("persons:bank-psychometrics", _("Item statistics"), ITEM_BANK),
        ("persons:forms", _("Forms"), ITEM_BANK),
        ("persons:sessions", _("Sessions"), SESSION_ROLES),
        ("persons:applications", _("Applications"), APPLICATION_ROLES),
        ("persons:decisions", _("Decisions"), DECIDERS),
        ("persons:certificates", _("Certificates"), STAFF),
        ("persons:appeals", _("Appeals and complaints"), APPEAL_ROLES),
    )
    return [
        (reverse(name, args=[body.slug]), label)
        for name, label, roles in pages
        if request.scope.has_role(body.id, *roles)
    ]

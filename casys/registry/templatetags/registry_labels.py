"""Translated labels for the codes the core's chain and records use (states, statuses, links, dates)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

LABELS = {
    # link states
    "pass": _("holds"),
    "fail": _("fails"),
    "not-evaluated": _("not evaluated"),
    # certificate statuses and events
    "active": pgettext_lazy("registry", "active"),
    "suspended": _("suspended"),
    "withdrawn": pgettext_lazy("registry", "withdrawn"),
    "expired": pgettext_lazy("registry", "expired"),
    "restored": pgettext_lazy("registry", "restored"),
    "issued": _("issued"),
    "reissued": pgettext_lazy("registry", "reissued"),
    "transferred": _("transferred"),
    "scope_reduced": _("scope reduced"),
    "scope_extended": _("scope extended"),
    # links of the chain
    "certificate": _("certificate"),
    "accreditation": _("accreditation"),
    "recognition": _("recognition"),
    # dates of a link
    "issue_date": _("issue date"),
    "expiry_date": _("expiry date"),
    "on": _("date asked"),
    "valid_from": pgettext_lazy("registry", "valid from"),
    "valid_until": pgettext_lazy("registry", "valid until"),
    "signatory_since": _("signatory since"),
    "signatory_until": pgettext_lazy("registry", "signatory until"),
    "status_since": _("status since"),
}


@register.filter
def label(code: object) -> object:
    """The translated label of a code, or the code itself when it has none."""
    return LABELS.get(str(code), code)


@register.filter
def as_date(value: object) -> object:
    """A date of a record (a ``date`` or its ISO text from a published record) in the language's format."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return date_format(value)
    return value

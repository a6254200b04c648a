"""``{{ days|auditor_days }}``: "1 auditor-day", "5 auditor-days", "1,5 jour-auditeur", "21 человеко-день"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext, npgettext

register = template.Library()


@register.filter(name="auditor_days")
def auditor_days(value: object) -> str:
    """A number of auditor-days with the plural the language asks for.

    Whole numbers take the language's plural rules (ru: 1 день, 2 дня, 5 дней, 21 день);
    a fraction (7.5) takes the form the language uses for fractions (ru: 7,5 дня).
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    whole = number == number.to_integral_value()
    shown = number_format(number.quantize(Decimal(1)) if whole else number.normalize())
    if whole:
        return ngettext("%(n)s auditor-day", "%(n)s auditor-days", int(number)) % {"n": shown}
    # en: always plural; fr: below 2 singular (1,5 jour); ru: the genitive singular (7,5 дня)
    return npgettext("fraction", "%(n)s auditor-days", "%(n)s auditor-days", int(number)) % {"n": shown}

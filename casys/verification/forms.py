"""Forms of the verification pages (labels for every field, errors from the services next to them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casys.core.ghg.opinion import KINDS
from casys.verification.services import VerificationInputError


class ImportForm(forms.Form):
    statement = forms.CharField(
        label=_("GHG statement (CSV)"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_("Columns: source, category, gas, activity, activity_unit, factor, factor_unit."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Review comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(label=_("Opinion"), choices=[(k, k) for k in KINDS])


def add_service_error(form: Any, exc: VerificationInputError, field: str) -> None:
    """Put a service error on ``field`` (the message keeps the row and column it names)."""
    form.add_error(field, str(exc))

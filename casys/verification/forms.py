"""Forms of the verification pages (labels for every field, errors from the services next to them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casys.core.ghg.gwp import SETS
from casys.core.ghg.materiality import shipped_programmes
from casys.core.ghg.misstatements import KINDS as MISSTATEMENT_KINDS
from casys.core.ghg.opinion import KINDS
from casys.verification.models import Assurance, EngagementType
from casys.verification.services import VerificationInputError


class ImportForm(forms.Form):
    """The client's GHG statement: a CSV or XLSX file, or CSV text pasted."""

    file = forms.FileField(
        label=_("Statement file (CSV or XLSX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("The first sheet of a workbook is read; its first row names the columns."),
    )
    statement = forms.CharField(
        label=_("GHG statement (CSV)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_("Columns: source, category, gas, activity, activity_unit, factor, factor_unit."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not (data.get("statement") or "").strip():
            self.add_error("file", _("Choose a CSV or XLSX file, or paste the CSV text."))
        return data


class UploadForm(forms.Form):
    """The client's contact uploads the GHG statement on the portal."""

    file = forms.FileField(
        label=_("Statement file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_(
            "Columns: source, category, gas, activity, activity_unit, factor, factor_unit. "
            "The first sheet of a workbook is read; its first row names the columns."
        ),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Review comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(label=_("Opinion"), choices=[(k, k) for k in KINDS])


def add_service_error(form: Any, exc: VerificationInputError, field: str) -> None:
    """Put a service error on ``field`` (the message keeps the row and column it names); a refused
    statement shows each cell at fault on its own line."""
    for message in getattr(exc, "errors", None) or [str(exc)]:
        form.add_error(field, message)


class EngagementForm(forms.Form):
    """Open an engagement with its team of verifiers and its independent reviewer."""

    client = forms.ChoiceField(
        label=_("Client record"),
        required=False,
        help_text=_("Its contacts upload the GHG statement on the client portal."),
    )
    client_name = forms.CharField(
        label=_("Client"), max_length=300, required=False,
        help_text=_("Empty: the client record's name."),
    )  # fmt: skip
    title = forms.CharField(label=_("Claim"), max_length=300)
    engagement_type = forms.ChoiceField(label=_("Type"), choices=EngagementType.choices)
    assurance = forms.ChoiceField(label=_("Level of assurance"), choices=Assurance.choices)
    programme = forms.ChoiceField(label=_("Programme"), choices=[(p, p) for p in shipped_programmes()])
    period_start = forms.DateField(
        label=_("Reporting period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Reporting period to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    gwp = forms.ChoiceField(label=_("GWP set"), choices=[(s, s) for s in SETS], initial="AR6")
    previous_average_tco2e = forms.FloatField(label=_("Previous period's average (t CO2e)"), required=False)
    reported_total_tco2e = forms.FloatField(label=_("Client's reported total (t CO2e)"), required=False)
    cooling_off_years = forms.IntegerField(
        label=_("Cooling-off period (years)"), min_value=0, initial=2,
        help_text=_("The scheme's: no one who consulted for the client within it joins the team."),
    )  # fmt: skip
    team = forms.MultipleChoiceField(label=_("Team"), widget=forms.CheckboxSelectMultiple)
    reviewer = forms.ChoiceField(label=_("Independent reviewer"))

    def __init__(
        self, *args: Any, people: list[tuple[str, str]], clients: list[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = people
        self.fields["reviewer"].choices = people
        self.fields["client"].choices = [("", "—"), *clients]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("client") and not (data.get("client_name") or "").strip():
            self.add_error("client_name", _("Name the client or choose its record."))
        return data


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Client name"), max_length=300)
    country = forms.CharField(label=_("Country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)


class MisstatementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k, k) for k in MISSTATEMENT_KINDS])
    amount = forms.FloatField(label=_("Amount (t CO2e; positive when overstated)"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    corrected = forms.BooleanField(label=_("Corrected by the client"), required=False)
    upper_limit = forms.FloatField(
        label=_("Upper misstatement limit of the sample (projected)"), required=False
    )


class NonConformityForm(forms.Form):
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    material = forms.BooleanField(label=_("Material"), required=False)
    closed = forms.BooleanField(label=_("Closed"), required=False)


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the statement corrected?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

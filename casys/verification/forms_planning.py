"""Forms of the planning pages (competence, plan, risks, sampling, control tests, base year, claims)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casys.core.ghg.inventory import CATEGORIES
from casys.core.ghg.project import ClaimType
from casys.core.ghg.risk import LEVELS
from casys.verification.models import CompetenceKind

RISK_LEVELS = [("low", _("low")), ("medium", _("medium")), ("high", _("high"))]
assert [k for k, _label in RISK_LEVELS] == list(LEVELS)


class CompetenceForm(forms.Form):
    user = forms.ChoiceField(label=_("Verifier"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CompetenceKind.choices)
    value = forms.CharField(label=_("Sector or programme"), max_length=100)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = people


class PlanForm(forms.Form):
    sector = forms.CharField(label=_("Sector"), max_length=100)
    days = forms.DecimalField(label=_("Time allocated (days)"), max_digits=6, decimal_places=1)
    justification = forms.CharField(
        label=_("Justification of the time"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RiskForm(forms.Form):
    source = forms.CharField(label=_("Emission source"), max_length=200)
    inherent = forms.ChoiceField(label=_("Inherent risk"), choices=RISK_LEVELS)
    control = forms.ChoiceField(label=_("Control risk"), choices=RISK_LEVELS)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}))


class SamplingForm(forms.Form):
    name = forms.CharField(label=_("Population"), max_length=200)
    population = forms.CharField(
        label=_("Items (CSV)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Columns: item, book_value (t CO2e)."),
    )
    tolerable = forms.FloatField(label=_("Tolerable misstatement (t CO2e)"))
    confidence = forms.FloatField(label=_("Confidence"), initial=0.95)
    expected = forms.FloatField(label=_("Expected misstatement (t CO2e)"), initial=0)
    seed = forms.IntegerField(
        label=_("Seed"), required=False, help_text=_("Left empty, casys draws one and records it.")
    )


class EvaluationForm(forms.Form):
    audited = forms.CharField(
        label=_("Audited values (CSV)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Columns: item, audited_value (t CO2e), one row per selected item."),
    )


class ControlTestForm(forms.Form):
    control = forms.CharField(label=_("Control"), max_length=300)
    tolerable_rate = forms.FloatField(label=_("Tolerable deviation rate"), initial=0.05)
    risk = forms.FloatField(label=_("Risk of overreliance"), initial=0.05)
    expected_rate = forms.FloatField(label=_("Expected deviation rate"), initial=0)


class ControlResultForm(forms.Form):
    deviations = forms.IntegerField(label=_("Deviations found"), min_value=0)


class BaseYearForm(forms.Form):
    year = forms.IntegerField(label=_("Base year"), min_value=1990)
    tco2e = forms.FloatField(label=_("Base-year emissions (t CO2e)"))
    threshold_percent = forms.FloatField(label=_("Recalculation threshold (%)"))
    source = forms.CharField(label=_("Source of the threshold"), widget=forms.Textarea(attrs={"rows": 2}))


class StructuralChangeForm(forms.Form):
    description = forms.CharField(label=_("Structural change"), max_length=300)
    tco2e = forms.FloatField(
        label=_("Effect on the base year (t CO2e)"),
        help_text=_("Positive for an acquisition, negative for a divestment."),
    )


class RemovalForm(forms.Form):
    source = forms.CharField(label=_("Source of the removals"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=[(k, k) for k in CATEGORIES])
    tco2e = forms.FloatField(label=_("Removals (t CO2e)"))


class ClaimFigureForm(forms.Form):
    """One period of a claim: one field per term of the claim type (the claim type is data)."""

    period = forms.CharField(label=_("Vintage"), max_length=20)

    def __init__(self, *args: Any, claim: ClaimType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for term in claim.terms:
            self.fields[term.key] = forms.FloatField(label=f"{term.label} ({claim.unit})")


class ChecklistForm(forms.Form):
    requirement = forms.CharField(
        label=_("Requirement id"),
        max_length=120,
        help_text=_("A clause number or id of the profile, e.g. 6.1.2"),
    )
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}))

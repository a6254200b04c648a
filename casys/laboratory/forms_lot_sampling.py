"""Forms of the lot-by-lot acceptance inspection pages; the service checks the counts against the plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casys.core.sampling.code_letters import LEVELS
from casys.core.sampling.tables import AQLS
from casys.laboratory.models import Basis, Sampling


class SchemeForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    product = forms.CharField(label=_("Product"), max_length=300)
    characteristic = forms.CharField(label=_("Characteristic inspected"), max_length=300)
    supplier = forms.CharField(label=_("Supplier"), max_length=300)
    level = forms.ChoiceField(label=_("Inspection level"), choices=[(v, v) for v in LEVELS], initial="II")
    aql = forms.ChoiceField(label=_("AQL"), choices=[(a, a) for a in AQLS], initial="1.0")
    sampling = forms.ChoiceField(label=_("Sampling"), choices=Sampling.choices, initial=Sampling.SINGLE)
    basis = forms.ChoiceField(label=_("Counted as"), choices=Basis.choices, initial=Basis.NONCONFORMING)
    lot_size = forms.IntegerField(
        label=_("Usual lot size"),
        min_value=2,
        help_text=_("Shows the plan for the next lot; each lot states its own size."),
    )


class LotForm(forms.Form):
    lot = forms.CharField(label=_("Lot"), max_length=100)
    lot_size = forms.IntegerField(label=_("Lot size"), min_value=2)
    inspected_on = forms.DateField(label=_("Inspected on"), widget=forms.DateInput(attrs={"type": "date"}))
    d1 = forms.IntegerField(label=_("Found in the first (or only) sample"), min_value=0)
    d2 = forms.IntegerField(
        label=_("Found in the second sample"),
        min_value=0,
        required=False,
        help_text=_("Double sampling only, when the first sample did not decide."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, double: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not double:
            del self.fields["d2"]
            self.fields["d1"].label = _("Found in the sample")


class ResumeForm(forms.Form):
    resumed_on = forms.DateField(label=_("Resumed on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Corrective action by the supplier"), widget=forms.Textarea(attrs={"rows": 3})
    )

"""Forms of the laboratory pages; services do the checks that need more than one field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.core.sampling.tables import AQLS
from casys.laboratory.models import REPORT_LANGUAGES, DecisionRule, UncertaintySource
from casys.laboratory.services.model_entry import parse_readings
from casys.laboratory.services.uncertainty import MAX_JOB_TRIALS

MODEL_HELP = _("TOML model file: [model] expression, [inputs.NAME] distribution and parameters.")
BUDGET_HELP = _(
    "One row per line: input quantity; standard uncertainty u; sensitivity coefficient c; degrees of "
    "freedom (c defaults to 1, blank degrees of freedom = infinite)."
)


class MethodForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    measurand = forms.CharField(label=_("Measurand"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    lower_limit = forms.FloatField(label=_("Lower specification limit"), required=False)
    upper_limit = forms.FloatField(label=_("Upper specification limit"), required=False)
    uncertainty_source = forms.ChoiceField(
        label=_("Uncertainty evaluation"), choices=UncertaintySource.choices
    )
    model_toml = forms.CharField(
        label=_("Uncertainty model (TOML)"),
        required=False,
        help_text=MODEL_HELP,
        widget=forms.Textarea(attrs={"rows": 12, "class": "code"}),
    )
    budget_text = forms.CharField(
        label=_("Uncertainty budget"),
        required=False,
        help_text=BUDGET_HELP,
        widget=forms.Textarea(attrs={"rows": 6, "class": "code"}),
    )
    coverage_probability = forms.FloatField(label=_("Coverage probability"), initial=0.95)


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Customer name"), max_length=300)
    country = forms.CharField(label=_("Country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)


class AgreementForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)  # type: ignore[arg-type]
    method = forms.ModelChoiceField(
        label=_("Method"),
        queryset=None,
        required=False,
        empty_label=_("all methods"),  # type: ignore[arg-type]
    )
    rule = forms.ChoiceField(label=_("Decision rule"), choices=DecisionRule.choices)
    r = forms.FloatField(label=_("Guard band multiplier r (w = r·U)"), initial=1.0, min_value=0.0)
    binary = forms.TypedChoiceField(
        label=_("Statement"),
        coerce=lambda v: v == "binary",
        choices=[("binary", _("binary: pass / fail")), ("non-binary", _("non-binary: with conditional"))],
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=forms.DateInput(attrs={"type": "date"}))
    customer_representative = forms.CharField(label=_("Customer's representative"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, customers: Any, methods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]
        self.fields["method"].queryset = methods  # type: ignore[attr-defined]


class ResultForm(forms.Form):
    method = forms.ModelChoiceField(label=_("Method"), queryset=None)  # type: ignore[arg-type]
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)  # type: ignore[arg-type]
    sample = forms.CharField(label=_("Sample or item"), max_length=200)
    measured_on = forms.DateField(label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"}))
    item_description = forms.CharField(
        label=_("Description of the item"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was tested and its condition (ISO/IEC 17025:2017 7.8.2.1 g)."),
    )
    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampled_on = forms.DateField(
        label=_("Sampled on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only when the laboratory took the sample."),
    )
    sampling_plan = forms.CharField(label=_("Sampling plan or method"), required=False, max_length=300)
    external_provider = forms.CharField(
        label=_("External provider"),
        required=False,
        max_length=300,
        help_text=_("Name the provider when the result comes from outside the laboratory."),
    )
    value = forms.FloatField(
        label=_("Measured value"), required=False, help_text=_("Blank with a model: the model's estimate.")
    )
    u = forms.FloatField(
        label=_("Standard uncertainty u"),
        required=False,
        help_text=_("Only to enter the uncertainty by hand (then give k)."),
    )
    k = forms.FloatField(label=_("Coverage factor k"), required=False)
    model_toml = forms.CharField(
        label=_("Measurement model for this result (TOML)"),
        required=False,
        help_text=_("Blank: the method's model. Edit the input estimates of this measurement."),
        widget=forms.Textarea(attrs={"rows": 10, "class": "code"}),
    )
    mcm_seed = forms.IntegerField(
        label=_("Monte Carlo seed"),
        required=False,
        min_value=0,
        help_text=_("Give a seed to run Monte Carlo."),
    )
    trials = forms.IntegerField(
        label=_("Monte Carlo trials"),
        initial=100_000,
        min_value=1_000,
        max_value=MAX_JOB_TRIALS,
        required=False,
    )

    def __init__(self, *args: Any, customers: Any, methods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]
        self.fields["method"].queryset = methods  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(
        label=_("Language of the report"),
        required=False,
        choices=[("", _("The customer's language")), *REPORT_LANGUAGES],
    )
    location = forms.CharField(
        label=_("Where the laboratory activities were performed"),
        required=False,
        max_length=300,
        help_text=_("Blank: at the laboratory's permanent facilities."),
    )
    remarks = forms.CharField(
        label=_("Additions, deviations or exclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, customers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]


class CustomerRecordForm(forms.Form):
    report_language = forms.ChoiceField(label=_("Language of the reports"), choices=REPORT_LANGUAGES)
    contact_name = forms.CharField(
        label=pgettext_lazy("laboratory", "Contact person"), required=False, max_length=200
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)


class AmendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3}))


class SamplingForm(forms.Form):
    lot_size = forms.IntegerField(label=_("Lot size"), min_value=2, initial=5000)
    level = forms.ChoiceField(
        label=_("Inspection level"),
        choices=[(v, v) for v in ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")],
        initial="II",
    )
    aql = forms.ChoiceField(label=_("AQL"), choices=[], initial="1.0")
    inspection = forms.ChoiceField(
        label=_("Inspection"),
        choices=[("normal", _("normal")), ("tightened", _("tightened")), ("reduced", _("reduced"))],
        initial="normal",
    )
    double = forms.BooleanField(label=_("Double sampling"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aql"].choices = [(a, a) for a in AQLS]  # type: ignore[attr-defined]


DISTRIBUTION_CHOICES = [
    ("normal", _("normal (value ± u)")),
    ("t", _("t (value, u = scale, degrees of freedom)")),
    ("rectangular", _("rectangular (value ± half-width)")),
    ("triangular", _("triangular (value ± half-width)")),
    ("arcsine", _("arcsine (U-shaped, value ± half-width)")),
    ("trapezoidal", _("trapezoidal (value ± half-width, β)")),
    ("curvilinear-trapezoidal", _("curvilinear trapezoidal (value ± half-width, d)")),
    ("exponential", _("exponential (mean = value)")),
    ("gamma", _("gamma (mean = value, standard deviation u)")),
]


class MeasurementForm(forms.Form):
    """The measurement as a whole; its input quantities are the rows of :class:`InputRowForm`."""

    method = forms.ModelChoiceField(label=_("Method"), queryset=None)  # type: ignore[arg-type]
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)  # type: ignore[arg-type]
    sample = forms.CharField(label=_("Sample or item"), max_length=200)
    measured_on = forms.DateField(label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"}))
    expression = forms.CharField(
        label=_("Measurement function"),
        max_length=4000,
        help_text=_("The output quantity from the input quantities, e.g. (m_Rc + dm_Rc) * (1 + dV)."),
        widget=forms.TextInput(attrs={"class": "code"}),
    )
    coverage_probability = forms.FloatField(
        label=_("Coverage probability"), required=False, help_text=_("Blank: 0.95.")
    )
    mcm_seed = forms.IntegerField(
        label=_("Monte Carlo seed"),
        required=False,
        min_value=0,
        help_text=_("Give a seed to run Monte Carlo."),
    )
    trials = forms.IntegerField(
        label=_("Monte Carlo trials"),
        initial=100_000,
        min_value=1_000,
        max_value=MAX_JOB_TRIALS,
        required=False,
    )

    def __init__(self, *args: Any, customers: Any, methods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]
        self.fields["method"].queryset = methods  # type: ignore[attr-defined]


class InputRowForm(forms.Form):
    """One input quantity: a value with its distribution, or readings (a Type A evaluation)."""

    name = forms.CharField(label=_("Quantity"), max_length=60)
    value = forms.FloatField(label=_("Value"), required=False)
    readings = forms.CharField(
        label=_("or readings"),
        required=False,
        max_length=4000,
        help_text=_("Two or more repeated readings: a Type A evaluation."),
    )
    distribution = forms.ChoiceField(label=_("Distribution"), choices=DISTRIBUTION_CHOICES, initial="normal")
    u = forms.FloatField(label=_("Standard uncertainty u"), required=False)
    half_width = forms.FloatField(label=_("Half-width a"), required=False)
    beta = forms.FloatField(label=_("β (trapezoidal)"), required=False)
    d = forms.FloatField(label=_("d (curvilinear)"), required=False)
    dof = forms.FloatField(label=_("Degrees of freedom"), required=False, help_text=_("Blank: infinite."))
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def clean_readings(self) -> tuple[float, ...]:
        try:
            return parse_readings(self.cleaned_data.get("readings") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


InputRowFormSet = forms.formset_factory(InputRowForm, extra=0, min_num=1, max_num=50, validate_max=True)

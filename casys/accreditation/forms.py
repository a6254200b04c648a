"""Forms of the accreditation pages; the services do the checks that need more than one field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.models import BodyKind
from casys.accreditation.models import AssessmentKind, DecisionKind, EventKind, FindingGrade, InspectionType
from casys.accreditation.services.accreditations import CAB_KINDS

CONFIRM_HELP = _("This step is published in the registry and cannot be undone by editing.")

#: standard -> the columns of its scope lines: (attribute of a scope line, label)
CB_COLUMNS = (("normative_document", _("Scheme / normative document")), ("iaf_codes", _("IAF codes")))
LAB_COLUMNS = (
    ("field", _("Field of testing or calibration")),
    ("normative_document", _("Method (standard or in-house procedure)")),
    ("methods", _("Method codes")),
    ("measurand", _("Measurand / property")),
    ("range", _("Range")),
)
SCOPE_COLUMNS: dict[str, tuple[tuple[str, Any], ...]] = {
    "ISO/IEC 17021-1": CB_COLUMNS,
    "ISO/IEC 17065": CB_COLUMNS,
    "ISO/IEC 17024": (("normative_document", _("Certification scheme")), ("field", _("Occupation / field"))),
    "ISO/IEC 17025": LAB_COLUMNS,
    "ISO 15189": LAB_COLUMNS,
    "ISO/IEC 17043": (("normative_document", _("Proficiency-testing scheme")), ("field", _("Field"))),
    "ISO/IEC 17020": (
        ("field", _("Field of inspection")),
        ("normative_document", _("Inspection method or requirements")),
    ),
    "ISO/IEC 17029": (("normative_document", _("Programme / normative document")), ("field", _("Sector"))),
    "ISO 17034": (("normative_document", _("Reference material / scope line")), ("field", _("Field"))),
}
#: standard -> activity choices, where the standard has more than one (ISO/IEC 17025: testing or calibration)
ACTIVITY_CHOICES = {
    "ISO/IEC 17025": (("testing", _("testing")), ("calibration", _("calibration"))),
}


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class GrantForm(forms.Form):
    cab = forms.TypedChoiceField(
        label=_("Conformity assessment body"), coerce=int, required=False, empty_value=None
    )
    cab_slug = forms.CharField(
        label=_("or a CAB on casys, by its short name"),
        required=False,
        max_length=80,
        help_text=_("The short name shown in its registry address, e.g. baltcert."),
    )
    number = forms.CharField(label=_("Accreditation number"), max_length=80)
    activity = forms.ChoiceField(label=_("Activity"), required=False)
    inspection_type = forms.ChoiceField(
        label=_("Inspection body type"), choices=InspectionType.choices, required=False
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    confirm = forms.BooleanField(
        label=_("I confirm the accreditation decision to grant this accreditation"), help_text=CONFIRM_HELP
    )

    def __init__(self, *args: Any, cabs: list[Any], standard: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cab"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (c.pk, f"{c.name} ({c.get_kind_display()}, {c.country})") for c in cabs
        ]
        if standard in ACTIVITY_CHOICES:
            self.fields["activity"].choices = ACTIVITY_CHOICES[standard]  # type: ignore[attr-defined]
            self.fields["activity"].required = True
        else:
            del self.fields["activity"]
        if standard != "ISO/IEC 17020":
            del self.fields["inspection_type"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("cab") and not (data.get("cab_slug") or "").strip():
            self.add_error("cab", _("Choose a conformity assessment body or give its short name."))
        return data


class CabForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("accreditation", "Name"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind of body"), choices=[(k.value, k.label) for k in BodyKind if k in CAB_KINDS]
    )
    country = forms.CharField(
        label=_("Country"), max_length=2, help_text=pgettext_lazy("accreditation", "ISO 3166-1 alpha-2 code")
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EventForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Event"), choices=EventKind.choices)
    normative_document = forms.CharField(label=_("Normative document"), required=False, max_length=200)
    iaf_codes = forms.CharField(label=_("IAF codes"), required=False)
    methods = forms.CharField(label=_("Method codes"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label=_("I confirm (required to suspend or withdraw)"), required=False, help_text=CONFIRM_HELP
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in (EventKind.SUSPENDED, EventKind.WITHDRAWN) and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm a suspension or withdrawal."))
        return data


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of assessment"), choices=AssessmentKind.choices)
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    team_leader = forms.TypedChoiceField(label=_("Team leader"), coerce=int)
    assessors = forms.TypedMultipleChoiceField(
        label=_("Assessors"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation of the team"),
        choices=[("", "—"), *DecisionKind.choices],
        required=False,
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(u.pk, f"{u.full_name or u.email} <{u.email}>") for u in members]
        self.fields["team_leader"].choices = choices  # type: ignore[attr-defined]
        self.fields["assessors"].choices = choices  # type: ignore[attr-defined]


class FindingForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=FindingGrade.choices)
    clause = forms.CharField(label=_("Clause"), max_length=40, help_text=_("e.g. ISO/IEC 17021-1 9.4.8"))
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    on = forms.DateField(label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    normative_document = forms.CharField(
        label=_("Scope line (extension or reduction): normative document"), required=False, max_length=200
    )
    iaf_codes = forms.CharField(label=_("IAF codes"), required=False)
    methods = forms.CharField(label=_("Method codes"), required=False)
    confirm = forms.BooleanField(label=_("I confirm this accreditation decision"), help_text=CONFIRM_HELP)

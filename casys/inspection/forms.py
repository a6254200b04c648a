"""Forms of the inspection pages; the services do the checks (and name the field they refuse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casys.inspection.models import ACTIVITIES, LANGUAGES, Independence, ItemKind
from casys.inspection.services import InspectionError

DATE = forms.DateInput(attrs={"type": "date"})


class ScopeForm(forms.Form):
    scheme_id = forms.ChoiceField(label=_("Inspection scheme"))
    independence = forms.ChoiceField(label=_("Type of independence"), choices=Independence.choices)
    declared_on = forms.DateField(
        label=_("Declaration of non-involvement dated"),
        required=False,
        widget=DATE,
        help_text=_("Type A: the date of the body's declaration (ISO/IEC 17020:2012 Annex A.1)."),
    )

    def __init__(self, *args: Any, schemes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme_id"].choices = schemes  # type: ignore[attr-defined]


class ParentForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Organisation the body is part of"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
        empty_label=_("none (an independent body)"),
    )

    def __init__(self, *args: Any, clients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = clients  # type: ignore[attr-defined]


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Client name"), max_length=300)
    country = forms.CharField(label=_("Country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)


class CompetenceForm(forms.Form):
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=None)  # type: ignore[arg-type]
    field = forms.ChoiceField(label=_("Inspection field"))
    granted_on = forms.DateField(label=_("Authorised on"), widget=DATE)

    def __init__(self, *args: Any, inspectors: Any, fields: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]
        self.fields["field"].choices = fields  # type: ignore[attr-defined]


class InvolvementForm(forms.Form):
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=None)  # type: ignore[arg-type]
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)  # type: ignore[arg-type]
    activity = forms.ChoiceField(label=_("Activity"), choices=ACTIVITIES)
    since = forms.DateField(label=_("Since"), widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, inspectors: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


class InstrumentForm(forms.Form):
    code = forms.CharField(label=_("Instrument number"), max_length=60)
    name = forms.CharField(label=_("Instrument"), max_length=200)
    calibration_due = forms.DateField(label=_("Calibration due"), widget=DATE)
    certificate = forms.CharField(label=_("Calibration certificate"), max_length=120, required=False)


class ItemForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner (client)"), queryset=None)  # type: ignore[arg-type]
    identifier = forms.CharField(label=_("Identifier"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    lot_size = forms.IntegerField(label=_("Lot size"), required=False, min_value=1)

    def __init__(self, *args: Any, clients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = clients  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    scheme_id = forms.ChoiceField(label=_("Inspection scheme"))
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)  # type: ignore[arg-type]
    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=None)  # type: ignore[arg-type]
    planned_on = forms.DateField(label=_("Planned for"), widget=DATE)
    location = forms.CharField(label=_("Place of inspection"), max_length=300, required=False)

    def __init__(
        self, *args: Any, schemes: list[tuple[str, str]], clients: Any, items: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme_id"].choices = schemes  # type: ignore[attr-defined]
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["items"].queryset = items  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, inspectors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IssueForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGES)
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=_("What the correction corrects"), widget=forms.Textarea(attrs={"rows": 2})
    )
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))
    check_id = forms.CharField(label=_("Check"), required=False, max_length=80)


def add_error(form: forms.Form, exc: InspectionError) -> None:
    """Put a service error next to the field it names (or above the form when it names none)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message if field else str(exc))

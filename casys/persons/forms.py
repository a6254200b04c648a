"""Forms of the persons pages (each field has a label, so browser tests fill them by label)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casys.persons.models import ItemKind, RelationKind
from casys.persons.services import persons_schemes


def scheme_choices() -> list[tuple[str, str]]:
    return [(s.id, s.title) for s in persons_schemes()]


def element_choices() -> list[tuple[str, str]]:
    return [
        (e.id, f"{s.title}: {e.title}") for s in persons_schemes() if s.persons for e in s.persons.elements
    ]


def scope_choices() -> list[tuple[str, str]]:
    return [
        (f"{s.id}|{sc}", f"{s.title}: {sc}")
        for s in persons_schemes()
        if s.persons
        for sc in s.persons.scopes
    ]


class ItemForm(forms.Form):
    scheme_id = forms.ChoiceField(label=_("Scheme"), choices=scheme_choices)
    code = forms.SlugField(label=_("Item code"), max_length=60)
    element = forms.ChoiceField(label=_("Blueprint element"), choices=element_choices)
    kind = forms.ChoiceField(label=_("Kind of item"), choices=ItemKind.choices)
    stem = forms.CharField(label=_("Question or task"), widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(
        label=_("Options (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    key = forms.CharField(label=_("Key"), required=False, max_length=200)
    tolerance = forms.FloatField(label=_("Tolerance"), required=False)
    rubric = forms.CharField(
        label=_("Rubric (points and criterion, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssembleForm(forms.Form):
    scheme_id = forms.ChoiceField(label=_("Scheme"), choices=scheme_choices)
    code = forms.SlugField(label=_("Form code"), max_length=60)
    seed = forms.IntegerField(label=_("Seed"), min_value=0)


class SessionForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Examination form"), queryset=None)  # type: ignore[arg-type]
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    invigilator = forms.ModelChoiceField(label=_("Invigilator"), queryset=None, required=False)  # type: ignore[arg-type]
    examiner = forms.ModelChoiceField(label=_("Examiner"), queryset=None, required=False)  # type: ignore[arg-type]
    second_examiner = forms.ModelChoiceField(label=_("Second marker"), queryset=None, required=False)  # type: ignore[arg-type]
    capacity = forms.IntegerField(label=_("Seats candidates may book"), min_value=1, required=False)
    booking_closes_on = forms.DateField(
        label=_("Booking closes on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ApplyForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scheme and scope"), choices=scope_choices)


class EvidenceForm(forms.Form):
    requirement = forms.ChoiceField(
        label=_("Prerequisite"),
        choices=[
            ("education", _("education")),
            ("training_hours", _("training hours")),
            ("experience_months", _("experience months")),
            ("vision", _("vision test")),
            ("medical", _("medical fitness")),
        ],
    )
    value = forms.CharField(label=_("What it shows"), max_length=200)
    file = forms.FileField(label=_("Document"))


class RelationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member of staff"), queryset=None)  # type: ignore[arg-type]
    candidate = forms.ModelChoiceField(label=_("Candidate"), queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)


class CpdForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    activity = forms.CharField(label=_("Activity"), max_length=300)
    credits = forms.FloatField(label=_("Credits"), min_value=0)

"""Forms of the client master data and auditor records: they keep what was typed and show a
service's refusal next to the field it names (``field: reason``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.certification.models.auditor import EvidenceKind, QualificationRole
from casys.certification.models.client import LANGUAGES, AddressKind
from casys.certification.services import CertificationError


def run(form: forms.Form, action: Callable[[dict[str, Any]], Any]) -> Any:
    """Validate the form and run the service; a refusal lands on the field it names. None if refused."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except CertificationError as exc:
        field, sep, reason = str(exc).partition(": ")
        field = re.split(r"[\[.]", field)[0]  # "iaf_codes[1]" is the iaf_codes field
        if sep and field in form.fields:
            form.add_error(field, reason)
        else:
            form.add_error(None, str(exc))
        return None


class Errors(ErrorList):
    """Errors styled as the app's error boxes (``class="errorlist error"``)."""

    def __init__(self, initlist: Any = None, error_class: str | None = None, **kwargs: Any) -> None:
        super().__init__(initlist, f"{error_class} error" if error_class else "error", **kwargs)


class Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_class", Errors)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ClientForm(Form):
    name = forms.CharField(label=pgettext_lazy("certification", "Name"), max_length=300)
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=300,
        required=False,
        help_text=_("Shown in the registry and in CertSearch exports; the name is used if empty."),
    )
    registration_number = forms.CharField(label=_("Legal registration number"), max_length=40, required=False)
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=30,
        required=False,
        help_text=_("With its country prefix, e.g. DE123456789 (EL for Greece); the syntax VIES checks."),
    )
    nace_code = forms.CharField(
        label=_("NACE Rev. 2 code"), max_length=12, required=False, help_text=_("e.g. C25.62 or 25.62")
    )
    language = forms.ChoiceField(label=_("Language of the certificate"), choices=LANGUAGES)


class ContactPersonForm(Form):
    name = forms.CharField(label=pgettext_lazy("certification", "Name"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    primary = forms.BooleanField(label=_("Primary contact"), required=False)


class AddressForm(Form):
    kind = forms.ChoiceField(label=_("Kind of address"), choices=AddressKind.choices)
    street = forms.CharField(label=_("Street"), max_length=300, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.CharField(label=_("Country (ISO 3166-1 alpha-2)"), max_length=2, required=False)


class AuditorForm(Form):
    name = forms.CharField(label=pgettext_lazy("certification", "Name"), max_length=200)
    user = forms.TypedChoiceField(
        label=_("Signs in as"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Required for anyone who signs in: impartiality rules compare people, never names."),
    )

    other_person = forms.BooleanField(
        label=_("Another person of the same name as a member (does not sign in)"), required=False
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("— does not sign in —")), *members]


class QualificationForm(Form):
    scheme = forms.ChoiceField(label=_("Scheme"))
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=QualificationRole.choices, widget=forms.CheckboxSelectMultiple
    )
    iaf_codes = forms.CharField(label=_("IAF codes (e.g. 17, 18)"), max_length=200, required=False)
    valid_from = forms.DateField(
        label=pgettext_lazy("certification", "Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    areas = forms.CharField(
        label=_("Knowledge areas (sector competence, e.g. patient-safety)"), max_length=400, required=False
    )

    def __init__(self, *args: Any, schemes: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = schemes


class EndQualificationForm(Form):
    valid_until = forms.DateField(
        label=_("Last day of validity"), widget=forms.DateInput(attrs={"type": "date"})
    )


class EvidenceForm(Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)


class ConflictForm(Form):
    client = forms.TypedChoiceField(label=pgettext_lazy("certification", "Client"), coerce=int)
    kind = forms.CharField(label=_("Kind of conflict"), max_length=40, initial="consultancy")
    ended = forms.DateField(
        label=_("Ended on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, clients: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = clients

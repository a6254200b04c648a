from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from casys.notifications import outbound
from casys.notifications.models import DIGEST, EVENTS, IMMEDIATE, NOTICE_KINDS


class PreferenceForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("E-mail me when"),
        choices=list(NOTICE_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"), choices=[(IMMEDIATE, _("each notice at once")), (DIGEST, _("one digest a day"))]
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"])
        try:
            outbound.check_registration(url)
        except outbound.UnsafeURL as exc:
            raise ValidationError(str(exc), code="unsafe") from exc
        return url

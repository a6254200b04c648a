"""Forms of the sign-in flow: password (throttled), second-factor code, password reset e-mail."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casys.accounts.services import signin
from casys.accounts.services.members import may_sign_in


def lockout_message(lock: signin.Lockout) -> str:
    seconds = max(1, int((lock.until - timezone.now()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    at = formats.time_format(timezone.localtime(lock.until), "TIME_FORMAT")
    if lock.by == "account":
        reason = str(_("Too many failed sign-ins for this account."))
    else:
        reason = str(_("Too many failed sign-ins from your network address."))
    wait = ngettext(
        "You can try again at %(time)s UTC (in %(minutes)d minute).",
        "You can try again at %(time)s UTC (in %(minutes)d minutes).",
        minutes,
    ) % {"time": at, "minutes": minutes}
    return f"{reason} {wait}"


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refused while the account or the address is locked out.

    Every failure is counted (:mod:`casys.accounts.services.signin`) and written to the audit log.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Your email and password did not match. Please try again."),
        "no_membership": _(
            "Your account has no active membership in any body, so you cannot sign in. "
            "Ask an administrator of your organisation to invite you again."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        """Refuse a person whose every membership has ended — after the password was checked, so it
        tells nothing about an account to someone who does not know its password."""
        super().confirm_login_allowed(user)
        if not may_sign_in(user):
            raise ValidationError(self.error_messages["no_membership"], code="no_membership")

    @property
    def no_membership(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "no_membership")

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        if email and self.cleaned_data.get("password"):
            lock = signin.lockout(self.request, email)
            if lock is not None:
                signin.record_failure(self.request, email, locked=True)
                raise ValidationError(lockout_message(lock), code="locked")
            try:
                return super().clean()
            except ValidationError:
                signin.record_failure(self.request, email)
                raise
        return super().clean()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
    )


def user_language(user: Any) -> str:
    """The user's own language if it is one of ours, else the active one."""
    codes = {code for code, _name in settings.LANGUAGES}
    if user.language in codes:
        return str(user.language)
    return translation.get_language() or settings.LANGUAGE_CODE


class LocalisedPasswordResetForm(PasswordResetForm):
    """Django's reset form; the e-mail is written in the user's language (User.language)."""

    def send_mail(self, subject_template: str, email_template: str, *args: Any, **kwargs: Any) -> None:
        context = args[0] if args else kwargs["context"]
        with translation.override(user_language(context["user"])):
            super().send_mail(subject_template, email_template, *args, **kwargs)

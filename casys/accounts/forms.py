"""Forms of the accounts app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from casys.accounts.services.members import may_sign_in


class MemberAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing a person whose every membership has ended.

    The refusal comes after the password was checked, so it tells nothing about
    an account to someone who does not know its password.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "no_membership": _(
            "Your account has no active membership in any body, so you cannot sign in. "
            "Ask an administrator of your organisation to invite you again."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not may_sign_in(user):
            raise ValidationError(self.error_messages["no_membership"], code="no_membership")

    @property
    def no_membership(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "no_membership")

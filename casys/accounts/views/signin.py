"""Sign-in in two steps (password, then a two-factor code when the user has a device), and password reset."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited

from casys.accounts.forms import CodeForm, LocalisedPasswordResetForm, SignInForm, lockout_message
from casys.accounts.middleware import SignIn
from casys.accounts.network import client_address, throttle_key
from casys.accounts.services import mfa, signin

PASSWORD_RESET_RATE = "10/h"  # reset e-mails per client address


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, target: str) -> str:
    return reverse(name) + "?" + urlencode({"next": target})


class SignInView(auth_views.LoginView):
    """The password step. A user who owes a code or an enrolment is signed in but not yet complete."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        user = form.get_user()
        auth_login(self.request, user)
        # A password alone never inherits a second step verified earlier in this browser.
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        target = self.get_success_url()
        if mfa.has_device(user):
            return HttpResponseRedirect(_with_next("signin-verify", target))
        if mfa.mfa_required_by(user):
            return HttpResponseRedirect(_with_next("account-security", target))
        signin.record_sign_in(self.request, user)
        return HttpResponseRedirect(target)


def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app or a recovery code."""
    if not request.user.is_authenticated:
        return redirect("login")
    if getattr(request, "signin_state", None) != SignIn.NEEDS_CODE:
        return redirect(safe_next(request))
    user: Any = request.user
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lock = signin.lockout(request, user.email)
        if lock is not None:
            signin.record_failure(request, user.email, step="code", locked=True)
            form.add_error("code", lockout_message(lock))
        else:
            try:
                device = mfa.verify_code(user, form.cleaned_data["code"])
            except mfa.CodeRefused as refused:
                signin.record_failure(request, user.email, step="code")
                form.add_error("code", code_refused_message(refused))
            else:
                otp_login(request, device)
                request.session.cycle_key()
                signin.record_sign_in(request, user, second_factor=device.name)
                return redirect(safe_next(request))
    return render(request, "registration/verify.html", {"form": form, "next": safe_next(request)})


def code_refused_message(refused: mfa.CodeRefused) -> str:
    if refused.until is not None:
        at = formats.time_format(timezone.localtime(refused.until), "TIME_FORMAT")
        return _("Too many wrong codes. You can try again at %(time)s UTC.") % {"time": at}
    return _("This code is not valid. Check the time on your phone, or use a recovery code.")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request; the same answer whether or not the address has an account.

    At most a few e-mails per client address and hour: beyond that the page answers the same
    but sends nothing, so the form cannot be used to flood a mailbox.
    """

    form_class = LocalisedPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: LocalisedPasswordResetForm) -> HttpResponse:
        limited = is_ratelimited(
            self.request,
            group="casys-password-reset",
            key=lambda _g, r: throttle_key(client_address(r)),
            rate=PASSWORD_RESET_RATE,
            increment=True,
        )
        if limited:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

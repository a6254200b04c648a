"""The account security page (two-factor enrolment, recovery codes, turning off) and a body's policy."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from casys.accounts.forms import CodeForm
from casys.accounts.middleware import SignIn
from casys.accounts.models import Role
from casys.accounts.services import mfa, signin
from casys.accounts.services.bodies import body_for
from casys.accounts.views.signin import code_refused_message, safe_next
from casys.auditlog.services import Actor


def qr_svg(data: str) -> SafeString:
    """The otpauth:// link as an inline SVG QR code (as casys.documents.pdf draws certificate QR codes)."""
    return mark_safe(segno.make(data, error="m", micro=False).svg_inline(scale=4, dark="#14213d"))  # noqa: S308


def _page(request: HttpRequest, **context: Any) -> HttpResponse:
    user: Any = request.user
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    context.setdefault("form", CodeForm())
    if not enrolled:
        enrolment = mfa.start_enrolment(user)
        context.update(secret=enrolment.secret, qr=qr_svg(enrolment.url))
    context.update(
        enrolled=enrolled,
        codes_left=mfa.recovery_codes_left(user) if enrolled else 0,
        required_by=mfa.mfa_required_by(user),
        next=safe_next(request),
        owes_enrolment=getattr(request, "signin_state", None) == SignIn.NEEDS_ENROLMENT,
    )
    return render(request, "accounts/security.html", context)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    action = request.POST.get("action")
    if action == "confirm":
        return _confirm(request)
    if action == "codes" and mfa.has_device(request.user):
        codes = mfa.regenerate_recovery_codes(request.user, actor=Actor.from_request(request))
        return _page(request, new_codes=codes)
    if action == "disable":
        return _disable(request)
    return redirect("account-security")


def _confirm(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form)
    owed = getattr(request, "signin_state", None) == SignIn.NEEDS_ENROLMENT
    try:
        device, codes = mfa.confirm_enrolment(request.user, form.cleaned_data["code"])
    except mfa.CodeRefused as refused:
        form.add_error("code", code_refused_message(refused))
        return _page(request, form=form)
    otp_login(request, device)
    request.session.cycle_key()
    if owed:  # enrolment was the sign-in's last step
        signin.record_sign_in(request, request.user, second_factor=device.name)
    request.signin_complete = True  # type: ignore[attr-defined]
    messages.success(request, _("Two-factor sign-in is on."))
    return _page(request, new_codes=codes, enrolled_now=True)


def _disable(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            mfa.disable(request.user, form.cleaned_data["code"], actor=Actor.from_request(request))
        except mfa.CodeRefused as refused:
            form.add_error("code", _disable_refusal(refused))
        else:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("account-security")
    return _page(request, disable_form=form)


def _disable_refusal(refused: mfa.CodeRefused) -> str:
    if isinstance(refused, mfa.MfaRequired):
        return _("A body you work for requires two-factor sign-in of its staff; it cannot be turned off.")
    return code_refused_message(refused)


@login_required
@require_POST
def body_mfa(request: HttpRequest, slug: str) -> HttpResponse:
    """An administrator makes two-factor sign-in mandatory (or not) for the body's staff."""
    body = body_for(slug, Role.ADMIN)
    required = request.POST.get("require_mfa") == "on"
    mfa.set_required(body, required, actor=Actor.from_request(request))
    if required:
        messages.success(request, _("Two-factor sign-in is now required for this body's staff."))
    else:
        messages.success(request, _("Two-factor sign-in is no longer required for this body's staff."))
    return redirect("body-detail", slug=body.slug)

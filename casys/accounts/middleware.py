"""The sign-in gate: a session is fully signed in only after every step its user owes.

After the password step a user with a confirmed two-factor device still owes a code, and a
staff member of a body that requires two-factor sign-in (``Body.require_mfa``) but has no
device owes an enrolment. Until then the session reaches only the page of that step, sign
out and the language switch; every other page redirects there, and the request's scope is
empty (``request.signin_complete`` is read by :class:`ScopeMiddleware`, which runs next), so no
body's record can be read even by a view that forgot to ask.

Runs after django-otp's ``OTPMiddleware`` (which tells whether the session's device was
verified). The API under ``/api/`` is not gated: it authenticates by bearer token only, never
by session; tokens are made by fully signed-in users and are not affected by two-factor.
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from casys.accounts.scoping import ANONYMOUS, scoped
from casys.accounts.services import mfa
from casys.accounts.services.scopes import scope_for_user


class SignIn(Enum):
    ANONYMOUS = "anonymous"
    NEEDS_CODE = "needs_code"
    NEEDS_ENROLMENT = "needs_enrolment"
    COMPLETE = "complete"


# The pages a session may reach while it owes a step (besides the step's own page).
ALWAYS_OPEN = {
    "logout",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
STEP_PAGE = {SignIn.NEEDS_CODE: "signin-verify", SignIn.NEEDS_ENROLMENT: "account-security"}


def sign_in_state(request: Any) -> SignIn:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return SignIn.ANONYMOUS
    if getattr(user, "is_verified", lambda: False)():
        return SignIn.COMPLETE
    if mfa.has_device(user):
        return SignIn.NEEDS_CODE
    if mfa.mfa_required_by(user):
        return SignIn.NEEDS_ENROLMENT
    return SignIn.COMPLETE


def _url_name(request: Any) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class SignInGateMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        state = sign_in_state(request)
        request.signin_state = state
        request.signin_complete = state in (SignIn.COMPLETE, SignIn.ANONYMOUS)
        step_page = STEP_PAGE.get(state)
        gated = step_page is not None and not request.path_info.startswith("/api/")
        if gated and _url_name(request) not in ALWAYS_OPEN | {step_page}:
            target = reverse(step_page)
            if request.method == "GET" and request.path_info != "/":
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        return self.get_response(request)


class ScopeMiddleware:
    """Set the request's scope from the signed-in user; reset it afterwards."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        # A session that still owes a sign-in step (a two-factor code, an enrolment) has no scope.
        complete = getattr(request, "signin_complete", True)
        scope = scope_for_user(getattr(request, "user", None)) if complete else ANONYMOUS
        request.scope = scope
        with scoped(scope):
            return self.get_response(request)

"""Two-factor sign-in with django-otp: an authenticator app (TOTP) and single-use recovery codes.

A user has at most one TOTP device and one static device holding the recovery codes.
Enrolment creates an unconfirmed TOTP device, shown as a QR code and its secret; a code
from the app confirms it, and ten recovery codes are issued (shown once). Every code is
checked by django-otp, which throttles wrong codes per device (growing delays) and never
accepts the same TOTP code twice.

A body may require two-factor sign-in of its staff (``Body.require_mfa``): every role but
client contact. Such a user without a confirmed device is sent to enrolment after the
password step and reaches no page until enrolled (``casys.accounts.middleware``).
API tokens are not affected: a token is a separate secret made by a fully signed-in user.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casys.accounts.models import EXTERNAL_ROLES, Body
from casys.accounts.services.scopes import scope_for_user
from casys.auditlog.services import Actor, log

RECOVERY_CODES = 10
APP_NAME = "authenticator app"
CODES_NAME = "recovery codes"


class CodeRefused(ValueError):
    """A code was wrong, or came too soon after too many wrong ones (``until``)."""

    def __init__(self, message: str, until: datetime | None = None) -> None:
        super().__init__(message)
        self.until = until


class MfaRequired(CodeRefused):
    """Two-factor sign-in cannot be turned off: a body requires it of this user."""


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice

    @property
    def secret(self) -> str:
        """The key in base32, as authenticator apps take it when typed in, in groups of four."""
        raw = base64.b32encode(self.device.bin_key).decode().rstrip("=")
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))

    @property
    def url(self) -> str:
        return self.device.config_url


def has_device(user: Any) -> bool:
    return user_has_device(user, confirmed=True)


def mfa_required_by(user: Any) -> list[Body]:
    """The active bodies that require two-factor sign-in of this user (a staff role there)."""
    staff_bodies = [
        body_id for body_id, roles in scope_for_user(user).roles.items() if roles - EXTERNAL_ROLES
    ]
    return list(Body.all_objects.filter(id__in=staff_bodies, require_mfa=True).order_by("name"))


def start_enrolment(user: Any) -> Enrolment:
    """The pending (unconfirmed) TOTP device of ``user``, made if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return Enrolment(device)


def _throttled(device: Device) -> CodeRefused | None:
    """Refusal before any check while the device waits out earlier wrong codes (1, 2, 4 … seconds)."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    return CodeRefused("code: too many wrong codes", until=(info or {}).get("locked_until"))


def _clean(code: str) -> str:
    return "".join(code.split()).lower()


def confirm_enrolment(user: Any, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; return it and the new recovery codes."""
    result = _confirm(user, code)
    if isinstance(result, CodeRefused):
        raise result  # raised outside the transaction: the wrong code's throttle count is kept
    return result, _issue_codes(user, result)


@transaction.atomic
def _confirm(user: Any, code: str) -> TOTPDevice | CodeRefused:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        return CodeRefused("code: start the set-up again; nothing is waiting for a code")
    throttled = _throttled(device)
    if throttled is not None:
        return throttled
    if not device.verify_token(_clean(code)):
        return CodeRefused("code: this code is not valid")
    return device


@transaction.atomic
def _issue_codes(user: Any, device: TOTPDevice) -> list[str]:
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    log("accounts.mfa.enrolled", actor=Actor(user=user, label=str(user)), obj=user, data={"device": APP_NAME})
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def regenerate_recovery_codes(user: Any, *, actor: Actor) -> list[str]:
    """Replace every recovery code by ten new ones (the old ones stop working)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise CodeRefused("code: set up an authenticator app first")
    codes = _new_recovery_codes(user)
    log("accounts.mfa.recovery_codes_generated", actor=actor, obj=user, data={"count": len(codes)})
    return codes


def verify_code(user: Any, code: str) -> Device:
    """The device that accepts ``code``: six digits from the app, or a recovery code (used up).

    Raises :class:`CodeRefused` otherwise. Wrong codes count towards the device's throttle
    (the refusal is raised after the transaction, so the count is kept).
    """
    result = _verify(user, _clean(code))
    if isinstance(result, CodeRefused):
        raise result
    return result


@transaction.atomic
def _verify(user: Any, code: str) -> Device | CodeRefused:
    model = TOTPDevice if code.isdigit() else StaticDevice
    devices = [d for d in devices_for_user(user, confirmed=True, for_verify=True) if isinstance(d, model)]
    if not devices:
        return CodeRefused("code: this code is not valid")
    throttled = _throttled(devices[0])
    if throttled is not None:
        return throttled
    for device in devices:
        if device.verify_token(code):
            if isinstance(device, StaticDevice):
                log(
                    "accounts.mfa.recovery_code_used",
                    actor=Actor(user=user, label=str(user)),
                    obj=user,
                    data={"codes_left": device.token_set.count()},
                )
            return device
    return CodeRefused("code: this code is not valid")


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def disable(user: Any, code: str, *, actor: Actor) -> None:
    """Remove two-factor sign-in after checking a current code; refused where a body requires it."""
    required = mfa_required_by(user)
    if required:
        names = ", ".join(b.name for b in required)
        raise MfaRequired(f"code: two-factor sign-in is required by {names}")
    verify_code(user, code)
    _remove_devices(user, actor)


@transaction.atomic
def _remove_devices(user: Any, actor: Actor) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    log("accounts.mfa.disabled", actor=actor, obj=user, data={"at": timezone.now().isoformat()})


@transaction.atomic
def set_required(body: Body, required: bool, *, actor: Actor) -> None:
    """Make two-factor sign-in mandatory (or not) for the body's staff."""
    if body.require_mfa == required:
        return
    body.require_mfa = required
    body.save(update_fields=["require_mfa"])
    log("accounts.mfa.requirement_changed", actor=actor, body=body, obj=body, data={"require_mfa": required})

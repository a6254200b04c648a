"""Sign-in throttling and the audit trail of sign-ins.

Failed sign-ins are counted twice, with django-ratelimit in the shared cache
(``casys.project.cache``): per account (the e-mail tried, so an attacker cannot guess one
password after another) and per client address (so one address cannot try one password on
many accounts). Either count at its limit refuses the next attempt — even with the right
password — until its window ends, and the page says when that is. Only failures count: a
user who signs in at the first try never approaches the limit.

Why django-ratelimit rather than django-axes: it is already a dependency and already counts
the registry API; it takes a separate limit per account and per address (axes has one limit
for every lockout parameter, so a per-address limit fit for an office behind one NAT would be
a per-account limit too loose); and it needs no authentication backend of its own (axes
would make every ``login()`` without an explicit backend fail).

The client address comes from :func:`casys.accounts.network.client_address`
(``CASYS_TRUSTED_PROXIES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_ratelimit.core import get_usage

from casys.accounts.models import User
from casys.accounts.network import client_address, throttle_key
from casys.auditlog.services import Actor, log

ACCOUNT_GROUP = "casys-signin-account"
ADDRESS_GROUP = "casys-signin-address"


@dataclass(frozen=True)
class Lockout:
    """Sign-in is refused until ``until``; ``by`` says whether the account or the address is at its limit."""

    by: str  # "account" or "address"
    until: datetime


def normalise_email(raw: str) -> str:
    return raw.strip().lower()


def _usage(request: Any, group: str, value: str, rate: str, *, increment: bool) -> dict[str, Any] | None:
    return get_usage(request, group=group, key=lambda _g, _r: value, rate=rate, increment=increment)


def _counters(request: Any, email: str) -> list[tuple[str, str, str, str]]:
    return [
        ("account", ACCOUNT_GROUP, email, settings.CASYS_LOGIN_RATE_ACCOUNT),
        ("address", ADDRESS_GROUP, throttle_key(client_address(request)), settings.CASYS_LOGIN_RATE_ADDRESS),
    ]


def lockout(request: Any, email: str) -> Lockout | None:
    """The lockout that applies to a sign-in attempt for ``email`` from this request's address, if any."""
    for by, group, value, rate in _counters(request, normalise_email(email)):
        usage = _usage(request, group, value, rate, increment=False)
        if usage is not None and (usage["limit"] == 0 or usage["count"] >= usage["limit"]):
            # limit 0 is django-ratelimit's answer when the cache failed: fail closed for a minute.
            seconds = usage["time_left"] if usage["time_left"] > 0 else 60
            return Lockout(by=by, until=timezone.now() + timedelta(seconds=seconds))
    return None


def mask_email(email: str) -> str:
    """``jane.doe@example.com`` → ``j***@example.com``.

    What people type into the e-mail field is sometimes their password; the audit log keeps
    enough to recognise an account (first letter and domain) and never the whole entry.
    """
    local, at, domain = email.strip().partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


@transaction.atomic
def record_failure(request: Any, email: str, *, step: str = "password", locked: bool = False) -> None:
    """Count a failed sign-in against the account and the address, and write it to the audit log."""
    email = normalise_email(email)
    if not locked:
        for _by, group, value, rate in _counters(request, email):
            _usage(request, group, value, rate, increment=True)
    user = User.objects.filter(email=email).first() if email else None
    log(
        "accounts.user.login_failed",
        actor=Actor(label="anonymous"),
        obj=user,
        data={
            "email": mask_email(email),
            "address": client_address(request),
            "step": step,
            "refused_by_lockout": locked,
        },
    )


@transaction.atomic
def record_sign_in(request: Any, user: Any, *, second_factor: str = "") -> None:
    log(
        "accounts.user.logged_in",
        actor=Actor(user=user, label=str(user)),
        obj=user,
        data={"address": client_address(request), "second_factor": second_factor},
    )

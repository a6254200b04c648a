"""Certificate lifecycle: an issued attestation changes only by events (who, when, why).

States and events follow ISO/IEC 17021-1:2015 9.6.5 (suspending, withdrawing or
reducing the scope), 9.6.3.2.5 (restoration after expiry), 9.5 / 9.6.4 (scope
extension), and IAF MD 2:2017 (transfer of accredited certification between
certification bodies: only a valid, non-suspended certification is transferred).

Maximum suspension: ISO/IEC 17021-1:2015 9.6.5 has a note that in most cases a
suspension would not exceed 6 months; past it, withdrawal (or scope reduction) is
due. casys uses 6 months by default, configurable per call.

>>> c = issue("C-1", "ACME", ("design",), date(2026, 3, 10), date(2029, 3, 9), by="dm", why="decision D-1")
>>> c = apply(c, Event("suspended", date(2026, 9, 1), "dm", "surveillance not allowed"))
>>> c.status, withdrawal_due_on(c).isoformat()
('suspended', '2027-03-01')
>>> try:
...     apply(c, Event("reissued", date(2026, 9, 2), "dm", "typo"))
... except LifecycleError as e:
...     print(e)
event 'reissued': not allowed while the certificate is suspended (allowed: restored, withdrawn, expired, \
scope-reduced)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from casys.core.programme import RESTORATION_MONTHS, add_months

#: Default maximum suspension in months (ISO/IEC 17021-1:2015 9.6.5, note: "in most cases" 6 months).
DEFAULT_MAX_SUSPENSION_MONTHS = 6

#: Allowed events per status -> resulting status (None: status unchanged).
TRANSITIONS: dict[str, dict[str, str | None]] = {
    "issued": {
        "suspended": "suspended",
        "withdrawn": "withdrawn",
        "expired": "expired",
        "scope-reduced": None,
        "scope-extended": None,
        "reissued": None,
        "transferred": "transferred",
    },
    "suspended": {
        "restored": "issued",
        "withdrawn": "withdrawn",
        "expired": "expired",
        "scope-reduced": None,
    },
    "expired": {"restored": "issued"},
    "withdrawn": {},
    "transferred": {},
}


class LifecycleError(ValueError):
    """An event that the certificate's status does not allow, or malformed event data."""


@dataclass(frozen=True)
class Event:
    """A change to a certificate: ``kind`` on ``at`` by ``by`` because ``why``.

    ``scope`` is the new scope for scope changes; ``to_body`` the receiving
    body for a transfer; ``expiry`` the new expiry for a restoration or reissue.
    """

    kind: str
    at: date
    by: str
    why: str
    scope: tuple[str, ...] | None = None
    to_body: str | None = None
    expiry: date | None = None


@dataclass(frozen=True)
class Certificate:
    """An attestation and its history. Never edited: :func:`apply` returns a new one."""

    number: str
    client: str
    scope: tuple[str, ...]
    issued: date
    expiry: date
    status: str
    events: tuple[Event, ...]


def issue(
    number: str, client: str, scope: tuple[str, ...], issued: date, expiry: date, *, by: str, why: str
) -> Certificate:
    """A new certificate, with its ``issued`` event."""
    if expiry <= issued:
        raise LifecycleError(f"expiry: {expiry} is not after the issue date {issued}")
    if not scope:
        raise LifecycleError("scope: a certificate needs a scope")
    return Certificate(
        number,
        client,
        tuple(scope),
        issued,
        expiry,
        "issued",
        (Event("issued", issued, by, why, scope=tuple(scope)),),
    )


def _check_event(cert: Certificate, e: Event) -> None:
    if not e.by.strip() or not e.why.strip():
        raise LifecycleError(f"event {e.kind!r}: who ('by') and why are required")
    if e.at < cert.events[-1].at:
        raise LifecycleError(f"event {e.kind!r}: dated {e.at}, before the last event ({cert.events[-1].at})")
    allowed = TRANSITIONS[cert.status]
    if e.kind not in allowed:
        raise LifecycleError(
            f"event {e.kind!r}: not allowed while the certificate is {cert.status} "
            f"(allowed: {', '.join(allowed) or 'none'})"
        )
    if e.kind == "scope-reduced" and (not e.scope or not set(e.scope) < set(cert.scope)):
        raise LifecycleError("scope: a reduced scope must be a non-empty strict part of the current scope")
    if e.kind == "scope-extended" and (not e.scope or not set(e.scope) > set(cert.scope)):
        raise LifecycleError("scope: an extended scope must strictly contain the current scope")
    if e.kind == "transferred" and not e.to_body:
        raise LifecycleError("to_body: a transfer names the receiving certification body (IAF MD 2:2017)")
    if (
        e.kind == "restored"
        and cert.status == "expired"
        and e.at > add_months(cert.expiry, RESTORATION_MONTHS)
    ):
        raise LifecycleError(
            f"event 'restored': more than {RESTORATION_MONTHS} months after expiry "
            "(ISO/IEC 17021-1:2015 9.6.3.2.5): a stage 2 audit and a new decision are needed"
        )
    if e.kind == "expired" and e.at < cert.expiry:
        raise LifecycleError(f"event 'expired': dated {e.at}, before the expiry date {cert.expiry}")


def apply(cert: Certificate, event: Event) -> Certificate:
    """The certificate after ``event``; :class:`LifecycleError` if the transition is invalid."""
    _check_event(cert, event)
    new_status = TRANSITIONS[cert.status][event.kind] or cert.status
    changes: dict[str, object] = {"status": new_status, "events": (*cert.events, event)}
    if event.scope is not None:
        changes["scope"] = tuple(event.scope)
    if event.expiry is not None:
        changes["expiry"] = event.expiry
    return replace(cert, **changes)  # type: ignore[arg-type]


def suspended_since(cert: Certificate) -> date | None:
    """Date of the current suspension, or None when not suspended."""
    if cert.status != "suspended":
        return None
    return next(e.at for e in reversed(cert.events) if e.kind == "suspended")


def withdrawal_due_on(cert: Certificate, max_months: int = DEFAULT_MAX_SUSPENSION_MONTHS) -> date | None:
    """When a suspended certificate is due for withdrawal (suspension + ``max_months``); None otherwise."""
    since = suspended_since(cert)
    return None if since is None else add_months(since, max_months)


def status_on(cert: Certificate, on: date) -> str:
    """Status on a date, replaying the events (an issued certificate past expiry reads ``expired``)."""
    status = "issued"
    for e in cert.events[1:]:
        if e.at > on:
            break
        status = TRANSITIONS[status][e.kind] or status
    if status in ("issued", "suspended") and on > cert.expiry:
        return "expired"
    return status

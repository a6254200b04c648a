"""Certificates: issue, lifecycle events (never edits), the public record sent to the registry."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Application, Certificate, CertificateEvent
from casys.certification.services import CertificationError, publication
from casys.certification.services.engine import standard
from casys.certification.signals import CertificateRecord, Site, StatusChange
from casys.core import lifecycle
from casys.core.lifecycle import DEFAULT_MAX_SUSPENSION_MONTHS
from casys.core.programme import add_months

#: Engine status -> public status (casys.certification.signals.STATUSES). A certificate
#: transferred to another body (IAF MD 2:2017) is no longer one of this body's valid ones.
PUBLIC_STATUS = {
    "issued": "active",
    "suspended": "suspended",
    "withdrawn": "withdrawn",
    "expired": "expired",
    "transferred": "withdrawn",
}


def _number(body: Body, on: date) -> str:
    prefix = f"{body.slug.upper()}-{on.year}-"
    count = Certificate.all_objects.filter(body=body, number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def core_certificate(cert: Certificate) -> lifecycle.Certificate:
    """Replay the events through the engine (ISO/IEC 17021-1:2015 9.6.5)."""
    events = list(cert.events.all())
    first = events[0]
    c = lifecycle.issue(
        cert.number,
        cert.client.organisation.name,
        tuple(_lines(first.scope)),
        first.at,
        first.expiry or cert.expiry_date,
        by=first.by_label,
        why=first.why,
    )
    for e in events[1:]:
        c = lifecycle.apply(c, _event(e.kind, e.at, e.by_label, e.why, e.scope, e.to_body, e.expiry))
    return c


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _event(
    kind: str, at: date, by: str, why: str, scope: str, to_body: str, expiry: date | None
) -> lifecycle.Event:
    return lifecycle.Event(
        kind,
        at,
        by,
        why,
        scope=tuple(_lines(scope)) if scope else None,
        to_body=to_body or None,
        expiry=expiry,
    )


def effective_status(cert: Certificate, on: date) -> str:
    """The status on a date: an active or suspended certificate past its expiry reads expired."""
    if cert.status in ("issued", "suspended") and on > cert.expiry_date:
        return "expired"
    return cert.status


def withdrawal_due(cert: Certificate) -> date | None:
    """When a suspension reaches its limit (ISO/IEC 17021-1:2015 9.6.5, note: 6 months)."""
    if cert.status != "suspended" or cert.status_since is None:
        return None
    return add_months(cert.status_since, DEFAULT_MAX_SUSPENSION_MONTHS)


def record(cert: Certificate) -> CertificateRecord:
    """The public face of the certificate, as the registry receives it."""
    org = cert.client.organisation
    return CertificateRecord(
        issuer=cert.body,
        number=cert.number,
        status=PUBLIC_STATUS[cert.status],
        holder_name=org.name,
        holder_name_en=org.name_en or org.name,
        holder_country=org.country,
        holder_address=org.address or org.city,
        standards=tuple(cert.standards),
        scheme_ids=tuple(cert.schemes),
        iaf_codes=tuple(cert.iaf_codes),
        scope=cert.scope,
        original_issue_date=cert.original_issue_date,
        issue_date=cert.issue_date,
        expiry_date=cert.expiry_date,
        public=cert.client.consent_to_publication,
        sites=tuple(Site(s["name"], s.get("address", ""), s.get("country", "")) for s in cert.sites),
        history=tuple(StatusChange(e.at, _public_event(e.kind), e.why) for e in cert.events.all()),
    )


def _public_event(kind: str) -> str:
    return {
        "issued": "active",
        "restored": "active",
        "suspended": "suspended",
        "withdrawn": "withdrawn",
        "expired": "expired",
        "scope-reduced": "scope_reduced",
        "scope-extended": "scope_extended",
        "reissued": "reissued",
        "transferred": "transferred",
    }[kind]


def announce(cert: Certificate, actor: Actor) -> None:
    """Issue the certificate's attestation and send ``certificate_changed`` (inside the caller's
    transaction)."""
    publication.publish(record(cert), actor)


@transaction.atomic
def issue_certificate(
    app: Application,
    *,
    on: date,
    expiry: date,
    user,
    why: str,
    actor: Actor = SYSTEM,  # type: ignore[no-untyped-def]
) -> Certificate:
    """Issue the certificate after a positive initial decision (ISO/IEC 17021-1:2015 8.2)."""
    number = _number(app.body, on)
    try:
        lifecycle.issue(
            number, app.client.organisation.name, app.scope_lines, on, expiry, by=str(user), why=why
        )
    except lifecycle.LifecycleError as exc:
        raise CertificationError(str(exc)) from exc
    cert = Certificate.all_objects.create(
        body_id=app.body_id,
        client=app.client,
        application=app,
        number=number,
        schemes=list(app.schemes),
        standards=[standard(s) for s in app.schemes],
        iaf_codes=list(app.iaf_codes),
        sites=[{"name": s.name, "address": s.address, "country": s.country} for s in app.sites.all()],
        scope="\n".join(app.scope_lines),
        original_issue_date=on,
        issue_date=on,
        expiry_date=expiry,
        status="issued",
        status_since=on,
    )
    CertificateEvent.all_objects.create(
        certificate=cert,
        kind="issued",
        at=on,
        by=user,
        by_label=str(user),
        why=why,
        scope=cert.scope,
        expiry=expiry,
    )
    log(
        "certification.certificate.issued",
        actor=actor,
        body=app.body_id,
        obj=cert,
        data={"number": number, "expiry": expiry},
    )
    announce(cert, actor)
    return cert


@transaction.atomic
def add_event(
    cert: Certificate,
    kind: str,
    *,
    at: date,
    user,  # type: ignore[no-untyped-def]
    why: str,
    scope: str = "",
    to_body: str = "",
    expiry: date | None = None,
    actor: Actor = SYSTEM,
) -> CertificateEvent:
    """A lifecycle event, checked by the engine; the certificate's current state follows the events."""
    if kind == "issued":
        raise CertificationError("kind: a certificate is issued once")
    scope = "\n".join(_lines(scope))
    try:
        after = lifecycle.apply(
            core_certificate(cert), _event(kind, at, str(user), why.strip(), scope, to_body, expiry)
        )
    except lifecycle.LifecycleError as exc:
        raise CertificationError(str(exc)) from exc
    event = CertificateEvent.all_objects.create(
        certificate=cert,
        kind=kind,
        at=at,
        by=user,
        by_label=str(user) if user is not None else actor.label,
        why=why.strip(),
        scope=scope,
        to_body=to_body,
        expiry=expiry,
    )
    before = cert.status
    cert.status = after.status
    cert.scope = "\n".join(after.scope)
    cert.expiry_date = after.expiry
    if after.status != before:
        cert.status_since = at
    if kind == "reissued":
        cert.issue_date = at
    cert.save(update_fields=["status", "scope", "expiry_date", "status_since", "issue_date"])
    log(
        f"certification.certificate.{kind.replace('-', '_')}",
        actor=actor,
        body=cert.body_id,
        obj=cert,
        data={"number": cert.number, "why": event.why, "at": at},
    )
    announce(cert, actor)
    return event

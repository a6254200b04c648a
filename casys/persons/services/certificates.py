"""Decision and person certificates, issued through the attestations layer (kind ``person-certificate``).

ISO/IEC 17024:2012 9.4 (decision by a person who did not examine the candidate), 9.4.8 (content of
the certificate), 7.2 (public information: with the person's consent, the register answers whether
the person is certified for a scope today, and nothing else), 9.6 and 9.7 (recertification,
suspension, withdrawal, reduction of scope: status events through ``record_status``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import translation

from casys.accounts.models import Body
from casys.attestations.identity import base_url, did_for
from casys.attestations.models import Attestation, Kind
from casys.attestations.services.issue import Entry, issue_one, record_status
from casys.auditlog.services import Actor, log
from casys.core.attestation_credentials import Party
from casys.core.person_credentials import PersonCertificateFacts, person_certificate_credential
from casys.documents.pdf import qr_svg, render_pdf
from casys.persons.models import Decision, Outcome, PersonCertificate, Sitting
from casys.persons.services import PersonsInputError, persons_part, scheme
from casys.persons.services.impartiality import check_decision_maker

LANGUAGES = ("en", "fr", "ru")
EVENTS = ("suspend", "restore", "withdraw", "expire")


def verify_url(cert: PersonCertificate) -> str:
    return base_url() + reverse("persons:verify", args=[cert.body.slug, cert.number])


def expiry_date(on: date, years: int) -> date:
    """The last day of a validity of ``years`` from ``on``: the day before the anniversary.

    >>> expiry_date(date(2026, 3, 2), 5), expiry_date(date(2024, 2, 29), 3)
    (datetime.date(2031, 3, 1), datetime.date(2027, 2, 27))
    """
    try:
        anniversary = on.replace(year=on.year + years)
    except ValueError:  # 29 February
        anniversary = on.replace(year=on.year + years, day=28)
    return anniversary - timedelta(days=1)


def _number(body: Body, on: date) -> str:
    prefix = f"{body.slug.upper()}-P-{on.year}-"
    taken = PersonCertificate.all_objects.filter(body=body, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def entry(cert: PersonCertificate) -> Entry:
    """The certificate's facts for the attestations layer; public only with the person's consent."""
    s = scheme(cert.scheme_id)
    facts = PersonCertificateFacts(
        id=verify_url(cert),
        number=cert.number,
        issuer=Party(did_for(cert.body.slug), cert.body.name),
        person=cert.candidate.full_name,
        scheme_id=s.id,
        scheme_name=s.title,
        scope=cert.scope,
        standard=s.standard,
        issue_date=cert.issued_on,
        expiry_date=cert.expires_on,
    )

    def build(status: tuple[Mapping[str, str], ...]) -> dict[str, Any]:
        return person_certificate_credential(replace(facts, status=status))

    return Entry(
        kind=Kind.PERSON_CERTIFICATE,
        number=cert.number,
        status="active",
        holder_name=cert.candidate.full_name,
        holder_name_en=cert.candidate.full_name,
        country="",
        standards=(s.standard,),
        scope=cert.scope,
        original_issue_date=cert.issued_on,
        issue_date=cert.issued_on,
        expiry_date=cert.expires_on,
        public=cert.candidate.publish_consent,
        scheme_ids=(s.id,),
        build=build,
    )


def attestation(cert: PersonCertificate) -> Attestation | None:
    return Attestation.all_objects.filter(
        issuer_id=cert.body_id, kind=Kind.PERSON_CERTIFICATE, number=cert.number
    ).first()


@transaction.atomic
def decide(sitting: Sitting, *, actor: Actor, granted: bool, on: date, reason: str = "") -> Decision:
    """The certification decision (17024 9.4); a grant issues the certificate through the layer."""
    check_decision_maker(actor.user, sitting)
    if hasattr(sitting, "decision"):
        raise PersonsInputError("sitting", "a decision was taken on this sitting already")
    if sitting.outcome == Outcome.PENDING:
        raise PersonsInputError("sitting", "the results are not complete: mark every rubric item first")
    if granted and sitting.outcome != Outcome.PASS:
        raise PersonsInputError("granted", "the candidate did not pass the examination")
    if granted and not sitting.identity_checked:
        raise PersonsInputError("granted", "the candidate's identity was not checked at the session")
    d = Decision.all_objects.create(
        body=sitting.body,
        sitting=sitting,
        decided_by=actor.user,
        granted=granted,
        decided_on=on,
        reason=reason.strip(),
    )
    log(
        "persons.decision.taken",
        actor=actor,
        body=sitting.body,
        obj=d,
        data={"candidate": sitting.application.candidate.full_name, "granted": granted, "reason": d.reason},
    )
    if granted:
        app = sitting.application
        cert = PersonCertificate.all_objects.create(
            body=sitting.body,
            candidate=app.candidate,
            decision=d,
            scheme_id=app.scheme_id,
            scope=app.scope,
            number=_number(sitting.body, on),
            issued_on=on,
            expires_on=expiry_date(on, persons_part(app.scheme_id).validity_years),
        )
        issue_one(sitting.body, entry(cert), actor=actor)
    return d


@transaction.atomic
def change_status(cert: PersonCertificate, *, actor: Actor, event: str, on: date, reason: str) -> Attestation:
    """Suspend, restore, withdraw or expire (17024 9.7 and the scheme's criteria)."""
    if event not in EVENTS:
        raise PersonsInputError("event", f"choose one of {', '.join(EVENTS)}")
    if not reason.strip():
        raise PersonsInputError("reason", "say why (the scheme's criterion applied)")
    row = record_status(
        cert.body, Kind.PERSON_CERTIFICATE, cert.number, event, on=on, reason=reason.strip(), actor=actor
    )
    log(
        "persons.certificate.status",
        actor=actor,
        body=cert.body,
        obj=cert,
        data={"number": cert.number, "event": event},
    )
    return row


@transaction.atomic
def reduce_scope(cert: PersonCertificate, *, actor: Actor, scope: str, reason: str) -> PersonCertificate:
    """A reduced scope re-issues the credential with its new facts, same number and status slot."""
    p = persons_part(cert.scheme_id)
    if scope not in p.scopes or scope == cert.scope:
        raise PersonsInputError("scope", f"choose another scope of the scheme ({', '.join(p.scopes)})")
    if not reason.strip():
        raise PersonsInputError("reason", "say why (the scheme's criterion for a change of scope)")
    old, cert.scope = cert.scope, scope
    cert.save(update_fields=["scope"])
    issue_one(cert.body, entry(cert), actor=actor)
    log(
        "persons.certificate.status",
        actor=actor,
        body=cert.body,
        obj=cert,
        data={
            "number": cert.number,
            "event": "scope-reduced",
            "from": old,
            "to": scope,
            "reason": reason.strip(),
        },
    )
    return cert


def republish(candidate_certificates: list[PersonCertificate], *, actor: Actor) -> None:
    """After a change of consent: re-issue each certificate with its new publication flag."""
    for cert in candidate_certificates:
        issue_one(cert.body, entry(cert), actor=actor)


def pdf(cert: PersonCertificate, *, language: str, wallet: bool = False) -> bytes:
    """The certificate (or the wallet card) in ``language`` with a QR code to its verification page."""
    if language not in LANGUAGES:
        raise PersonsInputError("language", f"choose one of {', '.join(LANGUAGES)}")
    s = scheme(cert.scheme_id)
    url = verify_url(cert)
    row = attestation(cert)
    with translation.override(language):
        return render_pdf(
            "persons/certificate_pdf.html",
            {
                "cert": cert,
                "scheme": s,
                "status": row.get_status_display() if row else "",
                "url": url,
                "qr": qr_svg(url, scale=2 if wallet else 3),
                "wallet": wallet,
                "language": language,
            },
        )

"""Each issued or changed certificate is issued through the attestations layer, then announced.

The certificate's public record (:class:`~casys.certification.signals.CertificateRecord`, in the
fields of IAF CertSearch's upload) becomes an attestation entry; the layer signs it, keeps its
status slot and re-signs the issuer's status lists. ``certificate_changed`` is sent afterwards, for
whoever else listens (webhooks, notices).
"""

from __future__ import annotations

from casys.accreditation.services.accreditations import accreditations_of, to_record
from casys.attestations.services.issue import Entry, issue
from casys.auditlog.services import SYSTEM, Actor
from casys.certification.signals import CertificateRecord, certificate_changed


def entry_from_record(record: CertificateRecord) -> Entry:
    return Entry(
        number=record.number,
        status=record.status,
        holder_name=record.holder_name,
        holder_name_en=record.holder_name_en,
        holder_address=record.holder_address,
        country=record.holder_country,
        standards=tuple(record.standards),
        iaf_codes=tuple(str(c) for c in record.iaf_codes),
        scope=record.scope,
        original_issue_date=record.original_issue_date,
        issue_date=record.issue_date,
        expiry_date=record.expiry_date,
        public=record.public,
        sites=tuple({"name": s.name, "address": s.address, "country": s.country} for s in record.sites),
        accreditation_body=record.accreditation_body or accreditation_body_for(record),
        scheme_ids=tuple(record.scheme_ids),
        history=tuple(
            {"on": h.on.isoformat(), "status": h.status, "reason": h.reason} for h in record.history
        ),
    )


def accreditation_body_for(record: CertificateRecord) -> str:
    """The AB whose accreditation of the issuer covered every standard of the certificate on its
    issue date ('' if none)."""
    if not record.standards:
        return ""
    codes = [str(c) for c in record.iaf_codes]
    for acc in accreditations_of([record.issuer.pk]):
        held = acc.valid_from <= record.issue_date <= acc.valid_until
        lines = to_record(acc).scopes
        if held and all(any(line.covers(s, codes) for line in lines) for s in record.standards):
            return str(acc.body.slug)
    return ""


def publish(record: CertificateRecord, actor: Actor = SYSTEM) -> None:
    """Issue (or re-issue) the certificate's attestation, inside the caller's transaction, and
    announce the change."""
    issue(record.issuer, [entry_from_record(record)], source=record.source, actor=actor, log_each=True)
    certificate_changed.send(sender=CertificateRecord, record=record, actor=actor)

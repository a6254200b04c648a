"""The registry listens to the certification app: each issued or changed certificate is published."""

from __future__ import annotations

from typing import Any

from casys.accreditation.services.accreditations import accreditations_of, to_record
from casys.auditlog.services import SYSTEM
from casys.certification.signals import CertificateRecord, certificate_changed
from casys.registry.services.publish import Entry, upsert


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
    """The AB whose accreditation of the issuer covered the certificate on its issue date ('' if none).

    The certification app does not know the accreditation; the registry looks it up so the
    verification page can name the accreditation body (the chain itself is computed anyway).
    """
    if not record.standards:
        return ""
    codes = [str(c) for c in record.iaf_codes]
    for acc in accreditations_of([record.issuer.pk]):
        held = acc.valid_from <= record.issue_date <= acc.valid_until
        if held and any(line.covers(record.standards[0], codes) for line in to_record(acc).scopes):
            return str(acc.body.slug)
    return ""


def on_certificate_changed(sender: Any, record: CertificateRecord, actor: Any = None, **kwargs: Any) -> None:
    upsert(
        record.issuer, [entry_from_record(record)], source=record.source, actor=actor or SYSTEM, log_each=True
    )


def connect() -> None:
    certificate_changed.connect(on_certificate_changed, dispatch_uid="casys.registry.publish")

"""Marks of conformity (ISO/IEC 17030:2021): the body's marks, licences as attestations, and
misuse reports from the public with the case that follows.

A licence is an attestation of kind ``mark-licence`` in the registry, re-issued whenever its
certificate's status or its own changes, so anyone can ask "is this licence valid today for this
product?" online or offline (its status list). A misuse report is received from anyone through the
public registry; the decision on it is the body's, and a suspension or withdrawal of the licence is
published through the status list like every other status event.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from casys import clock
from casys.accounts.models import Body
from casys.attestations.identity import base_url, did_for, licence_path, mark_path
from casys.attestations.models import Kind
from casys.attestations.services.issue import Entry, issue_one
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Certificate, Licence, Mark, MisuseOutcome, MisuseReport
from casys.certification.services import CertificationError, checked
from casys.certification.services.certificates import PUBLIC_STATUS, effective_status
from casys.certification.services.engine import scheme
from casys.core import credentials, marks
from casys.core.schemes import SchemeError

#: evidence a reporter may attach: photographs and documents, each checked by its first bytes
EVIDENCE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"%PDF-": "application/pdf",
    b"RIFF": "image/webp",
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def create_mark(
    body: Body,
    *,
    scheme_id: str,
    code: str,
    name: str,
    artwork: bytes,
    rules_of_use: str,
    actor: Actor = SYSTEM,
) -> Mark:
    """A mark of the body for the licences of ``scheme_id`` (a scheme that licenses a mark)."""
    try:
        s = scheme(scheme_id)
    except (SchemeError, FileNotFoundError, KeyError, ValueError):
        raise CertificationError(f"scheme: {scheme_id!r} is not a scheme this body runs") from None
    if not (s.attestation.licence_to_mark or s.attestation.batch_marking):
        raise CertificationError(
            f"scheme: {scheme_id} licenses no mark (its attestation has no licence_to_mark or batch_marking)"
        )
    code, name = checked("code", code, 60), checked("name", name, 200)
    rules_of_use = checked("rules_of_use", rules_of_use, multiline=True)
    if not code:
        raise CertificationError("code: the mark needs a short code (letters, digits and hyphens)")
    if not name:
        raise CertificationError("name: the mark needs a name")
    if not rules_of_use:
        raise CertificationError("rules_of_use: state the rules of use the licensees accept (ISO/IEC 17030)")
    try:
        marks.check_svg(artwork)
    except marks.MarkError as exc:
        raise CertificationError(str(exc)) from None
    if Mark.all_objects.filter(body=body, code=code).exists():
        raise CertificationError(f"code: the body has a mark {code!r} already")
    if Mark.all_objects.filter(body=body, scheme_id=scheme_id).exists():
        raise CertificationError(f"scheme: the body has a mark for {scheme_id} already")
    with transaction.atomic():
        mark = Mark.all_objects.create(
            body=body,
            scheme_id=scheme_id,
            code=code,
            name=name,
            artwork=artwork,
            artwork_sha256=hashlib.sha256(artwork).hexdigest(),
            rules_of_use=rules_of_use,
        )
        log(
            "certification.mark.created",
            actor=actor,
            body=body,
            obj=mark,
            data={"code": code, "scheme": scheme_id, "sha256": mark.artwork_sha256},
        )
        waiting = Licence.all_objects.filter(body=body, mark_ref=None).select_related(
            "certificate__application", "certificate__client__organisation", "body"
        )
        for licence in waiting:
            if scheme_id not in licence.certificate.application.schemes:
                continue
            licence.mark_ref, licence.mark = mark, mark.name
            licence.save(update_fields=["mark_ref", "mark"])
            publish_licence(licence, actor=actor)
    return mark


def mark_for(body_id: int, scheme_id: str) -> Mark | None:
    return Mark.all_objects.filter(body_id=body_id, scheme_id=scheme_id).first()


def status_of(licence: Licence, on: date) -> str:
    """The licence's public status on ``on``: its own after a misuse case, else its certificate's."""
    cert_status = PUBLIC_STATUS.get(effective_status(licence.certificate, on), "withdrawn")
    return marks.licence_status(cert_status, licence.own_status)


def licence_url(licence: Licence) -> str:
    return base_url() + licence_path(licence.body.slug, licence.number)


def _facts(licence: Licence) -> marks.MarkLicenceFacts:
    cert: Certificate = licence.certificate
    org = cert.client.organisation
    mark = licence.mark_ref
    url = licence_url(licence)
    return marks.MarkLicenceFacts(
        id=url,
        number=licence.number,
        owner=credentials.Party(did_for(licence.body.slug), licence.body.name),
        licensee=credentials.Party(f"{url}#licensee", org.name),
        mark_name=mark.name if mark else licence.mark,
        mark_url=base_url() + mark_path(licence.body.slug, mark.code) if mark else url,
        products=tuple(licence.products),
        certificate_number=cert.number,
        scheme_id=cert.application.schemes[0],
        valid_from=licence.valid_from,
        valid_until=cert.expiry_date,
    )


def publish_licence(licence: Licence, *, on: date | None = None, actor: Actor = SYSTEM) -> None:
    """Issue (or re-issue) the licence's attestation with its status of the day."""
    on = on or clock.today()
    facts = _facts(licence)

    def build(status: tuple[Any, ...]) -> dict[str, Any]:
        return marks.mark_licence_credential(replace(facts, status=status))

    cert = licence.certificate
    org = cert.client.organisation
    issue_one(
        licence.body,
        Entry(
            kind=Kind.MARK_LICENCE,
            number=licence.number,
            status=status_of(licence, on),
            holder_name=org.name,
            holder_name_en=org.name_en or org.name,
            country=org.country,
            standards=tuple(cert.standards),
            # the mark is part of what is attested: a licence that gets its mark is re-issued
            scope="\n".join([facts.mark_name, *licence.products]),
            original_issue_date=licence.valid_from,
            issue_date=licence.valid_from,
            expiry_date=cert.expiry_date,
            scheme_ids=tuple(cert.application.schemes[:1]),
            build=build,
        ),
        actor=actor,
    )


def publish_licence_of(issuer: Body, certificate_number: str, *, actor: Actor = SYSTEM) -> None:
    """After a certificate's change: re-issue its licence, if it has one (the status follows)."""
    licence = (
        Licence.all_objects.filter(body=issuer, certificate__number=certificate_number)
        .select_related("certificate__client__organisation", "certificate__application", "mark_ref", "body")
        .first()
    )
    if licence is not None:
        publish_licence(licence, actor=actor)


def _evidence_type(data: bytes) -> str:
    for magic, content_type in EVIDENCE_TYPES.items():
        if data.startswith(magic) and (magic != b"RIFF" or data[8:12] == b"WEBP"):
            return content_type
    raise CertificationError("evidence: the file is not a photograph (PNG, JPEG, WebP) or a PDF")


def _next_reference(body: Body, on: date) -> str:
    prefix = f"MIS-{on.year}-"
    last = (
        MisuseReport.all_objects.filter(body=body, reference__startswith=prefix)
        .aggregate(Max("reference"))
        .get("reference__max")
    )
    count = int(last.rsplit("-", 1)[1]) if last else 0
    return f"{prefix}{count + 1:04d}"


def report_misuse(
    mark: Mark,
    *,
    reporter_name: str,
    reporter_email: str,
    where_seen: str,
    description: str,
    licence_number: str = "",
    evidence: bytes | None = None,
    evidence_name: str = "",
) -> MisuseReport:
    """Receive a report of misuse of ``mark`` from anyone (the public registry's form)."""
    fields = {
        "reporter_name": checked("reporter_name", reporter_name, 200),
        "reporter_email": checked("reporter_email", reporter_email, 254),
        "where_seen": checked("where_seen", where_seen, 300),
        "description": checked("description", description, 5000, multiline=True),
    }
    for field, value in fields.items():
        if not value:
            raise CertificationError(f"{field}: this field is required")
    if "@" not in fields["reporter_email"]:
        raise CertificationError("reporter_email: enter an e-mail address where the body can reach you")
    licence_number = checked("licence_number", licence_number, 80)
    licence = None
    if licence_number:
        licence = Licence.all_objects.filter(body_id=mark.body_id, number=licence_number).first()
    content_type = ""
    if evidence:
        if len(evidence) > MAX_EVIDENCE_BYTES:
            raise CertificationError(
                f"evidence: the file is larger than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB"
            )
        content_type = _evidence_type(evidence)
    with transaction.atomic():
        on = clock.today()
        report = MisuseReport.all_objects.create(
            body_id=mark.body_id,
            reference=_next_reference(mark.body, on),
            mark=mark,
            licence=licence,
            licence_number=licence_number,
            evidence=evidence or None,
            evidence_name=evidence_name.strip()[:200] if evidence else "",
            evidence_type=content_type,
            evidence_size=len(evidence or b""),
            evidence_sha256=hashlib.sha256(evidence).hexdigest() if evidence else "",
            **fields,
        )
        log(
            "certification.misuse.reported",
            actor=SYSTEM,
            body=mark.body_id,
            obj=report,
            data={"reference": report.reference, "mark": mark.code, "licence": licence_number},
        )
    return report


@transaction.atomic
def decide_misuse(
    report: MisuseReport, *, outcome: str, notes: str, on: date, user: Any, actor: Actor = SYSTEM
) -> MisuseReport:
    """The body's decision on a misuse report; a suspension or withdrawal changes the licence's
    status and re-issues its attestation (the status list says so from then on)."""
    if not report.is_open:
        raise CertificationError(f"outcome: {report.reference} was decided on {report.decided_on}")
    if outcome not in MisuseOutcome.values:
        raise CertificationError(f"outcome: choose one of {', '.join(MisuseOutcome.values)}")
    if not checked("outcome_notes", notes, 5000, multiline=True):
        raise CertificationError("outcome_notes: give the reasons for the decision")
    licence = report.licence
    if (
        outcome in (MisuseOutcome.SUSPENDED, MisuseOutcome.WITHDRAWN, MisuseOutcome.CORRECTED)
        and licence is None
    ):
        raise CertificationError(
            "outcome: the report names no licence of this body; choose 'unfounded' or "
            "'used by someone without a licence'"
        )
    report.outcome, report.outcome_notes = outcome, notes.strip()
    report.decided_by, report.decided_on = user, on
    report.save(update_fields=["outcome", "outcome_notes", "decided_by", "decided_on"])
    log(
        "certification.misuse.decided",
        actor=actor,
        body=report.body_id,
        obj=report,
        data={"reference": report.reference, "outcome": outcome, "licence": report.licence_number},
    )
    if licence is not None and outcome in (MisuseOutcome.SUSPENDED, MisuseOutcome.WITHDRAWN):
        if licence.own_status == "withdrawn":
            raise CertificationError(f"outcome: licence {licence.number} is withdrawn already")
        licence.own_status, licence.own_status_since = str(outcome), on
        licence.save(update_fields=["own_status", "own_status_since"])
        log(
            f"certification.licence.{outcome}",
            actor=actor,
            body=report.body_id,
            obj=licence,
            data={"number": licence.number, "misuse": report.reference},
        )
        publish_licence(licence, on=on, actor=actor)
    return report


@transaction.atomic
def restore_licence(licence: Licence, *, on: date, why: str, actor: Actor = SYSTEM) -> None:
    """End a licence's own suspension (the misuse was corrected); a withdrawal is final."""
    if licence.own_status != "suspended":
        raise CertificationError(f"status: licence {licence.number} is not suspended by a misuse case")
    if not why.strip():
        raise CertificationError("why: say why the suspension ends")
    licence.own_status, licence.own_status_since = "", on
    licence.save(update_fields=["own_status", "own_status_since"])
    log(
        "certification.licence.restored",
        actor=actor,
        body=licence.body_id,
        obj=licence,
        data={"number": licence.number, "why": why.strip()},
    )
    publish_licence(licence, on=on, actor=actor)


def on_certificate_changed(sender: Any, record: Any, actor: Actor = SYSTEM, **kwargs: Any) -> None:
    """A certificate was issued or changed: its licence's attestation follows (connected in the
    app's ``ready``)."""
    publish_licence_of(record.issuer, record.number, actor=actor)

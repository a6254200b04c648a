"""A new edition of a product standard: the certificates on the old edition, flagged for
re-evaluation until each is re-evaluated (ISO/IEC 17065:2012 7.10), and overdue once the transition
ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Certificate, EditionChange, ReEvaluation
from casys.certification.services import CertificationError, checked
from casys.certification.services.certificates import effective_status
from casys.core import editions

#: certificates that still stand and so must be re-evaluated
STANDING = ("issued", "suspended")


@dataclass(frozen=True)
class Affected:
    """A certificate on the replaced edition, with the references that put it there."""

    certificate: Certificate
    references: tuple[str, ...]
    re_evaluation: ReEvaluation | None
    overdue: bool


@transaction.atomic
def record_change(
    body: Body,
    *,
    document: str,
    old_edition: str,
    new_edition: str,
    published_on: date,
    transition_until: date,
    notes: str = "",
    user: Any = None,
    actor: Actor = SYSTEM,
) -> EditionChange:
    document, new_edition = checked("document", document, 120), checked("new_edition", new_edition, 60)
    old_edition, notes = checked("old_edition", old_edition, 60), checked("notes", notes, multiline=True)
    if not document:
        raise CertificationError("document: name the normative document (e.g. EN 60335-2-15)")
    if ":" in document:
        raise CertificationError(
            "document: give the document number without its edition (the part before ':')"
        )
    if not new_edition:
        raise CertificationError("new_edition: give the new edition (e.g. 2024)")
    if old_edition.strip() == new_edition:
        raise CertificationError("old_edition: the edition replaced is the new edition")
    if transition_until < published_on:
        raise CertificationError("transition_until: the transition ends before the new edition is published")
    change = EditionChange.all_objects.create(
        body=body,
        document=document,
        old_edition=old_edition.strip(),
        new_edition=new_edition,
        published_on=published_on,
        transition_until=transition_until,
        notes=notes.strip(),
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    count = len(affected(change, published_on))
    log(
        "certification.edition.recorded",
        actor=actor,
        body=body,
        obj=change,
        data={
            "document": document,
            "new_edition": new_edition,
            "until": transition_until,
            "certificates": count,
        },
    )
    return change


def _references(cert: Certificate) -> list[str]:
    refs = list(cert.standards)
    refs += [p.normative_document for p in cert.application.products.all()]
    return refs


def affected(change: EditionChange, on: date) -> list[Affected]:
    """The body's standing certificates with a product or standard on the replaced edition."""
    done = {r.certificate_id: r for r in ReEvaluation.all_objects.filter(change=change)}
    out = []
    certificates = (
        Certificate.all_objects.filter(body_id=change.body_id, status__in=STANDING)
        .select_related("client__organisation", "application")
        .prefetch_related("application__products")
        .order_by("number")
    )
    for cert in certificates:
        if effective_status(cert, on) not in STANDING and cert.pk not in done:
            continue  # expired meanwhile: nothing to re-evaluate
        refs = tuple(
            dict.fromkeys(
                r
                for r in _references(cert)
                if editions.on_replaced_edition(r, change.document, change.old_edition, change.new_edition)
            )
        )
        if not refs:
            continue
        re_evaluation = done.get(cert.pk)
        out.append(
            Affected(cert, refs, re_evaluation, re_evaluation is None and on > change.transition_until)
        )
    return out


@transaction.atomic
def record_re_evaluation(
    change: EditionChange,
    certificate: Certificate,
    *,
    result: str,
    on: date,
    user: Any,
    actor: Actor = SYSTEM,
) -> ReEvaluation:
    if certificate.body_id != change.body_id:
        raise CertificationError("certificate: not a certificate of this body")
    if not any(a.certificate.pk == certificate.pk for a in affected(change, on)):
        raise CertificationError(f"certificate: {certificate.number} is not on the replaced edition")
    if ReEvaluation.all_objects.filter(change=change, certificate=certificate).exists():
        raise CertificationError(
            f"certificate: {certificate.number} was re-evaluated for this edition already"
        )
    if not result.strip():
        raise CertificationError("result: state the result of the re-evaluation")
    row = ReEvaluation.all_objects.create(
        change=change, certificate=certificate, done_on=on, result=result.strip(), by=user
    )
    log(
        "certification.edition.re_evaluated",
        actor=actor,
        body=change.body_id,
        obj=row,
        data={"certificate": certificate.number, "edition": str(change)},
    )
    return row

"""Each accreditation is an attestation of the accreditation body, issued through the attestations layer.

The credential states the scope on the day it is signed (extensions and reductions are events that
re-issue it), and carries a status entry: a suspension or withdrawal sets its bit in the AB's status
lists, so an offline verifier sees it (issue 14). The status is the one the accreditation's events
give for today (:func:`casys.core.recognition.accreditation_state`), so re-issuing is idempotent:
facts that did not change leave the signed credential as it was.
"""

from __future__ import annotations

from datetime import date

from casys import clock
from casys.accreditation.models import Accreditation
from casys.accreditation.services.records import attach_parts, to_record
from casys.attestations.identity import accreditation_url, did_for
from casys.attestations.models import Attestation, Kind
from casys.attestations.services.issue import Entry, issue_one
from casys.auditlog.services import SYSTEM, Actor
from casys.core import credentials, recognition

#: the accreditation's state today -> the attestation's status
STATUS = {
    "active": "active",
    "not-yet-valid": "active",
    "suspended": "suspended",
    "withdrawn": "withdrawn",
    "expired": "expired",
}


def entry(acc: Accreditation, today: date | None = None) -> Entry:
    """The accreditation's attestation entry, its credential built for the slot the layer allocates."""
    # a fresh copy: the caller's object keeps whatever parts it had cached
    acc = attach_parts([Accreditation.all_objects.select_related("body", "cab").get(pk=acc.pk)])[0]
    record = to_record(acc)
    state = recognition.accreditation_state(record, today or clock.today())
    scopes = record.scopes if state.status == "not-yet-valid" else state.scopes
    body, cab = acc.body, acc.cab
    facts = credentials.AccreditationFacts(
        id=accreditation_url(body.slug, acc.number),
        number=acc.number,
        body=credentials.Party(did_for(body.slug), body.name),
        cab=credentials.Party(did_for(cab.slug), cab.name),
        activity=acc.activity,
        standard=acc.standard,
        scopes=scopes,
        valid_from=acc.valid_from,
        valid_until=acc.valid_until,
    )

    def build(status: tuple) -> dict:  # type: ignore[type-arg]
        return credentials.accreditation_credential(
            credentials.AccreditationFacts(**{**facts.__dict__, "status": status})
        )

    return Entry(
        kind=Kind.ACCREDITATION,
        number=acc.number,
        status=STATUS[state.status],
        holder=cab,
        holder_name=cab.name,
        holder_name_en=cab.name,
        holder_address=cab.address,
        country=cab.country,
        standards=(acc.standard,),
        scope="; ".join(s.normative_document for s in scopes),
        original_issue_date=acc.valid_from,
        issue_date=acc.valid_from,
        expiry_date=acc.valid_until,
        public=True,
        accreditation_body=body.slug,
        history=tuple(
            {"on": e.on.isoformat(), "status": e.kind, "reason": e.reason}
            for e in acc._parts[1]  # type: ignore[attr-defined]
        ),
        build=build,
    )


def publish(acc: Accreditation, *, actor: Actor = SYSTEM) -> Attestation:
    """Issue or re-issue the accreditation's attestation (inside the caller's transaction)."""
    return issue_one(acc.body, entry(acc), actor=actor)


def stored(acc: Accreditation) -> Attestation | None:
    """The accreditation's issued attestation, if any."""
    return Attestation.all_objects.filter(issuer=acc.body, kind=Kind.ACCREDITATION, number=acc.number).first()

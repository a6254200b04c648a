"""CPD log entries and appeals/complaints (ISO/IEC 17024:2012 9.6, 9.8, 9.9)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.persons.models import Appeal, AppealKind, Candidate, CpdEntry
from casys.persons.services import PersonsInputError


@transaction.atomic
def log_cpd(candidate: Candidate, *, actor: Actor, done_on: date, activity: str, credits: float) -> CpdEntry:

    if not activity.strip():
        raise PersonsInputError("activity", "is required")
    if credits <= 0:
        raise PersonsInputError("credits", "must be positive")
    e = CpdEntry.all_objects.create(
        body=candidate.body, candidate=candidate, done_on=done_on, activity=activity.strip(), credits=credits
    )
    log(
        "persons.cpd.logged",
        actor=actor,
        body=candidate.body,
        obj=e,
        data={"activity": e.activity, "credits": credits},
    )
    return e


def cpd_total(candidate: Candidate, since: date) -> float:
    return sum(e.credits for e in CpdEntry.all_objects.filter(candidate=candidate, done_on__gte=since))


@transaction.atomic
def record_appeal(
    body: Body, *, actor: Actor, kind: str, subject: str, on: date, candidate: Candidate | None = None
) -> Appeal:

    if kind not in AppealKind.values:
        raise PersonsInputError("kind", f"choose one of {', '.join(AppealKind.values)}")
    if not subject.strip():
        raise PersonsInputError("subject", "is required")
    a = Appeal.all_objects.create(
        body=body, kind=kind, subject=subject.strip(), received_on=on, candidate=candidate
    )
    log("persons.appeal.recorded", actor=actor, body=body, obj=a, data={"kind": kind, "subject": a.subject})
    return a


@transaction.atomic
def close_appeal(appeal: Appeal, *, actor: Actor, outcome: str, on: date) -> Appeal:

    if not outcome.strip():
        raise PersonsInputError("outcome", "is required")
    appeal.outcome, appeal.closed_on = outcome.strip(), on
    appeal.save(update_fields=["outcome", "closed_on"])
    log("persons.appeal.closed", actor=actor, body=appeal.body, obj=appeal, data={"outcome": appeal.outcome})
    return appeal

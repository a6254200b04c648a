"""Assessments, their findings and the accreditation decisions taken on them (ISO/IEC 17011:2017, 7.4–7.8).

A decision is taken by a member of the accreditation body who was not on the assessment team
(7.8.1): the check compares users — two people of the same name are two people, and a person
whose name is spelt two ways is one person. A decision is refused while a nonconformity of the
assessment is open, except a suspension or a withdrawal, which may be the answer to it (7.11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casys import clock
from casys.accounts.models import Membership
from casys.accreditation.models import (
    Accreditation,
    AccreditationDecision,
    Assessment,
    AssessmentFinding,
    AssessmentKind,
    DecisionKind,
    EventKind,
    FindingGrade,
    WitnessedActivity,
)
from casys.accreditation.services.accreditations import AccreditationInputError, record_event, to_record
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import recognition

#: decision -> the event it records on the accreditation (a grant records none: the accreditation is it)
EVENT_OF = {
    DecisionKind.EXTEND: EventKind.SCOPE_EXTENDED,
    DecisionKind.REDUCE: EventKind.SCOPE_REDUCED,
    DecisionKind.SUSPEND: EventKind.SUSPENDED,
    DecisionKind.WITHDRAW: EventKind.WITHDRAWN,
    DecisionKind.RESTORE: EventKind.RESTORED,
}
#: decisions that may answer open nonconformities (ISO/IEC 17011:2017, 7.11.2)
DESPITE_OPEN = (DecisionKind.SUSPEND, DecisionKind.WITHDRAW)


def _err(name: str, reason: str) -> AccreditationInputError:
    return AccreditationInputError(f"{name}: {reason}")


@dataclass(frozen=True)
class WitnessInput:
    activity: str
    on: date
    location: str = ""


@dataclass(frozen=True)
class AssessmentInput:
    kind: str
    start: date
    end: date
    team_leader: Any
    assessors: Sequence[Any] = ()
    witnessed: Sequence[WitnessInput] = field(default_factory=tuple)
    recommendation: str = ""
    summary: str = ""


def _member_ids(acc: Accreditation) -> set[int]:
    return set(Membership.all_objects.filter(body_id=acc.body_id).values_list("user_id", flat=True))


def _check_assessment(acc: Accreditation, a: AssessmentInput, today: date) -> None:
    if a.kind not in AssessmentKind.values:
        raise _err("kind", _("not a kind of assessment"))
    if a.end < a.start:
        raise _err("end", _("%(end)s is before the first day %(start)s") % {"end": a.end, "start": a.start})
    if a.end > today:
        raise _err(
            "end", _("%(day)s is after today: record an assessment once it took place") % {"day": a.end}
        )
    members = _member_ids(acc)
    if a.team_leader is None or a.team_leader.pk not in members:
        raise _err("team_leader", _("the team leader must be a member of %(body)s") % {"body": acc.body.name})
    for person in a.assessors:
        if person.pk not in members:
            raise _err(
                "assessors",
                _("%(person)s is not a member of %(body)s") % {"person": person, "body": acc.body.name},
            )
    if a.recommendation and a.recommendation not in DecisionKind.values:
        raise _err("recommendation", _("not an accreditation decision"))
    if a.kind == AssessmentKind.WITNESS and not a.witnessed:
        raise _err("witnessed", _("a witnessing records at least one witnessed activity"))
    for i, w in enumerate(a.witnessed):
        if not w.activity.strip():
            raise _err(f"witnessed[{i}].activity", _("required"))
        if w.on > today:
            raise _err(f"witnessed[{i}].on", _("%(day)s is after today") % {"day": w.on})


@transaction.atomic
def record_assessment(acc: Accreditation, a: AssessmentInput, *, actor: Actor = SYSTEM) -> Assessment:
    """Record an assessment that took place, with its team and the activities it witnessed."""
    _check_assessment(acc, a, clock.today())
    assessment = Assessment.all_objects.create(
        accreditation=acc,
        kind=a.kind,
        start=a.start,
        end=a.end,
        team_leader=a.team_leader,
        recommendation=a.recommendation,
        summary=a.summary.strip(),
        recorded_by=actor.label,
    )
    assessment.assessors.set([p.pk for p in a.assessors if p.pk != a.team_leader.pk])
    WitnessedActivity.all_objects.bulk_create(
        WitnessedActivity(
            assessment=assessment, activity=w.activity.strip(), location=w.location.strip(), on=w.on
        )
        for w in a.witnessed
    )
    log(
        "accreditation.assessment.recorded",
        actor=actor,
        body=acc.body_id,
        obj=assessment,
        data={"number": acc.number, "kind": a.kind, "start": a.start.isoformat(), "end": a.end.isoformat()},
    )
    return assessment


@transaction.atomic
def add_finding(
    assessment: Assessment, grade: str, clause: str, text: str, *, actor: Actor = SYSTEM
) -> AssessmentFinding:
    if grade not in FindingGrade.values:
        raise _err("grade", _("nonconformity or observation"))
    if not clause.strip():
        raise _err("clause", _("required"))
    if not text.strip():
        raise _err("text", _("required"))
    if assessment.decisions.exists():
        raise _err("assessment", _("a decision was taken on this assessment: record a new assessment"))
    finding = AssessmentFinding.all_objects.create(
        assessment=assessment, grade=grade, clause=clause.strip(), text=text.strip()
    )
    log(
        "accreditation.finding.recorded",
        actor=actor,
        body=assessment.accreditation.body_id,
        obj=finding,
        data={"grade": grade, "clause": finding.clause},
    )
    return finding


@transaction.atomic
def close_finding(finding: AssessmentFinding, on: date, *, actor: Actor = SYSTEM) -> AssessmentFinding:
    """Close a finding once the CAB's correction and corrective action were accepted."""
    locked = AssessmentFinding.all_objects.select_for_update().get(pk=finding.pk)
    if locked.closed_on is not None:
        raise _err("finding", _("already closed on %(day)s") % {"day": locked.closed_on})
    if on < locked.assessment.start:
        raise _err("on", _("%(day)s is before the assessment") % {"day": on})
    if on > clock.today():
        raise _err("on", _("%(day)s is after today") % {"day": on})
    locked.closed_on = on
    locked.closed_by = actor.label
    locked.save(update_fields=["closed_on", "closed_by"])
    log(
        "accreditation.finding.closed",
        actor=actor,
        body=locked.assessment.accreditation.body_id,
        obj=locked,
        data={"clause": locked.clause, "on": on.isoformat()},
    )
    return locked


def open_nonconformities(assessment: Assessment) -> int:
    return AssessmentFinding.all_objects.filter(
        assessment=assessment, grade=FindingGrade.NONCONFORMITY, closed_on__isnull=True
    ).count()


def may_decide(assessment: Assessment, user: Any) -> bool:
    """Whether ``user`` is independent of the assessment: not its team leader, not one of its assessors."""
    return user is not None and user.pk is not None and user.pk not in assessment.team_ids()


@dataclass(frozen=True)
class DecisionInput:
    kind: str
    on: date
    reason: str = ""
    normative_document: str = ""
    iaf_codes: Sequence[str] = ()
    methods: Sequence[str] = ()


@transaction.atomic
def decide(assessment: Assessment, d: DecisionInput, *, actor: Actor) -> AccreditationDecision:
    """Take the accreditation decision on an assessment; suspensions, withdrawals, restorations and
    changes of scope become events on the accreditation (which itself is never edited)."""
    acc = Accreditation.all_objects.select_for_update().get(pk=assessment.accreditation_id)
    if actor.user is None:
        raise _err("decided_by", _("a decision is taken by a person"))
    if d.kind not in DecisionKind.values:
        raise _err("kind", _("not an accreditation decision"))
    if not Membership.all_objects.filter(body_id=acc.body_id, user_id=actor.user.pk).exists():
        raise _err(
            "decided_by", _("the decision maker must be a member of %(body)s") % {"body": acc.body.name}
        )
    if not may_decide(assessment, actor.user):
        raise _err(
            "decided_by",
            _("%(person)s assessed: someone who did not assess takes the decision") % {"person": actor.user},
        )
    if assessment.decisions.exists():
        raise _err("assessment", _("a decision was already taken on this assessment"))
    if recognition.accreditation_state(to_record(acc), d.on).status == "withdrawn":
        raise _err("kind", _("accreditation %(number)s is withdrawn") % {"number": acc.number})
    if d.on < assessment.end:
        raise _err(
            "on", _("%(day)s is before the assessment ended (%(end)s)") % {"day": d.on, "end": assessment.end}
        )
    still_open = open_nonconformities(assessment)
    if still_open and d.kind not in DESPITE_OPEN:
        raise _err(
            "kind",
            ngettext(
                "%(n)s nonconformity is still open: close it first, or suspend or withdraw",
                "%(n)s nonconformities are still open: close them first, or suspend or withdraw",
                still_open,
            )
            % {"n": still_open},
        )
    event = None
    if d.kind in EVENT_OF:
        event = record_event(
            acc,
            d.on,
            EVENT_OF[d.kind],
            normative_document=d.normative_document,
            iaf_codes=d.iaf_codes,
            methods=d.methods,
            reason=d.reason,
            actor=actor,
        )
    decision = AccreditationDecision.all_objects.create(
        accreditation=acc,
        assessment=assessment,
        kind=d.kind,
        on=d.on,
        reason=d.reason.strip(),
        decided_by=actor.user,
        decided_by_label=actor.label,
        event=event,
    )
    log(
        "accreditation.decision.taken",
        actor=actor,
        body=acc.body_id,
        obj=decision,
        data={"number": acc.number, "kind": d.kind, "on": d.on.isoformat(), "assessment": assessment.pk},
    )
    return decision

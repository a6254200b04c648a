"""Audit plan and team, audit record, findings, the client's answers and their verification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Q

from casys import clock
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Audit, Auditor, Finding, FindingStep
from casys.certification.services import CertificationError, attachments
from casys.certification.services.engine import (
    client_identity,
    core_auditor,
    is_product_application,
    main_scheme,
    scheme,
    standard,
    team_identities,
)
from casys.core import competence, engine, findings, remote_audit


@transaction.atomic
def plan_audit(
    audit: Audit,
    *,
    leader: Auditor,
    team: Sequence[Auditor],
    planned_on: date,
    days: float,
    actor: Actor = SYSTEM,
) -> Audit:
    """Assign the team (ISO/IEC 17021-1:2015 9.2.2): competence for every IAF code and standard,
    a qualified team leader, no declared conflict. Refused with the engine's message otherwise."""
    if audit.is_done:
        raise CertificationError("audit: already carried out")
    if is_product_application(audit.application):
        raise CertificationError("audit: a product-certification activity is recorded on its own page")
    if days <= 0:
        raise CertificationError("days: must be positive")
    members = list(dict.fromkeys([leader, *team]))
    app = audit.application
    core_team = [core_auditor(a) for a in members]
    try:
        for sid in app.schemes:
            competence.check_team(
                core_team,
                leader.identity,
                client_identity(app.client_id),
                standard(sid),
                app.iaf_codes,
                planned_on,
                client_name=app.client.organisation.name,
            )
            criteria = scheme(sid).sector_competence
            if criteria is not None:  # e.g. ISO/IEC TS 17021-15: the team's collective competence
                competence.check_collective(core_team, standard(sid), criteria, planned_on)
    except (competence.CompetenceError, competence.ImpartialityError) as exc:
        raise CertificationError(str(exc)) from exc
    audit.leader, audit.planned_on, audit.days = leader, planned_on, days
    audit.save(update_fields=["leader", "planned_on", "days"])
    audit.team.set(members)
    log(
        "certification.audit.planned",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={"kind": audit.kind, "on": planned_on, "leader": leader.name, "team": [a.name for a in members]},
    )
    return audit


def core_activity(audit: Audit) -> engine.Activity:
    return engine.Activity(
        audit.kind,
        audit.mode,
        team_identities(audit.team.all()),
        audit.done_on,  # type: ignore[arg-type]
        audit.days or 0,
        audit.remote_days,
    )


@transaction.atomic
def record_audit(
    audit: Audit,
    *,
    done_on: date,
    mode: str,
    days: float,
    remote_days: float = 0,
    report: str = "",
    user: Any = None,
    actor: Actor = SYSTEM,
) -> Audit:
    """Record the audit as carried out (IAF MD 4:2023): the scheme's maximum remote share holds,
    unless the scheme lets the activity be carried out fully remote.

    An audit is recorded once it has happened: a date after today is refused.
    """
    if audit.is_done:
        raise CertificationError("audit: already recorded")
    if is_product_application(audit.application):
        raise CertificationError("audit: a product-certification activity is recorded on its own page")
    today = clock.today()
    if done_on > today:
        raise CertificationError(
            f"done_on: {done_on.isoformat()} is after today ({today.isoformat()}); "
            "record an audit once it has been carried out"
        )
    if audit.leader_id is None:
        raise CertificationError("team: assign the audit team before recording the audit")
    audit.done_on, audit.mode, audit.days, audit.remote_days, audit.report = (
        done_on,
        mode,
        days,
        remote_days,
        report,
    )
    try:
        core_activity(audit)
        if days > 0:  # IAF MD 4: ICT time is on-site time; the scheme's maximum remote share holds
            rules = main_scheme(audit.application).remote_rules
            remote_audit.check_share(Fraction(str(remote_days)) / Fraction(str(days)), rules, audit.kind)
    except (engine.EngineError, remote_audit.RemoteAuditError) as exc:
        raise CertificationError(str(exc)) from exc
    audit.recorded_by = user if getattr(user, "pk", None) else None
    audit.save(update_fields=["done_on", "mode", "days", "remote_days", "report", "recorded_by"])
    log(
        "certification.audit.recorded",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={"kind": audit.kind, "on": done_on, "mode": mode, "days": days, "remote_days": remote_days},
    )
    return audit


def on_team(audit: Audit, user: Any) -> bool:
    """Whether ``user`` is the audit's team leader or a team member (through ``Auditor.user``)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return (
        Auditor.all_objects.filter(body_id=audit.body_id, user_id=user.pk)
        .filter(Q(pk=audit.leader_id) | Q(audits=audit))
        .exists()
    )


def _step(f: Finding, kind: str, user: Any, text: str = "", **answer: str) -> FindingStep:
    known = user if getattr(user, "pk", None) else None
    return FindingStep.all_objects.create(
        body_id=f.body_id,
        finding=f,
        kind=kind,
        at=clock.now(),
        by=known,
        by_label=str(known) if known else "",
        text=text,
        **answer,
    )


@transaction.atomic
def add_finding(
    audit: Audit,
    *,
    grade: str,
    clause: str,
    evidence: str,
    due: date | None,
    on: date,
    user: Any = None,
    files: Sequence[Any] = (),
    actor: Actor = SYSTEM,
) -> Finding:
    """A finding of the audit (ISO/IEC 17021-1:2015 9.4.8), with evidence files if given."""
    checked = attachments.check_uploads(files)
    try:
        findings.Finding("finding", grade, clause, evidence, due=due)
    except findings.FindingError as exc:
        raise CertificationError(str(exc).replace("finding.", "").replace("finding: ", "")) from exc
    f = Finding.all_objects.create(
        body_id=audit.body_id,
        audit=audit,
        grade=grade,
        clause=clause.strip(),
        evidence=evidence.strip(),
        due=due,
        raised_on=on,
    )
    log(
        "certification.finding.raised",
        actor=actor,
        body=audit.body_id,
        obj=f,
        data={"grade": grade, "clause": f.clause, "audit": audit.pk},
    )
    step = _step(f, "raised", user, f.evidence)
    attachments.attach(f, checked, step=step, user=user, actor=actor)
    return f


def core_finding(f: Finding) -> findings.Finding:
    return findings.Finding(
        f.ref,
        f.grade,
        f.clause,
        f.evidence,
        f.due,
        f.correction,
        f.root_cause,
        f.corrective_action,
        f.verified_on,
        str(f.verified_by) if f.verified_by_id else "",
    )


@transaction.atomic
def answer_finding(
    f: Finding,
    *,
    correction: str,
    root_cause: str,
    corrective_action: str,
    on: date,
    user: Any = None,
    files: Sequence[Any] = (),
    actor: Actor = SYSTEM,
) -> Finding:
    """The client's correction, root cause and corrective action (ISO/IEC 17021-1:2015 9.4.9).

    A client answers again after an answer was sent back; each answer stays in the history.
    """
    if f.grade == "ofi":
        raise CertificationError("grade: an opportunity for improvement needs no answer")
    if f.verified_on is not None:
        raise CertificationError("finding: already verified and closed")
    if f.answered_on is not None:
        raise CertificationError("finding: already answered, awaiting verification")
    checked = attachments.check_uploads(files)
    try:
        findings.respond(
            core_finding(f),
            correction=correction.strip(),
            root_cause=root_cause.strip(),
            corrective_action=corrective_action.strip(),
        )
    except findings.FindingError as exc:
        raise CertificationError(str(exc).replace(f"{f.ref}.", "")) from exc
    f.correction, f.root_cause, f.corrective_action = (
        correction.strip(),
        root_cause.strip(),
        corrective_action.strip(),
    )
    f.answered_on, f.answered_by = on, user
    f.sent_back_on, f.sent_back_reason = None, ""
    f.save(
        update_fields=[
            "correction",
            "root_cause",
            "corrective_action",
            "answered_on",
            "answered_by",
            "sent_back_on",
            "sent_back_reason",
        ]
    )
    log("certification.finding.answered", actor=actor, body=f.body_id, obj=f, data={"finding": f.ref})
    step = _step(
        f,
        "answered",
        user,
        correction=f.correction,
        root_cause=f.root_cause,
        corrective_action=f.corrective_action,
    )
    attachments.attach(f, checked, step=step, user=user, by_client=True, actor=actor)
    return f


@transaction.atomic
def send_back(f: Finding, *, reason: str, on: date, user: Any = None, actor: Actor = SYSTEM) -> Finding:
    """The verifier does not accept the client's answer: it goes back to the client with the reason."""
    if f.verified_on is not None:
        raise CertificationError("finding: already verified and closed")
    if f.answered_on is None:
        raise CertificationError("finding: there is no answer to send back")
    reason = reason.strip()
    if not reason:
        raise CertificationError("reason: say why the answer is sent back")
    f.answered_on, f.sent_back_on, f.sent_back_reason = None, on, reason
    f.save(update_fields=["answered_on", "sent_back_on", "sent_back_reason"])
    _step(f, "sent_back", user, reason)
    log(
        "certification.finding.sent_back",
        actor=actor,
        body=f.body_id,
        obj=f,
        data={"finding": f.ref, "reason": reason},
    )
    return f


@transaction.atomic
def verify_finding(f: Finding, *, on: date, user: Any, comment: str = "", actor: Actor = SYSTEM) -> Finding:
    """The auditor verifies correction and corrective action and closes the finding, with a comment."""
    if f.verified_on is not None:
        raise CertificationError("finding: already verified")
    if f.grade != "ofi" and f.answered_on is None and f.sent_back_on is not None:
        raise CertificationError("finding: the answer was sent back; the client answers again first")
    try:
        findings.verify(core_finding(f), on=on, by=str(user))
    except findings.FindingError as exc:
        raise CertificationError(str(exc)) from exc
    f.verified_on, f.verified_by, f.verification_comment = on, user, comment.strip()
    f.save(update_fields=["verified_on", "verified_by", "verification_comment"])
    _step(f, "accepted", user, f.verification_comment)
    log("certification.finding.verified", actor=actor, body=f.body_id, obj=f, data={"finding": f.ref})
    return f

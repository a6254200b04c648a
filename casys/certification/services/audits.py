"""Audit plan and team, audit record, findings, the client's answers and their verification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Audit, Auditor, Finding
from casys.certification.services import CertificationError
from casys.certification.services.engine import (
    client_identity,
    core_auditor,
    main_scheme,
    standard,
    team_identities,
)
from casys.core import audit_time, competence, engine, findings


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
    actor: Actor = SYSTEM,
) -> Audit:
    """Record the audit as carried out (IAF MD 4:2023): the minimum on-site share of the scheme holds."""
    if audit.is_done:
        raise CertificationError("audit: already recorded")
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
        share = main_scheme(audit.application).min_onsite_share
        if share is not None:
            audit_time.check_onsite_share(days - remote_days, days, share)
    except (engine.EngineError, audit_time.AuditTimeError) as exc:
        raise CertificationError(str(exc)) from exc
    audit.save(update_fields=["done_on", "mode", "days", "remote_days", "report"])
    log(
        "certification.audit.recorded",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={"kind": audit.kind, "on": done_on, "mode": mode, "days": days, "remote_days": remote_days},
    )
    return audit


@transaction.atomic
def add_finding(
    audit: Audit, *, grade: str, clause: str, evidence: str, due: date | None, on: date, actor: Actor = SYSTEM
) -> Finding:
    """A finding of the audit (ISO/IEC 17021-1:2015 9.4.8)."""
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
    user=None,  # type: ignore[no-untyped-def]
    actor: Actor = SYSTEM,
) -> Finding:
    """The client's correction, root cause and corrective action (ISO/IEC 17021-1:2015 9.4.9)."""
    if f.grade == "ofi":
        raise CertificationError("grade: an opportunity for improvement needs no answer")
    if f.verified_on is not None:
        raise CertificationError("finding: already verified and closed")
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
    f.save(update_fields=["correction", "root_cause", "corrective_action", "answered_on", "answered_by"])
    log("certification.finding.answered", actor=actor, body=f.body_id, obj=f, data={"finding": f.ref})
    return f


@transaction.atomic
def verify_finding(f: Finding, *, on: date, user, actor: Actor = SYSTEM) -> Finding:  # type: ignore[no-untyped-def]
    """The auditor verifies correction and corrective action and closes the finding."""
    if f.verified_on is not None:
        raise CertificationError("finding: already verified")
    try:
        findings.verify(core_finding(f), on=on, by=str(user))
    except findings.FindingError as exc:
        raise CertificationError(str(exc)) from exc
    f.verified_on, f.verified_by = on, user
    f.save(update_fields=["verified_on", "verified_by"])
    log("certification.finding.verified", actor=actor, body=f.body_id, obj=f, data={"finding": f.ref})
    return f

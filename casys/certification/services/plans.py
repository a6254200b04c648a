"""The audit plan (ISO/IEC 17021-1:2015 9.2.3), generated from the programme: the requirements in
scope of the scheme's profile, grouped by process (top-level clause), x sites x auditors, with
times that add up to the audit's IAF MD 5 audit time; the client accepts it or objects to a team
member with a reason. Remote lines need the ISO/IEC TS 17012 conditions and the scheme's limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.db import transaction

from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Audit, Auditor, AuditPlan, PlanLine, RemoteAssessment
from casys.certification.services import CertificationError, checked
from casys.certification.services.engine import main_scheme
from casys.core import audit_plan, remote_audit
from casys.requirements.models import Profile, Requirement
from casys.requirements.services import catalogues, mappings
from casys.requirements.services.catalogues import UnknownProfile, profile_for


def profile_of(audit: Audit) -> Profile:
    """The profile the audit is planned against: its own (an older edition's) or its scheme's."""
    try:
        return profile_for(audit.profile or audit.application.schemes[0])
    except UnknownProfile as exc:
        raise CertificationError(f"{'profile' if audit.profile else 'scheme'}: {exc}") from exc


def controls(profile: Profile) -> list[Requirement]:
    """The "shall" controls a profile selects, in catalogue order."""
    return catalogues.in_scope(profile)


def transition_of(audit: Audit, requirements: Sequence[Requirement]) -> mappings.Transition:
    """The edition mapping from the edition the client moves from to the audit's edition."""
    new = requirements[0].document.key if requirements else ""
    try:
        return mappings.transition(audit.transition_from, new)
    except mappings.MappingError as exc:
        raise CertificationError(f"transition_from: {exc}") from exc


def in_scope(audit: Audit) -> list[Requirement]:
    """The requirements in scope: the "shall" controls the audit's profile selects; for a transition
    audit, only those the edition mapping gives as new or changed (or does not map)."""
    found = controls(profile_of(audit))
    if audit.transition_from:
        to_audit = transition_of(audit, found).to_audit
        found = [r for r in found if r.uid in to_audit]
    return found


def transition_choices(audit: Audit) -> list[str]:
    """The editions a transition audit of ``audit`` may start from (those a mapping leads from)."""
    try:
        found = controls(profile_for(audit.application.schemes[0]))
    except UnknownProfile:
        return []
    return mappings.previous_of(found[0].document.key) if found else []


def profile_choices(audit: Audit) -> list[str]:
    """The profiles of the audit's scheme (its current edition's first)."""
    scheme = audit.application.schemes[0]
    return list(Profile.objects.filter(scheme=scheme).order_by("key").values_list("key", flat=True))


def _set_edition(audit: Audit, profile: str | None, transition_from: str | None) -> None:
    if profile is not None:
        choices = profile_choices(audit)
        if profile and profile not in choices:
            raise CertificationError(
                f"profile: {profile!r} is not a profile of the scheme ({', '.join(choices)})"
            )
        audit.profile = profile
    if transition_from is not None:
        if transition_from and audit.profile:
            raise CertificationError(
                "transition_from: a transition audit is planned against the current edition"
            )
        choices = transition_choices(audit)
        if transition_from and transition_from not in choices:
            raise CertificationError(
                f"transition_from: no edition mapping leads from {transition_from!r} "
                f"(known: {', '.join(choices) or 'none'})"
            )
        audit.transition_from = transition_from
    audit.save(update_fields=["profile", "transition_from"])


def md5_days(audit: Audit) -> float:
    """The audit time of IAF MD 5 for this audit, as the application review computed it."""
    app = audit.application
    by_kind = {"stage1": app.stage1_days, "stage2": app.stage2_days}
    days = audit.days or by_kind.get(audit.kind)
    if not days:
        raise CertificationError("days: the audit has no audit time yet (review the application first)")
    return float(days)


def _groups(requirements: Sequence[Requirement]) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for r in requirements:
        groups.setdefault(r.number.split(".")[0], []).append(r.uid)
    tops = dict(
        Requirement.objects.filter(
            document_id__in={r.document_id for r in requirements}, number__in=list(groups)
        ).values_list("number", "title")
    )
    return [(f"{top} {tops.get(top, '')}".strip(), ids) for top, ids in groups.items()]


@transaction.atomic
def generate(
    audit: Audit,
    *,
    profile: str | None = None,
    transition_from: str | None = None,
    actor: Actor = SYSTEM,
) -> AuditPlan:
    """A draft plan: one line per process (top-level clause) and site, auditors in turn, the audit
    time split in eighths of a day. Replaces a draft; a plan sent to the client is not regenerated.

    ``profile``: plan against an older edition's profile (an audit before the client's transition);
    ``transition_from``: a transition audit from that edition — only the requirements the edition
    mapping gives as new or changed. None keeps what the audit has; "" clears it."""
    if audit.leader_id is None:
        raise CertificationError("team: assign the audit team before generating the plan")
    existing = AuditPlan.all_objects.filter(audit=audit).first()
    if existing is not None and existing.status != "draft":
        raise CertificationError("plan: already sent to the client; it is not regenerated")
    if profile is not None or transition_from is not None:
        _set_edition(audit, profile, transition_from)
    days = md5_days(audit)
    team = [audit.leader, *[a for a in audit.team.all() if a.pk != audit.leader_id]]
    sites = [s.name for s in audit.application.sites.all()] or [audit.application.client.organisation.name]
    rows = [(process, ids, site) for process, ids in _groups(in_scope(audit)) for site in sites]
    if not rows:
        raise CertificationError("scheme: its profile selects no requirement")
    try:
        shares = audit_plan.allocate(Fraction(str(days)), len(rows))
    except audit_plan.PlanError as exc:
        raise CertificationError(str(exc)) from exc
    if existing is not None:
        existing.lines.all().delete()
        plan = existing
        plan.days = days
        plan.save(update_fields=["days"])
    else:
        plan = AuditPlan.all_objects.create(body_id=audit.body_id, audit=audit, days=days)
    PlanLine.all_objects.bulk_create(
        PlanLine(
            body_id=audit.body_id,
            plan=plan,
            position=i,
            process=process,
            requirement_ids=ids,
            site=site,
            auditor=team[i % len(team)],
            days=float(share),
            on=audit.planned_on,
        )
        for i, ((process, ids, site), share) in enumerate(zip(rows, shares, strict=True))
    )
    log(
        "certification.plan.generated",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={
            "audit": audit.pk,
            "lines": len(rows),
            "days": days,
            "profile": audit.profile,
            "transition_from": audit.transition_from,
        },
    )
    return plan


@dataclass(frozen=True)
class LineInput:
    days: float
    auditor: Auditor
    mode: str
    on: date | None = None


def remote_check(audit: Audit, lines: Sequence[tuple[float, str, date | None]]) -> Fraction:
    """Refuse remote lines the programme's 5.2.2 conditions or the scheme's limits do not allow;
    return the plan's remote share. ``lines``: (days, mode, on)."""
    remote = [(Fraction(str(d)), m != "on-site") for d, m, _ in lines]
    share = audit_plan.remote_share(remote)
    rules = main_scheme(audit.application).remote_rules
    total = sum((d for d, _ in remote), Fraction(0))
    onsite = sum((d for d, r in remote if not r), Fraction(0))
    try:
        remote_audit.check_onsite_required(audit.kind, onsite, rules)
        if share == 0:
            return share
        assessment = RemoteAssessment.all_objects.filter(application_id=audit.application_id).first()
        remote_audit.check_conditions(assessment.met if assessment else {})
        remote_audit.check_share(share, rules, audit.kind)  # per audit, as recording the audit checks it
        if rules.partial_remote is not None:
            remote_on = min((o for d, m, o in lines if m != "on-site" and o), default=None)
            onsite_on = min((o for d, m, o in lines if m == "on-site" and o), default=None)
            remote_audit.check_partial_remote(total, onsite, remote_on, onsite_on, rules.partial_remote)
    except remote_audit.RemoteAuditError as exc:
        raise CertificationError(str(exc)) from exc
    return share


@transaction.atomic
def save_lines(plan: AuditPlan, lines: Sequence[LineInput], *, actor: Actor = SYSTEM) -> AuditPlan:
    """Save the lines' times, auditors and modes: refused (naming the field) unless the times add up
    to the audit time exactly and remote lines are allowed; nothing is saved otherwise."""
    if plan.status not in ("draft", "objected"):
        raise CertificationError("plan: accepted by the client or awaiting the client; not changed")
    rows = list(plan.lines.all())
    if len(lines) != len(rows):
        raise CertificationError(f"lines: expected {len(rows)} lines, got {len(lines)}")
    modes = {m for m, _ in PlanLine._meta.get_field("mode").choices}
    for i, line in enumerate(lines):
        if line.mode not in modes:
            raise CertificationError(f"lines[{i}].mode: unknown mode {line.mode!r}")
    try:
        audit_plan.check_total([Fraction(str(x.days)) for x in lines], Fraction(str(plan.days)))
    except audit_plan.PlanError as exc:
        raise CertificationError(str(exc)) from exc
    share = remote_check(plan.audit, [(x.days, x.mode, x.on) for x in lines])
    for row, line in zip(rows, lines, strict=True):
        row.days, row.auditor, row.mode, row.on = line.days, line.auditor, line.mode, line.on
        row.save(update_fields=["days", "auditor", "mode", "on"])
    log(
        "certification.plan.saved",
        actor=actor,
        body=plan.body_id,
        obj=plan.audit,
        data={"audit": plan.audit_id, "remote_share": float(share)},
    )
    return plan


@transaction.atomic
def send(plan: AuditPlan, *, on: date, justification: str = "", actor: Actor = SYSTEM) -> AuditPlan:
    """Send the plan and team to the client (with the invitation to the audit)."""
    if plan.status in ("sent", "accepted"):
        raise CertificationError("plan: already sent to the client")
    lines = list(plan.lines.all())
    audit_plan_check(plan, lines)
    justification = checked("justification", justification, 2000, multiline=True)
    if any(x.is_remote for x in lines) and not justification:
        raise CertificationError("justification: say why part of the audit is remote (IAF MD 4)")
    plan.status, plan.sent_on, plan.remote_justification = "sent", on, justification
    plan.objection, plan.objected_member = "", None
    plan.save(update_fields=["status", "sent_on", "remote_justification", "objection", "objected_member"])
    log(
        "certification.plan.sent",
        actor=actor,
        body=plan.body_id,
        obj=plan.audit,
        data={"audit": plan.audit_id},
    )
    return plan


def audit_plan_check(plan: AuditPlan, lines: Sequence[PlanLine]) -> None:
    try:
        audit_plan.check_total([Fraction(str(x.days)) for x in lines], Fraction(str(plan.days)))
    except audit_plan.PlanError as exc:
        raise CertificationError(str(exc)) from exc
    remote_check(plan.audit, [(x.days, x.mode, x.on) for x in lines])


@transaction.atomic
def answer(
    plan: AuditPlan,
    *,
    accept: bool,
    member: Auditor | None = None,
    reason: str = "",
    user: Any = None,
    on: date,
    actor: Actor = SYSTEM,
) -> AuditPlan:
    """The client accepts the plan, or objects to a member of the team with a reason (9.2.3)."""
    if plan.status != "sent":
        raise CertificationError("plan: not awaiting the client's answer")
    if not accept:
        team = set(Auditor.all_objects.filter(audits=plan.audit).values_list("pk", flat=True))
        team.add(plan.audit.leader_id)
        if member is None or member.pk not in team:
            raise CertificationError("member: choose the member of the audit team you object to")
        reason = checked("reason", reason, 2000, multiline=True)
        if not reason:
            raise CertificationError("reason: say why you object to this member of the team")
    plan.status = "accepted" if accept else "objected"
    plan.answered_on, plan.answered_by = on, user if getattr(user, "pk", None) else None
    plan.objected_member, plan.objection = (None, "") if accept else (member, reason)
    plan.save(update_fields=["status", "answered_on", "answered_by", "objected_member", "objection"])
    log(
        "certification.plan.accepted" if accept else "certification.plan.objected",
        actor=actor,
        body=plan.body_id,
        obj=plan.audit,
        data={"audit": plan.audit_id, **({} if accept else {"member": member.name, "reason": reason})},  # type: ignore[union-attr]
    )
    return plan


@transaction.atomic
def assess_remote(
    app: Any,
    *,
    met: dict[str, bool],
    evidence: dict[str, str],
    user: Any = None,
    on: date,
    actor: Actor = SYSTEM,
) -> RemoteAssessment:
    """Record the ISO/IEC TS 17012:2024 5.2.2 conditions for the programme; a condition recorded as
    met needs its evidence."""
    clean = {}
    for c in remote_audit.CONDITIONS:
        text = checked(f"evidence_{c.id}", evidence.get(c.id, ""), 1000, multiline=True)
        if met.get(c.id) and not text:
            raise CertificationError(f"evidence_{c.id}: give the evidence that the condition is met")
        clean[c.id] = text
    row, _ = RemoteAssessment.all_objects.update_or_create(
        application=app,
        defaults={
            "body_id": app.body_id,
            "met": {c: bool(met.get(c)) for c in remote_audit.CONDITION_IDS},
            "evidence": clean,
            "assessed_on": on,
            "assessed_by": user if getattr(user, "pk", None) else None,
        },
    )
    log(
        "certification.remote.assessed",
        actor=actor,
        body=app.body_id,
        obj=app,
        data={"unmet": remote_audit.unmet(row.met)},
    )
    return row

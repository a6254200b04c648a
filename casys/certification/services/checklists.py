"""Checklists per auditor from the audit plan: each entry records conformity against a requirement
id of the scheme's profile, with evidence (notes, files by SHA-256 and size, interviewees by role),
and a finding raised from an entry points at one or more requirement ids — never free text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from casys import clock
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import (
    Audit,
    Auditor,
    AuditPlan,
    ChecklistEntry,
    EntryEvidence,
    Finding,
    FindingRequirement,
)
from casys.certification.models.plan import CONFORMITY
from casys.certification.services import CertificationError, attachments, checked
from casys.certification.services.audits import add_finding
from casys.certification.services.plans import in_scope, profile_of
from casys.requirements.models import Requirement
from casys.requirements.services.catalogues import UnknownProfile, UnknownRequirement, resolve


def requirements(audit: Audit, ids: Sequence[str]) -> list[Requirement]:
    """The requirements ``ids`` name in the profile of the audit's scheme; an id not in it is refused."""
    try:
        return resolve(profile_of(audit), ids)
    except (UnknownRequirement, UnknownProfile) as exc:
        raise CertificationError(f"requirements: {exc}") from exc


@transaction.atomic
def prepare(audit: Audit, *, actor: Actor = SYSTEM) -> int:
    """One checklist per auditor from the plan: an entry per requirement of the auditor's lines.
    Entries already there are kept; returns how many were added."""
    plan = AuditPlan.all_objects.filter(audit=audit).first()
    if plan is None or not plan.lines.exists():
        raise CertificationError("plan: generate the audit plan before the checklists")
    wanted: dict[tuple[int, str], None] = {}
    for line in plan.lines.all():
        for uid in line.requirement_ids:
            wanted[(line.auditor_id, uid)] = None
    by_uid = {r.uid: r for r in Requirement.objects.filter(uid__in={u for _, u in wanted})}
    have = set(ChecklistEntry.all_objects.filter(audit=audit).values_list("auditor_id", "requirement__uid"))
    new = [
        ChecklistEntry(body_id=audit.body_id, audit=audit, auditor_id=a, requirement=by_uid[u])
        for a, u in wanted
        if (a, u) not in have and u in by_uid
    ]
    ChecklistEntry.all_objects.bulk_create(new)
    log(
        "certification.checklist.created",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={"audit": audit.pk, "entries": len(new)},
    )
    return len(new)


def entry_for(audit: Audit, auditor: Auditor, requirement_id: str) -> ChecklistEntry:
    """The auditor's entry for a requirement id of the profile (added if the plan did not list it)."""
    requirement = requirements(audit, [requirement_id])[0]
    entry, _ = ChecklistEntry.all_objects.get_or_create(
        audit=audit, auditor=auditor, requirement=requirement, defaults={"body_id": audit.body_id}
    )
    return entry


@transaction.atomic
def record(
    entry: ChecklistEntry,
    *,
    conformity: str,
    notes: str = "",
    interviewees: Sequence[str] = (),
    files: Sequence[Any] = (),
    grade: str = "",
    finding_ids: Sequence[str] = (),
    due: Any = None,
    user: Any = None,
    actor: Actor = SYSTEM,
) -> ChecklistEntry:
    """Record an entry; with a ``grade`` (minor, major, ofi) a finding is raised against the entry's
    requirement and ``finding_ids`` (more requirement ids of the profile), every id checked first."""
    if conformity not in {c for c, _ in CONFORMITY}:
        raise CertificationError(f"conformity: choose one of {', '.join(c for c, _ in CONFORMITY)}")
    notes = checked("notes", notes, 5000, multiline=True)
    roles = [checked("interviewees", r, 200) for r in interviewees if r.strip()]
    audit = entry.audit
    linked = requirements(audit, [entry.requirement.uid, *[i for i in finding_ids if i.strip()]])
    if conformity == "nonconform" and grade not in ("minor", "major"):
        raise CertificationError("grade: a nonconformity is graded minor or major")
    if grade and not audit.is_done:
        raise CertificationError("grade: record the audit as carried out before raising findings")
    checked_files = attachments.check_uploads(files)
    entry.conformity, entry.notes, entry.interviewees = conformity, notes, roles
    entry.recorded_at = clock.now()
    if grade:
        finding = add_finding(
            audit,
            grade=grade,
            clause=", ".join(dict.fromkeys(label(r) for r in linked)),
            evidence=notes or "-",
            due=due,
            on=clock.today(),
            user=user,
            actor=actor,
        )
        link(finding, linked)
        entry.finding = finding
    entry.save()
    for name, data, ctype in checked_files:
        digest = attachments.store(audit.body_id, data)
        EntryEvidence.all_objects.create(
            body_id=audit.body_id,
            entry=entry,
            name=name,
            content_type=ctype,
            size=len(data),
            sha256=digest,
            uploaded_at=clock.now(),
        )
    log(
        "certification.checklist.recorded",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={
            "requirement": entry.requirement.uid,
            "conformity": conformity,
            "grade": grade,
            "files": [n for n, _, _ in checked_files],
        },
    )
    return entry


def label(r: Requirement) -> str:
    """How a person reads a requirement: the document's short name and the clause, ``ISO 9001:2015 7.1.5``."""
    short = " ".join(r.document.title.split(" ")[:2])
    return f"{short} {r.number}"


def link(finding: Finding, linked: Sequence[Requirement]) -> None:
    FindingRequirement.all_objects.bulk_create(
        [
            FindingRequirement(body_id=finding.body_id, finding=finding, requirement=r)
            for r in dict.fromkeys(linked)
        ],
        ignore_conflicts=True,
    )


def covered(audit: Audit) -> set[str]:
    """The requirement ids an audit covered: entries with a conformity recorded, and findings' ids."""
    ids = set(
        ChecklistEntry.all_objects.filter(audit=audit)
        .exclude(conformity="")
        .values_list("requirement__uid", flat=True)
    )
    ids |= set(
        FindingRequirement.all_objects.filter(finding__audit=audit).values_list("requirement__uid", flat=True)
    )
    return ids


def scope_of(audit: Audit) -> list[Requirement]:
    """The requirements in scope of the audit's scheme (its profile's "shall" controls); none when
    no profile of requirements is loaded for the scheme."""
    try:
        return in_scope(audit)
    except CertificationError:
        return []

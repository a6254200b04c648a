"""Documents of an audit: the plan PDF (with the invitation to the audit), the audit report PDF
(findings by requirement, remote share, coverage of the cycle), in English, French or Russian;
and the audit's results as OSCAL assessment results, its findings as an OSCAL plan of action and
milestones, each validated against the published OSCAL 1.2.1 JSON schema before it leaves."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, time
from fractions import Fraction
from typing import Any

from django.utils import translation

from casys import clock
from casys.certification.models import Audit, AuditPlan, ChecklistEntry, Finding, FindingRequirement
from casys.certification.services import CertificationError
from casys.certification.services import coverage as cycle_coverage
from casys.certification.services.engine import main_scheme, scheme_title
from casys.core import audit_plan
from casys.documents.pdf import render_pdf
from casys.documents.services import issuer
from casys.requirements.services import oscal

#: A fixed namespace, so that an audit's exports carry the same uuids each time they are made.
UUIDS = uuid.UUID("0b6a4f0e-3d38-4b43-8a8e-18a1f5d6c9a2")


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(UUIDS, "/".join(str(p) for p in parts)))


def _share(plan: AuditPlan | None) -> Fraction:
    if plan is None:
        return Fraction(0)
    return audit_plan.remote_share([(Fraction(str(x.days)), x.is_remote) for x in plan.lines.all()])


def plan_pdf(plan: AuditPlan, lang: str) -> bytes:
    audit = plan.audit
    with translation.override(lang):
        return render_pdf(
            "certification/plan_pdf.html",
            {
                "lang": lang,
                "issuer": issuer(audit.body),
                "doc_id": f"AP-{audit.pk}",
                "plan": plan,
                "audit": audit,
                "scheme": scheme_title(audit.application.schemes[0]),
                "lines": plan.lines.select_related("auditor"),
                "team": [audit.leader, *audit.team.exclude(pk=audit.leader_id)],
                "remote_share": round(float(_share(plan)) * 100, 1),
            },
        )


def findings_by_requirement(audit: Audit) -> list[tuple[str, str, list[Finding]]]:
    """(requirement id, title, findings) in catalogue order; findings without an id under "-"."""
    groups: dict[tuple[int, str, str], list[Finding]] = defaultdict(list)
    linked = set()
    for fr in FindingRequirement.all_objects.filter(finding__audit=audit).select_related(
        "requirement", "finding"
    ):
        r = fr.requirement
        groups[(r.position, r.uid, r.title)].append(fr.finding)
        linked.add(fr.finding_id)
    out = [(uid, title, fs) for (_, uid, title), fs in sorted(groups.items())]
    rest = [f for f in audit.findings.all() if f.pk not in linked]
    if rest:
        out.append(("-", "", rest))
    return out


def report_pdf(audit: Audit, lang: str) -> bytes:
    app = audit.application
    plan = AuditPlan.all_objects.filter(audit=audit).first()
    cov = cycle_coverage.for_cycle(app, audit.cycle - 1 if _is_recert(audit) else audit.cycle)
    with translation.override(lang):
        return render_pdf(
            "certification/report_pdf.html",
            {
                "lang": lang,
                "issuer": issuer(audit.body),
                "doc_id": f"AR-{audit.pk}",
                "audit": audit,
                "scheme": scheme_title(app.schemes[0]),
                "groups": findings_by_requirement(audit),
                "plan": plan,
                "remote_share": round(float(_share(plan)) * 100, 1),
                "activities": audit.remote_activities.all(),
                "cov": cov,
                "covered_count": len(cov.requirements) - len(cov.uncovered),
                "entries": ChecklistEntry.all_objects.filter(audit=audit).exclude(conformity="").count(),
                "team": [audit.leader, *audit.team.exclude(pk=audit.leader_id)] if audit.leader else [],
            },
        )


def _is_recert(audit: Audit) -> bool:
    return main_scheme(audit.application).phase(audit.phase).kind == "recertification"


def _when(d: Any) -> str:
    moment = d if isinstance(d, datetime) else datetime.combine(d or clock.today(), time(12, 0))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.now().tzinfo)
    return moment.isoformat()


def _metadata(audit: Audit, title: str) -> dict[str, Any]:
    return {
        "title": f"{title}: {audit.kind_label} — {audit.application.client}",
        "last-modified": _when(clock.now()),
        "version": f"{audit.pk}",
        "oscal-version": "1.2.1",
        "parties": [{"uuid": _uuid("body", audit.body_id), "type": "organization", "name": audit.body.name}],
    }


def _control_id(uid: str) -> str:
    return uid.split("/", 1)[-1]


def assessment_results(audit: Audit) -> dict[str, Any]:
    """The audit's results as OSCAL assessment results: one result, the requirements reviewed, an
    observation per checklist entry and a finding per requirement checked (satisfied or not)."""
    entries = list(
        ChecklistEntry.all_objects.filter(audit=audit)
        .exclude(conformity="")
        .select_related("requirement", "auditor")
    )
    with translation.override("en"):
        observations, found = [], []
        for e in entries:
            obs = {
                "uuid": _uuid("observation", e.pk),
                "description": e.notes or e.get_conformity_display(),
                "methods": ["EXAMINE"] + (["INTERVIEW"] if e.interviewees else []),
                "collected": _when(e.recorded_at or audit.done_on),
            }
            if e.interviewees:
                obs["remarks"] = "Interviewees: " + ", ".join(e.interviewees)
            evidence = [
                {
                    "href": f"#sha256-{f.sha256}",
                    "description": f"{f.name} ({f.size} bytes, SHA-256 {f.sha256})",
                }
                for f in e.files.all()
            ]
            if evidence:
                obs["relevant-evidence"] = evidence
            observations.append(obs)
            found.append(
                {
                    "uuid": _uuid("finding", e.pk),
                    "title": f"{e.requirement.uid} {e.requirement.title}",
                    "description": e.get_conformity_display(),
                    "target": {
                        "type": "statement-id",
                        "target-id": e.requirement.oscal_id,
                        "status": {"state": "not-satisfied" if e.conformity == "nonconform" else "satisfied"},
                        "props": [
                            {
                                "name": "requirement-id",
                                "ns": "urn:casys:requirements",
                                "value": e.requirement.uid,
                            }
                        ],
                    },
                    "related-observations": [{"observation-uuid": _uuid("observation", e.pk)}],
                }
            )
        result: dict[str, Any] = {
            "uuid": _uuid("result", audit.pk),
            "title": audit.kind_label,
            "description": audit.report or audit.kind_label,
            "start": _when(audit.done_on or audit.planned_on),
            "reviewed-controls": {
                "control-selections": [
                    {"include-controls": [{"control-id": e.requirement.oscal_id} for e in entries]}
                    if entries
                    else {"include-all": {}}
                ]
            },
        }
        if observations:
            result["observations"] = observations
        if found:
            result["findings"] = found
        document = {
            "assessment-results": {
                "uuid": _uuid("assessment-results", audit.pk),
                "metadata": _metadata(audit, "Assessment results"),
                "import-ap": {"href": f"#audit-plan-{audit.pk}"},
                "results": [result],
            }
        }
    _validated(document, "assessment-results")
    return document


def poam(audit: Audit) -> dict[str, Any]:
    """The audit's nonconformities as an OSCAL plan of action and milestones: an item per finding,
    with the client's corrective action and its due date as a milestone-like remark."""
    items = []
    for f in audit.findings.filter(grade__in=("major", "minor")).prefetch_related(
        "requirements__requirement"
    ):
        ids = [fr.requirement.uid for fr in f.requirements.all()] or [f.clause]
        item: dict[str, Any] = {
            "uuid": _uuid("poam-item", f.pk),
            "title": f"{f.ref} ({f.grade}) {', '.join(ids)}",
            "description": f.evidence,
            "props": [
                {"name": "requirement-id", "ns": "urn:casys:requirements", "value": i} for i in ids if i
            ],
        }
        remarks = [
            x
            for x in (
                f"Correction: {f.correction}" if f.correction else "",
                f"Corrective action: {f.corrective_action}" if f.corrective_action else "",
                f"Due: {f.due.isoformat()}" if f.due else "",
                f"Verified and closed on {f.verified_on.isoformat()}" if f.verified_on else "",
            )
            if x
        ]
        if remarks:
            item["remarks"] = "\n".join(remarks)
        items.append(item)
    if not items:
        raise CertificationError("findings: the audit has no nonconformity to put in a plan of action")
    document = {
        "plan-of-action-and-milestones": {
            "uuid": _uuid("poam", audit.pk),
            "metadata": _metadata(audit, "Plan of action and milestones"),
            "system-id": {
                "identifier-type": "https://ietf.org/rfc/rfc4122",
                "id": _uuid("client", audit.application.client_id),
            },
            "poam-items": items,
        }
    }
    _validated(document, "plan-of-action-and-milestones")
    return document


def _validated(document: dict[str, Any], model: str) -> None:
    try:
        oscal.validate(document, model)
    except oscal.OscalError as exc:  # our own export: a bug, reported with the JSON path
        raise CertificationError(f"oscal: {exc}") from exc

"""Coverage of the requirements in scope over a certification cycle (ISO/IEC 17021-1:2015 9.1.3).

The cycle a recertification decision closes is the audits of the previous cycle (initial or
recertification audit, surveillance audits) and the recertification audit itself. A programme is
held to coverage once it is planned or checklisted against requirements (an audit of the cycle has
a plan or checklist entries). Product schemes use the same matrix: their activities (factory
inspections) are checklisted against the scheme's profile, and a product scheme's decision of a
``recertification`` phase is blocked the same way (``products.take_product_decision``).

The scope is the scheme's current profile. An audit of the cycle planned against an older edition
(before the client's transition) covers the current edition's requirements that the edition
mapping gives as unchanged, when it covered their old clauses: the matrix marks that coverage as
carried over from the old edition, naming the old ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casys.certification.models import Application, Audit, AuditPlan, ChecklistEntry, FindingRequirement
from casys.certification.services.checklists import covered, label
from casys.certification.services.engine import main_scheme
from casys.certification.services.plans import controls
from casys.core import coverage
from casys.requirements.models import Requirement
from casys.requirements.services import mappings
from casys.requirements.services.catalogues import UnknownProfile, profile_for


@dataclass(frozen=True)
class CycleCoverage:
    cycle: int
    audits: list[Audit]
    requirements: list[Requirement]
    matrix: coverage.Matrix
    planned: bool  # whether the cycle's audits were planned against requirements
    carried: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id → old-edition ids covering it

    @property
    def uncovered(self) -> tuple[str, ...]:
        return self.matrix.uncovered

    def rows(self) -> list[tuple[Requirement, tuple[bool, ...], tuple[str, ...]]]:
        """(requirement, a cell per audit, the old-edition ids its coverage carries over from)."""
        by_uid = {r.uid: r for r in self.requirements}
        return [(by_uid[uid], cells, self.carried.get(uid, ())) for uid, cells in self.matrix.rows]


def cycle_audits(app: Application, cycle: int) -> list[Audit]:
    """The audits of certification cycle ``cycle``: its own audits other than a recertification
    audit (which opens it), and the recertification audit of the next cycle (which closes it)."""
    scheme = main_scheme(app)
    out = []
    for a in app.audits.all().order_by("cycle", "latest", "id"):
        recert = scheme.phase(a.phase).kind == "recertification"
        if (a.cycle == cycle and not recert) or (a.cycle == cycle + 1 and recert):
            out.append(a)
    return out


def _carried(ids: set[str], current: str) -> dict[str, tuple[str, ...]]:
    """Current-edition ids whose coverage carries over from ``ids`` on an older edition."""
    out: dict[str, tuple[str, ...]] = {}
    for old in sorted({uid.split("/", 1)[0] for uid in ids} - {current}):
        if old in mappings.previous_of(current):
            out |= mappings.carried_over(old, current, ids)
    return out


def for_cycle(app: Application, cycle: int) -> CycleCoverage:
    audits = cycle_audits(app, cycle)
    scope: list[Requirement] = []
    if audits:
        try:
            scope = controls(profile_for(app.schemes[0]))
        except UnknownProfile:  # no profile of requirements loaded for the scheme: nothing to cover
            scope = []
    current = scope[0].document.key if scope else ""
    cols, carried = [], {}
    for a in audits:
        ids = covered(a) if a.is_done else set()
        from_old = _carried(ids, current) if ids and current else {}
        carried |= from_old
        cols.append((f"{a.kind}#{a.pk}", ids | set(from_old)))
    # held to coverage once planned or checklisted against requirements (a product scheme's
    # activities have no audit plan: their checklists are kept against the scheme's profile)
    planned = bool(scope) and (
        AuditPlan.all_objects.filter(audit__in=audits).exists()
        or ChecklistEntry.all_objects.filter(audit__in=audits).exists()
    )
    matrix = coverage.matrix([r.uid for r in scope], cols)
    return CycleCoverage(cycle, audits, scope, matrix, planned, carried)


def blocking(app: Application, decision_cycle: int, phase: str) -> str | None:
    """Why a recertification decision at ``decision_cycle`` is blocked by coverage, or None."""
    if main_scheme(app).phase(phase).kind != "recertification":
        return None
    cov = for_cycle(app, decision_cycle - 1)
    if not cov.planned:
        return None
    return coverage.blocking_reason(cov.uncovered)


def uncovered_blocking(app: Application, decision_cycle: int, phase: str) -> tuple[str, ...]:
    """The requirement ids that block the pending recertification decision (none for other phases)."""
    if main_scheme(app).phase(phase).kind != "recertification":
        return ()
    cov = for_cycle(app, decision_cycle - 1)
    return cov.uncovered if cov.planned else ()


def reason(cov: CycleCoverage) -> str | None:
    """What the matrix page says blocks the recertification decision closing this cycle."""
    return coverage.blocking_reason(cov.uncovered) if cov.planned else None


def nc_by_requirement(body: object, *, top: int = 10) -> list[tuple[str, int, int]]:
    """Nonconformities by requirement across the body's clients: (label, major, minor), most first."""
    counts: dict[str, list[int]] = {}
    rows = FindingRequirement.objects.filter(body=body, finding__grade__in=("major", "minor")).select_related(
        "requirement__document", "finding"
    )
    for row in rows:
        grade = row.finding.grade
        c = counts.setdefault(label(row.requirement), [0, 0])
        c[0 if grade == "major" else 1] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0]))
    return [(uid, c[0], c[1]) for uid, c in ranked[:top]]

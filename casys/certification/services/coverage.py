"""Coverage of the requirements in scope over a certification cycle (ISO/IEC 17021-1:2015 9.1.3).

The cycle a recertification decision closes is the audits of the previous cycle (initial or
recertification audit, surveillance audits) and the recertification audit itself. A programme is
held to coverage once it is planned against requirements (an audit of the cycle has a plan).
"""

from __future__ import annotations

from dataclasses import dataclass

from casys.certification.models import Application, Audit, AuditPlan, FindingRequirement
from casys.certification.services import CertificationError
from casys.certification.services.checklists import covered, label
from casys.certification.services.engine import main_scheme
from casys.certification.services.plans import in_scope
from casys.core import coverage
from casys.requirements.models import Requirement


@dataclass(frozen=True)
class CycleCoverage:
    cycle: int
    audits: list[Audit]
    requirements: list[Requirement]
    matrix: coverage.Matrix
    planned: bool  # whether the cycle's audits were planned against requirements

    @property
    def uncovered(self) -> tuple[str, ...]:
        return self.matrix.uncovered

    def rows(self) -> list[tuple[Requirement, tuple[bool, ...]]]:
        by_uid = {r.uid: r for r in self.requirements}
        return [(by_uid[uid], cells) for uid, cells in self.matrix.rows]


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


def for_cycle(app: Application, cycle: int) -> CycleCoverage:
    audits = cycle_audits(app, cycle)
    scope: list[Requirement] = []
    if audits:
        try:
            scope = in_scope(audits[0])
        except CertificationError:  # no profile of requirements loaded for the scheme: nothing to cover
            scope = []
    cols = [(f"{a.kind}#{a.pk}", covered(a) if a.is_done else set()) for a in audits]
    planned = bool(scope) and AuditPlan.all_objects.filter(audit__in=audits).exists()
    return CycleCoverage(cycle, audits, scope, coverage.matrix([r.uid for r in scope], cols), planned)


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

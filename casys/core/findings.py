"""Audit findings: major and minor nonconformities, opportunities for improvement.

ISO/IEC 17021-1:2015 3.12 (major nonconformity), 3.13 (minor nonconformity),
9.4.8 (reporting), 9.4.9 (cause analysis, correction and corrective action by the
client; the body verifies them) and 9.5.3 / 9.6.3.2.3 (no decision while a major
nonconformity is open: correction and corrective action reviewed, accepted and
verified first).

>>> f = Finding("F1", "major", "ISO 9001:2015 8.5.1", "batch 12 released untested", due=date(2026, 5, 1))
>>> f.is_open, open_majors([f])
(True, ('F1',))
>>> closed = verify(respond(f, correction="batch recalled", root_cause="no hold point",
...                         corrective_action="hold point added"), on=date(2026, 4, 20), by="A1")
>>> closed.is_open
False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

GRADES = ("major", "minor", "ofi")


class FindingError(ValueError):
    """A malformed finding or response; the message names the field."""


class DecisionBlockedError(ValueError):
    """A decision cannot be taken; the message lists every reason."""


@dataclass(frozen=True)
class Finding:
    """A finding with the client's response and the body's verification."""

    id: str
    grade: str
    clause: str
    evidence: str
    due: date | None = None
    correction: str = ""
    root_cause: str = ""
    corrective_action: str = ""
    verified_on: date | None = None
    verified_by: str = ""

    def __post_init__(self) -> None:
        if self.grade not in GRADES:
            raise FindingError(
                f"{self.id}.grade: unknown grade {self.grade!r} (expected one of: {', '.join(GRADES)})"
            )
        if self.grade != "ofi" and (not self.clause.strip() or not self.evidence.strip()):
            raise FindingError(f"{self.id}: a nonconformity needs a clause and evidence")

    @property
    def is_open(self) -> bool:
        """A nonconformity is open until the body has verified the response; an OFI is never open."""
        return self.grade != "ofi" and self.verified_on is None


def respond(f: Finding, *, correction: str, root_cause: str, corrective_action: str) -> Finding:
    """Record the client's response (17021-1:2015 9.4.9)."""
    for name, value in (
        ("correction", correction),
        ("root_cause", root_cause),
        ("corrective_action", corrective_action),
    ):
        if not value.strip():
            raise FindingError(f"{f.id}.{name}: required")
    return replace(f, correction=correction, root_cause=root_cause, corrective_action=corrective_action)


def verify(f: Finding, *, on: date, by: str) -> Finding:
    """Record the body's verification of correction and corrective action."""
    if f.grade == "ofi":
        raise FindingError(f"{f.id}: an opportunity for improvement is not verified")
    if not (f.correction and f.root_cause and f.corrective_action):
        raise FindingError(f"{f.id}: correction, root cause and corrective action come before verification")
    if not by.strip():
        raise FindingError(f"{f.id}.verified_by: required")
    return replace(f, verified_on=on, verified_by=by)


def overdue(findings: Iterable[Finding], on: date) -> tuple[str, ...]:
    """Ids of open nonconformities past their due date on ``on``."""
    return tuple(f.id for f in findings if f.is_open and f.due is not None and f.due < on)


def open_majors(findings: Iterable[Finding]) -> tuple[str, ...]:
    """Ids of open major nonconformities, which block a certification decision."""
    return tuple(f.id for f in findings if f.grade == "major" and f.is_open)

"""Coverage of the requirements in scope over a certification cycle (ISO/IEC 17021-1:2015 9.1.3:
the audit programme covers the management system's requirements over the cycle).

A matrix of requirements x audits; a requirement in scope that no audit of the cycle covered
blocks the recertification decision.

>>> m = matrix(["a/1", "a/2", "a/3"], [("A-1", {"a/1"}), ("A-2", {"a/1", "a/3"})])
>>> m.uncovered
('a/2',)
>>> m.rows[0]
('a/1', (True, True))
>>> m.incomplete
('a/2', 'a/3')

The same matrix serves an inspection's checklist (requirements x items inspected: each item is to
answer a check for each requirement) and a verification's checklist (one column).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Matrix:
    audits: tuple[str, ...]
    rows: tuple[tuple[str, tuple[bool, ...]], ...]

    @property
    def uncovered(self) -> tuple[str, ...]:
        return tuple(r for r, cells in self.rows if not any(cells))

    @property
    def incomplete(self) -> tuple[str, ...]:
        """Requirements some column did not cover (every column is to cover every requirement)."""
        return tuple(r for r, cells in self.rows if not all(cells))


def matrix(requirements: Sequence[str], audits: Iterable[tuple[str, set[str]]]) -> Matrix:
    """``audits``: (label, ids of the requirements the audit covered), in the cycle's order."""
    cols = list(audits)
    return Matrix(
        tuple(label for label, _ in cols),
        tuple((r, tuple(r in covered for _, covered in cols)) for r in requirements),
    )


def blocking_reason(
    uncovered: Sequence[str],
    *,
    shown: int = 20,
    what: str = "never audited in the cycle",
    clause: str = "ISO/IEC 17021-1:2015 9.1.3",
) -> str | None:
    """The reason a decision is blocked, listing the ids; None when all are covered.

    >>> blocking_reason(["l/4"], what="without an answered check", clause="ISO/IEC 17020:2012 7.1.1")
    'coverage: 1 requirement(s) in scope without an answered check (ISO/IEC 17020:2012 7.1.1): l/4'
    """
    if not uncovered:
        return None
    more = f" and {len(uncovered) - shown} more" if len(uncovered) > shown else ""
    return (
        f"coverage: {len(uncovered)} requirement(s) in scope {what} "
        f"({clause}): {', '.join(uncovered[:shown])}{more}"
    )

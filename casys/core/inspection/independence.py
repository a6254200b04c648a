"""Independence of inspection bodies: types A, B and C (ISO/IEC 17020:2012 4.1.6 and Annex A).

A body declares, per inspection scheme in its scope, the type of independence it meets; a body
may be type A for one scheme and type C for another, never two types for one scheme (ILAC
Inspection Committee FAQ 26 on 17020 4.1.6, https://ilacfaq.org/2017/04/03/faq26/). The types,
as Annex A states them (summarised from public quotations; wording not read in full):

* **A** (A.1): the body and its personnel are not engaged in the design, manufacture, supply,
  installation, purchase, ownership, use or maintenance of the items they inspect; casys records
  this as a declaration with its date, and refuses work before it.
* **B** (A.2): a separate and identifiable part of an organization engaged in those activities,
  supplying inspection only to the organization it is part of: an engagement for any other
  client is refused.
* **C** (A.3): part of such an organization, may inspect for others too, with segregation of
  responsibilities; the design, manufacture, supply, installation, servicing or maintenance and
  the inspection of the same item are not undertaken by the same person: an inspector with a
  declared involvement in the item cannot be assigned to inspect it.

What each type requires is data (:data:`TYPES`); the functions read the data, never the letter.

>>> scope = [ScopeLine("lifting", "C"), ScopeLine("indoor-air", "A")]
>>> check_scope(scope)
[]
>>> print(*check_scope(scope + [ScopeLine("lifting", "A")]))  # doctest: +ELLIPSIS
scope[2].independence: scheme 'lifting' is already type C in the scope: one type per scheme (ILAC FAQ 26, ...)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

#: Activities that make a person or a body party to an item (17020:2012 Annex A).
INVOLVEMENTS = (
    "design",
    "manufacture",
    "supply",
    "installation",
    "purchase",
    "ownership",
    "use",
    "maintenance",
)


@dataclass(frozen=True)
class IndependenceType:
    """What one type of independence requires.

    ``outside_clients``: may inspect for clients outside its own organization;
    ``declaration``: the body's declaration of non-involvement must be dated on or before the work;
    ``clause``: the clause cited when a rule refuses.
    """

    id: str
    clause: str
    summary: str
    outside_clients: bool
    declaration: bool


TYPES: Mapping[str, IndependenceType] = MappingProxyType(
    {
        "A": IndependenceType(
            "A", "ISO/IEC 17020:2012 Annex A.1",
            "independent of the parties involved: not engaged in design, manufacture, supply, installation, "
            "purchase, ownership, use or maintenance of the items inspected",
            outside_clients=True, declaration=True,
        ),
        "B": IndependenceType(
            "B", "ISO/IEC 17020:2012 Annex A.2",
            "a separate, identifiable part of an organization involved with the items, inspecting only for "
            "the organization it is part of",
            outside_clients=False, declaration=False,
        ),
        "C": IndependenceType(
            "C", "ISO/IEC 17020:2012 Annex A.3",
            "part of an organization involved with the items, inspecting for it and others, with segregation "
            "of responsibilities; no one inspects an item they designed, made, supplied, installed or "
            "maintain",
            outside_clients=True, declaration=False,
        ),
    }
)  # fmt: skip


@dataclass(frozen=True)
class ScopeLine:
    """One inspection scheme in a body's scope with the independence type declared for it."""

    scheme: str
    independence: str
    declared_on: date | None = None


@dataclass(frozen=True)
class Involvement:
    """A person's declared involvement in an item (e.g. ``maintenance`` since a date, until a date)."""

    person: str
    item: str
    activity: str
    since: date
    until: date | None = None

    def __post_init__(self) -> None:
        if self.activity not in INVOLVEMENTS:
            raise ValueError(
                f"activity: unknown involvement {self.activity!r} "
                f"(expected one of: {', '.join(INVOLVEMENTS)})"
            )
        if self.until is not None and self.until < self.since:
            raise ValueError(f"until: {self.until.isoformat()} is before since {self.since.isoformat()}")


def check_scope(lines: Sequence[ScopeLine]) -> list[str]:
    """Why a body's scope is not acceptable: an unknown type, or two types for one scheme."""
    reasons: list[str] = []
    seen: dict[str, str] = {}
    for i, line in enumerate(lines):
        if line.independence not in TYPES:
            reasons.append(
                f"scope[{i}].independence: unknown type {line.independence!r} (expected one of: A, B, C)"
            )
            continue
        if line.scheme in seen:
            reasons.append(
                f"scope[{i}].independence: scheme {line.scheme!r} is already type {seen[line.scheme]} in the "
                "scope: one type per scheme (ILAC FAQ 26, ISO/IEC 17020:2012 4.1.6)"
            )
            continue
        seen[line.scheme] = line.independence
    return reasons


def type_for(lines: Iterable[ScopeLine], scheme: str) -> ScopeLine:
    """The scope line of ``scheme``; ``KeyError`` naming the scheme when the scope has none."""
    for line in lines:
        if line.scheme == scheme:
            return line
    raise KeyError(f"scheme: {scheme!r} is not in the body's inspection scope")


def engagement_refusals(line: ScopeLine, client: str, own_organization: str, on: date) -> list[str]:
    """Why the body may not take an inspection for ``client`` under ``line`` on ``on``.

    ``client`` and ``own_organization`` are identities of organizations (compared as they are).

    >>> b = ScopeLine("lifting", "B")
    >>> print(*engagement_refusals(b, "org:9", "org:1", date(2026, 3, 1)))  # doctest: +ELLIPSIS
    client: a type B inspection body inspects only for the organization it is part of (... Annex A.2); ...
    >>> engagement_refusals(ScopeLine("lifting", "C"), "org:9", "org:1", date(2026, 3, 1))
    []
    """
    t = TYPES[line.independence]
    reasons = []
    if not t.outside_clients and client != own_organization:
        reasons.append(
            f"client: a type {t.id} inspection body inspects only for the organization it is part of "
            f"({t.clause}); {client!r} is another client"
        )
    if t.declaration and (line.declared_on is None or line.declared_on > on):
        when = (
            "none is recorded" if line.declared_on is None else f"it is dated {line.declared_on.isoformat()}"
        )
        reasons.append(
            f"independence: a type {t.id} body works on its dated declaration of non-involvement "
            f"({t.clause}); {when}, the work is on {on.isoformat()}"
        )
    return reasons


def assignment_refusals(
    line: ScopeLine, inspector: str, item: str, involvements: Iterable[Involvement], on: date
) -> list[str]:
    """Why ``inspector`` may not inspect ``item`` on ``on``: a declared involvement in the item that
    began on or before that day (past involvement counts: nobody inspects their own work).

    >>> inv = [Involvement("user:7", "crane-12", "maintenance", date(2025, 5, 1), date(2025, 12, 31))]
    >>> c = ScopeLine("lifting", "C")
    >>> print(*assignment_refusals(c, "user:7", "crane-12", inv, date(2026, 3, 1)))  # doctest: +ELLIPSIS
    inspector: user:7 declared maintenance of crane-12 (2025-05-01 to 2025-12-31): ... Annex A.3)
    >>> assignment_refusals(ScopeLine("lifting", "C"), "user:8", "crane-12", inv, date(2026, 3, 1))
    []
    """
    t = TYPES[line.independence]
    reasons = []
    for inv in involvements:
        if inv.person != inspector or inv.item != item or inv.since > on:
            continue
        until = inv.until.isoformat() if inv.until else "now"
        reasons.append(
            f"inspector: {inspector} declared {inv.activity} of {item} ({inv.since.isoformat()} to {until}): "
            f"the same person does not inspect an item they were involved with ({t.clause})"
        )
    return reasons

"""Audit team competence and impartiality (ISO/IEC 17021-1:2015 5.2, 7.1, 9.2.2, 9.5.1.2).

* Technical areas are IAF codes 1-39 (IAF ID 1, "QMS scopes of accreditation"; names
  below as published there, abbreviated where long).
* The team together covers the client's codes for the standard; a team leader
  qualified for it is named (17021-1:2015 9.2.2.1).
* A declared conflict blocks assignment; consultancy to the client blocks it for
  two years after the consultancy ended (17021-1:2015 5.2).
* The person who takes the certification decision was not on the audit team
  (17021-1:2015 9.5.1.2).
* A qualification counts only between its valid-from and valid-until days.
* People and clients are compared by id, never by name: two people with the same
  name are two people, and one person is one person however the name is spelled.

>>> q = Qualification("ISO9001", frozenset({"auditor", "team_leader"}), frozenset({17}))
>>> a = Auditor("A1", "Ana", (q,))
>>> check_team([a], "A1", "ACME", "ISO9001", [17], date(2026, 1, 1)).leader
'A1'
>>> try:
...     check_team([a], "A1", "ACME", "ISO9001", [18], date(2026, 1, 1))
... except CompetenceError as e:
...     print(e)
codes: IAF code 18 (Machinery and equipment) for ISO9001 is not covered by the team (Ana)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from casys.core.programme import add_months
from casys.core.schemes.model import SectorCompetence

#: IAF ID 1 technical areas (IAF codes).
IAF_CODES: dict[int, str] = {
    1: "Agriculture, forestry and fishing",
    2: "Mining and quarrying",
    3: "Food products, beverages and tobacco",
    4: "Textiles and textile products",
    5: "Leather and leather products",
    6: "Wood and wood products",
    7: "Pulp, paper and paper products",
    8: "Publishing companies",
    9: "Printing companies",
    10: "Manufacture of coke and refined petroleum products",
    11: "Nuclear fuel",
    12: "Chemicals, chemical products and fibres",
    13: "Pharmaceuticals",
    14: "Rubber and plastic products",
    15: "Non-metallic mineral products",
    16: "Concrete, cement, lime, plaster etc.",
    17: "Basic metals and fabricated metal products",
    18: "Machinery and equipment",
    19: "Electrical and optical equipment",
    20: "Shipbuilding",
    21: "Aerospace",
    22: "Other transport equipment",
    23: "Manufacturing not elsewhere classified",
    24: "Recycling",
    25: "Electricity supply",
    26: "Gas supply",
    27: "Water supply",
    28: "Construction",
    29: "Wholesale and retail trade; repair of motor vehicles, motorcycles and personal and household goods",
    30: "Hotels and restaurants",
    31: "Transport, storage and communication",
    32: "Financial intermediation; real estate; renting",
    33: "Information technology",
    34: "Engineering services",
    35: "Other services",
    36: "Public administration",
    37: "Education",
    38: "Health and social work",
    39: "Other social services",
}

#: ISO/IEC 17021-1:2015 5.2: no audit by personnel who consulted for the client within two years.
CONSULTANCY_COOLING_OFF_MONTHS = 24


class CompetenceError(ValueError):
    """The team lacks competence for the client's codes, or has no qualified leader."""


class ImpartialityError(ValueError):
    """A declared conflict, or a decision maker who was on the audit team."""


@dataclass(frozen=True)
class Conflict:
    """A declared conflict of an auditor with a client: ``kind`` (e.g. consultancy), ended on ``ended``.

    ``ended`` None means the relationship is ongoing.
    """

    client: str
    kind: str
    ended: date | None = None


#: Roles a qualification grants (ISO/IEC 17021-1:2015 7.1.2, annex A; 9.2.2.1 technical experts).
ROLES = ("auditor", "team_leader", "technical_expert", "reviewer", "decision_maker")

#: Roles whose IAF codes count towards the team's competence for the client's codes.
CODE_ROLES = frozenset({"auditor", "team_leader", "technical_expert"})


@dataclass(frozen=True)
class Qualification:
    """Qualified for ``standard`` in ``roles`` and IAF ``codes``, valid from/until the given days.

    ``valid_from``/``valid_until`` None leave that end open.

    >>> q = Qualification("ISO 9001:2015", frozenset({"auditor"}), frozenset({17}), None, date(2025, 12, 31))
    >>> q.not_valid_because(date(2026, 1, 1))
    'expired on 2025-12-31'
    """

    standard: str
    roles: frozenset[str] = frozenset({"auditor"})
    codes: frozenset[int] = frozenset()
    valid_from: date | None = None
    valid_until: date | None = None
    #: knowledge areas of a sector competence part (e.g. ISO/IEC TS 17021-15), ids from the scheme
    areas: frozenset[str] = frozenset()

    def not_valid_because(self, on: date) -> str | None:
        """Why the qualification does not hold on ``on`` (with its date), or None if it does."""
        if self.valid_until is not None and on > self.valid_until:
            return f"expired on {self.valid_until.isoformat()}"
        if self.valid_from is not None and on < self.valid_from:
            return f"valid only from {self.valid_from.isoformat()}"
        return None


@dataclass(frozen=True)
class Auditor:
    """An auditor with dated qualifications and declared conflicts.

    ``id`` identifies the person (rules compare ids, never names); ``name`` is only shown.
    """

    id: str
    name: str
    qualifications: tuple[Qualification, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def held(self, standard: str, role: str, on: date, code: int | None = None) -> tuple[bool, list[str]]:
        """Whether a valid qualification grants ``role`` (and ``code``) for ``standard`` on ``on``;
        otherwise the reasons of matching qualifications that are not valid that day."""
        why: list[str] = []
        for q in self.qualifications:
            roles = CODE_ROLES if role == "auditor" else {role}
            if q.standard != standard or not (q.roles & roles) or (code is not None and code not in q.codes):
                continue
            reason = q.not_valid_because(on)
            if reason is None:
                return True, []
            why.append(f"{self.name}'s qualification {reason}")
        return False, why


@dataclass(frozen=True)
class TeamCheck:
    """A team that passed: its leader and which auditor covers each code."""

    leader: str
    coverage: tuple[tuple[int, tuple[str, ...]], ...]


def iaf_code_name(code: int) -> str:
    """The IAF ID 1 name of a code; ``CompetenceError`` outside 1-39."""
    if isinstance(code, bool) or code not in IAF_CODES:
        raise CompetenceError(f"codes: {code!r} is not an IAF code (1-39, IAF ID 1)")
    return IAF_CODES[code]


def conflict_blocks(conflict: Conflict, client: str, on: date) -> bool:
    """Whether a declared conflict blocks assignment to ``client`` on ``on``."""
    if conflict.client != client:
        return False
    if conflict.ended is None:
        return True
    if conflict.kind == "consultancy":
        return on < add_months(conflict.ended, CONSULTANCY_COOLING_OFF_MONTHS)
    return on <= conflict.ended


def check_assignment(auditor: Auditor, client: str, on: date, client_name: str = "") -> None:
    """Raise :class:`ImpartialityError` if a declared conflict blocks the auditor.

    ``client`` identifies the client (compared); ``client_name`` is only shown.
    """
    for i, c in enumerate(auditor.conflicts):
        if conflict_blocks(c, client, on):
            until = "ongoing" if c.ended is None else f"ended {c.ended}"
            raise ImpartialityError(
                f"team: auditor {auditor.name} has a declared conflict with {client_name or client} "
                f"(conflicts[{i}]: {c.kind}, {until}; ISO/IEC 17021-1:2015 5.2)"
            )


def check_team(
    team: Sequence[Auditor],
    leader: str,
    client: str,
    standard: str,
    codes: Iterable[int],
    on: date,
    client_name: str = "",
) -> TeamCheck:
    """Check a team for an audit of ``client`` against ``standard`` with the client's IAF ``codes`` on ``on``.

    Auditors, the leader and the client are compared by id; a qualification counts only
    on the days it is valid, and a refusal gives the date it expired or starts.
    """
    if not team:
        raise CompetenceError("team: no auditors")
    ids = [a.id for a in team]
    if len(set(ids)) != len(ids):
        raise CompetenceError("team: an auditor appears twice")
    names = ", ".join(a.name for a in team)
    lead = next((a for a in team if a.id == leader), None)
    if lead is None:
        raise CompetenceError(f"leader: {leader!r} is not on the team ({names})")
    ok, why = lead.held(standard, "team_leader", on)
    if not ok:
        raise CompetenceError(
            f"leader: {lead.name} is not qualified as team leader for {standard} on {on.isoformat()}"
            + (f" ({'; '.join(why)})" if why else "")
        )
    for a in team:
        check_assignment(a, client, on, client_name)
    coverage = []
    for code in codes:
        name = iaf_code_name(code)
        who, reasons = [], []
        for a in team:
            held, why = a.held(standard, "auditor", on, code)
            if held:
                who.append(a.id)
            reasons += why
        if not who:
            raise CompetenceError(
                f"codes: IAF code {code} ({name}) for {standard} is not covered by the team ({names})"
                + (f" on {on.isoformat()}: {'; '.join(reasons)}" if reasons else "")
            )
        coverage.append((code, tuple(who)))
    return TeamCheck(leader, tuple(coverage))


def check_decision_maker(decision_maker: str, team: Iterable[str]) -> None:
    """Raise if the decision maker was on the audit team (ISO/IEC 17021-1:2015 9.5.1.2); ids are compared.

    >>> check_decision_maker("D1", ["A1", "A2"])
    >>> try:
    ...     check_decision_maker("A2", ["A1", "A2"])
    ... except ImpartialityError as e:
    ...     print(e)
    decision_maker: A2 was on the audit team (ISO/IEC 17021-1:2015 9.5.1.2)
    """
    if decision_maker in set(team):
        raise ImpartialityError(
            f"decision_maker: {decision_maker} was on the audit team (ISO/IEC 17021-1:2015 9.5.1.2)"
        )


def _holds_area(person: Auditor, standard: str, roles: frozenset[str], area: str, on: date) -> bool:
    return any(
        q.standard == standard and q.roles & roles and area in q.areas and q.not_valid_because(on) is None
        for q in person.qualifications
    )


def check_collective(
    team: Sequence[Auditor], standard: str, criteria: SectorCompetence, on: date
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The team together covers every area of ``criteria.team`` (ISO/IEC TS 17021-15:2023 5.1:
    collective competence); returns who covers each area, or raises naming every missing one.

    >>> areas = (("hc", "Healthcare context"), ("ps", "Patient safety"))
    >>> c = SectorCompetence("TS 17021-15", areas, ("hc", "ps"))
    >>> a = Auditor("A1", "Ana", (Qualification("ISO 7101", areas=frozenset({"hc"})),))
    >>> b = Auditor("B1", "Ben", (Qualification("ISO 7101", areas=frozenset({"ps"})),))
    >>> check_collective([a, b], "ISO 7101", c, date(2026, 1, 1))
    (('hc', ('A1',)), ('ps', ('B1',)))
    >>> try:
    ...     check_collective([a], "ISO 7101", c, date(2026, 1, 1))
    ... except CompetenceError as e:
    ...     print(e)
    team: the audit team does not collectively cover Patient safety (ps) for ISO 7101 (TS 17021-15)
    """
    out, missing = [], []
    for area in criteria.team:
        who = tuple(a.id for a in team if _holds_area(a, standard, CODE_ROLES, area, on))
        if not who:
            missing.append(f"{criteria.title(area)} ({area})")
        out.append((area, who))
    if missing:
        raise CompetenceError(
            f"team: the audit team does not collectively cover {', '.join(missing)} for {standard} "
            f"({criteria.source})"
        )
    return tuple(out)


def check_individual(
    person: Auditor | None, role: str, standard: str, criteria: SectorCompetence, on: date
) -> None:
    """The reviewer or decision maker (``role``) holds every area the criteria ask of that role,
    in a valid qualification for the role; raises naming what is missing.

    >>> c = SectorCompetence("TS 17021-15", (("hc", "Healthcare context"),), decision_maker=("hc",))
    >>> d = Auditor("D1", "Dora", (Qualification("ISO 7101", frozenset({"decision_maker"})),))
    >>> try:
    ...     check_individual(d, "decision_maker", "ISO 7101", c, date(2026, 1, 1))
    ... except CompetenceError as e:
    ...     print(e)
    decision_maker: Dora lacks Healthcare context (hc) for ISO 7101 (TS 17021-15)
    """
    needed = criteria.reviewer if role == "reviewer" else criteria.decision_maker
    if not needed:
        return
    if person is None:
        raise CompetenceError(
            f"{role}: no personnel record with qualifications for {standard} is linked to this person "
            f"({criteria.source} asks competence of the {role.replace('_', ' ')})"
        )
    missing = [
        f"{criteria.title(a)} ({a})"
        for a in needed
        if not _holds_area(person, standard, frozenset({role}), a, on)
    ]
    if missing:
        raise CompetenceError(
            f"{role}: {person.name} lacks {', '.join(missing)} for {standard} ({criteria.source})"
        )

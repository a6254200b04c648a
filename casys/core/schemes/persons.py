"""The ``[persons]`` part of a scheme file: a certification scheme for persons (ISO/IEC 17024:2012, 8).

ISO/IEC 17024:2012 8.2 lists what a certification scheme for persons holds: the scope of
certification, the job and task description, the required competence, abilities (where
applicable), prerequisites (where applicable) and a code of conduct (where applicable); 8.3
the criteria for initial certification and recertification, the assessment methods, the
surveillance methods and criteria, and the criteria for suspending, withdrawing and changing the
scope. Each of those is one key of the ``[persons]`` table, read here into frozen records:

- ``scopes``: what a certificate may be granted for (an NDT method × level, an auditor grade);
- ``blueprint``: the competence elements with their weights (the share of the examination each
  takes) and the examination part each belongs to;
- ``prerequisites``: education, training hours, experience months, medical/vision — by scope
  where the numbers differ;
- ``parts``: the examination parts (written, practical, oral) with their pass rule (a minimum
  percentage), and ``composite``: a rule over the parts together, where there is one;
- ``validity``, ``surveillance``, ``recertification`` (re-examination or CPD credits per period);
- ``criteria``: the grounds for suspension, withdrawal and change of scope, as text.

>>> from casys.core.schemes import load_scheme
>>> s = load_scheme("ndt-iso9712").persons
>>> [p.id for p in s.parts], s.part("practical").pass_percent
(['general', 'specific', 'practical'], 70.0)
>>> s.prerequisite_for("UT-2").training_hours
80
"""

from __future__ import annotations

from dataclasses import dataclass

from casys.core.schemes.reader import Reader, SchemeError

#: The kinds of examination part ISO/IEC 17024:2012 9.3 names (written, oral, practical, observational).
PART_KINDS = ("written", "practical", "oral")
#: How competence is kept up for recertification (ISO/IEC 17024:2012 9.6.2): by a new examination,
#: or by continuing professional development with a minimum of credits per period.
RECERTIFICATION_BY = ("re-examination", "cpd")


@dataclass(frozen=True)
class Element:
    """A competence element of the blueprint: its weight (share of the items) and its part."""

    id: str
    title: str
    part: str
    weight: float


@dataclass(frozen=True)
class Part:
    """An examination part and its pass rule: at least ``pass_percent`` of its points."""

    id: str
    kind: str
    title: str
    pass_percent: float
    items: int
    #: a result within this many percentage points below the pass mark is second-marked
    borderline_band: float = 0.0
    source: str = ""


@dataclass(frozen=True)
class Prerequisite:
    """What a candidate shows before the examination (ISO/IEC 17024:2012 9.1.3, 8.2 e)."""

    scope: str
    education: str = ""
    training_hours: int = 0
    experience_months: int = 0
    vision: bool = False
    medical: bool = False

    def required(self) -> tuple[str, ...]:
        """The keys of the evidence a candidate uploads, in the scheme's order."""
        out = []
        if self.education:
            out.append("education")
        if self.training_hours:
            out.append("training_hours")
        if self.experience_months:
            out.append("experience_months")
        if self.vision:
            out.append("vision")
        if self.medical:
            out.append("medical")
        return tuple(out)


@dataclass(frozen=True)
class Recertification:
    by: str
    cpd_credits: int = 0
    period_years: int = 0


@dataclass(frozen=True)
class PersonsScheme:
    """The persons part of a scheme file."""

    job_description: str
    scopes: tuple[str, ...]
    elements: tuple[Element, ...]
    parts: tuple[Part, ...]
    prerequisites: tuple[Prerequisite, ...]
    composite_percent: float | None
    composite_source: str
    validity_years: int
    surveillance_every_months: int | None
    recertification: Recertification
    #: no item appears on two forms used within this many months (item exposure, 17024 7.4 security)
    exposure_window_months: int
    suspension: str
    withdrawal: str
    scope_change: str
    sources: tuple[str, ...] = ()

    def part(self, part_id: str) -> Part:
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(f"no examination part {part_id!r}")

    def element(self, element_id: str) -> Element:
        for e in self.elements:
            if e.id == element_id:
                return e
        raise KeyError(f"no blueprint element {element_id!r}")

    def prerequisite_for(self, scope: str) -> Prerequisite:
        """The prerequisites of ``scope`` (the entry ``*`` holds for every scope not named)."""
        by_scope = {p.scope: p for p in self.prerequisites}
        return by_scope.get(scope) or by_scope.get("*") or Prerequisite(scope=scope)


def _number(r: Reader, name: str, default: object = ...) -> float:
    value = r.get(name, (int, float), default)
    return float(value) if value is not None else value  # type: ignore[return-value]


def _percent(r: Reader, name: str) -> float:
    value = _number(r, name)
    if not 0 < value <= 100:
        raise r.fail(name, f"must be a percentage in (0, 100], got {value:g}")
    return value


def _parts(r: Reader) -> tuple[Part, ...]:
    raw = r.get("parts", list)
    if not raw:
        raise r.fail("parts", "a persons scheme has at least one examination part")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise r.fail(f"parts[{i}]", f"expected a table, got {item!r}")
        p = Reader(r.filename, item, r.key(f"parts[{i}]"))
        p.reject_unknown({"id", "kind", "title", "pass_percent", "items", "borderline_band", "source"})
        items = p.get("items", int)
        if items <= 0:
            raise p.fail("items", f"must be a positive number of items, got {items}")
        band = _number(p, "borderline_band", 0)
        if band < 0:
            raise p.fail("borderline_band", f"must not be negative, got {band:g}")
        out.append(
            Part(
                id=p.get("id", str),
                kind=p.choice("kind", PART_KINDS, "kind of examination part"),
                title=p.get("title", str),
                pass_percent=_percent(p, "pass_percent"),
                items=items,
                borderline_band=band,
                source=p.get("source", str, ""),
            )
        )
    ids = [p.id for p in out]
    for i, pid in enumerate(ids):
        if pid in ids[:i]:
            raise r.fail(f"parts[{i}].id", f"duplicate part id {pid!r}")
    return tuple(out)


def _elements(r: Reader, parts: tuple[Part, ...]) -> tuple[Element, ...]:
    raw = r.get("blueprint", list)
    if not raw:
        raise r.fail("blueprint", "a persons scheme has at least one competence element")
    part_ids = [p.id for p in parts]
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise r.fail(f"blueprint[{i}]", f"expected a table, got {item!r}")
        e = Reader(r.filename, item, r.key(f"blueprint[{i}]"))
        e.reject_unknown({"id", "title", "part", "weight"})
        part = e.get("part", str)
        if part not in part_ids:
            raise e.fail("part", f"no examination part {part!r} (parts: {', '.join(part_ids)})")
        weight = _number(e, "weight")
        if weight <= 0:
            raise e.fail("weight", f"must be positive, got {weight:g}")
        out.append(Element(e.get("id", str), e.get("title", str), part, weight))
    ids = [e.id for e in out]
    for i, eid in enumerate(ids):
        if eid in ids[:i]:
            raise r.fail(f"blueprint[{i}].id", f"duplicate element id {eid!r}")
    for p in parts:
        if not any(e.part == p.id for e in out):
            raise r.fail("blueprint", f"examination part {p.id!r} has no competence element")
        total = sum(e.weight for e in out if e.part == p.id)
        if abs(total - 1.0) > 1e-6:
            raise r.fail("blueprint", f"the weights of part {p.id!r} add up to {total:g}, not 1")
    return tuple(out)


def _prerequisites(r: Reader, scopes: tuple[str, ...]) -> tuple[Prerequisite, ...]:
    raw = r.get("prerequisites", list, [])
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise r.fail(f"prerequisites[{i}]", f"expected a table, got {item!r}")
        p = Reader(r.filename, item, r.key(f"prerequisites[{i}]"))
        p.reject_unknown({"scope", "education", "training_hours", "experience_months", "vision", "medical"})
        scope = p.get("scope", str, "*")
        if scope != "*" and scope not in scopes:
            raise p.fail("scope", f"no scope {scope!r} in scopes")
        numbers = {k: p.get(k, int, 0) for k in ("training_hours", "experience_months")}
        for k, v in numbers.items():
            if v < 0:
                raise p.fail(k, f"must not be negative, got {v}")
        out.append(
            Prerequisite(
                scope=scope,
                education=p.get("education", str, ""),
                vision=p.get("vision", bool, False),
                medical=p.get("medical", bool, False),
                **numbers,
            )
        )
    return tuple(out)


def _recertification(r: Reader) -> Recertification:
    r.reject_unknown({"by", "cpd_credits", "period_years"})
    by = r.choice("by", RECERTIFICATION_BY, "recertification route")
    if by == "cpd":
        credits, period = r.get("cpd_credits", int), r.get("period_years", int)
        if credits <= 0 or period <= 0:
            raise r.fail("cpd_credits" if credits <= 0 else "period_years", "must be positive")
        return Recertification(by, credits, period)
    return Recertification(by)


def persons_scheme(r: Reader | None) -> PersonsScheme | None:
    """``[persons]``: the 17024 clause 8 content of a scheme for persons (None when absent)."""
    if r is None:
        return None
    r.reject_unknown(
        {
            "job_description", "scopes", "blueprint", "parts", "prerequisites", "composite_percent",
            "composite_source", "validity_years", "surveillance_every_months", "recertification",
            "exposure_window_months", "criteria", "sources",
        }
    )  # fmt: skip
    scopes = tuple(r.get("scopes", list))
    if not scopes or not all(isinstance(s, str) and s for s in scopes):
        raise r.fail("scopes", "expected a non-empty list of scope names")
    parts = _parts(r)
    composite = r.get("composite_percent", (int, float), None)
    if composite is not None and not 0 < composite <= 100:
        raise r.fail("composite_percent", f"must be a percentage in (0, 100], got {composite:g}")
    validity = r.get("validity_years", int)
    if validity <= 0:
        raise r.fail("validity_years", f"must be a positive number of years, got {validity}")
    surveillance = r.get("surveillance_every_months", int, None)
    if surveillance is not None and surveillance <= 0:
        raise r.fail("surveillance_every_months", f"must be positive, got {surveillance}")
    window = r.get("exposure_window_months", int, 0)
    if window < 0:
        raise r.fail("exposure_window_months", f"must not be negative, got {window}")
    criteria = r.sub("criteria")
    assert criteria is not None  # noqa: S101 - required key
    criteria.reject_unknown({"suspension", "withdrawal", "scope_change"})
    recert = r.sub("recertification")
    assert recert is not None  # noqa: S101 - required key
    sources = r.get("sources", list, [])
    if not all(isinstance(x, str) for x in sources):
        raise r.fail("sources", "expected a list of strings")
    return PersonsScheme(
        job_description=r.get("job_description", str),
        scopes=scopes,
        elements=_elements(r, parts),
        parts=parts,
        prerequisites=_prerequisites(r, scopes),
        composite_percent=None if composite is None else float(composite),
        composite_source=r.get("composite_source", str, ""),
        validity_years=validity,
        surveillance_every_months=surveillance,
        recertification=_recertification(recert),
        exposure_window_months=window,
        suspension=criteria.get("suspension", str),
        withdrawal=criteria.get("withdrawal", str),
        scope_change=criteria.get("scope_change", str),
        sources=tuple(sources),
    )


def check_persons(
    scheme_body: str, persons: PersonsScheme | None, filename: str, attestation_kind: str
) -> None:
    """A scheme for persons (``body = "persons"``) has the ``[persons]`` table and issues person
    certificates; no other scheme has the table."""
    if scheme_body == "persons":
        if persons is None:
            raise SchemeError(
                f"{filename}: persons: missing key (a scheme for persons has a [persons] table)"
            )
        if attestation_kind != "person-certificate":
            raise SchemeError(
                f"{filename}: attestation.kind: a scheme for persons issues 'person-certificate', "
                f"not {attestation_kind!r}"
            )
    elif persons is not None:
        raise SchemeError(f'{filename}: persons: only a scheme with body = "persons" has a [persons] table')

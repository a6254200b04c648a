"""Edition mappings between catalogues (``data/mappings/*.toml``, read by
:mod:`casys.core.edition_map`): which requirements of a new edition are new, changed, unchanged,
and which of the old were removed, in stable ids (``iso27001:2022/A.5.7``).

A transition audit covers the new edition's requirements that are new or changed (and those the
mapping does not cover); an unchanged requirement's coverage carries over from the old edition's
audits of the cycle (:func:`carried_over`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import edition_map
from casys.requirements.models import (
    Element,
    Kind,
    LinkRelation,
    NormativeDocument,
    Requirement,
    RequirementLink,
)

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "mappings"
MappingError = edition_map.MappingError


@cache
def _read(path: Path) -> edition_map.EditionMap:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{path.name}: not valid TOML: {exc}") from exc
    return edition_map.parse(data, path.name)


def shipped() -> list[edition_map.EditionMap]:
    return [_read(p) for p in sorted(MAPPINGS_DIR.glob("*.toml"))]


def find(old: str, new: str) -> edition_map.EditionMap:
    """The mapping from catalogue ``old`` to catalogue ``new`` (keys), or MappingError naming them."""
    for mapping in shipped():
        if (mapping.old, mapping.new) == (old, new):
            return mapping
    known = ", ".join(f"{m.old} → {m.new}" for m in shipped()) or "none"
    raise MappingError(f"{old} → {new}: no edition mapping is shipped (known: {known})")


def previous_of(new: str) -> list[str]:
    """The catalogue keys a mapping leads from to ``new``."""
    return [m.old for m in shipped() if m.new == new]


def _numbers(key: str) -> list[str]:
    document = NormativeDocument.objects.filter(key=key).first()
    if document is None:
        raise MappingError(f"{key}: no such catalogue is loaded (casys requirements load)")
    return list(
        Requirement.objects.filter(document=document, kind=Kind.REQUIREMENT, element=Element.CONTROL)
        .order_by("position")
        .values_list("number", flat=True)
    )


@dataclass(frozen=True)
class Transition:
    """A mapping compared with the loaded catalogues, in stable ids."""

    old: str
    new: str
    source: str
    comparison: edition_map.Comparison

    def uid(self, number: str, *, old: bool = False) -> str:
        return f"{self.old if old else self.new}/{number}"

    @property
    def to_audit(self) -> frozenset[str]:
        return frozenset(self.uid(n) for n in self.comparison.to_audit)

    def as_dict(self) -> dict[str, object]:
        c = self.comparison

        def pairs(rows: Iterable[tuple[str, tuple[str, ...]]]) -> list[dict[str, object]]:
            return [{"id": self.uid(n), "from": [self.uid(o, old=True) for o in olds]} for n, olds in rows]

        return {
            "from": self.old,
            "to": self.new,
            "source": self.source,
            "new": [self.uid(n) for n in c.new],
            "changed": pairs(c.changed),
            "unchanged": pairs(c.unchanged),
            "removed": [self.uid(o, old=True) for o in c.removed],
            "unmapped": [self.uid(n) for n in c.unmapped],
        }


def transition(old: str, new: str) -> Transition:
    """The mapping ``old`` → ``new`` against the loaded catalogues (MappingError naming what is wrong)."""
    mapping = find(old, new)
    try:
        comparison = edition_map.compare(mapping, _numbers(new), _numbers(old))
    except MappingError as exc:
        raise MappingError(f"{old} → {new}: {exc}") from exc
    return Transition(old, new, mapping.source, comparison)


def link(old: str, new: str, *, actor: Actor = SYSTEM) -> int:
    """Record the mapping in the catalogues: the new edition's ``previous`` edition, and a
    ``previous-edition`` link from each mapped requirement to its old one(s), noting the status."""
    t = transition(old, new)
    documents = {d.key: d for d in NormativeDocument.objects.filter(key__in=[old, new])}
    documents[new].previous = documents[old]
    documents[new].save(update_fields=["previous"])
    by_uid = {r.uid: r for r in Requirement.objects.filter(document__in=documents.values())}
    RequirementLink.objects.filter(
        source__document=documents[new], relation=LinkRelation.PREVIOUS_EDITION
    ).delete()
    links = [
        RequirementLink(
            source=by_uid[t.uid(number)],
            relation=LinkRelation.PREVIOUS_EDITION,
            target=by_uid[t.uid(o, old=True)],
            note=status,
        )
        for status, rows in (("changed", t.comparison.changed), ("unchanged", t.comparison.unchanged))
        for number, olds in rows
        for o in olds
    ]
    RequirementLink.objects.bulk_create(links)
    log(
        "requirements.mapping.linked",
        actor=actor,
        obj=documents[new],
        data={"from": old, "to": new, "links": len(links), "source": t.source},
    )
    return len(links)


def carried_over(old: str, new: str, covered: set[str]) -> dict[str, tuple[str, ...]]:
    """New-edition ids whose coverage carries over: unchanged per the mapping, and every old id
    they correspond to covered (``covered``: ids an audit on the old edition covered) → old ids."""
    t = transition(old, new)
    out = {}
    for number, olds in t.comparison.unchanged:
        old_ids = tuple(t.uid(o, old=True) for o in olds)
        if all(o in covered for o in old_ids):
            out[t.uid(number)] = old_ids
    return out

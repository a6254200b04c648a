"""Edition mappings: which clauses of a new edition of a normative document are new, changed or
unchanged against the previous one, and which old clauses were removed — the table that drives a
transition audit (only what is new or changed is audited again; coverage of what is unchanged
carries over from the old edition's audits).

A mapping is data (``casys/requirements/data/mappings/*.toml``): the two catalogue keys, the part of
the new edition it covers (``scope``: clause-number prefixes, e.g. ``["A"]`` for an annex; empty
for the whole document), the source it was taken from, and rows ``[new clause, [old clauses]]``.

What a row means (see :func:`compare`): a new clause with no old clause is *new*; with exactly one
old clause that maps to it alone it is *unchanged* (renumbered); with several old clauses, or one
old clause shared with another new clause, it is *changed* (merged or split). A row may say its
status itself (a third element) where the source says more than the numbers do. An old clause no
row names, inside the scope, is *removed*; a new clause outside every row is *unmapped* (a
transition audit treats it as changed).

>>> m = parse({"old": "x:1", "new": "x:2", "source": "s", "rows": [
...     ["1", ["1"]], ["2", ["2", "3"]], ["3", []], ["4", ["4"]], ["5", ["4"]]]}, "m.toml")
>>> c = compare(m, ["1", "2", "3", "4", "5", "6"], ["1", "2", "3", "4", "9"])
>>> c.new, c.unchanged, c.changed, c.removed, c.unmapped
(('3',), (('1', ('1',)),), (('2', ('2', '3')), ('4', ('4',)), ('5', ('4',))), ('9',), ('6',))
>>> sorted(c.to_audit)
['2', '3', '4', '5', '6']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

STATUSES = ("new", "changed", "unchanged")


class MappingError(ValueError):
    """A mapping file casys cannot use; the message names the file and the field or row."""


@dataclass(frozen=True)
class Row:
    new: str
    old: tuple[str, ...]
    status: str | None = None  # given by the file; derived when None


@dataclass(frozen=True)
class EditionMap:
    old: str
    new: str
    source: str
    scope: tuple[str, ...]
    rows: tuple[Row, ...]

    def in_scope(self, number: str) -> bool:
        return not self.scope or any(number == s or number.startswith(f"{s}.") for s in self.scope)


@dataclass(frozen=True)
class Comparison:
    new: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]
    unchanged: tuple[tuple[str, tuple[str, ...]], ...]
    removed: tuple[str, ...]
    unmapped: tuple[str, ...]

    @property
    def to_audit(self) -> frozenset[str]:
        """The new edition's clauses a transition audit covers: new, changed and unmapped."""
        return frozenset(self.new) | {n for n, _ in self.changed} | frozenset(self.unmapped)

    @property
    def carried(self) -> dict[str, tuple[str, ...]]:
        """Unchanged clause of the new edition → its old clause(s), whose coverage carries over."""
        return dict(self.unchanged)


def parse(data: Mapping[str, Any], filename: str) -> EditionMap:
    """Check and read a mapping file's data."""
    for name in ("old", "new", "source"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise MappingError(f"{filename}: {name}: expected a non-empty string")
    scope = data.get("scope", [])
    if not isinstance(scope, list) or not all(isinstance(s, str) for s in scope):
        raise MappingError(f"{filename}: scope: expected a list of clause numbers")
    raw = data.get("rows")
    if not isinstance(raw, list) or not raw:
        raise MappingError(f"{filename}: rows: expected a list of [new clause, [old clauses]]")
    rows, seen = [], set()
    for i, row in enumerate(raw):
        where = f"{filename}: rows[{i}]"
        if not isinstance(row, list) or len(row) not in (2, 3) or not isinstance(row[0], str):
            raise MappingError(f"{where}: expected [new clause, [old clauses]] or with a status")
        if not isinstance(row[1], list) or not all(isinstance(o, str) for o in row[1]):
            raise MappingError(f"{where}: the old clauses are a list of clause numbers")
        status = row[2] if len(row) == 3 else None
        if status is not None and status not in STATUSES:
            raise MappingError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
        if status == "new" and row[1]:
            raise MappingError(f"{where}: a new clause has no old clause")
        if row[0] in seen:
            raise MappingError(f"{where}: {row[0]} is mapped twice")
        seen.add(row[0])
        rows.append(Row(row[0], tuple(row[1]), status))
    return EditionMap(data["old"], data["new"], data["source"], tuple(scope), tuple(rows))


def compare(mapping: EditionMap, new_clauses: Sequence[str], old_clauses: Sequence[str]) -> Comparison:
    """Classify the new edition's clauses against the old one; every clause a row names must be a
    clause of its edition (``new_clauses``/``old_clauses``: the catalogues' clause numbers)."""
    new_set, old_set = set(new_clauses), set(old_clauses)
    for i, row in enumerate(mapping.rows):
        if row.new not in new_set:
            raise MappingError(f"rows[{i}]: {row.new} is not a clause of {mapping.new}")
        for old in row.old:
            if old not in old_set:
                raise MappingError(f"rows[{i}]: {old} is not a clause of {mapping.old}")
    shared = Counter(old for row in mapping.rows for old in row.old)
    new, changed, unchanged = [], [], []
    for row in mapping.rows:
        status = row.status or (
            "new"
            if not row.old
            else "unchanged"
            if len(row.old) == 1 and shared[row.old[0]] == 1
            else "changed"
        )
        if status == "new":
            new.append(row.new)
        elif status == "unchanged":
            unchanged.append((row.new, row.old))
        else:
            changed.append((row.new, row.old))
    order = {n: i for i, n in enumerate(new_clauses)}
    mapped = {row.new for row in mapping.rows}
    return Comparison(
        new=tuple(sorted(new, key=order.__getitem__)),
        changed=tuple(sorted(changed, key=lambda r: order[r[0]])),
        unchanged=tuple(sorted(unchanged, key=lambda r: order[r[0]])),
        removed=tuple(o for o in old_clauses if mapping.in_scope(o) and o not in shared),
        unmapped=tuple(n for n in new_clauses if n not in mapped),
    )

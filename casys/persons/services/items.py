"""The item bank: write, review (author ≠ reviewer), revise (a used item gets a new version)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.persons.models import RUBRIC_KINDS, Item, ItemKind, ReviewState
from casys.persons.services import PersonsInputError, persons_part

LETTERS = "ABCDEFGHIJ"


def _letters(text: str) -> list[str]:
    return sorted({x.strip().upper() for x in text.split(",") if x.strip()})


def validate(
    *, kind: str, options: list[str], key: str, tolerance: float | None, rubric: list[dict[str, Any]]
) -> tuple[list[str], str, float]:
    """The item's options, normalised key and points; :class:`PersonsInputError` naming the field."""
    if kind not in ItemKind.values:
        raise PersonsInputError("kind", f"choose one of {', '.join(ItemKind.values)}")
    options = [o.strip() for o in options if o.strip()]
    if kind in (ItemKind.SINGLE, ItemKind.MULTIPLE):
        if len(options) < 2:
            raise PersonsInputError("options", "a choice item has at least two options, one per line")
        letters = _letters(key)
        allowed = LETTERS[: len(options)]
        if not letters or any(x not in allowed for x in letters):
            raise PersonsInputError(
                "key", f"give the letter(s) of the correct option(s), among {', '.join(allowed)}"
            )
        if kind == ItemKind.SINGLE and len(letters) != 1:
            raise PersonsInputError("key", "a single-choice item has exactly one correct option")
        return options, ",".join(letters), 1.0
    if kind == ItemKind.TRUE_FALSE:
        if key.strip().lower() not in ("true", "false"):
            raise PersonsInputError("key", "is true or false")
        return [], key.strip().lower(), 1.0
    if kind == ItemKind.NUMERIC:
        try:
            float(key)
        except ValueError:
            raise PersonsInputError("key", "give the correct value as a number") from None
        if tolerance is None or tolerance < 0:
            raise PersonsInputError("tolerance", "give the tolerance (0 or more)")
        return [], key.strip(), 1.0
    if not rubric:
        raise PersonsInputError(
            "rubric", "a rubric item has at least one criterion, as 'points criterion' per line"
        )
    return [], "", float(sum(int(r["points"]) for r in rubric))


def parse_rubric(text: str) -> list[dict[str, Any]]:
    """Rubric lines ``<points> <criterion>`` into criteria; the error names the line."""
    out = []
    for i, line in enumerate(x for x in text.splitlines() if x.strip()):
        head, _, criterion = line.strip().partition(" ")
        if not head.isdigit() or not criterion.strip():
            raise PersonsInputError("rubric", f"line {i + 1}: write the points, a space, then the criterion")
        out.append({"criterion": criterion.strip(), "points": int(head)})
    return out


def _element(scheme_id: str, element: str) -> None:
    p = persons_part(scheme_id)
    if element not in [e.id for e in p.elements]:
        raise PersonsInputError(
            "element", f"not an element of the blueprint ({', '.join(e.id for e in p.elements)})"
        )


@transaction.atomic
def create_item(
    body: Body,
    *,
    actor: Actor,
    scheme_id: str,
    code: str,
    element: str,
    kind: str,
    stem: str,
    options: list[str] | None = None,
    key: str = "",
    tolerance: float | None = None,
    rubric: list[dict[str, Any]] | None = None,
) -> Item:
    _element(scheme_id, element)
    if not code.strip():
        raise PersonsInputError("code", "is required")
    if Item.all_objects.filter(body=body, scheme_id=scheme_id, code=code).exists():
        raise PersonsInputError("code", f"item {code} exists: revise it instead")
    if not stem.strip():
        raise PersonsInputError("stem", "is required")
    opts, norm, points = validate(
        kind=kind, options=options or [], key=key, tolerance=tolerance, rubric=rubric or []
    )
    item = Item.all_objects.create(
        body=body, scheme_id=scheme_id, code=code, element=element, kind=kind, stem=stem.strip(),
        options=opts, key=norm, tolerance=tolerance, rubric=rubric or [], points=points, author=actor.user,
    )  # fmt: skip
    log("persons.item.created", actor=actor, body=body, obj=item, data={"code": code, "scheme": scheme_id})
    return item


@transaction.atomic
def revise_item(item: Item, *, actor: Actor, **changes: Any) -> Item:
    """Change an item: a draft never used is changed in place; a used or approved item gets a new
    version (draft, to be reviewed) and the old one is retired — what candidates saw stays."""
    fields = {
        "element": item.element, "kind": item.kind, "stem": item.stem, "options": item.options,
        "key": item.key, "tolerance": item.tolerance, "rubric": item.rubric,
    } | changes  # fmt: skip
    _element(item.scheme_id, fields["element"])
    if not str(fields["stem"]).strip():
        raise PersonsInputError("stem", "is required")
    opts, norm, points = validate(
        kind=fields["kind"], options=fields["options"], key=fields["key"], tolerance=fields["tolerance"],
        rubric=fields["rubric"],
    )  # fmt: skip
    fields |= {"options": opts, "key": norm, "points": points}
    if item.state == ReviewState.DRAFT and not item.used:
        for k, v in fields.items():
            setattr(item, k, v)
        item.save()
        new = item
    else:
        item.state = ReviewState.RETIRED
        item.save(update_fields=["state"])
        new = Item.all_objects.create(
            body=item.body, scheme_id=item.scheme_id, code=item.code, version=item.version + 1,
            author=actor.user, **fields,
        )  # fmt: skip
    log(
        "persons.item.revised",
        actor=actor,
        body=item.body,
        obj=new,
        data={"code": new.code, "version": new.version},
    )
    return new


@transaction.atomic
def review_item(item: Item, *, actor: Actor, approve: bool) -> Item:
    """Approve (or retire) a draft; the reviewer is never its author."""
    if item.author_id == getattr(actor.user, "pk", None):
        raise PersonsInputError("reviewer", "the author of an item does not review it (author ≠ reviewer)")
    if item.state != ReviewState.DRAFT:
        raise PersonsInputError("state", f"item {item} is {item.get_state_display()}, not a draft")
    item.state = ReviewState.APPROVED if approve else ReviewState.RETIRED
    item.reviewer = actor.user
    item.save(update_fields=["state", "reviewer"])
    log(
        "persons.item.reviewed",
        actor=actor,
        body=item.body,
        obj=item,
        data={"code": item.code, "state": item.state},
    )
    return item


def is_rubric(kind: str) -> bool:
    return kind in RUBRIC_KINDS


#: The documented CSV of the item bank (docs/persons.md): one row per item; options separated by
#: "|", rubric criteria as "points criterion" separated by "|".
ITEM_COLUMNS = ("scheme", "code", "element", "kind", "stem", "options", "key", "tolerance", "rubric")


def import_items(body: Body, *, actor: Actor, text: str) -> list[Item]:
    """Add the items of a CSV file as drafts; all or nothing, an error names the row and column."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(c.strip().lower() for c in rows[0]) != ITEM_COLUMNS:
        raise PersonsInputError("file", f"row 1: the header must be {','.join(ITEM_COLUMNS)}")
    made = []
    with transaction.atomic():
        for n, row in enumerate(rows[1:], start=2):
            if not any(x.strip() for x in row):
                continue
            if len(row) != len(ITEM_COLUMNS):
                raise PersonsInputError(
                    "file", f"row {n}: expected {len(ITEM_COLUMNS)} columns, got {len(row)}"
                )
            v = dict(zip(ITEM_COLUMNS, (x.strip() for x in row), strict=True))
            try:
                tolerance = float(v["tolerance"]) if v["tolerance"] else None
            except ValueError:
                raise PersonsInputError(
                    "file", f"row {n}, column tolerance: {v['tolerance']!r} is not a number"
                ) from None
            try:
                rubric = parse_rubric("\n".join(v["rubric"].split("|"))) if v["rubric"] else []
                made.append(
                    create_item(
                        body,
                        actor=actor,
                        scheme_id=v["scheme"],
                        code=v["code"],
                        element=v["element"],
                        kind=v["kind"],
                        stem=v["stem"],
                        key=v["key"],
                        options=v["options"].split("|") if v["options"] else [],
                        tolerance=tolerance,
                        rubric=rubric,
                    )
                )
            except PersonsInputError as exc:
                column = {"scheme_id": "scheme", "options": "options"}.get(exc.field, exc.field)
                raise PersonsInputError("file", f"row {n}, column {column}: {exc.message}") from None
    return made

"""A body's licensed text of a catalogue: loaded from a CSV file, seen by the body's members only.

The file has a header row ``id,text`` and one row per requirement; ``id`` is the stable id
(``iso9001:2015/8.5.1``) or the clause number (``8.5.1``). It may also be the standard as the
body bought it in NISO STS / ISO STS XML: the text of each clause (its ``<p>``) is loaded
(:func:`casys.requirements.services.sts.licensed_rows`). A file is loaded whole or not at all:
the first bad row is named and nothing is saved. Loading replaces the body's earlier text of the
catalogue.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import untrusted_text
from casys.requirements.models import LicensedText, NormativeDocument, Requirement
from casys.requirements.services import sts

MAX_BYTES = 5 * 1024 * 1024
MAX_TEXT = 20_000


class LicensedTextError(ValueError):
    """A file that cannot be loaded; ``field`` is "file" or "row N"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Row:
    line: int
    requirement: Requirement
    text: str


def read_rows(document: NormativeDocument, content: bytes) -> list[Row]:
    """The rows of a licensed-text CSV file, each checked; raises LicensedTextError on the first bad one."""
    if len(content) > MAX_BYTES:
        raise LicensedTextError("file", f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _sts_rows(document, content)
    return _csv_rows(document, content)


def _csv_rows(document: NormativeDocument, content: bytes) -> list[Row]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LicensedTextError("file", "is not UTF-8 text") from exc
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if header != ["id", "text"]:
        raise LicensedTextError("file", 'the first row must be the header "id,text"')
    requirements = Requirement.objects.filter(document=document)
    by_id = {r.uid: r for r in requirements} | {r.number: r for r in requirements}
    rows: list[Row] = []
    seen: dict[int, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != 2:
            raise LicensedTextError(f"row {line}", f"has {len(cells)} columns; expected 2 (id, text)")
        requirement_id, body_text = cells[0].strip(), cells[1].strip()
        requirement = by_id.get(requirement_id)
        if requirement is None:
            raise LicensedTextError(f"row {line}", f"{requirement_id!r} is not a clause of {document.key}")
        if requirement.pk in seen:
            raise LicensedTextError(
                f"row {line}", f"{requirement_id!r} is given twice (also row {seen[requirement.pk]})"
            )
        if not body_text:
            raise LicensedTextError(f"row {line}", "the text is empty")
        wrong = untrusted_text.problem(body_text, max_length=MAX_TEXT, multiline=True)
        if wrong is not None:
            raise LicensedTextError(f"row {line}", f"the text {wrong}")
        seen[requirement.pk] = line
        rows.append(Row(line, requirement, body_text))
    if not rows:
        raise LicensedTextError("file", "has no rows after the header")
    return rows


def _sts_rows(document: NormativeDocument, content: bytes) -> list[Row]:
    try:
        found = sts.licensed_rows(document, content)
    except sts.StsError as exc:
        raise LicensedTextError(exc.path, exc.message) from exc
    rows = []
    for row in found:
        wrong = untrusted_text.problem(row.text, max_length=MAX_TEXT, multiline=True)
        if wrong is not None:
            raise LicensedTextError(row.path, f"the text {wrong}")
        rows.append(Row(0, row.requirement, row.text))
    return rows


@transaction.atomic
def load(
    body: Body, document: NormativeDocument, content: bytes, *, user: object = None, actor: Actor = SYSTEM
) -> int:
    """Replace the body's licensed text of ``document`` with the file's rows; return how many."""
    rows = read_rows(document, content)
    LicensedText.all_objects.filter(body=body, requirement__document=document).delete()
    LicensedText.all_objects.bulk_create(
        [LicensedText(body=body, requirement=r.requirement, text=r.text, loaded_by=user) for r in rows]
    )
    log(
        "requirements.licensed_text.loaded",
        actor=actor,
        body=body,
        obj=document,
        data={"catalogue": document.key, "requirements": len(rows)},
    )
    return len(rows)


@transaction.atomic
def remove(body: Body, document: NormativeDocument, *, actor: Actor = SYSTEM) -> int:
    removed, _ = LicensedText.all_objects.filter(body=body, requirement__document=document).delete()
    log(
        "requirements.licensed_text.removed",
        actor=actor,
        body=body,
        obj=document,
        data={"catalogue": document.key, "requirements": removed},
    )
    return removed


def texts_in_scope(requirements: Iterable[Requirement]) -> dict[int, list[LicensedText]]:
    """The licensed texts of ``requirements`` that the current scope may read, by requirement id."""
    texts: dict[int, list[LicensedText]] = {}
    ids = [r.pk for r in requirements]
    for row in (
        LicensedText.objects.filter(requirement_id__in=ids).select_related("body").order_by("body__name")
    ):
        texts.setdefault(row.requirement_id, []).append(row)
    return texts

"""Audit-time tables a certification body loads (ISO/IEC 27006-1, ISO 50003, ISO 21030).

These documents are not public, so casys ships none of their numbers
(``casys.core.audit_time.BODY_TABLES``): the body loads its licensed copy, stating
its source. Each load is a new version; quotations use the newest.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from casys import clock
from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import AuditTimeTable
from casys.certification.services import CertificationError
from casys.certification.services.engine import scheme
from casys.certification.table_csv import parse_body_table
from casys.core import audit_time as at
from casys.core.schemes import available_schemes


@dataclass(frozen=True)
class Needed:
    """A table the body's schemes read, with its newest loaded version (or None)."""

    table_id: str
    document: str
    schemes: tuple[str, ...]
    current: AuditTimeTable | None


def needed_tables() -> dict[str, tuple[str, ...]]:
    """Body-loaded table ids the shipped schemes read, with the normative documents reading them."""
    out: dict[str, list[str]] = {}
    for sid in available_schemes():
        s = scheme(sid)
        if s.audit_time.table in at.BODY_TABLES:
            out.setdefault(s.audit_time.table, []).append(s.normative_document)
    return {t: tuple(docs) for t, docs in sorted(out.items())}


def newest(body_id: int) -> dict[str, AuditTimeTable]:
    """The newest loaded version of each table of the body."""
    out: dict[str, AuditTimeTable] = {}
    rows = AuditTimeTable.all_objects.filter(body_id=body_id).select_related("loaded_by")
    for row in rows.order_by("table_id", "-loaded_at", "-id"):
        out.setdefault(row.table_id, row)
    return out


def overview(body: Body) -> list[Needed]:
    current = newest(body.pk)
    return [Needed(t, at.BODY_TABLES[t], docs, current.get(t)) for t, docs in needed_tables().items()]


def table_set(body_id: int) -> at.TableSet:
    """``default_tables()`` plus the body's newest loaded tables, each carrying the source the body stated."""
    tables = at.default_tables()
    for row in newest(body_id).values():
        tables = tables.with_table(parse_body_table(row.table_id, row.csv_text, row.source))
    return tables


@transaction.atomic
def load_table(
    body: Body, table_id: str, csv_text: str, source: str, actor: Actor = SYSTEM
) -> AuditTimeTable:
    """Store a new version of a body's table after the core loader accepted it; nothing is stored on error."""
    if table_id not in needed_tables():
        raise CertificationError(
            f"table_id: {table_id!r} is not a table the schemes read and casys cannot ship "
            f"(expected one of {', '.join(needed_tables())})"
        )
    if not csv_text.strip():
        raise CertificationError("csv_text: paste the table or choose a file")
    try:
        parsed = parse_body_table(table_id, csv_text, source)
    except at.AuditTimeError as exc:
        raise CertificationError(str(exc)) from exc
    row = AuditTimeTable.all_objects.create(
        body=body,
        table_id=table_id,
        csv_text=csv_text,
        source=parsed.source,
        loaded_by=actor.user,
        loaded_at=clock.now(),
    )
    log(
        "certification.audit_table.loaded",
        actor=actor,
        body=body,
        obj=row,
        data={"table": table_id, "source": parsed.source, "rows": len(parsed.rows)},
    )
    return row

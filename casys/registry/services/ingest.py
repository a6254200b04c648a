"""The registry's bulk ingest: a validated file's certificates written set-wise, unsigned, logged.

:func:`casys.registry.services.importer.import_file` validates the whole file first (every error
by row and column, nothing written), then hands the entries here. New certificates are written
without a model object per row: their status slots taken in one block, their rows streamed with
``COPY`` (PostgreSQL) or one ``executemany`` (SQLite), their leaves appended to the issuer's
transparency log in file order, and the batch ends with **one signed tree head**. Their W3C
credential is not signed here: the leaf commits to the certificate's public facts
(:func:`casys.core.transparency.facts_hash` of its record in the registry's export), and the
credential is signed when first asked for (:mod:`casys.attestations.services.deferred`).

Certificates already in the registry go through the layer's own path
(:func:`casys.attestations.services.issue.issue`'s writer: unchanged ones are left alone, changed
ones re-issued and re-signed), within the same transaction and the same tree head.

All of it is one transaction: an import killed at any point leaves the registry, the status lists
and the log as they were. Above :data:`DEFER_INDEXES_AT` new rows — when the load at least doubles
the table — the secondary indexes of the tables it writes (the certificates, the words of the name
search, the log's leaves) are dropped and rebuilt after the load, inside the transaction (DDL is
transactional in PostgreSQL and SQLite). PostgreSQL's readers of the table wait for the commit
meanwhile; SQLite's (WAL) read the committed tables, indexes included. On SQLite the name search's
FTS5 index is rebuilt from the table once, in place of its trigger's insert per row.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.attestations.models import Attestation, Kind, LogLeaf
from casys.attestations.services import issue as layer
from casys.attestations.services import log as tlog
from casys.attestations.services import status
from casys.attestations.services.keys import signing_key
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import merkle, search_keys, transparency

#: new rows per COPY / executemany chunk (and per progress call)
CHUNK = 20_000
#: drop the secondary indexes and rebuild them after the load when at least this many
#: new rows arrive and they are at least as many as the rows already in the table
DEFER_INDEXES_AT = 200_000

#: Test hook for the kill -9 test: sleep in the middle of the first chunk's COPY (or executemany)
#: after this many of its rows went into the stream
SLEEP_IN_COPY_ENV = "CASYS_IMPORT_SLEEP_IN_COPY"

_FIELDS = [f for f in Attestation._meta.concrete_fields if not f.primary_key]
_COLUMNS = [f.column for f in _FIELDS]


def record(e: layer.Entry) -> dict[str, str]:
    """The entry as its row in the registry's export (:func:`.importer.template_row`), whose facts
    the log's leaf commits to."""
    return {
        "certificate_number": e.number,
        "status": e.status,
        "issue_date": e.issue_date.isoformat(),
        "original_issue_date": e.original_issue_date.isoformat(),
        "expiry_date": e.expiry_date.isoformat() if e.expiry_date else "",
        "certified_entity_name": e.holder_name,
        "certified_entity_name_en": e.holder_name_en,
        "address": e.holder_address,
        "country": e.country.upper(),
        "scope": e.scope,
        "standards": "; ".join(e.standards),
        "iaf_codes": "; ".join(e.iaf_codes),
        "sites": "; ".join(
            " | ".join((s.get("name", ""), s.get("address", ""), s.get("country", ""))) for s in e.sites
        ),
        "accreditation_body": e.accreditation_body,
    }


def _existing_numbers(issuer: Body, numbers: Sequence[str]) -> set[str]:
    """Which of ``numbers`` the issuer already has as certificates: one query on PostgreSQL
    (``= ANY`` of an array, answered by the unique index), chunks of 900 on SQLite."""
    table = connection.ops.quote_name(Attestation._meta.db_table)
    out: set[str] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT number FROM {table} WHERE issuer_id = %s AND kind = %s AND number = ANY(%s)",
                [issuer.pk, Kind.CERTIFICATE, list(numbers)],
            )
            out.update(r[0] for r in cursor.fetchall())
        else:
            for i in range(0, len(numbers), 900):
                chunk = list(numbers[i : i + 900])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT number FROM {table} WHERE issuer_id = %s AND kind = %s AND number IN ({marks})",
                    [issuer.pk, Kind.CERTIFICATE, *chunk],
                )
                out.update(r[0] for r in cursor.fetchall())
    return out


#: PostgreSQL: the tables a load writes, whose secondary indexes a deferred load rebuilds after it —
#: the certificates, the words of the name search (migration 0005) and the log's leaves
LOADED_TABLES = (Attestation._meta.db_table, "registry_holder_word", LogLeaf._meta.db_table)


#: SQLite: the trigger that keeps the name search's FTS5 table in step with each inserted row; a
#: deferred load drops it and rebuilds the FTS5 index from the table once, after the load
SQLITE_FTS = "registry_attestation_fts"
SQLITE_FTS_TRIGGER = "registry_att_fts_ai"


def _secondary_indexes() -> list[tuple[str, str]]:
    """The indexes of :data:`LOADED_TABLES` that no constraint owns (name, definition); on SQLite
    also the FTS5 insert trigger (:data:`SQLITE_FTS_TRIGGER`)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(LOADED_TABLES))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
                f"(type = 'index' AND tbl_name IN ({marks})) OR (type = 'trigger' AND name = %s)"
                ") ORDER BY tbl_name, type, name",
                [*LOADED_TABLES, SQLITE_FTS_TRIGGER],
            )
            return [(r[0], r[1]) for r in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = ANY(%s) AND i.schemaname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ORDER BY i.tablename, i.indexname
            """,
            [list(LOADED_TABLES)],
        )
        return [(r[0], r[1]) for r in cursor.fetchall()]


def _table_rows() -> int:
    """PostgreSQL's estimate of the attestation table's rows (no scan); SQLite's count."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(Attestation._meta.db_table)}")
            return int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [Attestation._meta.db_table]
        )
        row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0


def should_defer_indexes(new: int) -> bool:
    return new >= DEFER_INDEXES_AT and new >= _table_rows()


class _Rows:
    """Writes new rows as plain tuples in the table's column order."""

    def __init__(self) -> None:
        self.table = connection.ops.quote_name(Attestation._meta.db_table)
        self.columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        stream = _paced(rows) if os.environ.get(SLEEP_IN_COPY_ENV) else iter(rows)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in stream:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(_COLUMNS))
                cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", stream)


def _paced(rows: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    after = int(os.environ[SLEEP_IN_COPY_ENV])
    for i, row in enumerate(rows):
        if i == after:
            print(f"paused in the copy after {i} rows", flush=True)
            time.sleep(3600)
        yield row


def _same(value: Any) -> Any:
    return value


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def ingest(
    issuer: Body,
    entries: Sequence[layer.Entry],
    *,
    source: str,
    actor: Actor = SYSTEM,
    progress: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
) -> layer.Counts:
    """Write the certificates ``entries`` of ``issuer`` (validated, one per number) all or nothing;
    one signed tree head for the batch; status lists re-signed after commit."""
    if issuer.kind == BodyKind.CLIENT:
        raise ValueError(f"issuer: {issuer.slug} is a client, not an issuing body")
    if any(e.kind != Kind.CERTIFICATE for e in entries):
        raise layer.AttestationError("kind: the bulk ingest writes certificates only")
    key = signing_key(issuer.slug)
    counts, touched, done = layer.Counts(), set[int](), 0
    sqlite_before_load()
    with transaction.atomic():
        appender = tlog.Appender.open(issuer)  # the log's lock first, as issue() takes it
        known = _existing_numbers(issuer, [e.number for e in entries])
        if known:
            done = _write_known(
                issuer, [e for e in entries if e.number in known], appender, counts, touched, progress
            )
        new = [e for e in entries if e.number not in known] if known else list(entries)
        defer = should_defer_indexes(len(new)) if defer_indexes is None else defer_indexes
        indexes = _drop_indexes() if new and defer else []
        if new:
            _write_new(issuer, new, appender, touched, done, progress)
            counts.created += len(new)
        _build_indexes(indexes)
        if counts.created or counts.updated:
            log(
                "registry.import.completed",
                actor=actor,
                body=issuer,
                data={"source": source, **counts.as_dict()},
            )
        appender.close(key)  # one signed tree head for the whole file
        status.publish_on_commit(issuer, touched)
    counts.unchanged = len(entries) - counts.created - counts.updated
    sqlite_after_load(counts.created)
    return counts


def sqlite_before_load() -> None:
    """SQLite: a page cache that holds the indexes a load writes into."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{layer.SQLITE_CACHE_KIB}")


def sqlite_after_load(created: int) -> None:
    """SQLite: the planner's statistics refreshed after a large load."""
    if connection.vendor == "sqlite" and created >= 10_000:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def _write_known(
    issuer: Body,
    old: Sequence[layer.Entry],
    appender: tlog.Appender,
    counts: layer.Counts,
    touched: set[int],
    progress: Callable[[int], None] | None,
) -> int:
    """Rows already in the registry: the layer's writer (unchanged ones left alone, changed ones
    re-issued and re-signed); how many are done."""
    signer = layer._Signer.of(issuer, signing_key(issuer.slug))
    done = 0
    for i in range(0, len(old), layer.BATCH):
        batch = old[i : i + layer.BATCH]
        layer._write(issuer, signer, batch, counts, touched, appender)
        done += len(batch)
        if progress:
            progress(done)
    return done


def _drop_indexes() -> list[tuple[str, str]]:
    """Drop the secondary indexes of the tables a load writes (:data:`LOADED_TABLES`), and on
    SQLite the FTS5 insert trigger, in the transaction (DDL is transactional in both); what to
    rebuild."""
    indexes = _secondary_indexes()
    with connection.cursor() as cursor:
        for name, definition in indexes:
            what = "TRIGGER" if definition.startswith("CREATE TRIGGER") else "INDEX"
            cursor.execute(f"DROP {what} {connection.ops.quote_name(name)}")
    return indexes


def _build_indexes(indexes: list[tuple[str, str]]) -> None:
    if not indexes:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if any(name == SQLITE_FTS_TRIGGER for name, _definition in indexes):
                # the FTS5 index from the whole table, once (external content: it reads the rows)
                cursor.execute(f"INSERT INTO {SQLITE_FTS}({SQLITE_FTS}) VALUES ('rebuild')")
            for _name, definition in indexes:
                cursor.execute(definition)
            tables = set(connection.introspection.table_names(cursor))
            for table in LOADED_TABLES:
                if table in tables:  # (SQLite has no word table: FTS5 is its name search)
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        return
    with connection.cursor() as cursor:
        # PostgreSQL refuses CREATE INDEX on a table with pending trigger events: the rows just
        # written still owe their foreign-key checks (Django's are DEFERRABLE INITIALLY DEFERRED).
        # Run them now — a bad reference fails here, inside the import's transaction — then build.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        # a load that doubled the tables left the planner's statistics of the smaller ones: the
        # name search's "about N" is its estimate (and autovacuum may come minutes later)
        for table in LOADED_TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _holder_key(name_key: Callable[[str], str], name: str, name_en: str) -> str:
    """:func:`casys.attestations.services.issue.holder_key` (the search key the read side uses),
    without keying an empty English name."""
    if not name_en:
        return name_key(name)[:700]
    return layer.holder_key(name, name_en)[:700]


def _write_new(
    issuer: Body,
    new: Sequence[layer.Entry],
    appender: tlog.Appender,
    touched: set[int],
    done: int,
    progress: Callable[[int], None] | None,
) -> int:
    """Stream the new rows and their leaves, chunk by chunk; how many rows are done."""
    slots = status.allocate(issuer, len(new))
    touched.update({s[0] for s in slots})
    pg = connection.vendor == "postgresql"
    now = clock.now() if pg else connection.ops.adapt_datetimefield_value(clock.now())
    history = json.dumps([{"source": "import"}])
    slug, name, did, issuer_id = issuer.slug, issuer.name, appender.did, issuer.pk
    kind = str(Kind.CERTIFICATE)
    sha, canonical, leaf_hash = transparency.facts_hash, transparency.canonical, merkle.leaf_hash
    name_key = search_keys.name_key
    writer = _Rows()
    # a date as the driver takes it: the object for psycopg, ISO text for SQLite (as Django stores it)
    _day = _same if pg else _iso
    for lo in range(0, len(new), CHUNK):
        rows: list[tuple[Any, ...]] = []
        for e, (lst, idx) in zip(new[lo : lo + CHUNK], slots[lo : lo + CHUNK], strict=True):
            rec = record(e)
            day = rec["issue_date"]
            # the leaf (LeafEvent.data()), built inline: canonical JSON of the event and its facts hash
            data = canonical(
                {
                    "date": day,
                    "event": "issue",
                    "facts": sha(rec),
                    "issuer": did,
                    "kind": kind,
                    "number": e.number,
                }
            )
            digest = leaf_hash(data)
            index = appender.frontier.size + len(appender.pending)
            appender.pending.append(
                (issuer_id, index, kind, e.number, "issue", data.decode("utf-8"), digest.hex())
            )
            appender.hashes.append(digest)
            rows.append(
                (
                    issuer_id,
                    kind,
                    None,
                    slug,
                    name,
                    e.number,
                    e.status,
                    e.holder_name,
                    e.holder_name_en,
                    _holder_key(name_key, e.holder_name, e.holder_name_en),
                    e.holder_address,
                    rec["country"],
                    "|" + "|".join(e.standards) + "|",
                    ("|" + "|".join(e.iaf_codes) + "|") if e.iaf_codes else "",
                    e.scope,
                    json.dumps([dict(s) for s in e.sites]) if e.sites else "[]",
                    _day(e.original_issue_date),
                    _day(e.issue_date),
                    _day(e.expiry_date),
                    e.accreditation_body,
                    e.public,
                    lst,
                    idx,
                    "",  # the credential: signed when first asked for
                    "",
                    history,
                    "import",
                    now,
                )
            )
        writer.write(rows)
        appender.flush()
        done += len(rows)
        if progress:
            progress(done)
        layer._maybe_pause(done)
    return done

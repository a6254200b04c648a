"""The ingest figures of ``casys bench registry``: the whole import path from a CSV file, its floor
and the bytes each attestation takes.

- **casys**: :func:`casys.registry.services.importer.import_batch` of one template CSV per issuer
  (reading, validation of every row, search key, status slots, insert, words of the name search,
  transparency-log leaves and one signed tree head per file; the indexes built once, after, when the
  batch at least doubles the registry); and :func:`~casys.registry.services.importer.import_file`
  of an update file into the full registry (its indexes kept up as it goes);
- **floor**: the same rows ``COPY``-ed (PostgreSQL, the text the table itself dumps) or
  ``executemany``-d (SQLite) into a bare copy of the attestation table, then the same indexes and
  constraints built after;
- **bytes per attestation**: the attestation table with its indexes and TOAST, the log's leaves,
  subtree roots and tree heads, the status lists, divided by the rows.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

from casys.attestations.models import Attestation, LogLeaf, LogNode, SignedTreeHead, StatusList
from casys.registry.services import importer, ingest
from casys.registry.services.template import KEYS

TABLE = Attestation._meta.db_table
FLOOR = "bench_floor"


def csv_file(entries: Sequence[Any]) -> bytes:
    """The entries as a template CSV file, as a body would upload it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(KEYS)
    for e in entries:
        row = {**ingest.record(e), "public": "yes" if e.public else "no"}
        writer.writerow([row[k] for k in KEYS])
    return out.getvalue().encode("utf-8")


def ingest_files(
    files: Iterable[tuple[Any, bytes]], *, defer_indexes: bool | None = None
) -> dict[str, float]:
    """Import each ``(issuer, csv bytes)`` through :func:`importer.import_file` (reading, validation,
    the write and the log), file by file; the seconds it took, files made by the iterator not
    counted."""
    total = 0.0
    for issuer, data in files:
        t = time.perf_counter()
        importer.import_file(data, "bench.csv", issuer, defer_indexes=defer_indexes)
        total += time.perf_counter() - t
    return {"total": total}


def ingest_batch(
    files: Iterable[tuple[Any, bytes]], *, rows: int, defer_indexes: bool | None = None
) -> dict[str, float]:
    """Import every ``(issuer, csv bytes)`` as one batch (:func:`importer.import_batch`: one
    transaction, each file checked and written with its own tree head, the indexes built once when
    the batch at least doubles the registry); the seconds it took, the time the iterator spent
    making the files taken out."""
    made = made_cpu = 0.0

    def timed() -> Iterator[tuple[Any, str, bytes]]:
        nonlocal made, made_cpu
        it = iter(files)
        while True:
            t, c = time.perf_counter(), time.process_time()
            try:
                issuer, data = next(it)
            except StopIteration:
                return
            made += time.perf_counter() - t
            made_cpu += time.process_time() - c
            yield issuer, "bench.csv", data

    cpu = Cpu.now()
    t = time.perf_counter()
    importer.import_batch(timed(), rows=rows, defer_indexes=defer_indexes)
    wall = time.perf_counter() - t - made
    used = Cpu.now() - cpu
    return {"total": wall, "files made": made, **used.per_row(rows, wall, made_cpu)}


@dataclass(frozen=True)
class Cpu:
    """CPU seconds so far of the three sides of an import: this process (the writer, and a reader
    thread if any), its reaped children (the reader processes) and the database server — on
    PostgreSQL the cluster this connection's backend belongs to: its postmaster, with the children
    it reaped (parallel index builders, autovacuum workers), and every live child (this backend, the
    WAL writer, the checkpointer...), read from ``/proc``; 0 where that cannot be read (SQLite, a
    server on another machine)."""

    main: float
    readers: float
    server: float

    @classmethod
    def now(cls) -> Cpu:
        me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return cls(me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime, _server_cpu())

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(self.main - other.main, self.readers - other.readers, self.server - other.server)

    def per_row(self, rows: int, wall: float, not_counted: float = 0.0) -> dict[str, Any]:
        """Microseconds of CPU a row on each side (``not_counted`` seconds of this process's taken
        out: the files made meanwhile), the cores busy on average over ``wall`` seconds, and the
        rows a second this CPU a row would allow with every core of the machine busy all the time:
        the ceiling of any overlap of the three sides; only less CPU a row raises it."""
        main = self.main - not_counted
        used = main + self.readers + self.server
        return {
            "cpu us a row": {
                "writer process": round(main / rows * 1e6, 2),
                "reader processes": round(self.readers / rows * 1e6, 2),
                "database server": round(self.server / rows * 1e6, 2),
            },
            "cores busy": round(used / wall, 2) if wall else 0.0,
            "rows/s with every core busy": round(cores() * rows / used) if used > 0 else 0,
        }


def cores() -> int:
    """The cores this process may run on (its affinity; the machine's where that is not known)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _proc_cpu(stat: str, reaped: bool) -> tuple[int, float]:
    """(the parent pid, CPU seconds) of a ``/proc/<pid>/stat`` text, with its reaped children's."""
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)
    return int(fields[1]), ticks / os.sysconf("SC_CLK_TCK")


def _server_cpu() -> float:
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    proc = Path("/proc")
    try:
        postmaster, _ = _proc_cpu((proc / str(backend) / "stat").read_text(), False)
        _, total = _proc_cpu((proc / str(postmaster) / "stat").read_text(), True)
    except (OSError, ValueError, IndexError):
        return 0.0  # not on this machine, or not readable
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                parent, used = _proc_cpu((entry / "stat").read_text(), False)
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
            if parent == postmaster:
                total += used
    return total


def _index_ddl() -> list[str]:
    """The statements that give the floor's table the attestation table's indexes and constraints."""
    if connection.vendor == "postgresql":
        return _pg_index_ddl(TABLE, FLOOR, "_floor")
    with connection.cursor() as cur:
        cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [TABLE])
        rows = cur.fetchall()
    out = []
    for name, sql in rows:
        if sql:
            out.append(sql.replace(f'"{name}"', f'"{name}_floor"', 1).replace(f'"{TABLE}"', f'"{FLOOR}"'))
        else:  # an automatic index of a UNIQUE constraint: built the same way
            pass
    out += [
        f'CREATE UNIQUE INDEX "{FLOOR}_u1" ON "{FLOOR}" ("issuer_id", "kind", "number")',
        f'CREATE UNIQUE INDEX "{FLOOR}_u2" ON "{FLOOR}" ("issuer_id", "status_list", "status_index")',
    ]
    return out


def _pg_index_ddl(table: str, bare: str, suffix: str) -> list[str]:
    """PostgreSQL: ``table``'s index definitions for its bare copy ``bare`` (names + ``suffix``)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND schemaname = current_schema()",
            [table],
        )
        defs = [r[0] for r in cur.fetchall()]
    out = []
    for d in defs:
        name, _, rest = d.partition(" ON ")
        out.append(f"{name}{suffix} ON {rest.replace(table, bare, 1)}")
    return out


def floor(rows: int) -> dict[str, float]:
    """Seconds to load the registry's ``rows`` rows into a bare copy of its table, then build its
    indexes: the fastest way the database takes these rows."""
    columns = ", ".join(connection.ops.quote_name(c) for c in ingest._COLUMNS)
    ddl = _index_ddl()
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {FLOOR}")
        if connection.vendor == "postgresql":
            cur.execute(f"CREATE TABLE {FLOOR} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING IDENTITY)")
        else:
            cur.execute(f"CREATE TABLE {FLOOR} AS SELECT * FROM {TABLE} WHERE 0")
    raw = connection.connection
    if connection.vendor == "postgresql":
        # the rows as the table dumps them, to a file (10^7 rows are gigabytes), then loaded back
        dump = Path(tempfile.mkstemp(prefix="casys-floor-", suffix=".copy")[1])
        try:
            with (
                dump.open("wb") as out,
                raw.cursor() as c,
                c.copy(f"COPY {TABLE} ({columns}) TO STDOUT") as copy,
            ):
                for block in copy:
                    out.write(block)
            raw.commit()
            t = time.perf_counter()
            with (
                dump.open("rb") as src,
                raw.cursor() as c,
                c.copy(f"COPY {FLOOR} ({columns}) FROM STDIN") as copy,
            ):
                while block := src.read(1 << 20):
                    copy.write(block)
            t_copy = time.perf_counter() - t
        finally:
            dump.unlink()
        with raw.cursor() as c:
            c.execute("SET maintenance_work_mem = '512MB'")
            t = time.perf_counter()
            for d in ddl:
                c.execute(d)
        raw.commit()
    else:
        cur = raw.execute(f"SELECT {columns} FROM {TABLE}")
        data_rows = cur.fetchall()
        marks = ", ".join(["?"] * len(ingest._COLUMNS))
        t = time.perf_counter()
        raw.executemany(f"INSERT INTO {FLOOR} ({columns}) VALUES ({marks})", data_rows)
        t_copy = time.perf_counter() - t
        t = time.perf_counter()
        for d in ddl:
            raw.execute(d)
        raw.commit()
    t_index = time.perf_counter() - t
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE {FLOOR}")
    return {"copy": t_copy, "indexes": t_index, "total": t_copy + t_index}


#: what the streamed import writes per attestation, and the columns it writes: the rows, the words
#: of the name search, the log's leaves (PostgreSQL)
WRITTEN = {
    TABLE: ingest._COLUMNS,
    "registry_holder_word": ["word", "holder_key", "attestation_id"],
    LogLeaf._meta.db_table: ["issuer_id", "index", "kind", "number", "event", "data", "hash"],
}


def floor_written(rows: int) -> dict[str, float] | None:
    """PostgreSQL: seconds to ``COPY`` what the import wrote — the rows, their words and their log
    leaves — into bare copies of the three tables, then build their indexes: the floor of the same
    work, where :func:`floor` loads the attestation table alone. ``None`` on SQLite (its search
    index is FTS5, built by triggers)."""
    if connection.vendor != "postgresql":
        return None
    raw = connection.connection
    t_copy = t_index = 0.0
    for table, names in WRITTEN.items():
        bare = f"{table}_floor3"
        columns = ", ".join(connection.ops.quote_name(c) for c in names)
        ddl = _pg_index_ddl(table, bare, "_f3")
        with raw.cursor() as c:
            c.execute(f"DROP TABLE IF EXISTS {bare}")
            c.execute(f"CREATE TABLE {bare} (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY)")
        raw.commit()
        dump = Path(tempfile.mkstemp(prefix="casys-floor3-", suffix=".copy")[1])
        try:
            out_sql, in_sql = f"COPY {table} ({columns}) TO STDOUT", f"COPY {bare} ({columns}) FROM STDIN"
            with dump.open("wb") as out, raw.cursor() as c, c.copy(out_sql) as cp:
                for block in cp:
                    out.write(block)
            raw.commit()
            t = time.perf_counter()
            with dump.open("rb") as src, raw.cursor() as c, c.copy(in_sql) as cp:
                while block := src.read(1 << 20):
                    cp.write(block)
            t_copy += time.perf_counter() - t
        finally:
            dump.unlink()
        with raw.cursor() as c:
            c.execute("SET maintenance_work_mem = '512MB'")
            t = time.perf_counter()
            for d in ddl:
                c.execute(d)
            t_index += time.perf_counter() - t
            c.execute(f"DROP TABLE {bare}")
        raw.commit()
    return {"copy": t_copy, "indexes": t_index, "total": t_copy + t_index}


def bytes_per_attestation(rows: int) -> dict[str, Any]:
    """The registry's size per attestation: the table (TOAST and indexes with it) and the log."""
    tables = {
        "attestations": TABLE,
        "log leaves": LogLeaf._meta.db_table,
        "log nodes": LogNode._meta.db_table,
        "tree heads": SignedTreeHead._meta.db_table,
        "status lists": StatusList._meta.db_table,
    }
    sizes: dict[str, int] = {}
    with connection.cursor() as cur:
        for label, table in tables.items():
            if connection.vendor == "postgresql":
                cur.execute("SELECT pg_total_relation_size(%s)", [table])
                sizes[label] = int(cur.fetchone()[0])
            else:  # dbstat: the table's pages and its indexes'
                cur.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = %s OR name IN "
                    "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s)",
                    [table, table],
                )
                sizes[label] = int(cur.fetchone()[0])
    total = sum(sizes.values())
    return {
        "bytes_per_attestation": round(total / max(1, rows)),
        "total_bytes": total,
        **{f"{k} bytes": v for k, v in sizes.items()},
    }

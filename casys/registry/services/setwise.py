"""PostgreSQL: a template CSV file imported set-wise, the server parsing, checking and writing it.

The Python path (:func:`.importer.read_rows`, :func:`.rules.validate`, :func:`.ingest.ingest`)
spends ~200 µs of Python per row; here Python touches the rows only where it runs beside the
server (search keys and log leaves, in a thread on the second core) and where a rule's wording lives:

1. the header is read in Python (the same rules and errors); a file that is not plain UTF-8 CSV,
   or has a line ``\\.`` (COPY's end marker), or a NUL byte, goes down the Python path;
2. the raw bytes are ``COPY``-ed (``FORMAT csv, HEADER``) into a temporary staging table, one text
   column per header column and the row's number; if COPY refuses the file (a ragged row...), the
   savepoint is rolled back and the Python path lists the errors as it always did;
3. one statement parses every row into a second temporary table and flags every row the Python
   rules could refuse or would not take verbatim (a **superset** of :func:`.rules.check`);
   the flagged rows alone go through :func:`.rules.check`: its errors are the file's errors
   (nothing written), and a flagged row it accepts (a date in another ISO form, a lowercase
   status written ``Active``...) sends the whole file down the Python path;
4. the search key (:func:`casys.core.search_keys.name_key`, anyascii: not SQL) and the log leaf
   (:class:`casys.core.transparency.LeafEvent`, the facts hash of :func:`_record`) of each row are
   computed by a thread that parses the file with :mod:`csv` while the server works (psycopg
   releases the GIL while it waits), and copied in afterwards with each row's length as the
   thread read it (a file the two parsers read differently goes down the Python path). Leaves
   built in SQL (``to_json`` and ``sha256()``, byte for byte the same) cost the server 33 µs a
   row, on the critical path; in the thread they cost nothing the server waits for;
5. new rows are inserted by one ``INSERT ... SELECT`` per chunk, their status slots from
   :func:`casys.attestations.services.status.allocate`, then their leaves; the leaf hashes move
   the log's right edge and store its subtree roots; one signed tree head per file as before.

Rows already in the registry go through :func:`.ingest._write_known` (the layer's re-issue path).
Everything is one transaction: a refused or killed import leaves the registry and the log as they
were.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection, transaction

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.attestations.models import Attestation, Kind, LogLeaf, Status
from casys.attestations.services import issue as layer
from casys.attestations.services import log as tlog
from casys.attestations.services import status
from casys.attestations.services.keys import signing_key
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import merkle, search_keys, transparency, untrusted_text
from casys.registry.services import ingest, rules
from casys.registry.services.template import KEYS

#: new rows per INSERT ... SELECT (and per progress call)
CHUNK = ingest.CHUNK

_STAGE = "casys_import_stage"
_PARSED = "casys_import_parsed"
_KEYS = "casys_import_keys"
_NEW = "casys_import_new"
_TEXT_KEYS = tuple(k for k in KEYS if k not in ("issue_date", "original_issue_date", "expiry_date"))
_END_MARKER = re.compile(rb"(?m)^\\\.\r?$")

#: Python's str.strip() removes these (str.isspace), so a cell that starts or ends with one is not
#: taken verbatim
_SPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
#: what untrusted_text.problem refuses: controls (Cc) and the bidirectional controls
_CC = "".join(chr(c) for c in [*range(1, 0x20), *range(0x7F, 0xA0)])
_BIDI = "".join(sorted(untrusted_text.BIDI_CONTROLS))


def _cls(chars: str) -> str:
    """A bracket expression of PostgreSQL's regular expressions holding exactly ``chars``."""
    return "[" + "".join(("\\" + c) if c in "\\]^-[" else c for c in chars) + "]"


_SPACE_CLS = _cls(_SPACE)
#: the cells of a row joined by this character, to check every cell's ends in one regular expression
#: (a cell holding it is flagged anyway: it is a control character)
_SEP = "\x01"
#: a cell that starts or ends with a space, or starts with an apostrophe: not taken verbatim
_ENDS = f"(^|{_SEP}){_cls(_SPACE + chr(39))}|{_SPACE_CLS}({_SEP}|$)"
#: a character untrusted_text.problem refuses in a one-line cell, and in a multi-line one
_REFUSED = _cls(_CC + _BIDI)
_REFUSED_MULTI = _cls("".join(c for c in _CC if c not in untrusted_text.LINE_CONTROLS) + _BIDI)
#: str.strip()'s characters, as a literal for btrim()
_TRIM = "'" + _SPACE + "'"
_DATE = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_TRUE = ("", "yes", "y", "true", "1")
_FALSE = ("no", "n", "false", "0")


class _Fallback(Exception):
    """The file goes down the Python path (the reason, for the record)."""


@dataclass
class _Keys:
    """What the thread read, one ``n<TAB>key<TAB>length<TAB>leaf<TAB>leaf hash`` line a row (COPY's
    text format), and the leaf hashes by row; or why it could not."""

    lines: list[str]
    hashes: dict[int, bytes]
    error: str = ""


def _record(cells: dict[str, str]) -> dict[str, str]:
    """:func:`.ingest.record` of a row taken verbatim (the rows the screen passes): the record whose
    facts the row's leaf commits to. A row it cannot read raises ValueError (the screen flags it)."""
    sites = []
    for site in rules._split(cells.get("sites", "")):
        parts = [p.strip() for p in site.split("|")] + ["", ""]
        sites.append(" | ".join((parts[0], parts[1], parts[2].upper())))
    issue = cells.get("issue_date", "")
    return {
        "certificate_number": cells.get("certificate_number", ""),
        "issue_date": issue,
        "original_issue_date": cells.get("original_issue_date", "") or issue,
        "expiry_date": cells.get("expiry_date", ""),
        "certified_entity_name": cells.get("certified_entity_name", ""),
        "certified_entity_name_en": cells.get("certified_entity_name_en", ""),
        "address": cells.get("address", ""),
        "country": cells.get("country", "").upper(),
        "scope": cells.get("scope", ""),
        "standards": "; ".join(rules._split(cells.get("standards", ""))),
        "iaf_codes": "; ".join(str(int(c)) for c in rules._split(cells.get("iaf_codes", ""))),
        "sites": "; ".join(sites),
        "accreditation_body": cells.get("accreditation_body", ""),
    }


def _thread_work(text: str, header: list[str], did: str, out: list[_Keys]) -> None:
    """The Python half, beside the server: each row's search key (anyascii: not SQL) and its log
    leaf (:class:`casys.core.transparency.LeafEvent` with the facts hash of :func:`_record`)."""
    name_key, holder_key = search_keys.name_key, ingest._holder_key
    canonical, facts_hash, leaf_hash = transparency.canonical, transparency.facts_hash, merkle.leaf_hash
    kind = str(Kind.CERTIFICATE)
    lines: list[str] = []
    hashes: dict[int, bytes] = {}
    try:
        reader = csv.reader(io.StringIO(text))
        next(reader)
        for n, row in enumerate(reader, 1):
            cells = dict(zip(header, row, strict=False))
            name, en = cells.get("certified_entity_name", ""), cells.get("certified_entity_name_en", "")
            try:
                record = _record(cells)
            except ValueError:  # a row the screen flags: refused, or the file goes the Python way
                lines.append(f"{n}\t\t{sum(map(len, row))}\t\t\n")
                continue
            data = canonical(
                {
                    "date": record["issue_date"],
                    "event": "issue",
                    "facts": facts_hash(record),
                    "issuer": did,
                    "kind": kind,
                    "number": record["certificate_number"],
                }
            )
            digest = leaf_hash(data)
            hashes[n] = digest
            leaf = data.decode("utf-8").replace("\\", "\\\\")  # COPY's text format escapes a backslash
            key = holder_key(name_key, name, en)
            lines.append(f"{n}\t{key}\t{sum(map(len, row))}\t{leaf}\t{digest.hex()}\n")
    except (csv.Error, ValueError) as exc:
        out.append(_Keys([], {}, f"csv: {exc}"))
        return
    out.append(_Keys(lines, hashes))


def import_csv(
    data: bytes,
    filename: str,
    issuer: Body,
    *,
    actor: Actor = SYSTEM,
    progress: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
) -> dict[str, Any] | None:
    """Import a template CSV file set-wise (PostgreSQL); what :func:`.importer.import_file` answers,
    ``None`` when the file must go down the Python path, :class:`.rules.ImportFileError` with
    every error when it is refused (nothing written)."""
    if connection.vendor != "postgresql" or issuer.kind == BodyKind.CLIENT:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data or _END_MARKER.search(data):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        first = next(csv.reader(io.StringIO(text)), None)
    except csv.Error:
        return None
    if not first or not any(str(c).strip() for c in first):
        return None
    header = rules.header_keys(first)  # the header's errors, as the Python path words them
    try:
        with transaction.atomic():
            counts, rows = _import(
                data,
                text,
                header,
                issuer,
                source=Path(filename).name,
                actor=actor,
                progress=progress,
                defer_indexes=defer_indexes,
            )
    except _Fallback:
        return None
    return {
        "file": Path(filename).name,
        "issuer": issuer.slug,
        "rows": rows,
        "dry_run": False,
        **counts.as_dict(),
    }


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _import(
    data: bytes,
    text: str,
    header: list[str],
    issuer: Body,
    *,
    source: str,
    actor: Actor,
    progress: Callable[[int], None] | None,
    defer_indexes: bool | None = None,
) -> tuple[layer.Counts, int]:
    key = signing_key(issuer.slug)
    appender = tlog.Appender.open(issuer)  # the log's lock first, as issue() takes it
    with connection.cursor() as cursor:
        _stage(cursor.cursor, data, header)
    # the search keys and leaves, in a thread while the server parses and screens the file (psycopg
    # releases the GIL while it waits); started after the ORM's work and the COPY, whose Python
    # would otherwise wait for the GIL at every hand-off (measured: the COPY took 3x as long)
    found: list[_Keys] = []
    worker = threading.Thread(target=_thread_work, args=(text, header, appender.did, found), daemon=True)
    worker.start()
    refused: rules.ImportFileError | None = None
    try:
        with connection.cursor() as cursor:
            cur = cursor.cursor  # psycopg's own cursor: COPY
            _screen(cur, header)
            known_rows = _known(cur, header, issuer)
    except rules.ImportFileError as exc:
        refused = exc
    finally:
        worker.join()
    if not found or found[0].error:  # csv cannot read the file: the Python path says why, as always
        raise _Fallback(found[0].error if found else "no keys")
    if refused is not None:
        raise refused
    with connection.cursor() as cursor:
        total = _copy_keys(cursor.cursor, found[0].lines)
    counts, touched, done = layer.Counts(), set[int](), 0
    if known_rows:
        _h, entries, _r = rules.check(header, known_rows)
        done = ingest._write_known(issuer, entries, appender, counts, touched, progress)
        appender.flush()
    new = total - len(known_rows)
    if new:
        defer = ingest.should_defer_indexes(new) if defer_indexes is None else defer_indexes
        indexes = ingest._drop_indexes() if defer else []
        slots = status.allocate(issuer, new)
        touched.update({s[0] for s in slots})
        _write_new(issuer, appender, [n for n, _c in known_rows], slots, found[0].hashes, done, progress)
        counts.created += new
        ingest._build_indexes(indexes)
    if counts.created or counts.updated:
        log(
            "registry.import.completed", actor=actor, body=issuer, data={"source": source, **counts.as_dict()}
        )
    appender.close(key)  # one signed tree head for the whole file
    status.publish_on_commit(issuer, touched)
    with connection.cursor() as cursor:  # ON COMMIT DROP, and now too: an outer transaction may import again
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}, {_PARSED}, {_KEYS}, {_NEW}")
    counts.unchanged = total - counts.created - counts.updated
    return counts, total


def _screen(cur: Any, header: list[str]) -> None:
    """Parse the staged file, then judge its flagged rows (errors refuse it, a row the rules accept
    sends it down the Python path)."""
    sid = transaction.savepoint()
    try:
        rows = _parse(cur, header)
    except psycopg.Error as exc:  # a cell the screen's SQL cannot take: the Python path judges it
        transaction.savepoint_rollback(sid)
        raise _Fallback(f"parse: {exc}") from exc
    transaction.savepoint_commit(sid)
    if rows == 0:
        raise _Fallback("no rows")
    flagged = _flagged(cur, header)
    if flagged:
        _judge(header, flagged)


def _stage(cur: Any, data: bytes, header: list[str]) -> None:
    """COPY the raw file into the staging table; a file COPY refuses goes down the Python path."""
    columns = ", ".join(f"c{i} text" for i in range(len(header)))
    cur.execute(
        f"CREATE TEMP TABLE {_STAGE} ({columns}, n bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP"
    )
    names = ", ".join(f"c{i}" for i in range(len(header)))
    pause = os.environ.get(ingest.SLEEP_IN_COPY_ENV)
    sid = transaction.savepoint()
    try:
        with cur.copy(f"COPY {_STAGE} ({names}) FROM STDIN (FORMAT csv, HEADER true)") as copy:
            if pause:  # the kill -9 test: stop in the middle of the COPY
                at = _offset_of_row(data, int(pause))
                copy.write(data[:at])
                print(f"paused in the copy after {pause} rows", flush=True)
                time.sleep(3600)
            copy.write(data)
    except psycopg.Error as exc:  # the raw cursor raises psycopg's errors, not Django's
        transaction.savepoint_rollback(sid)
        raise _Fallback(f"COPY: {exc}") from exc
    transaction.savepoint_commit(sid)


def _offset_of_row(data: bytes, rows: int) -> int:
    at = 0
    for _ in range(rows + 1):  # the header, then the rows
        at = data.find(b"\n", at) + 1
        if at == 0:
            return len(data)
    return at


def _col(header: list[str], key: str) -> str:
    """The cell of column ``key`` ("" when absent); the last column of that key, as dict(zip()) takes it."""
    at = max((i for i, k in enumerate(header) if k == key), default=-1)
    return f"coalesce(c{at}, '')" if at >= 0 else "''::text"


def _split(cell: str) -> str:
    """``rules._split`` in SQL: the ``;``-separated parts, stripped, the empty ones dropped."""
    return (
        f"ARRAY(SELECT btrim(p, {_TRIM}) FROM unnest(string_to_array({cell}, ';')) WITH ORDINALITY u(p, o)"
        f" WHERE btrim(p, {_TRIM}) <> '' ORDER BY o)"
    )


def _day_ok(v: str) -> str:
    y, m, d = f"substr({v}, 1, 4)::int", f"substr({v}, 6, 2)::int", f"substr({v}, 9, 2)::int"
    leap = f"(({y} %% 4 = 0 AND {y} %% 100 <> 0) OR {y} %% 400 = 0)"
    last = (
        f"CASE {m} WHEN 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END"
        " WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END"
    )
    # nested CASEs: the casts run only on text of the form (AND may be evaluated in any order)
    return f"CASE WHEN {v} ~ '{_DATE}' THEN CASE WHEN {y} >= 1 AND {d} <= {last} THEN {v}::date END END"


def _parse(cur: Any, header: list[str]) -> int:
    """Parse every staged row into the parsed table, with ``bad``: a flag the Python rules could
    refuse the row or would not take it verbatim. How many rows."""
    c = {k: _col(header, k) for k in KEYS}
    single = [c[k] for k in _TEXT_KEYS if k not in rules.MULTILINE]
    multi = [c[k] for k in _TEXT_KEYS if k in rules.MULTILINE]
    conditions = [
        f"concat({', '.join(single)}) ~ %s",
        f"concat({', '.join(multi)}) ~ %s",
        f"concat_ws(%s, {', '.join(c[k] for k in _TEXT_KEYS)}) ~ %s",
    ]
    params = [_REFUSED, _REFUSED_MULTI, _SEP, _ENDS]
    conditions += [f"char_length({c[k]}) > {n}" for k, n in rules.MAX_LENGTH.items()]
    statuses = ", ".join(f"'{s}'" for s in Status.values)
    words = ", ".join(f"'{w}'" for w in (*_TRUE, *_FALSE))
    trues = ", ".join(f"'{w}'" for w in _TRUE)
    length = " + ".join(f"char_length(coalesce(c{i}, ''))" for i in range(len(header)))
    sql = f"""
    CREATE TEMP TABLE {_PARSED} ON COMMIT DROP AS
    WITH s AS (
      SELECT n, {", ".join(f"{c[k]} AS {k}" for k in KEYS)}, {length} AS len,
             {" OR ".join(conditions)} AS not_plain
      FROM {_STAGE}
    ), d AS (
      SELECT s.*, {_day_ok("issue_date")} AS di, {_day_ok("expiry_date")} AS de,
             {_day_ok("original_issue_date")} AS dor,
             {_split("standards")} AS std, {_split("iaf_codes")} AS iaf, {_split("sites")} AS site_list
      FROM s
    )
    SELECT n, len, certificate_number AS number, lower(status) AS status, issue_date, expiry_date,
      CASE WHEN original_issue_date = '' THEN issue_date ELSE original_issue_date END AS original,
      di, de, coalesce(dor, di) AS dor,
      certified_entity_name AS name, certified_entity_name_en AS name_en, address, upper(country) AS country,
      scope, accreditation_body AS ab, lower(public) IN ({trues}) AS public,
      std, ARRAY(SELECT ltrim(x, '0') FROM unnest(iaf) WITH ORDINALITY u(x, o) ORDER BY o) AS iaf,
      site_list,
      (not_plain OR certificate_number = '' OR certified_entity_name = ''
       OR NOT (status ~ '^[A-Za-z]+$' AND lower(status) IN ({statuses}))
       OR di IS NULL OR de IS NULL OR (original_issue_date <> '' AND dor IS NULL)
       OR de < di OR coalesce(dor, di) > di
       OR country !~ '^[A-Za-z]{{2}}$'
       OR cardinality(std) = 0
       OR EXISTS (SELECT 1 FROM unnest(iaf) x WHERE x !~ '^0*([1-9]|[1-3][0-9])$')
       OR EXISTS (SELECT 1 FROM unnest(site_list) x
                  WHERE cardinality(string_to_array(x, '|')) > 3
                     OR btrim(split_part(x, '|', 1), {_TRIM}) = ''
                     OR octet_length(split_part(x, '|', 3)) <> char_length(split_part(x, '|', 3)))
       OR NOT (public ~ '^[A-Za-z0-9]*$' AND lower(public) IN ({words}))) AS bad
    FROM d
    """
    cur.execute(sql, params)
    return int(cur.rowcount)


def _flagged(cur: Any, header: list[str]) -> list[tuple[int, bool, list[str]]]:
    """The flagged rows, and the plain rows whose number another plain row has (the duplicate rule),
    with their cells: ``(n, flagged, cells)`` in file order."""
    cells = ", ".join(f"coalesce(s.c{i}, '')" for i in range(len(header)))
    cur.execute(
        f"""
        SELECT f.n, f.bad, {cells} FROM (
          SELECT n, bad, count(*) FILTER (WHERE NOT bad) OVER (PARTITION BY number) AS same
          FROM {_PARSED}
        ) f JOIN {_STAGE} s ON s.n = f.n
        WHERE f.bad OR f.same > 1 ORDER BY f.n
        """
    )
    return [(int(r[0]), bool(r[1]), list(r[2:])) for r in cur.fetchall()]


def _judge(header: list[str], flagged: list[tuple[int, bool, list[str]]]) -> None:
    """Run the Python rules on the flagged rows: their errors refuse the file; a flagged row they
    accept sends the file down the Python path (the screen is a superset, not the rules)."""
    errors, _entries, refused = rules.check(header, [(n + 1, cells) for n, _bad, cells in flagged])
    if any(bad and n + 1 not in refused for n, bad, _c in flagged):
        raise _Fallback("a flagged row passes the Python rules")
    if errors:
        raise rules.ImportFileError(errors)


def _known(cur: Any, header: list[str], issuer: Body) -> list[tuple[int, list[str]]]:
    """The rows whose certificate the issuer already has (row number, cells), in file order."""
    cells = ", ".join(f"coalesce(s.c{i}, '')" for i in range(len(header)))
    cur.execute(
        f"""
        SELECT p.n + 1, {cells} FROM {_PARSED} p
        JOIN {_q(Attestation._meta.db_table)} a ON a.issuer_id = %s AND a.kind = %s AND a.number = p.number
        JOIN {_STAGE} s ON s.n = p.n ORDER BY p.n
        """,
        [issuer.pk, str(Kind.CERTIFICATE)],
    )
    return [(int(r[0]), list(r[1:])) for r in cur.fetchall()]


def _copy_keys(cur: Any, lines: list[str]) -> int:
    """COPY the thread's search keys in; the two parsers must have read the same rows; how many."""
    cur.execute(
        f"CREATE TEMP TABLE {_KEYS} (n bigint PRIMARY KEY, key text, len bigint, leaf text, hash text)"
        " ON COMMIT DROP"
    )
    with cur.copy(f"COPY {_KEYS} (n, key, len, leaf, hash) FROM STDIN") as copy:
        copy.write("".join(lines).encode("utf-8"))
    cur.execute(
        "SELECT count(*), count(*) FILTER (WHERE k.n IS NULL OR k.len <> p.len OR k.hash = '')"
        f" FROM {_PARSED} p LEFT JOIN {_KEYS} k ON k.n = p.n"
    )
    total, differ = cur.fetchone()
    if differ or len(lines) != total:
        raise _Fallback("csv and COPY read the file differently")
    return int(total)


def _write_new(
    issuer: Body,
    appender: tlog.Appender,
    known: Sequence[int],
    slots: list[tuple[int, int]],
    hashes: dict[int, bytes],
    done: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Insert the new rows and their leaves, chunk by chunk, in file order."""
    table = _q(Attestation._meta.db_table)
    columns = ", ".join(_q(c) for c in ingest._COLUMNS)
    leaves = _q(LogLeaf._meta.db_table)
    kind = str(Kind.CERTIFICATE)
    trim = _TRIM
    ordered = f"""
      SELECT p.*, row_number() OVER (ORDER BY p.n) AS ord,
        coalesce((SELECT jsonb_agg(jsonb_build_object(
                                     'name', s.name, 'address', s.address, 'country', s.country) ORDER BY s.o)
                  FROM (SELECT o, btrim(split_part(x, '|', 1), {trim}) AS name,
                               btrim(split_part(x, '|', 2), {trim}) AS address,
                               upper(btrim(split_part(x, '|', 3), {trim})) AS country
                        FROM unnest(p.site_list) WITH ORDINALITY u(x, o)) s), '[]'::jsonb) AS sites_json,
        coalesce((SELECT string_agg(concat_ws(' | ', s.name, s.address, s.country), '; ' ORDER BY s.o)
                  FROM (SELECT o, btrim(split_part(x, '|', 1), {trim}) AS name,
                               btrim(split_part(x, '|', 2), {trim}) AS address,
                               upper(btrim(split_part(x, '|', 3), {trim})) AS country
                        FROM unnest(p.site_list) WITH ORDINALITY u(x, o)) s), '') AS sites_text
      FROM {_PARSED} p WHERE p.n <> ALL(%(known)s)
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {_NEW} ON COMMIT DROP AS {ordered}",
            {"known": [n - 1 for n in known]},
        )
        cursor.execute(f"CREATE INDEX ON {_NEW} (ord)")
    now, history = clock.now(), json.dumps([{"source": "import"}])
    lists = [s[0] for s in slots]
    idxs = [s[1] for s in slots]
    new = len(slots)
    skip = set(known)
    order = [n for n in sorted(hashes) if n + 1 not in skip]
    for lo in range(0, new, CHUNK):
        hi = min(new, lo + CHUNK)
        base = appender.frontier.size
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} ({columns})
                SELECT %(issuer)s, %(kind)s, NULL, %(slug)s, %(name)s, p.number, p.status, p.name, p.name_en,
                  k.key, p.address, p.country, '|' || array_to_string(p.std, '|') || '|',
                  CASE WHEN cardinality(p.iaf) = 0 THEN '' ELSE '|' || array_to_string(p.iaf, '|') || '|' END,
                  p.scope, p.sites_json, p.dor, p.di, p.de, p.ab, p.public,
                  (%(lists)s::int[])[p.ord], (%(idxs)s::int[])[p.ord], '', '', %(history)s::jsonb,
                  'import', %(now)s
                FROM {_NEW} p JOIN {_KEYS} k ON k.n = p.n
                WHERE p.ord > %(lo)s AND p.ord <= %(hi)s ORDER BY p.ord
                """,
                {
                    "issuer": issuer.pk,
                    "kind": kind,
                    "slug": issuer.slug,
                    "name": issuer.name,
                    "lists": lists,
                    "idxs": idxs,
                    "history": history,
                    "now": now,
                    "lo": lo,
                    "hi": hi,
                },
            )
            cursor.execute(
                f"""
                INSERT INTO {leaves} (issuer_id, index, kind, number, event, data, hash)
                SELECT %(issuer)s, %(base)s + p.ord - %(lo)s - 1, %(kind)s, p.number, 'issue', k.leaf, k.hash
                FROM {_NEW} p JOIN {_KEYS} k ON k.n = p.n
                WHERE p.ord > %(lo)s AND p.ord <= %(hi)s ORDER BY p.ord
                """,
                {"issuer": issuer.pk, "base": base, "lo": lo, "hi": hi, "kind": kind},
            )
        appender.written([hashes[n] for n in order[lo:hi]])
        done += hi - lo
        if progress:
            progress(done)
        layer._maybe_pause(done)

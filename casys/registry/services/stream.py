"""A template CSV file streamed into the registry, checked and written beside the database.

The Python path (:func:`.importer.read_rows`, :func:`.rules.validate`, :func:`.ingest.ingest`) runs
the rules on every row (≈40 µs a row) and builds an :class:`~casys.attestations.services.issue.Entry`
for each before it writes. Here the two cores share the work:

1. **a reader** (a process, or a thread) parses the file with :mod:`csv` and screens its rows
   :data:`BATCH` at a time, a column at a time (:func:`_outs`): a row the rules would take exactly
   as written becomes its COPY text at once — its search key, its log leaf
   (:class:`casys.core.transparency.LeafEvent` with the facts hash of its record) and its words for
   the name search. A row the batch screen leaves (it has sites, or might be refused or changed)
   is screened alone (:func:`_screen`, :func:`_out`: the reference the batch screen is tested
   against), and any row that screen leaves (a control character, a cell with spaces around it, a
   date in another ISO form, an error...) goes through :func:`.rules.check`, whose entry or errors
   are the answer, so the wording of every error lives in :mod:`.rules` only;
2. **the main thread** takes the rows a chunk at a time, asks the server which of them it already
   has (those go through :func:`.ingest._write_known`, the layer's re-issue path), takes their
   status slots and ids, and ``COPY``-es the rows, their leaves and their words (the word table's
   trigger is told to leave them to the caller): while the server writes one chunk, the reader
   prepares the next (psycopg releases the GIL while it waits). On SQLite it inserts the rows and
   their leaves by ``executemany`` instead (:meth:`_Writer._write_new_sqlite`): SQLite gives the
   ids, and its FTS5 trigger indexes the search key.

A file with an error is read to its end, so every error is listed by row and column, and nothing
stays written: it is all one transaction, as is an import killed at any point. A file that is not
UTF-8, or has no header, goes down the Python path, which words those errors.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import hashlib
import io
import itertools
import json
import multiprocessing
import operator
import os
import queue
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import orjson
from django.db import connection, transaction

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.attestations.identity import did_for
from casys.attestations.models import Attestation, Kind, LogLeaf, Status
from casys.attestations.services import issue as layer
from casys.attestations.services import log as tlog
from casys.attestations.services import status
from casys.attestations.services.issue import Entry
from casys.attestations.services.keys import signing_key
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import merkle, search_keys, untrusted_text
from casys.registry.services import ingest, rules
from casys.registry.services.template import IAF_CODES, KEYS

#: accepted rows per chunk: one status-slot block, one id block, three COPYs. Small enough that a
#: file of a few chunks already overlaps the reader and the server (a 20,000-row file in one chunk
#: would be read, then written), large enough that the per-chunk statements cost ≈ 1 µs a row
CHUNK = 5_000
#: the first chunk's rows (each next one twice as many, up to :data:`CHUNK`): the writer starts on
#: it while the reader reads on, where a whole first chunk of a 20,000-row file kept it idle 0.14 s
FIRST_CHUNK = 500
#: the word table's trigger leaves a statement's rows to the caller while this setting is "caller"
WORDS_SETTING = "casys.holder_words"

_STATUSES = frozenset(Status.values)
_PUBLIC = {w: True for w in ("", "yes", "y", "true", "1")} | {w: False for w in ("no", "n", "false", "0")}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_COUNTRY = re.compile(r"[A-Za-z]{2}\Z")
_IAF = frozenset(str(c) for c in IAF_CODES)

#: what str.strip() removes (str.isspace)
_SPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
#: controls (Cc) but NUL, the cells' separator below, and the direction controls
_CONTROLS = "".join(chr(c) for c in [*range(1, 0x20), *range(0x7F, 0xA0)]) + "".join(
    sorted(untrusted_text.BIDI_CONTROLS)
)


def _cls(chars: str) -> str:
    return "[" + re.escape(chars) + "]"


#: in a row's cells joined by NUL: a control or direction control anywhere; a cell (but the first)
#: that starts with a space or an apostrophe, or (but the last) ends with a space — the row is not
#: taken as written. Two searches: a character class alone, and one led by NUL (the engine skips
#: from NUL to NUL) are 4x quicker than one search with anchored alternatives
_CONTROL = re.compile(_cls(_CONTROLS))
_EDGE = re.compile(f"\x00(?:{_cls(_SPACE + chr(39))}|(?<={_cls(_SPACE)}\x00))")
_STARTS = frozenset(_SPACE + "'")
_ENDS = frozenset(_SPACE)
_AT = {k: i for i, k in enumerate(KEYS)}
#: the cells with a length limit, and their limits
_LIMITED = operator.itemgetter(*(_AT[k] for k in rules.MAX_LENGTH))
_LIMITS = tuple(rules.MAX_LENGTH.values())


@dataclass(slots=True)
class _Row:
    """An accepted row: its values as the rules give them."""

    n: int
    number: str
    status: str
    name: str
    name_en: str
    address: str
    country: str
    scope: str
    standards: tuple[str, ...]
    iaf: tuple[str, ...]
    sites: tuple[dict[str, str], ...]
    issue: str
    original: str
    expiry: str
    ab: str
    public: bool
    plain: bool  # no character COPY's text format must escape but a backslash

    @classmethod
    def of(cls, n: int, e: Entry) -> _Row:
        return cls(
            n,
            e.number,
            e.status,
            e.holder_name,
            e.holder_name_en,
            e.holder_address,
            e.country,
            e.scope,
            e.standards,
            e.iaf_codes,
            e.sites,
            e.issue_date.isoformat(),
            e.original_issue_date.isoformat(),
            e.expiry_date.isoformat() if e.expiry_date else "",
            e.accreditation_body,
            e.public,
            False,
        )


@dataclass(slots=True)
class _Out:
    """An accepted row as COPY text but what only the server's side knows (id, status slot, leaf index)."""

    n: int
    number: str
    middle: str  # the attestation row's columns from the number to the publication flag
    key: str
    words: tuple[str, ...]
    leaf: str  # the leaf's columns from the number on (number, event, data, hash), as COPY text
    digest: bytes
    cells: list[str] | None  # as read (a row already in the registry is re-issued from them); None
    # from a reader process, which does not send them: the writer reads them again from the text


@dataclass
class _Chunk:
    rows: list[_Out] = field(default_factory=list)
    errors: list[rules.RowError] = field(default_factory=list)


@dataclass(slots=True)
class _Rows:
    """A chunk's accepted rows by columns, as the writer takes them (each column as :class:`_Out`'s;
    ``digests`` the 32-byte leaf hashes one after the other; ``cells`` ``None`` from a reader
    process): the pipe's columns are kept as they come, no object made per row."""

    n: list[int]
    number: list[str]
    middle: list[str]
    key: list[str]
    words: list[tuple[str, ...]]
    leaf: list[str]
    digests: bytes
    cells: list[list[str]] | None

    @classmethod
    def of(cls, rows: list[_Out]) -> _Rows:
        cells = [o.cells for o in rows if o.cells is not None]
        return cls(
            [o.n for o in rows], [o.number for o in rows], [o.middle for o in rows], [o.key for o in rows],
            [o.words for o in rows], [o.leaf for o in rows], b"".join(o.digest for o in rows),
            cells if len(cells) == len(rows) else None,
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.number)

    def without(self, drop: set[int]) -> _Rows:
        """The rows but those at the positions ``drop``."""
        keep = [k for k in range(len(self.number)) if k not in drop]
        d = self.digests
        return _Rows(
            [self.n[k] for k in keep], [self.number[k] for k in keep], [self.middle[k] for k in keep],
            [self.key[k] for k in keep], [self.words[k] for k in keep], [self.leaf[k] for k in keep],
            b"".join(d[32 * k : 32 * k + 32] for k in keep),
            None if self.cells is None else [self.cells[k] for k in keep],
        )  # fmt: skip


#: the cells a file repeats — dates (a few thousand), standards and IAF codes (a few dozen) — as
#: the screen reads them, worked out once per process: each cache keeps at most this many
SCREENED = 65_536


@functools.lru_cache(maxsize=SCREENED)
def _day(text: str) -> date | None:
    """The date of an ISO ``YYYY-MM-DD`` cell; ``None`` for any other text."""
    try:
        return date.fromisoformat(text) if _DAY.match(text) else None
    except ValueError:
        return None


@functools.lru_cache(maxsize=SCREENED)
def _standards(text: str) -> tuple[str, ...]:
    """:func:`.rules._split` of a standards cell."""
    return rules._split(text)


@functools.lru_cache(maxsize=SCREENED)
def _codes(text: str) -> tuple[str, ...] | None:
    """:func:`.rules._split` of an IAF codes cell; ``None`` when a code is not an IAF code."""
    codes = rules._split(text)
    return codes if _IAF.issuperset(codes) else None


@functools.lru_cache(maxsize=4096)
def _joined(parts: tuple[str, ...]) -> tuple[str, str]:
    """A list column as the table stores it (``|a|b|``) and as the record has it (``a; b``)."""
    return "|" + "|".join(parts) + "|", "; ".join(parts)


def _as_written(joined: str, cells: int) -> bool:
    """Whether ``cells`` cells joined by NUL are as the rules would take them: no control or
    direction control, no cell with a space or an apostrophe at its start or a space at its end, no
    NUL in a cell."""
    return not (
        _CONTROL.search(joined)
        or _EDGE.search(joined)
        or joined[:1] in _STARTS
        or joined[-1:] in _ENDS
        or joined.count("\x00") != cells - 1  # a NUL in a cell
    )


@functools.lru_cache(maxsize=SCREENED)
def _country(text: str) -> str | None:
    """A country cell as the screen takes it (two Latin letters, in capitals); ``None`` otherwise."""
    return text.upper() if _COUNTRY.match(text) else None


@functools.lru_cache(maxsize=SCREENED)
def _public(text: str) -> bool | None:
    """A publication cell as the screen reads it; ``None`` for a word it does not know."""
    return _PUBLIC.get(text.lower())


def _dates_fit(issue: date | None, expiry: date | None, original: date | None) -> bool:
    return issue is not None and expiry is not None and original is not None and original <= issue <= expiry


def _words(key: str, public: bool) -> tuple[str, ...]:
    """The words of a public holder's key (name_key's words are runs of a-z and 0-9, the two names'
    keys joined by " | ")."""
    if not public:
        return ()
    unique = dict.fromkeys(key.split())
    unique.pop("|", None)
    return tuple(unique)


def _holder(name: str, name_en: str) -> str:
    return ingest._holder_key(search_keys.name_key, name, name_en)


def _screen(n: int, v: list[str]) -> _Row | None:
    """The row ``v`` (cells in :data:`KEYS` order) as the rules would take it, when they take it as
    written; ``None`` when they might refuse it or change a cell (the rules then decide)."""
    if not _as_written("\x00".join(v), len(KEYS)):
        return None
    number, state, issue, original, expiry, name, name_en, address, country, scope = v[:10]
    standards, iaf, sites, ab, public = v[10:]
    country_ = _country(country)
    if not number or not name or state not in _STATUSES or country_ is None:
        return None
    if any(map(operator.gt, map(len, _LIMITED(v)), _LIMITS)):
        return None
    di, de = _day(issue), _day(expiry)
    do = _day(original) if original else di
    if not _dates_fit(di, de, do):
        return None
    std = _standards(standards)
    codes = _codes(iaf)
    if not std or codes is None:
        return None
    site_list = []
    for site in rules._split(sites):
        parts = [p.strip() for p in site.split("|")]
        if len(parts) > 3 or not parts[0]:
            return None
        parts += [""] * (3 - len(parts))
        site_list.append({"name": parts[0], "address": parts[1], "country": parts[2].upper()})
    shown = _public(public)
    if shown is None:
        return None
    return _Row(
        n, number, state, name, name_en, address, country_, scope, std, codes, tuple(site_list),
        issue, original or issue, expiry, ab, shown, True,
    )  # fmt: skip


def _copy_text(value: str) -> str:
    """``value`` in COPY's text format."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


_UNESCAPED = {"\\\\": "\\", "\\n": "\n", "\\r": "\r", "\\t": "\t"}
_ESCAPE = re.compile(r"\\[\\nrt]")


def _from_copy_text(value: str) -> str:
    """``value`` back from COPY's text format (:func:`_copy_text`)."""
    return _ESCAPE.sub(lambda m: _UNESCAPED[m[0]], value) if "\\" in value else value


def _out(r: _Row, did: str, cells: list[str]) -> _Out:
    """The COPY text of an accepted row, its leaf and its words."""
    key = _holder(r.name, r.name_en)
    standards, standards_record = _joined(r.standards)
    iaf, iaf_record = _joined(r.iaf) if r.iaf else ("", "")
    sites = json.dumps([dict(s) for s in r.sites]) if r.sites else "[]"
    columns = (
        r.number, r.status, r.name, r.name_en, key, r.address, r.country, standards, iaf, r.scope, sites,
        r.original, r.issue, r.expiry, r.ab, "t" if r.public else "f",
    )  # fmt: skip
    middle = "\t".join(columns)
    if not r.plain:
        middle = "\t".join(map(_copy_text, columns))
    elif "\\" in middle:
        middle = "\t".join(c.replace("\\", "\\\\") for c in columns)
    # the record's facts (ingest.record, transparency.facts_hash) and the leaf (LeafEvent.data()):
    # canonical JSON, keys sorted — orjson writes what json.dumps(ensure_ascii=False) writes for text
    record = {
        "accreditation_body": r.ab,
        "address": r.address,
        "certificate_number": r.number,
        "certified_entity_name": r.name,
        "certified_entity_name_en": r.name_en,
        "country": r.country,
        "expiry_date": r.expiry,
        "iaf_codes": iaf_record,
        "issue_date": r.issue,
        "original_issue_date": r.original,
        "scope": r.scope,
        "sites": "; ".join(" | ".join((s["name"], s["address"], s["country"])) for s in r.sites)
        if r.sites
        else "",
        "standards": standards_record,
    }
    facts = hashlib.sha256(orjson.dumps(record)).hexdigest()
    data = orjson.dumps(
        {
            "date": r.issue,
            "event": "issue",
            "facts": facts,
            "issuer": did,
            "kind": "certificate",
            "number": r.number,
        }
    )
    digest = merkle.leaf_hash(data)
    text = data.decode("utf-8").replace("\\", "\\\\")  # JSON text holds no raw control character
    leaf = f"{_copy_text(r.number)}\tissue\t{text}\t{digest.hex()}"  # from the number on
    return _Out(r.n, r.number, middle, key, _words(key, r.public), leaf, digest, cells)


def _escaped(column: tuple[str, ...] | list[str], *pairs: tuple[str, str]) -> Any:
    """``column`` with each ``(old, new)`` of ``pairs`` replaced in every cell, in that order; the
    column itself where no cell has any ``old``."""
    out: Any = column
    whole = "\x00".join(column)
    for old, new in pairs:
        if old in whole:
            out = list(map(operator.methodcaller("replace", old, new), out))
    return out


#: JSON's escapes of text without a control character (the screen's), as orjson writes them: the
#: backslash first, then the quotation mark; COPY's text format doubles the backslash
_JSON = (("\\", "\\\\"), ('"', '\\"'))
_COPY = (("\\", "\\\\"),)

#: the record's facts (:func:`_out`'s ``record``) and the leaf's data as orjson writes them: keys in
#: this order, no space; the sites are empty (a row with sites takes :func:`_out`)
_RECORD = (
    '{{"accreditation_body":"{}","address":"{}","certificate_number":"{}","certified_entity_name":"{}",'
    '"certified_entity_name_en":"{}","country":"{}","expiry_date":"{}","iaf_codes":"{}","issue_date":"{}",'
    '"original_issue_date":"{}","scope":"{}","sites":"","standards":"{}"}}'
).format
_LEAF = (
    '{{{{"date":"{{}}","event":"issue","facts":"{{}}","issuer":"{}","kind":"certificate","number":"{{}}"}}}}'
)
_LEAF_COPY = "{}\tissue\t{}\t{}".format
_NONE = itertools.repeat(None)
_LIMITED_AT = tuple((_AT[k], limit) for k, limit in rules.MAX_LENGTH.items())
_FLAG = {True: "t", False: "f"}.__getitem__
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_ENCODE, _HEX = operator.methodcaller("encode"), operator.methodcaller("hex")
_HEXDIGEST, _DIGEST = operator.methodcaller("hexdigest"), operator.methodcaller("digest")


def _fine(joined: list[str]) -> list[bool]:
    """:func:`_as_written` of each row (its cells joined by NUL): one search of the whole batch, the
    rows one by one only when it finds anything."""
    if _as_written("\x00".join(joined), len(KEYS) * len(joined)):
        return [True] * len(joined)
    return [_as_written(j, len(KEYS)) for j in joined]


#: rows the reader parses before it screens them a column at a time (:func:`_outs`)
BATCH = 500
#: a row of a batch: its number, its cells in :data:`KEYS` order, its cells as read
_Line = tuple[int, list[str], list[str]]


def _outs(batch: list[_Line], did: str) -> list[_Out | None]:
    """:func:`_out` of :func:`_screen` for the rows of ``batch`` (each its number, its cells in
    :data:`KEYS` order and its cells as read), worked out a column at a time: each check is one
    pass over a column (the cells a file repeats looked up once), and the COPY text, the JSON of the
    record and of the leaf and their hashes are made by ``map`` over the columns of the rows taken.
    ``None`` for a row the screen would not take as written, or that has sites: those take
    :func:`_screen` and :func:`_out` one by one, the reference a test holds this to."""
    if not batch:
        return []
    ns, vs, raw = zip(*batch, strict=True)
    columns = list(zip(*vs, strict=True))
    number, state, issue, original, expiry, name, name_en, address, country, scope = columns[:10]
    standards, iaf, sites, ab, public = columns[10:]
    countries = list(map(_country, country))
    shown = list(map(_public, public))
    std = list(map(_standards, standards))
    codes = list(map(_codes, iaf))
    originals = [o or i for o, i in zip(original, issue, strict=True)]
    dated = list(map(_dates_fit, map(_day, issue), map(_day, expiry), map(_day, originals)))
    short = [True] * len(vs)
    for at, limit in _LIMITED_AT:
        for k, size in enumerate(map(len, columns[at])):
            if size > limit:
                short[k] = False
    checks = (
        _fine(list(map("\x00".join, vs))), number, name, map(_STATUSES.__contains__, state), countries,
        map(operator.is_not, shown, _NONE), std, map(operator.is_not, codes, _NONE),
        map(operator.not_, sites), short, dated,
    )  # fmt: skip
    taken = list(itertools.compress(range(len(vs)), map(all, zip(*checks, strict=True))))
    outs: list[_Out | None] = [None] * len(vs)
    if not taken:
        return outs

    def of(column: Any) -> list[Any]:
        return [column[k] for k in taken]

    num, nm, nm_en, iss, exp, orig = of(number), of(name), of(name_en), of(issue), of(expiry), of(originals)
    addr, scp, body, ctry, pub = of(address), of(scope), of(ab), of(countries), of(shown)
    keys = list(map(_holder, nm, nm_en))
    std_texts = list(map(_joined, of(std)))
    iaf_texts = [_joined(c) if c else ("", "") for c in of(codes)]
    middles = list(map("\t".join, zip(
        num, of(state), nm, nm_en, keys, addr, ctry, map(_FIRST, std_texts), map(_FIRST, iaf_texts), scp,
        itertools.repeat("[]"), orig, iss, exp, body, map(_FLAG, pub),
    )))  # fmt: skip
    middles = _escaped(middles, *_COPY)  # no tab in a cell: one replace is each column's
    records = map(_RECORD,
        _escaped(body, *_JSON), _escaped(addr, *_JSON), num_js := _escaped(num, *_JSON), _escaped(nm, *_JSON),
        _escaped(nm_en, *_JSON), ctry, exp, map(_SECOND, iaf_texts), iss, orig, _escaped(scp, *_JSON),
        _escaped(list(map(_SECOND, std_texts)), *_JSON),
    )  # fmt: skip
    facts = map(_HEXDIGEST, map(hashlib.sha256, map(_ENCODE, records)))
    leaf_of = _LEAF.format(_escaped([did], *_JSON)[0].replace("{", "{{").replace("}", "}}")).format
    data = list(map(leaf_of, iss, facts, num_js))
    digests = list(map(_DIGEST, map(hashlib.sha256, map(b"\x00".__add__, map(_ENCODE, data)))))
    leaves = map(_LEAF_COPY, _escaped(num, *_COPY), _escaped(data, *_COPY), map(_HEX, digests))
    made = map(_Out, of(ns), num, middles, keys, map(_words, keys, pub), leaves, digests, of(raw))
    for k, out in zip(taken, made, strict=True):
        outs[k] = out
    return outs


def _picker(header: list[str]) -> Callable[[list[str]], list[str]]:
    """A row's cells in :data:`KEYS` order ("" where absent), as ``dict(zip(header, cells))`` reads
    them: the last column of a key, none for a short row's missing cells."""
    positions = [max((i for i, k in enumerate(header) if k == key), default=-1) for key in KEYS]
    width = len(header)
    as_template = positions == list(range(width))  # the template's columns in its order

    def pick(cells: list[str]) -> list[str]:
        if as_template and len(cells) == width:
            return cells
        if len(cells) >= width:
            return [cells[i] if i >= 0 else "" for i in positions]
        return [cells[i] if 0 <= i < len(cells) else "" for i in positions]

    return pick


def _batches(reader: Iterator[list[str]], pick: Callable[[list[str]], list[str]]) -> Iterator[list[_Line]]:
    """The rows after the header, :data:`BATCH` at a time: each its number, its cells in :data:`KEYS`
    order and its cells as read."""
    n = 1
    while True:
        batch = []
        for cells in itertools.islice(reader, BATCH):
            n += 1
            batch.append((n, pick(cells), cells))
        if not batch:
            return
        yield batch


def _alone(
    n: int, v: list[str], cells: list[str], header: list[str], did: str, chunk: _Chunk, failed: bool
) -> tuple[str | None, _Out | None, bool]:
    """A row the batch did not take (:func:`_outs`): screened alone, else as the rules answer (their
    errors added to ``chunk``). Its number (``None``: blank or refused), its COPY text (none once
    the file has failed) and whether the file has."""
    row = _screen(n, v)
    if row is None:
        if not any(c.strip() for c in cells):
            return None, None, failed  # a blank row: skipped, as the rules skip it
        errors, entries, _refused = rules.check(header, [(n, cells)])
        chunk.errors += errors
        if not entries:
            return None, None, True
        row = _Row.of(n, entries[0])
    return row.number, None if failed else _out(row, did, cells), failed


def _all_new(batch: list[_Line], outs: list[_Out | None], seen: dict[str, int]) -> list[_Out] | None:
    """``outs`` when the batch screen took every row of ``batch`` and no number is in ``seen`` or
    twice in the batch (each then in ``seen`` with its row); ``None`` when a row must be looked at
    alone."""
    if not all(outs):
        return None
    numbers = [out.number for out in outs if out is not None]
    if not seen.keys().isdisjoint(numbers) or len(set(numbers)) != len(numbers):
        return None
    seen.update(zip(numbers, (n for n, _v, _cells in batch), strict=True))
    return [out for out in outs if out is not None]


@dataclass
class _Handing:
    """The chunk the reader fills and hands over (``put``) when it is full: the first small, each
    next one twice as large, up to :data:`CHUNK` (the writer waits for the first)."""

    put: Callable[[Any], bool]
    chunk: _Chunk = field(default_factory=_Chunk)
    size: int = min(FIRST_CHUNK, CHUNK)

    def handed(self) -> bool:
        """Hand the chunk over if it is full; False when ``put`` says to stop."""
        if len(self.chunk.rows) >= self.size or len(self.chunk.errors) >= self.size:
            if not self.put(self.chunk):
                return False
            self.chunk, self.size = _Chunk(), min(2 * self.size, CHUNK)
        return True

    def extend(self, rows: list[_Out]) -> bool:
        """Add ``rows``, handing each chunk over as it fills; False when ``put`` says to stop."""
        while rows:
            room = self.size - len(self.chunk.rows)
            self.chunk.rows += rows[:room]
            rows = rows[room:]
            if not self.handed():
                return False
        return True


def _read(text: str, header: list[str], did: str, put: Callable[[Any], bool]) -> None:
    """The reader: chunks of accepted rows with their errors handed to ``put``, then ``None``; it
    stops when ``put`` answers False. Exceptions are the caller's (:func:`_read_into_queue`,
    :func:`_read_into_pipe`)."""
    seen: dict[str, int] = {}
    failed = False
    out = _Handing(put)
    reader = csv.reader(io.StringIO(text))
    next(reader)
    try:
        for batch in _batches(reader, _picker(header)):
            made = [None] * len(batch) if failed else _outs(batch, did)  # after an error: only checked
            fresh = None if failed else _all_new(batch, made, seen)
            if fresh is not None:  # the usual batch: every row taken, none seen before
                if not out.extend(fresh):
                    return
                continue
            for (n, v, cells), row in zip(batch, made, strict=True):
                chunk = out.chunk
                if row is None:
                    number, row, failed = _alone(n, v, cells, header, did, chunk, failed)
                    if number is None:
                        continue
                else:
                    number = row.number
                earlier = seen.get(number)
                seen[number] = n
                if earlier is not None:
                    chunk.errors.append(rules.duplicate(n, number, earlier))
                failed = failed or bool(chunk.errors)
                if not failed and row is not None:
                    chunk.rows.append(row)
                if not out.handed():
                    return
    except csv.Error as exc:
        raise rules.ImportFileError([rules.unreadable(reader.line_num, exc)]) from exc
    if put(out.chunk):
        put(None)


def _read_into_queue(
    text: str, header: list[str], did: str, out: queue.Queue[Any], stop: threading.Event
) -> None:
    """The reader thread: chunks onto ``out``, then ``None``; an exception is put there for the
    main thread to raise. Stops when ``stop`` is set."""

    def put(item: Any) -> bool:
        if stop.is_set():
            return False
        out.put(item)
        return True

    try:
        _read(text, header, did, put)
    except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
        out.put(exc)


#: chunks a reader process keeps ready beyond the pipe (it reads on while the writer is busy, up to
#: this many; a batch's next file is read while this one is written): 200,000 rows, about 200 MB at
#: most. With 8 (40,000 rows) the next file's reader stopped early in a 200,000-row file and a core
#: idled: a 10^7-row batch took 316.6 s, against 273.1 s with 40 (BENCHMARKS.md, session 11)
AHEAD_CHUNKS = 40


def _read_into_pipe(text: str, header: list[str], did: str, conn: Connection, inbox: Connection) -> None:
    """The reader process (forked): each chunk sent down ``conn`` by columns, without the cells
    (pickling them would cost the main thread 8 us a row to load back), then ``None``; an error
    as ``("errors", [RowError...])`` or ``("crash", traceback)``. A sending thread takes the chunks
    from a queue of :data:`AHEAD_CHUNKS`, so the reading goes on while the main process is busy. A
    main process that is gone breaks the pipe, and the reader with it."""
    ready: queue.Queue[Any] = queue.Queue(maxsize=AHEAD_CHUNKS)

    def sending() -> None:
        try:
            while True:
                item = ready.get()
                conn.send(item)
                if item is None or isinstance(item[0], str):
                    return
        except BaseException:  # noqa: BLE001 - the main process is gone: so is this one, at once
            os._exit(1)

    def put(chunk: _Chunk | None) -> bool:
        if chunk is None:
            ready.put(None)
        else:
            r = _Rows.of(chunk.rows)
            ready.put((r.n, r.number, r.middle, r.key, r.words, r.leaf, r.digests, chunk.errors))
        return True

    inbox.close()  # the main process's end, copied by the fork: else a main that dies never breaks the pipe
    _few_collections()
    sender = threading.Thread(target=sending, daemon=True)
    sender.start()
    try:
        _read(text, header, did, put)
    except rules.ImportFileError as exc:
        ready.put(("errors", exc.errors))
    except BaseException:  # noqa: BLE001 - handed to the main process, which raises it
        ready.put(("crash", traceback.format_exc()))
    sender.join()
    conn.close()


@dataclass
class _ReaderProcess:
    """A forked reader (:func:`_read_into_pipe`) and the pipe its chunks come down."""

    process: Any
    inbox: Connection

    @classmethod
    def start(cls, text: str, header: list[str], did: str) -> _ReaderProcess:
        ctx = multiprocessing.get_context("fork")
        inbox, outbox = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_read_into_pipe, args=(text, header, did, outbox, inbox), daemon=True)
        process.start()
        outbox.close()  # the child's end: a reader that dies closes the pipe
        return cls(process, inbox)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.inbox.close()


@dataclass
class Ahead:
    """A file's reader process, started before the file's turn (:func:`read_ahead`)."""

    data: bytes
    text: str  # the file decoded, and its first row: not decoded again when its turn comes
    first: list[str]
    reader: _ReaderProcess

    def stop(self) -> None:
        self.reader.stop()


def _streams(issuer: Body) -> bool:
    """Whether ``issuer``'s CSV files take the streamed path (a body that issues)."""
    return connection.vendor in ("postgresql", "sqlite") and issuer.kind != BodyKind.CLIENT


def read_ahead(data: bytes, filename: str, issuer: Body) -> Ahead | None:
    """Start reading ``data`` now, in a reader process, for :func:`import_csv` to take up when its
    turn comes (``ahead=``): a batch reads its next file while it writes this one. ``None`` where the
    file does not stream or the reader is not a process; the caller stops an :class:`Ahead` it does
    not hand over."""
    if not filename.lower().endswith(".csv") or not _streams(issuer) or _reader_mode() != "process":
        return None
    parsed = _parsed(data)
    if parsed is None:
        return None
    text, first = parsed
    try:
        header = rules.header_keys(first)
    except rules.ImportFileError:
        return None  # import_csv words them
    return Ahead(data, text, first, _ReaderProcess.start(text, header, did_for(issuer.slug)))


def _parsed(data: bytes) -> tuple[str, list[str]] | None:
    """The file's text and its first row, or ``None`` when it goes down the Python path (not UTF-8,
    not CSV, no header), which words those errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # the Python path names the byte
    try:
        first = next(csv.reader(io.StringIO(text)), None)
    except csv.Error:
        return None
    if not first or not any(c.strip() for c in first):
        return None
    return text, first


def import_csv(
    data: bytes,
    filename: str,
    issuer: Body,
    *,
    actor: Actor = SYSTEM,
    progress: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
    ahead: Ahead | None = None,
) -> dict[str, Any] | None:
    """Import a template CSV file (PostgreSQL); what :func:`.importer.import_file` answers,
    ``None`` when the file must go down the Python path, :class:`.rules.ImportFileError` with every
    error when it is refused (nothing written). ``ahead``: the file's reader, started earlier by
    :func:`read_ahead` (stopped here, whatever happens)."""
    started = ahead if ahead is not None and ahead.data is data else None
    try:
        if not _streams(issuer):
            return None
        parsed = (started.text, started.first) if started is not None else _parsed(data)
        if parsed is None:
            return None
        text, first = parsed
        header = rules.header_keys(first)  # the header's errors, as the Python path words them
        source = Path(filename).name
        ingest.sqlite_before_load()
        with transaction.atomic(), collections_for_import():
            counts, rows = _import(
                text, header, issuer, data.count(b"\n"), source, actor, progress, defer_indexes, started
            )
        ingest.sqlite_after_load(counts.created)
    finally:
        if ahead is not None:
            ahead.stop()
    return {"file": source, "issuer": issuer.slug, "rows": rows, "dry_run": False, **counts.as_dict()}


def _import(
    text: str,
    header: list[str],
    issuer: Body,
    lines: int,
    source: str,
    actor: Actor,
    progress: Callable[[int], None] | None,
    defer_indexes: bool | None,
    started: Ahead | None = None,
) -> tuple[layer.Counts, int]:
    key = signing_key(issuer.slug)
    appender = tlog.Appender.open(issuer)  # the log's lock first, as issue() takes it
    defer = ingest.should_defer_indexes(lines) if defer_indexes is None else defer_indexes
    indexes = ingest._drop_indexes() if defer else []
    writer = _Writer(issuer, header, text, appender, progress)
    errors: list[rules.RowError] = []
    with _reader(text, header, appender.did, started) as chunks:
        for rows, found in chunks:
            errors += found
            if not errors:  # after an error the rest is only checked: nothing will stay written
                writer.write(rows)
    if errors:
        raise rules.ImportFileError(errors)
    ingest._build_indexes(indexes)
    counts = writer.counts
    if counts.created or counts.updated:
        log(
            "registry.import.completed", actor=actor, body=issuer, data={"source": source, **counts.as_dict()}
        )
    appender.close(key)  # one signed tree head for the whole file
    status.publish_on_commit(issuer, writer.touched)
    counts.unchanged = writer.rows - counts.created - counts.updated
    return counts, writer.rows


#: the cyclic collector's first threshold while an import reads and writes (Python's is 700
#: allocations). Neither side makes reference cycles (rows are strings, tuples, lists and slotted
#: records, freed by their counts), yet each collection of the oldest generation walked the whole
#: heap — Django's, and in a reader process its parent's, whose pages each walk copied (copy on
#: write): 5 to 8 us of the reader's 21 to 24 us a row (BENCHMARKS.md, session 12)
GC_THRESHOLD = 100_000


def _few_collections() -> None:
    """Leave the heap as it stands to the collector's permanent generation (never walked) and
    collect the young generation at :data:`GC_THRESHOLD` allocations: for a reader process, which
    ends with its file. The main process uses :func:`collections_for_import`."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


@dataclass
class _Importing:
    """The imports running in this process (threads of the job worker) and the collector as the
    first of them found it: the last to end restores it, so two that overlap cannot leave it changed."""

    count: int = 0
    thresholds: tuple[int, int, int] = (0, 0, 0)
    thaw: bool = False  # the first froze the heap (nobody had): the last thaws it
    lock: threading.Lock = field(default_factory=threading.Lock)


_importing = _Importing()


@contextlib.contextmanager
def collections_for_import() -> Iterator[None]:
    """:func:`_few_collections` for the main process while it imports, then the collector as it
    was (its thresholds, and the heap back in the generations it walks; a heap someone else froze
    stays frozen and is not ours to thaw)."""
    state = _importing
    with state.lock:
        if state.count == 0:
            state.thresholds = gc.get_threshold()
            state.thaw = gc.get_freeze_count() == 0
            if state.thaw:
                gc.freeze()
            gc.set_threshold(GC_THRESHOLD, *state.thresholds[1:])
        state.count += 1
    try:
        yield
    finally:
        with state.lock:
            state.count -= 1
            if state.count == 0:
                gc.set_threshold(*state.thresholds)
                if state.thaw:
                    gc.unfreeze()


#: how the reader runs beside the writer: ``"process"`` (forked: its Python and the writer's are not
#: under one interpreter lock), ``"thread"``, or ``"auto"``: a process where ``fork`` is available
#: and this process runs no other thread (a fork copies one thread; the job worker's, the test
#: runner's may hold locks), else a thread
READER = "auto"


def _reader_mode() -> str:
    if READER != "auto":
        return READER
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return "process" if forkable and threading.active_count() == 1 else "thread"


@contextlib.contextmanager
def _reader(
    text: str, header: list[str], did: str, started: Ahead | None = None
) -> Iterator[Iterator[tuple[_Rows, list[rules.RowError]]]]:
    """The chunks of ``text`` read beside the caller (:func:`_read`), in a process or a thread
    (:data:`READER`), or by the reader process ``started`` earlier; the reader is stopped when the
    caller leaves, whatever the reason."""
    if started is not None or _reader_mode() == "process":
        reader = started.reader if started is not None else _ReaderProcess.start(text, header, did)
        try:
            yield _from_pipe(reader.inbox)
        finally:
            reader.stop()
        return
    chunks: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()
    thread = threading.Thread(target=_read_into_queue, args=(text, header, did, chunks, stop), daemon=True)
    thread.start()
    try:
        yield _from_queue(chunks)
    finally:
        stop.set()
        while thread.is_alive():  # a reader waiting to hand over a chunk must not wait for ever
            try:
                chunks.get(timeout=0.05)
            except queue.Empty:
                pass
        thread.join()


def _from_queue(chunks: queue.Queue[Any]) -> Iterator[tuple[_Rows, list[rules.RowError]]]:
    while True:
        item = chunks.get()
        if item is None:
            return
        if isinstance(item, BaseException):
            raise item
        yield _Rows.of(item.rows), item.errors


def _from_pipe(inbox: Connection) -> Iterator[tuple[_Rows, list[rules.RowError]]]:
    while True:
        try:
            item = inbox.recv()
        except EOFError:
            raise RuntimeError("the import's reader process ended without an answer") from None
        if item is None:
            return
        if item[0] == "errors":
            raise rules.ImportFileError(item[1])
        if item[0] == "crash":
            raise RuntimeError(f"the import's reader process failed:\n{item[1]}")
        ns, numbers, middles, keys, words, leaves, digests, errors = item
        yield _Rows(ns, numbers, middles, keys, words, leaves, digests, None), errors


class _Cells:
    """The cells of rows of ``text`` by their number, read again (rows are asked in file order):
    a reader process does not send them, and only rows already in the registry need them."""

    def __init__(self, text: str) -> None:
        self.rows = csv.reader(io.StringIO(text))
        self.n, self.cells = 0, list[str]()

    def of(self, wanted: list[int]) -> list[list[str]]:
        out = []
        for n in wanted:
            while self.n < n:
                self.cells = next(self.rows)
                self.n += 1
            out.append(self.cells)
        return out


class _Writer:
    """The main thread's half: rows already in the registry re-issued, new ones COPY-ed."""

    def __init__(
        self,
        issuer: Body,
        header: list[str],
        text: str,
        appender: tlog.Appender,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.issuer, self.header, self.appender, self.progress = issuer, header, appender, progress
        self.text = text
        self.reread: _Cells | None = None  # made when a reader process's row is already in the registry
        self.counts, self.touched, self.rows = layer.Counts(), set[int](), 0
        q = connection.ops.quote_name
        self.table = q(Attestation._meta.db_table)
        self.columns = ", ".join(q(c) for c in ["id", *ingest._COLUMNS])
        self.leaves = q(LogLeaf._meta.db_table)
        kind, history = str(Kind.CERTIFICATE), json.dumps([{"source": "import"}])
        self.kind = kind
        self.prefix = "\t".join(
            [str(issuer.pk), kind, "\\N", _copy_text(issuer.slug), _copy_text(issuer.name)]
        )
        self.suffix = "\t".join(["", "", history.replace("\\", "\\\\"), "import", clock.now().isoformat()])
        self.known_any = Attestation.all_objects.filter(issuer=issuer, kind=kind).exists()
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            # SQLite: rows by executemany, the id from the table's rowid, dates and times as Django
            # stores them (ISO text), the publication flag an integer; no word table (FTS5 triggers)
            if not Body.all_objects.filter(pk=issuer.pk).exists():
                raise ValueError(f"issuer: no body {issuer.slug} (id {issuer.pk}) in the database")
            marks = ", ".join(["%s"] * len(ingest._COLUMNS))
            names = ", ".join(q(c) for c in ingest._COLUMNS)
            self.insert = f"INSERT INTO {self.table} ({names}) VALUES ({marks})"
            self.head = (issuer.pk, kind, None, issuer.slug, issuer.name)
            self.tail = ("", "", history, "import", connection.ops.adapt_datetimefield_value(clock.now()))
            self.unchecked = False
            return
        with connection.cursor() as cursor:
            # the id sequence, looked up once (pg_get_serial_sequence in the nextval statement is
            # a catalog look-up per id: 2.6 us of the server's time a row)
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Attestation._meta.db_table])
            self.sequence = cursor.fetchone()[0]
            # Every row this writer COPYs references one body, the issuer: its foreign keys are
            # checked here once — the row locked FOR KEY SHARE, as each row's check would — and a
            # role that may (a superuser) COPYs with the per-row checks off (session_replication_role
            # = replica, as pg_restore --disable-triggers loads: 7.6 us of the server's time a row)
            body = q(Body._meta.db_table)
            cursor.execute(
                f"SELECT current_setting('is_superuser') FROM {body} WHERE id = %s FOR KEY SHARE", [issuer.pk]
            )
            found = cursor.fetchone()
            if found is None:
                raise ValueError(f"issuer: no body {issuer.slug} (id {issuer.pk}) in the database")
            self.unchecked = found[0] == "on"

    def write(self, rows: _Rows) -> None:
        if not rows:
            return
        self.rows += len(rows)
        known = ingest._existing_numbers(self.issuer, rows.number) if self.known_any else set()
        if known:
            old = [k for k, number in enumerate(rows.number) if number in known]
            if rows.cells is None:
                self.reread = self.reread or _Cells(self.text)
                cells = self.reread.of([rows.n[k] for k in old])
            else:
                cells = [rows.cells[k] for k in old]
            _errors, entries, _refused = rules.check(
                self.header, [(rows.n[k], c) for k, c in zip(old, cells, strict=True)]
            )
            ingest._write_known(self.issuer, entries, self.appender, self.counts, self.touched, None)
            self.appender.flush()
            rows = rows.without(set(old))
        if rows:
            self._write_new(rows)
        if self.progress:
            self.progress(self.rows)
        layer._maybe_pause(self.rows)

    def _pause_at(self, count: int) -> int | None:
        """The kill -9 test's hook (:data:`.ingest.SLEEP_IN_COPY_ENV`: the file's Nth new row): how
        many of this chunk's ``count`` rows to load before stopping in the middle of its load, if
        that row is in this chunk."""
        pause = os.environ.get(ingest.SLEEP_IN_COPY_ENV)
        done = self.counts.created
        if pause and done < int(pause) <= done + count:
            return int(pause) - done
        return None

    def _paused(self) -> None:
        print(f"paused in the copy after {os.environ[ingest.SLEEP_IN_COPY_ENV]} rows", flush=True)
        time.sleep(3600)

    def _write_new(self, rows: _Rows) -> None:
        count = len(rows)
        slots = status.allocate(self.issuer, count)
        self.touched.update({s[0] for s in slots})
        if self.sqlite:
            self._write_new_sqlite(rows, slots)
            return
        base = self.appender.frontier.size
        issuer_id, kind, prefix, suffix = self.issuer.pk, self.kind, self.prefix, self.suffix
        with connection.cursor() as cursor:
            cur = cursor.cursor  # psycopg's own cursor: COPY
            # the ids as one text (a row object per id cost the main thread 1.5 us a row)
            cur.execute(
                "SELECT string_agg(nextval(%s::regclass)::text, ',') FROM generate_series(1, %s)",
                [self.sequence, count],
            )
            ids = cur.fetchone()[0].split(",")
            attestations = [
                f"{i}\t{prefix}\t{middle}\t{lst}\t{idx}\t{suffix}\n"
                for i, middle, (lst, idx) in zip(ids, rows.middle, slots, strict=True)
            ]
            cur.execute("SELECT set_config(%s, 'caller', true)", [WORDS_SETTING])
            if self.unchecked:  # (the words are the caller's either way: the trigger is told so)
                cur.execute("SET LOCAL session_replication_role = replica")
            with cur.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                pause = self._pause_at(count)
                if pause is not None:  # the kill -9 test: stop in the middle of the COPY
                    copy.write("".join(attestations[:pause]).encode("utf-8"))
                    self._paused()
                copy.write("".join(attestations).encode("utf-8"))
                # while the server writes the rows: their words and leaves (the COPY ends below)
                named = zip(ids, rows.key, rows.words, strict=True)
                words = [f"{w}\t{key}\t{i}\n" for i, key, ws in named for w in ws]
                leaves = [f"{issuer_id}\t{base + j}\t{kind}\t{leaf}\n" for j, leaf in enumerate(rows.leaf)]
            cur.execute("SELECT set_config(%s, '', true)", [WORDS_SETTING])
            with cur.copy("COPY registry_holder_word (word, holder_key, attestation_id) FROM STDIN") as copy:
                copy.write("".join(words).encode("utf-8"))
            with cur.copy(
                f"COPY {self.leaves} (issuer_id, index, kind, number, event, data, hash) FROM STDIN"
            ) as copy:
                copy.write("".join(leaves).encode("utf-8"))
            if self.unchecked:
                cur.execute("SET LOCAL session_replication_role = origin")
        d = rows.digests
        self.appender.written([d[k : k + 32] for k in range(0, 32 * count, 32)])
        self.counts.created += count

    def _write_new_sqlite(self, rows: _Rows, slots: list[tuple[int, int]]) -> None:
        """SQLite: the rows by one ``executemany``, their leaves by the appender's (each row's
        COPY text split back into its columns: one text a row comes down the pipe either way)."""
        head, tail, issuer_id, kind = self.head, self.tail, self.issuer.pk, self.kind
        count, table = len(rows), []
        for middle, (lst, idx) in zip(rows.middle, slots, strict=True):
            cells = middle.split("\t")
            if "\\" in middle:
                cells = [_from_copy_text(c) for c in cells]
            table.append((*head, *cells[:-1], cells[-1] == "t", lst, idx, *tail))  # the flag a boolean
        with connection.cursor() as cursor:
            pause = self._pause_at(count)
            if pause is not None:  # the kill -9 test: stop in the middle of the load
                cursor.executemany(self.insert, table[:pause])
                self._paused()
            cursor.executemany(self.insert, table)
        appender, base, d = self.appender, self.appender.frontier.size, rows.digests
        for j, leaf in enumerate(rows.leaf):
            number, event, data, digest = leaf.split("\t")
            appender.pending.append(
                (issuer_id, base + j, kind, _from_copy_text(number), event, _from_copy_text(data), digest)
            )
        appender.hashes = [d[k : k + 32] for k in range(0, 32 * count, 32)]
        appender.flush()
        self.counts.created += count

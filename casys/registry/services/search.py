"""Public search of the registry, and what a public page may show of a row.

Name search uses the ``holder_key`` column (both names reduced by
:func:`casys.core.search_keys.name_key`: transliterated, accent-free, lowercase):
every word of the query must be the prefix of a word of the key, so "Gazprom"
finds "Газпромснаб" and "газпром" finds "Gazprom". On SQLite an FTS5 index
answers it, on PostgreSQL a word table (migration 0005): a name-only search counts its hits and
orders its page's ids there alone (an index-only scan, in the index's order: by the matching word,
then the holder key), then reads the page's rows by id.

Confidentiality (ISO/IEC 17021-1:2015, 8.4): a non-public row appears only in an
exact certificate-number search, and then without the holder's data.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from casys.accreditation.models import ChainVersion
from casys.attestations.identity import verification_path
from casys.attestations.models import Attestation, Kind
from casys.core import search_keys

#: A search counts its hits up to this many; beyond, it says "more than" (counting 10^5 matches
#: of a short prefix would cost more than the page itself).
COUNT_CAP = 10_000

FILTERS = ("text", "number", "q", "country", "standard", "iaf", "issuer", "ab", "status")

#: How many certificates the registry's front page lists, newest first.
RECENT = 10


@dataclass(frozen=True)
class Query:
    #: the single search box: a certificate number, or else words of the holder's name
    text: str = ""
    number: str = ""
    q: str = ""
    country: str = ""
    standard: str = ""
    iaf: str = ""
    issuer: str = ""
    ab: str = ""
    status: str = ""

    @classmethod
    def from_params(cls, params: Any) -> Query:
        return cls(**{k: str(params.get(k) or "").strip()[:200] for k in FILTERS})

    @property
    def empty(self) -> bool:
        return not any(getattr(self, k) for k in FILTERS)

    def params(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in FILTERS if getattr(self, k)}


def _name(qs: QuerySet[Attestation], text: str) -> QuerySet[Attestation]:
    words = search_keys.tokens(text)
    if not words:
        return qs.none()
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{w}"*' for w in words)
        return qs.filter(
            id__in=RawSQL(
                "SELECT rowid FROM registry_attestation_fts WHERE registry_attestation_fts MATCH %s", [match]
            )
        )
    if connection.vendor == "postgresql":
        # the word table (migration 0005): a B-tree prefix range per word, public certificates only;
        # words are [a-z0-9] (search_keys.tokens), so no LIKE wildcard can come from the query
        for w in words:
            qs = qs.filter(
                id__in=RawSQL("SELECT attestation_id FROM registry_holder_word WHERE word LIKE %s", [w + "%"])
            )
        return qs
    for w in words:
        qs = qs.filter(Q(holder_key__startswith=w) | Q(holder_key__contains=" " + w))
    return qs


def by_number(qs: QuerySet[Attestation], number: str) -> QuerySet[Attestation]:
    """Rows whose number is ``number`` whatever its case ("q-1" finds "Q-1").

    Both sides go through the database's UPPER so the comparison is the one the expression
    index ``registry_att_number_upper`` (migration 0003) is built on, on SQLite and PostgreSQL.
    """
    return qs.annotate(number_upper=Upper("number")).filter(
        number_upper=Upper(Value(number, output_field=CharField()))
    )


def resolve(query: Query) -> Query:
    """``query`` with its single search box read: a number if a row has it, else holder-name words."""
    if not query.text:
        return query
    others = {k: v for k, v in query.params().items() if k != "text"}
    as_number = Query(**{**others, "number": query.text})
    if search(as_number).exists():
        return as_number
    return Query(**{**others, "q": query.text})


def search(query: Query) -> QuerySet[Attestation]:
    """The rows a public search returns (never a non-public row, except by exact number)."""
    if query.text:
        return search(resolve(query))
    qs = Attestation.registry.all()
    if query.number:
        qs = by_number(qs, query.number)
        if not (query.q or query.country or query.standard or query.iaf or query.ab):
            # an exact number verifies a confidential certificate too (shown without holder data)
            return _filters(qs, query).order_by("issuer_slug", "id")
    qs = qs.filter(public=True)
    if query.q:
        qs = _name(qs, query.q)
    if query.country:
        qs = qs.filter(country=query.country.upper())
    if query.standard:
        qs = qs.filter(standards__contains="|" + query.standard)
    if query.iaf:
        qs = qs.filter(iaf_codes__contains=f"|{query.iaf}|")
    if query.ab:
        qs = qs.filter(accreditation_body=query.ab)
    return _filters(qs, query).order_by("holder_key", "id")


def _filters(qs: QuerySet[Attestation], query: Query) -> QuerySet[Attestation]:
    if query.issuer:
        qs = qs.filter(issuer_slug=query.issuer)
    if query.status:
        qs = qs.filter(status=query.status)
    return qs


def find(issuer: str, number: str, columns: str = "a.*") -> Attestation | None:
    """The certificate ``number`` of ``issuer``, with the accreditation chain's version read in the
    same statement (``chain_version``: see :mod:`casys.accreditation.services.chain_cache`), so that
    a verification by number is one query when the issuer's chain is cached. Raw SQL: the ORM's
    compiler cost more than the query itself on this hot path (a profile of the API endpoint).
    ``columns``: of the attestation ``a`` (the whole row by default; the others deferred)."""
    rows = list(Attestation.all_objects.raw(find_sql(columns), [issuer, number, Kind.CERTIFICATE]))
    return rows[0] if rows else None


@functools.cache
def find_sql(columns: str = "a.*") -> str:
    """:func:`find`'s statement (parameters: issuer, number, kind): ``columns``, then ``chain_version``."""
    table, versions = Attestation._meta.db_table, ChainVersion._meta.db_table
    return (
        f"SELECT {columns}, (SELECT v.version FROM {versions} v WHERE v.id = 1) AS chain_version"
        f" FROM {table} a WHERE a.issuer_slug = %s AND a.number = %s AND a.kind = %s ORDER BY a.id LIMIT 1"
    )


def recent(limit: int = RECENT) -> QuerySet[Attestation]:
    """The latest public certificates (by issue date), for the registry's front page."""
    return Attestation.registry.filter(public=True).order_by("-issue_date", "-id")[:limit]


def of_holder(a: Attestation) -> QuerySet[Attestation]:
    """Every public certificate of the holder of ``a`` (same name key and country), any issuer."""
    return Attestation.registry.filter(public=True, holder_key=a.holder_key, country=a.country).order_by(
        "issuer_slug", "number"
    )


def of_issuer(slug: str) -> QuerySet[Attestation]:
    """The public certificates of one issuing body, newest first."""
    return Attestation.registry.filter(public=True, issuer_slug=slug).order_by("-issue_date", "-id")


def public_view(a: Attestation) -> dict[str, Any]:
    """The JSON a public page or endpoint shows of a row; a confidential row hides the holder."""
    out: dict[str, Any] = {
        "issuer": a.issuer_slug,
        "issuer_name": a.issuer_name,
        "number": a.number,
        "status": a.status,
        "public": a.public,
        "standards": a.standard_list,
        "iaf_codes": a.iaf_code_list,
        "original_issue_date": a.original_issue_date.isoformat(),
        "issue_date": a.issue_date.isoformat(),
        "expiry_date": a.expiry_date.isoformat(),
        "accreditation_body": a.accreditation_body,
        "verification_url": verification_path(a.issuer_slug, a.number),
        "history": [
            {"on": h["on"], "status": h["status"], **({"reason": h.get("reason", "")} if a.public else {})}
            for h in a.history
            if "on" in h and "status" in h
        ],
    }
    if a.public:
        out.update(
            holder_name=a.holder_name,
            holder_name_en=a.holder_name_en,
            holder_address=a.holder_address,
            country=a.country,
            scope=a.scope,
            sites=a.sites,
        )
    else:
        out.update(
            holder_name=None, holder_name_en=None, holder_address=None, country=None, scope=None, sites=[]
        )
    return out


#: Up to this many hits a search counts them exactly; beyond, on PostgreSQL, it shows the planner's
#: estimate as "about N" (an exact count of a two-letter prefix's 10^5 hits costs more than the page).
EXACT_UP_TO = 1_000


def estimate(qs: QuerySet[Attestation]) -> int | None:
    """The planner's estimate of the rows ``qs`` returns (PostgreSQL), or None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cur.fetchone()[0]
    doc = plan if isinstance(plan, list) else json.loads(plan)
    return int(doc[0]["Plan"]["Plan Rows"])


def word_hits(query: Query) -> tuple[str, ...] | None:
    """The words of a holder-name search the word table answers alone (PostgreSQL, a name and no
    other filter), or None. Its rows are public certificates only (the triggers of migration 0005
    keep no other), so the ``public`` and ``kind`` filters need no visit to the attestation rows."""
    if connection.vendor != "postgresql" or not query.q:
        return None
    if any(getattr(query, k) for k in FILTERS if k != "q"):
        return None
    return search_keys.tokens(query.q) or None


def lead_word(words: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The query word whose index range leads a word-table search (the longest: the narrowest
    range), and the others (each must also be the prefix of a word of the same name)."""
    i = max(range(len(words)), key=lambda k: len(words[k]))
    return words[i], words[:i] + words[i + 1 :]


def _hits_sql(words: tuple[str, ...], *, ordered: bool = True) -> tuple[str, list[str]]:
    """The ids of the certificates with a word starting with each of ``words``, in the order of the
    covering index ``registry_holder_word_prefix`` (word, holder_key, attestation_id): by the
    matching word of the lead (:func:`lead_word`), then holder key, then id. PostgreSQL walks that
    index range in order and stops at the LIMIT, so the first page costs the page, not the hits
    (a sort by holder key would read every hit of a short prefix: 10^5 at 10^7 rows). A name with
    two words in the range is kept once, at its first. Words are [a-z0-9] (search_keys.tokens): no
    LIKE wildcard can come from the query; ``~<~`` is the byte order of the index's operator class."""
    lead, rest = lead_word(words)
    sql = (
        "SELECT w.attestation_id FROM registry_holder_word w WHERE w.word LIKE %s"
        " AND NOT EXISTS (SELECT 1 FROM registry_holder_word d WHERE d.attestation_id = w.attestation_id"
        " AND d.word LIKE %s AND d.word ~<~ w.word)"
    )
    params = [lead + "%", lead + "%"]
    for word in rest:
        sql += (
            " AND EXISTS (SELECT 1 FROM registry_holder_word o WHERE o.attestation_id = w.attestation_id"
            " AND o.word LIKE %s)"
        )
        params.append(word + "%")
    if ordered:
        sql += " ORDER BY w.word USING ~<~, w.holder_key, w.attestation_id"
    return sql, params


def word_estimate(words: tuple[str, ...]) -> int:
    """The planner's estimate of the word-table rows of the lead word's prefix (no scan)."""
    lead, _rest = lead_word(words)
    with connection.cursor() as cur:
        cur.execute(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM registry_holder_word WHERE word LIKE %s", [lead + "%"]
        )
        plan = cur.fetchone()[0]
    doc = plan if isinstance(plan, list) else json.loads(plan)
    return int(doc[0]["Plan"]["Plan Rows"])


def paginator(query: Query, per_page: int) -> CappedPaginator:
    """The paginated rows of ``query`` (see :func:`search`); a holder-name search on PostgreSQL is
    counted and ordered from the word table alone (:func:`_hits_sql`), and only the page's rows
    are read."""
    query = resolve(query)
    return CappedPaginator(search(query), per_page, words=word_hits(query))


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator that counts exactly up to :data:`EXACT_UP_TO` hits; beyond, it shows the
    planner's estimate (``estimated``, PostgreSQL) or stops at :data:`COUNT_CAP` (``capped``).

    With ``words`` (:func:`word_hits`), the count and the page's ids come from the word table in
    its index order (:func:`_hits_sql`), then one query reads the page's rows."""

    capped = False
    estimated = False

    def __init__(self, rows: Any, per_page: int, *args: Any, words: tuple[str, ...] | None = None, **kw: Any):
        super().__init__(rows, per_page, *args, **kw)
        self.words = words

    def page(self, number: Any) -> Any:
        if self.words is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int) -> list[Attestation]:
        assert self.words is not None
        if top <= bottom:
            return []
        sql, params = _hits_sql(self.words)
        with connection.cursor() as cur:
            cur.execute(f"{sql} LIMIT %s OFFSET %s", [*params, top - bottom, bottom])
            ids = [r[0] for r in cur.fetchall()]
        by_id = Attestation.registry.filter(public=True).in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def _count_hits(self, limit: int) -> int:
        assert self.words is not None
        if len(self.words) == 1:
            # One word: the names among the first ``limit`` entries of its index range, counted
            # without a probe per entry (the anti-join below cost 4 index pages an entry: 11 ms for
            # 1,001 entries at 10^7 certificates, warm). A range of ``limit`` entries or more
            # answers ``limit``: the caller shows the estimate.
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT count(DISTINCT attestation_id), count(*) FROM (SELECT attestation_id"
                    " FROM registry_holder_word WHERE word LIKE %s LIMIT %s) h",
                    [self.words[0] + "%", limit],
                )
                names, entries = cur.fetchone()
            return int(names) if entries < limit else limit
        sql, params = _hits_sql(self.words, ordered=False)
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) h", [*params, limit])
            return int(cur.fetchone()[0])

    @cached_property
    def count(self) -> int:
        qs = self.object_list.order_by()
        n = self._count_hits(EXACT_UP_TO + 1) if self.words is not None else qs[: EXACT_UP_TO + 1].count()
        if n <= EXACT_UP_TO:
            return n
        guess = word_estimate(self.words) if self.words is not None else estimate(qs)
        if guess is not None:
            self.estimated = True
            return max(guess, n)
        n = qs[: COUNT_CAP + 1].count()
        self.capped = n > COUNT_CAP
        return min(n, COUNT_CAP)

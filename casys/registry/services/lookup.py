"""Verify by number: the one document ``GET /api/v1/registry/certificates/<issuer>/<number>`` answers.

Two paths serve it: the django-ninja endpoint (:mod:`casys.registry.api`, through :func:`find`) and
the ASGI hot path (:mod:`casys.registry.hotpath`), which runs the same statement (:func:`sql`) on its
own async connection pool. Both build the answer with :func:`document`, so the bytes cannot drift
apart. The statement selects only what :func:`document` reads (:data:`FIELDS`): not the signed
credential, which a certificate casys issued carries out of line (TOAST), nor the search key.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import DEFERRED

from casys.accreditation.models import ChainVersion
from casys.accreditation.services import chain_cache
from casys.attestations.models import Attestation, Kind
from casys.core import recognition
from casys.registry.services import search, verification

#: the attributes :func:`document` reads of a row (its public view and its chain), with the id and
#: the kind; a row made from :func:`sql` has the others deferred (read one, and it is a query)
FIELDS = tuple(
    f.attname
    for f in Attestation._meta.concrete_fields
    if f.attname not in ("holder_id", "holder_key", "status_list", "status_index", "credential", "kid")
    and f.attname not in ("source", "updated_at")
)
#: where each of :data:`FIELDS` goes among the model's fields (the others deferred)
_AT = [[f.attname for f in Attestation._meta.concrete_fields].index(name) for name in FIELDS]
_ALL = [f.attname for f in Attestation._meta.concrete_fields]


@functools.cache
def sql() -> str:
    """The certificate by issuer and number (parameters: :func:`params`): the columns of
    :data:`FIELDS` in their order, then the accreditation chain's version (``chain_version``: see
    :mod:`casys.accreditation.services.chain_cache`), read in the same statement so that a
    verification by number is one query when the issuer's chain is cached."""
    q = connection.ops.quote_name
    by_name = {f.attname: f.column for f in Attestation._meta.concrete_fields}
    columns = ", ".join(f"a.{q(by_name[name])}" for name in FIELDS)
    table, versions = q(Attestation._meta.db_table), q(ChainVersion._meta.db_table)
    return (
        f"SELECT {columns}, (SELECT v.version FROM {versions} v WHERE v.id = 1) AS chain_version"
        f" FROM {table} a WHERE a.issuer_slug = %s AND a.number = %s AND a.kind = %s ORDER BY a.id LIMIT 1"
    )


def params(issuer: str, number: str) -> tuple[str, str, str]:
    return (issuer, number, str(Kind.CERTIFICATE))


def document(row: Attestation, on: date, data: recognition.RecognitionData | None = None) -> dict[str, Any]:
    """What the public sees of certificate ``row`` on ``on``: its public view and the chain today.
    ``data``: the issuer's chain records when the caller already has them (the hot path, which may
    not query through the ORM), else they come from the chain cache."""
    verdict = verification.chain_of(row, on, data)
    return {**search.public_view(row), "chain": verification.chain_json(verdict)}


def find(issuer: str, number: str) -> Attestation | None:
    """The certificate ``number`` of ``issuer`` through the ORM by :func:`sql` (the fields of
    :data:`FIELDS`, and ``chain_version``)."""
    rows = list(Attestation.all_objects.raw(sql(), params(issuer, number)))
    return rows[0] if rows else None


def row_from(alias: str, values: Sequence[Any]) -> Attestation:
    """An :class:`Attestation` from one result row of :func:`sql` read outside the ORM (values as the
    driver loads them: dates, and JSON already decoded), with its ``chain_version``."""
    full: list[Any] = [DEFERRED] * len(_ALL)  # every field given, so from_db need not find them
    for at, value in zip(_AT, values, strict=False):
        full[at] = value
    row = Attestation.from_db(alias, _ALL, full)
    row.chain_version = values[-1]  # type: ignore[attr-defined]
    return row


def cached_chain(row: Attestation) -> recognition.RecognitionData | None:
    """The issuer's chain records if this process has them under the row's version (no query)."""
    return chain_cache.peek(row.issuer_id, getattr(row, "chain_version", None))


def chain_records(row: Attestation) -> recognition.RecognitionData:
    """The issuer's chain records through the chain cache (queries on a miss)."""
    return verification._chain_inputs(row)[0]

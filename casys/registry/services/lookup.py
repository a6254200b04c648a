"""Verify by number: the one document ``GET /api/v1/registry/certificates/<issuer>/<number>`` answers.

Two paths serve it: the django-ninja endpoint (:mod:`casys.registry.api`, through :func:`find`) and
the ASGI hot path (:mod:`casys.registry.hotpath`), which runs the same statement (:func:`sql`) on its
own async connection pool. Both build the answer with :func:`document`, so the bytes cannot drift
apart. The statement selects only what :func:`document` reads (:data:`FIELDS`): not the signed
credential, which a certificate casys issued carries out of line (TOAST), nor the search key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import DEFERRED

from casys.accreditation.services import chain_cache
from casys.attestations.models import Attestation, Kind, StatusList, TransparencyLog
from casys.core import recognition
from casys.registry.services import search, verification

_ALL = [f.attname for f in Attestation._meta.concrete_fields]
#: the attributes :func:`document` reads of a row (its public view and its chain), with the id and
#: the kind: all but these; a row made from :func:`sql` has these deferred (read one, and it is a query)
FIELDS = tuple(
    name
    for name in _ALL
    if name
    not in {
        "holder_id",
        "holder_key",
        "status_list",
        "status_index",
        "credential",
        "kid",
        "source",
        "updated_at",
    }
)
#: where each of :data:`FIELDS` goes among the model's fields (the others deferred)
_AT = [_ALL.index(name) for name in FIELDS]
#: :data:`FIELDS` as the statement's columns of the attestation ``a`` (quoted as both databases quote)
_COLUMNS = ", ".join(f'a."{f.column}"' for f in Attestation._meta.concrete_fields if f.attname in FIELDS)


def sql() -> str:
    """The certificate by issuer and number (parameters: :func:`params`): the columns of
    :data:`FIELDS` in their order, then the accreditation chain's version (``chain_version``), the
    statement of :func:`casys.registry.services.search.find`."""
    return search.find_sql(_COLUMNS)


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
    return search.find(issuer, number, _COLUMNS)


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


def warm() -> int:
    """Load the chain records of the registry's issuers (those with a transparency log or a status
    list, the lowest ids first beyond :data:`~casys.accreditation.services.chain_cache.MAX_ISSUERS`)
    into this process's chain cache, so that a worker's first answers find them; how many issuers."""
    ids = set(TransparencyLog.all_objects.values_list("issuer_id", flat=True))
    ids |= set(StatusList.all_objects.values_list("issuer_id", flat=True).distinct())
    return chain_cache.warm(sorted(ids))

"""Verify by number: the one document ``GET /api/v1/registry/certificates/<issuer>/<number>`` answers.

Two paths serve it: the django-ninja endpoint (:mod:`casys.registry.api`) and the ASGI hot path
(:mod:`casys.registry.hotpath`), which runs the same statement (:func:`sql`) on its own async
connection pool. Both build the answer with :func:`document`, so the bytes cannot drift apart.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any

from casys.accreditation.services import chain_cache
from casys.attestations.models import Attestation, Kind
from casys.core import recognition
from casys.registry.services import search, verification


def sql() -> str:
    """The statement of :func:`casys.registry.services.search.find` (parameters: issuer, number, kind)."""
    return search._find_sql()


def params(issuer: str, number: str) -> tuple[str, str, str]:
    return (issuer, number, str(Kind.CERTIFICATE))


def document(row: Attestation, on: date, data: recognition.RecognitionData | None = None) -> dict[str, Any]:
    """What the public sees of certificate ``row`` on ``on``: its public view and the chain today.
    ``data``: the issuer's chain records when the caller already has them (the hot path, which may
    not query through the ORM), else they come from the chain cache."""
    verdict = verification.chain_of(row, on, data)
    return {**search.public_view(row), "chain": verification.chain_json(verdict)}


@functools.cache
def _layout(columns: tuple[str, ...]) -> tuple[list[str], list[int], int | None]:
    """For the columns of :func:`sql`'s result: the model's attribute names in model order, the
    index of each in the row, and the index of ``chain_version``."""
    fields = [f.attname for f in Attestation._meta.concrete_fields]
    at = {name: i for i, name in enumerate(columns)}
    return fields, [at[f] for f in fields], at.get("chain_version")


def row_from(alias: str, columns: Sequence[str], values: Sequence[Any]) -> Attestation:
    """An :class:`Attestation` from one result row of :func:`sql` read outside the ORM (values as the
    driver loads them: dates, and JSON already decoded), with its ``chain_version``."""
    fields, order, version_at = _layout(tuple(columns))
    row = Attestation.from_db(alias, fields, [values[i] for i in order])
    row.chain_version = values[version_at] if version_at is not None else None  # type: ignore[attr-defined]
    return row


def cached_chain(row: Attestation) -> recognition.RecognitionData | None:
    """The issuer's chain records if this process has them under the row's version (no query)."""
    return chain_cache.peek(row.issuer_id, getattr(row, "chain_version", None))


def chain_records(row: Attestation) -> recognition.RecognitionData:
    """The issuer's chain records through the chain cache (queries on a miss)."""
    return verification._chain_inputs(row)[0]

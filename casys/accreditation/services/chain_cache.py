"""The accreditation chain's inputs, cached per issuer under a version the database keeps.

Verifying a certificate by number needs the issuer's accreditations (with scope lines and events)
and its accreditation bodies' signatory statuses: four queries that change a few times a year
while a public registry answers them thousands of times a second. :class:`ChainVersion` is raised
in the same transaction as every change of those records (signals below, and
:func:`casys.accreditation.services.recognition.import_statuses` for its bulk insert); a reader
reads the counter in the same query as the certificate (:func:`version_subquery`) and uses its
per-process copy only when the counter is the one it cached it under. A suspension therefore shows
on the very next request, in every worker process, with no message between processes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Subquery
from django.db.models.signals import post_delete, post_save

from casys.accreditation.models import (
    Accreditation,
    AccreditationEvent,
    ChainVersion,
    ScopeLine,
    SignatoryStatus,
)
from casys.accreditation.services.recognition import recognition_data, recognition_data_each
from casys.core import recognition

#: issuers kept per process (least recently used dropped beyond)
MAX_ISSUERS = 4096

_cache: OrderedDict[int, tuple[int, recognition.RecognitionData, list[Accreditation]]] = OrderedDict()
_lock = threading.Lock()


def current() -> int:
    row = ChainVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return int(row or 0)


def version_subquery() -> Subquery:
    """The version as a column of another query (0 when no change was ever recorded)."""
    rows = ChainVersion.objects.filter(pk=1).values("version")[:1]
    return Subquery(rows, output_field=models.BigIntegerField())


def chain_data(
    issuer_id: int, version: int | None
) -> tuple[recognition.RecognitionData, list[Accreditation]]:
    """:func:`recognition_data` of one issuer, from the process's cache when ``version`` matches."""
    v = int(version or 0)
    with _lock:
        hit = _cache.get(issuer_id)
        if hit is not None and hit[0] == v:
            _cache.move_to_end(issuer_id)
            return hit[1], hit[2]
    data, accs = recognition_data([issuer_id])
    with _lock:
        _cache[issuer_id] = (v, data, accs)
        _cache.move_to_end(issuer_id)
        while len(_cache) > MAX_ISSUERS:
            _cache.popitem(last=False)
    return data, accs


def warm(issuer_ids: Iterable[int], chunk: int = 500) -> int:
    """Load the chain records of these issuers (at most :data:`MAX_ISSUERS`) into the cache under
    the version read first (a change committed meanwhile leaves them under the older version, so
    the next reader reloads them), then four queries for every ``chunk`` issuers
    (:func:`recognition_data_each`); how many were loaded."""
    v = current()
    ids = list(dict.fromkeys(issuer_ids))[:MAX_ISSUERS]
    for at in range(0, len(ids), chunk):
        loaded = recognition_data_each(ids[at : at + chunk])
        with _lock:
            for issuer_id, (data, accs) in loaded.items():
                hit = _cache.get(issuer_id)
                if hit is None or hit[0] <= v:  # (never over what a reader cached under a newer one)
                    _cache[issuer_id] = (v, data, accs)
            while len(_cache) > MAX_ISSUERS:
                _cache.popitem(last=False)
    return len(ids)


def peek(issuer_id: int, version: int | None) -> recognition.RecognitionData | None:
    """The cached chain records of ``issuer_id`` if cached under ``version``, else None (no query)."""
    with _lock:
        hit = _cache.get(issuer_id)
        if hit is None or hit[0] != int(version or 0):
            return None
        _cache.move_to_end(issuer_id)
        return hit[1]


def clear() -> None:
    with _lock:
        _cache.clear()


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: the fixture's own rows, no cache to invalidate yet
    ChainVersion.bump()


for _model in (Accreditation, ScopeLine, AccreditationEvent, SignatoryStatus):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"chain-version-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"chain-version-delete-{_model.__name__}")

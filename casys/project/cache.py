"""The shared cache: Django's database cache with an atomic ``incr``.

Rate limits (the registry API, sign-in throttling) count in this cache so every worker
process sees the same counts. Django's ``DatabaseCache.incr`` reads and then writes, so two
workers counting at once can lose an increment — an attacker with parallel requests would
get more attempts than the limit. Here ``incr`` is a compare-and-swap: the ``UPDATE`` only
applies if the stored value is still the one that was read, and retries otherwise. It works
the same on SQLite and PostgreSQL and needs no lock. And ``add`` answers False only when the key
is there: Django's also does when its write failed, and the limiter then refused the client.

The table is created by the accounts migration ``0002_mfa_policy`` (``createcachetable``).
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router

CAS_ATTEMPTS = 50


class DatabaseCache(DjangoDatabaseCache):
    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        """Django's ``add``, whose False means "the key is there" only: Django's also answers False
        when the write failed — on SQLite a transaction that read before another process wrote
        cannot write (SQLITE_BUSY_SNAPSHOT, at once, past the busy timeout). The rate limiter then
        called ``incr`` on a key nobody had written and answered 429 to a client under its limit
        (4 of 3,303 requests of the benchmark's 32 connections; 15 in 12,000 adds of four processes).
        The project's SQLite transactions now begin IMMEDIATE (settings), so a write waits for the
        lock and fails only past the busy timeout; the retry stays for a connection set otherwise."""
        connection = connections[router.db_for_write(self.cache_model_class)]
        if connection.vendor == "sqlite" and self.has_key(key, version=version):
            # there and not expired: answered by a read. Django's add would take SQLite's one write
            # lock to find the same (its INSERT fails), and the rate limiter adds on every request.
            return False
        for _attempt in range(CAS_ATTEMPTS):
            if super().add(key, value, timeout, version):
                return True
            # PostgreSQL's insert fails only on the key there (a unique violation; a concurrent
            # insert is waited for): its False needs no second look, which would cost a query each
            if connection.vendor != "sqlite" or self.has_key(key, version=version):
                return False
        raise RuntimeError(f"cache key {key!r}: could not add after {CAS_ATTEMPTS} failed writes")

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        if self.get(key, version=version) is None:  # missing or expired, as Django's incr says
            raise ValueError(f"Key '{key}' not found")
        db_key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        table, value_col, key_col = quote(self._table), quote("value"), quote("cache_key")
        for _attempt in range(CAS_ATTEMPTS):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {value_col} FROM {table} WHERE {key_col} = %s", [db_key])
                row = cursor.fetchone()
                if row is None:
                    raise ValueError(f"Key '{key}' not found")
                stored = connection.ops.process_clob(row[0])
                new_value = pickle.loads(base64.b64decode(stored.encode())) + delta
                encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
                cursor.execute(
                    f"UPDATE {table} SET {value_col} = %s WHERE {key_col} = %s AND {value_col} = %s",
                    [encoded, db_key, stored],
                )
                if cursor.rowcount == 1:
                    return new_value
        raise RuntimeError(f"cache key {key!r}: could not increment after {CAS_ATTEMPTS} concurrent changes")

"""Registry API rate limit (issue 12, finding 12): one cache for all workers, the trusted-proxy address."""

from __future__ import annotations

import base64
import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casys.project import cache as shared_cache

pytestmark = pytest.mark.django_db

URL = "/api/v1/registry/certificates"
PROCESS_LOCAL = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",  # shared on one host only, and no atomic incr
}


def _get(client: Client, address: str = "198.51.100.7", via: str = "") -> int:
    meta = {"HTTP_X_FORWARDED_FOR": via} if via else {}
    return client.get(URL, {"q": "nothing"}, REMOTE_ADDR=address, **meta).status_code


def test_the_rate_limit_counts_in_a_cache_every_worker_process_shares() -> None:
    alias = getattr(django_settings, "RATELIMIT_USE_CACHE", "default")
    assert django_settings.CACHES[alias]["BACKEND"] not in PROCESS_LOCAL


@contextmanager
def second_worker_process() -> Iterator[Any]:
    """A cache client as another gunicorn worker builds it: in-memory cache globals start empty there.

    (A shared backend keeps its counts outside the process, so emptying them changes nothing for it.)
    """
    with (
        mock.patch.dict(locmem._caches, clear=True),
        mock.patch.dict(locmem._expire_info, clear=True),
        mock.patch.dict(locmem._locks, clear=True),
    ):
        yield caches.create_connection("default")


def test_the_rate_limit_is_shared_between_two_cache_clients(settings: Any, monkeypatch: Any) -> None:
    settings.CASYS_REGISTRY_RATE = "3/m"
    current: dict[str, Any] = {"cache": caches.create_connection("default")}

    class Handler(dict):  # django_ratelimit reads caches[name]: hand it the current worker's client
        def __getitem__(self, name: str) -> Any:
            return current["cache"]

    monkeypatch.setattr("django_ratelimit.core.caches", Handler())
    client = Client()
    assert [_get(client) for _ in range(2)] == [200, 200]  # worker one
    with second_worker_process() as other:
        current["cache"] = other
        assert [_get(client) for _ in range(2)] == [200, 429]  # worker two sees worker one's count


def test_the_rate_limit_counts_the_client_behind_a_trusted_proxy(settings: Any) -> None:
    settings.CASYS_REGISTRY_RATE = "2/m"
    settings.CASYS_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)
    client = Client()
    assert [_get(client, "10.0.0.2", via="203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert _get(client, "10.0.0.2", via="203.0.113.2") == 200  # another client behind the same proxy


def test_the_rate_limit_ignores_x_forwarded_for_from_an_untrusted_peer(settings: Any) -> None:
    settings.CASYS_REGISTRY_RATE = "2/m"
    settings.CASYS_TRUSTED_PROXIES = ()
    client = Client()
    statuses = [_get(client, "198.51.100.9", via=f"203.0.113.{i}") for i in range(3)]
    assert statuses == [200, 200, 429]


def test_the_shared_cache_increments_atomically_when_another_worker_writes_in_between(
    monkeypatch: Any,
) -> None:
    ours, theirs = caches.create_connection("default"), caches.create_connection("default")
    ours.set("hits", 0)
    real_encode, raced = base64.b64encode, []

    def encode_after_a_concurrent_write(data: bytes) -> bytes:
        if not raced:  # between our read and our write, another worker increments
            raced.append(True)
            theirs.incr("hits")
        return real_encode(data)

    monkeypatch.setattr(shared_cache.base64, "b64encode", encode_after_a_concurrent_write)
    assert ours.incr("hits") == 2
    assert theirs.get("hits") == 2


def test_incrementing_a_missing_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="not found"):
        caches["default"].incr("never-set")


def test_an_add_whose_write_failed_is_tried_again_not_taken_for_a_key_already_there(monkeypatch: Any) -> None:
    """Django's DatabaseCache.add answers False when its write fails (SQLite: a read snapshot older
    than another process's write cannot write); the limiter took that for "counted already", found no
    key to increment and refused the client (429). The shared cache tries the add again."""
    ours = caches.create_connection("default")
    real, failed = shared_cache.DjangoDatabaseCache.add, []

    def fails_once(self: Any, *a: Any, **kw: Any) -> bool:
        if not failed:
            failed.append(True)
            return False  # what Django answers on a DatabaseError
        return real(self, *a, **kw)

    monkeypatch.setattr(shared_cache.DjangoDatabaseCache, "add", fails_once)
    if connection.vendor != "sqlite":  # PostgreSQL's add fails only on a key that is there: final
        assert ours.add("window", 1, 60) is False and failed
        return
    assert ours.add("window", 1, 60) is True
    assert failed and ours.get("window") == 1
    assert ours.add("window", 1, 60) is False  # there now: a real "already there"
    assert ours.incr("window") == 2


def test_an_add_of_a_key_already_there_costs_no_second_look_on_postgresql_and_no_write_on_sqlite() -> None:
    """The limiter adds on every request, and the key is there but for the first of a window: on
    PostgreSQL, where a failed add means exactly that, no query is added to Django's. On SQLite the
    look comes first and is the only query: Django's add would take the one write lock to fail."""
    ours = caches.create_connection("default")
    ours.add("window", 1, 60)
    with CaptureQueriesContext(connection) as seen:
        assert ours.add("window", 1, 60) is False
    # has_key's query: the only one that compares the expiry in SQL
    looks = [q["sql"] for q in seen.captured_queries if '"expires" >' in q["sql"]]
    assert len(looks) == (1 if connection.vendor == "sqlite" else 0), seen.captured_queries
    if connection.vendor == "sqlite":
        assert [q["sql"] for q in seen.captured_queries] == looks


def test_adds_and_increments_of_processes_at_once_never_lose_a_key(tmp_path: Any) -> None:
    """Four processes count in one SQLite cache as the limiter does (add, else incr), with the
    project's SQLite options. Before the retry about one in 800 found no key (a 429 for a client under
    its limit). With the retry but transactions begun as readers, about one add in ten failed its write
    ("database is locked" at once, 160-270 of each process's 2,000) and had to be tried again, and in
    CI one process's add failed 50 times in a row (stop 34). Begun IMMEDIATE, no write fails."""
    import subprocess
    import sys

    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the failed write is SQLite's (PostgreSQL's add waits for the row lock)")
    db = str(tmp_path / "cache.sqlite3")
    options = repr(django_settings.DATABASES["default"]["OPTIONS"])  # the project's, as a worker has them
    # the table first
    subprocess.run([sys.executable, "-c", _RACE.format(db=db, options=options, adds=0)], check=True)
    code = _RACE.format(db=db, options=options, adds=2000)
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(4)
    ]
    outs = [p.communicate(timeout=300)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert [o[-2:] for o in outs] == [["0", "0"]] * 4  # keys lost, writes tried again


_RACE = """
import django
from django.conf import settings
settings.configure(
    DATABASES={{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": "{db}", "OPTIONS": {options}}}}},
    CACHES={{"default": {{"BACKEND": "casys.project.cache.DatabaseCache", "LOCATION": "race_cache"}}}},
    INSTALLED_APPS=[],
)
django.setup()
from django.core.cache import caches
from django.core.management import call_command
call_command("createcachetable", verbosity=0)
from casys.project import cache as shared
django_add, casys_add, writes, retried = shared.DjangoDatabaseCache.add, shared.DatabaseCache.add, [], []

def counted(*a, **kw):
    writes.append(1)
    return django_add(*a, **kw)

def watched(*a, **kw):
    writes.clear()
    try:
        return casys_add(*a, **kw)
    finally:
        retried.extend(writes[1:])

shared.DjangoDatabaseCache.add, shared.DatabaseCache.add = counted, watched
cache, lost = caches["default"], 0
for n in range({adds}):
    key = f"k{{n // 20}}"
    if not cache.add(key, 1, 60):
        try:
            cache.incr(key)
        except ValueError:
            lost += 1
print(lost, len(retried))
"""

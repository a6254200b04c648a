"""The ASGI hot path of verify by number answers exactly as the Django endpoint: same status, same
headers, same bytes; it leaves to Django whatever it cannot answer identically; its limiter."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import ipaddress
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import unquote

import pytest
from django.db import connection

from casys import clock
from casys.accounts.scoping import unscoped
from casys.accreditation.models import Accreditation
from casys.accreditation.services import accreditations as acc_services
from casys.accreditation.services import chain_cache
from casys.project.asgi import django_application
from casys.registry.hotpath import MAX_CACHED_CLIENTS, MAX_FORWARDED, HotPath, TokenBuckets
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)
postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the hot path runs on PostgreSQL (SQLite: through Django)"
)

SUSPENDED = ({"on": "2025-01-10", "status": "suspended", "reason": "surveillance audit overdue"},)
WITHDRAWN = ({"on": "2025-02-03", "status": "withdrawn", "reason": "at the client's request"},)
PATH = "/api/v1/registry/certificates/"


class Counting:
    """Django's ASGI application, counting the requests it was handed."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        await django_application(scope, receive, send)


async def _call(
    app: Any,
    raw: str,
    method: str = "GET",
    headers: Iterable[tuple[bytes, bytes]] = (),
    peer: str = "10.0.0.1",
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    path, _q, query = raw.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote(path),
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": (peer, 50000),
        "server": ("testserver", 80),
    }
    sent = False
    never = asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await never.wait()  # the client stays connected
        return {"type": "http.disconnect"}

    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await app(scope, receive, send)
    start = messages[0]
    return start["status"], list(start["headers"]), b"".join(m.get("body", b"") for m in messages[1:])


def _in_thread(coro: Any) -> Any:
    """``asyncio.run(coro)`` in a thread of its own, with this one's context (see :func:`_both`)."""
    context = contextvars.copy_context()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(context.run, asyncio.run, coro).result()


def _both(paths: list[str], **kw: Any) -> tuple[list[Any], list[Any], int]:
    """Each path through Django alone and through the hot path; how many the hot path left to Django."""
    django = Counting()
    hot = HotPath(django)

    async def run() -> tuple[list[Any], list[Any]]:
        try:
            via_django = [await _call(django_application, p, **kw) for p in paths]
            via_hot = [await _call(hot, p, **kw) for p in paths]
        finally:
            await hot.close()
        return via_django, via_hot

    # in a thread of its own, with this one's context: a browser test earlier in this worker leaves
    # Playwright's event loop set as running in this thread (its sync API runs the loop in a
    # greenlet), and asyncio.run refuses to start under it
    via_django, via_hot = _in_thread(run())
    return via_django, via_hot, django.calls


@pytest.fixture
def rows(accredited):
    publish(
        accredited,
        entry("Q-1"),
        entry("Q-2", status="suspended", history=SUSPENDED),
        entry("Q-3", status="withdrawn", history=WITHDRAWN),
        entry("Q-4", status="suspended", history=SUSPENDED, expiry_date=date(2025, 3, 1)),
        entry("Q-5", holder_name="Secret Holder Ltd", holder_name_en="", public=False, country="LV"),
        entry("Q 6/7", holder_name="Société Générale de Test", holder_name_en="", country="FR"),
        entry("Q-8", status="expired", expiry_date=date(2024, 12, 31)),
    )
    return accredited


ANSWERED = [
    PATH + "alpha-cert/Q-1",  # valid
    PATH + "alpha-cert/Q-2",  # suspended
    PATH + "alpha-cert/Q-3",  # withdrawn
    PATH + "alpha-cert/Q-4",  # suspended, then expired
    PATH + "alpha-cert/Q-8",  # expired
    PATH + "alpha-cert/Q-5",  # not public: the holder's data hidden
    PATH + "alpha-cert/Q-9",  # unknown number
    PATH + "nobody/Q-1",  # unknown issuer
    PATH + "alpha-cert/q-1",  # the number's case matters here, as in the endpoint
    PATH + "alpha-cert/Q-1?format=xml",  # a query string the endpoint ignores
]


@postgresql
def test_the_hot_path_answers_every_case_with_djangos_status_headers_and_bytes(rows) -> None:
    with clock.travel_to(date(2025, 6, 1)):
        via_django, via_hot, fell_through = _both(ANSWERED)
    assert fell_through == 0
    for path, d, h in zip(ANSWERED, via_django, via_hot, strict=True):
        assert h[0] == d[0], path
        assert h[1] == d[1], path
        assert h[2] == d[2], path
    statuses = [d[0] for d in via_django]
    assert statuses == [200, 200, 200, 200, 200, 200, 404, 404, 404, 200]
    assert b'"holder_name": null' in via_hot[5][2] and b"Secret Holder" not in via_hot[5][2]
    assert b'"status": "suspended"' in via_hot[1][2]


@postgresql
def test_the_language_matches_and_head_is_left_to_django(rows) -> None:
    for headers in ([(b"accept-language", b"fr-CH, fr;q=0.9")], [(b"accept-language", b"ru")], []):
        via_django, via_hot, fell_through = _both([PATH + "alpha-cert/Q-1"], headers=headers)
        assert via_hot == via_django and fell_through == 0
    via_django, via_hot, fell_through = _both([PATH + "alpha-cert/Q-1"], method="HEAD")
    assert via_hot == via_django and via_hot[0][0] == 405 and fell_through == 1  # django-ninja's answer


@postgresql
def test_an_accreditation_suspension_shows_on_the_hot_paths_next_answer(rows) -> None:
    chain_cache.clear()
    with clock.travel_to(date(2025, 6, 1)):
        _d, before, _n = _both([PATH + "alpha-cert/Q-1"])
        assert b'"recognized": true' in before[0][2]
        with unscoped():
            acc = Accreditation.all_objects.get(number="NAB-001")
            acc_services.record_event(acc, date(2025, 1, 1), "suspended", reason="overdue surveillance")
        via_django, via_hot, fell_through = _both([PATH + "alpha-cert/Q-1"])
    assert fell_through == 0
    assert via_hot == via_django
    assert b'"recognized": false' in via_hot[0][2]


@postgresql
def test_a_worker_reads_the_issuers_chains_when_it_starts(rows) -> None:
    chain_cache.clear()
    hot = HotPath(Counting())
    inbox: asyncio.Queue[dict[str, Any]] | None = None
    sent: list[str] = []

    async def receive() -> dict[str, Any]:
        assert inbox is not None
        return await inbox.get()

    async def send(message: dict[str, Any]) -> None:
        sent.append(message["type"])

    async def run() -> Any:
        nonlocal inbox
        inbox = asyncio.Queue()
        await inbox.put({"type": "lifespan.startup"})
        lifespan = asyncio.create_task(hot({"type": "lifespan"}, receive, send))
        while "lifespan.startup.complete" not in sent:
            await asyncio.sleep(0.01)
        assert hot._warming is not None
        await hot._warming
        cached = set(chain_cache._cache)
        await inbox.put({"type": "lifespan.shutdown"})
        await lifespan
        return cached

    cached = _in_thread(run())
    assert rows.pk in cached
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


@postgresql
def test_requests_that_miss_the_chain_at_once_read_it_once(rows, monkeypatch) -> None:
    import time

    from casys.registry import hotpath

    reads: list[int] = []
    read = hotpath._chain_in_thread

    def slow_read(row: Any) -> Any:
        reads.append(row.issuer_id)
        time.sleep(0.2)  # long enough for every request to miss before the first read ends
        return read(row)

    monkeypatch.setattr(hotpath, "_chain_in_thread", slow_read)
    paths = [PATH + f"alpha-cert/Q-{n}" for n in (1, 2, 3, 4, 8)] * 4
    chain_cache.clear()
    hot = HotPath(Counting())

    async def run() -> list[Any]:
        try:
            return list(await asyncio.gather(*(_call(hot, p) for p in paths)))
        finally:
            await hot.close()

    answers = _in_thread(run())
    assert reads == [rows.pk]
    assert not hot._loading
    via_django, _via_hot, _n = _both(paths[:5])
    assert answers == via_django * 4


def _on(hot: HotPath, paths: list[str]) -> list[Any]:
    """Each path through ``hot`` (kept from call to call, its pool closed after)."""

    async def run() -> list[Any]:
        try:
            return [await _call(hot, p) for p in paths]
        finally:
            await hot.close()

    return list(_in_thread(run()))


@postgresql
def test_a_kept_answer_is_sent_only_while_its_row_its_chain_and_its_day_are_the_same(
    rows, monkeypatch
) -> None:
    from casys.registry.services import lookup

    built: list[str] = []
    document = lookup.document

    def counted(row: Any, on: date, data: Any = None) -> Any:
        built.append(row.number)
        return document(row, on, data)

    monkeypatch.setattr(lookup, "document", counted)
    hot = HotPath(Counting())
    q1 = PATH + "alpha-cert/Q-1"

    def asked(expected_builds: int) -> bytes:
        answers = _on(hot, [q1, q1])
        assert len(built) == expected_builds, built
        django, _h, _n = _both([q1])
        assert answers == django * 2  # the kept answer is the one Django gives now
        return answers[0][2]

    chain_cache.clear()
    with clock.travel_to(date(2025, 6, 1)):
        first = asked(1)  # built once, then sent as kept
        assert b'"recognized": true' in first and b'"status": "active"' in first
        built.clear()
        asked(0)  # still kept: nothing changed
        publish(rows, entry("Q-1", status="suspended", history=SUSPENDED))  # the row changes
        built.clear()
        assert b'"status": "suspended"' in asked(1)
    with clock.travel_to(date(2025, 6, 2)):  # another day
        built.clear()
        asked(1)
        with unscoped():  # the chain changes (its version with it)
            acc = Accreditation.all_objects.get(number="NAB-001")
            acc_services.record_event(acc, date(2025, 1, 1), "suspended", reason="overdue surveillance")
        built.clear()
        assert b'"recognized": false' in asked(1)
        monkeypatch.setenv("CASYS_PUBLIC_HOST", "registry.example.org")  # the DIDs in the chain change
        built.clear()
        assert b"did:web:registry.example.org" in asked(1)


@postgresql
def test_a_worker_keeps_at_most_the_answers_it_is_told(rows, settings) -> None:
    paths = [PATH + f"alpha-cert/Q-{n}" for n in (1, 2, 3, 4, 8)]
    hot = HotPath(Counting())
    settings.CASYS_REGISTRY_DOCUMENTS = 3
    assert _on(hot, paths) == _both(paths)[0]
    assert len(hot.documents) == 3
    # the least recently asked went first: are built again, Q-8 is still kept
    assert [hot.documents.get(("alpha-cert", f"Q-{n}"), ()) for n in (1, 2)] == [None, None]
    assert list(hot.documents._kept) == [("alpha-cert", "Q-3"), ("alpha-cert", "Q-4"), ("alpha-cert", "Q-8")]
    settings.CASYS_REGISTRY_DOCUMENTS = 0
    assert _on(hot, paths) == _both(paths)[0]
    assert len(hot.documents) == 0


@postgresql
def test_what_the_hot_path_cannot_answer_identically_goes_to_django(rows, settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    cases = [
        (PATH + "alpha-cert/Q%206%2F7", {}),  # a "/" in the number: Django's router, 404
        (PATH + "alpha-cert/Q-1/", {}),  # a trailing slash
        (PATH + "alpha-cert/Q-1/credential", {}),
        (PATH + "alpha-cert/Q-1", {"method": "POST"}),
        (PATH + "alpha-cert/Q-1", {"headers": [(b"cookie", b"sessionid=stale")]}),
        ("/api/v1/registry/certificates", {}),
    ]
    for path, kw in cases:
        via_django, via_hot, fell_through = _both([path], **kw)
        assert fell_through == 1, (path, kw)
        assert via_hot[0][0] == via_django[0][0]
    assert via_django[0][0] == 400  # the listing without a filter: Django's answer, untouched
    _d, via_hot, fell_through = _both([PATH + "alpha-cert/Q%206%2F7"])
    assert via_hot[0][0] == 404 and fell_through == 1


@postgresql
def test_a_host_django_refuses_or_an_https_redirect_goes_to_django(rows, settings) -> None:
    settings.ALLOWED_HOSTS = ["registry.example"]
    via_django, via_hot, fell_through = _both([PATH + "alpha-cert/Q-1"])
    assert fell_through == 1 and via_hot[0][0] == via_django[0][0] == 400
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = True  # (Django's middleware read it at start: only the decision here)
    _d, _h, fell_through = _both([PATH + "alpha-cert/Q-1"])
    assert fell_through == 1
    _d, via_hot, fell_through = _both([PATH + "alpha-cert/Q-1"], headers=[(b"x-forwarded-proto", b"https")])
    assert fell_through == (0 if settings.SECURE_PROXY_SSL_HEADER else 1)


def test_on_sqlite_every_request_goes_to_django(rows) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite fallback")
    with clock.travel_to(date(2025, 6, 1)):
        via_django, via_hot, fell_through = _both([PATH + "alpha-cert/Q-1", PATH + "alpha-cert/Q-9"])
    assert fell_through == 2
    assert [h[0] for h in via_hot] == [200, 404] and via_hot == via_django


@postgresql
def test_the_limiter_answers_429_as_django_does_and_spares_another_address(rows, settings) -> None:
    settings.CASYS_REGISTRY_RATE = "2/m"
    paths = [PATH + "alpha-cert/Q-1"] * 3
    with clock.travel_to(date(2025, 6, 1)):
        via_django, via_hot, fell_through = _both(paths)
        _d, other, _n = _both([PATH + "alpha-cert/Q-1"], peer="10.0.0.2")
    assert fell_through == 0
    assert [d[0] for d in via_django] == [200, 200, 429]
    assert via_hot == via_django
    assert b"rate-limited" in via_hot[2][2]
    assert other[0][0] == 200


def test_the_client_addresses_a_worker_keeps_are_right_and_bounded(settings) -> None:
    """Behind a trusted proxy each X-Forwarded-For is worked out once and kept, as
    client_address answers it; a client cannot make the worker keep more, or longer, headers."""
    settings.CASYS_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    hot = HotPath(django_application)
    scope = {"client": ("10.0.0.1", 50000)}
    for i in range(MAX_CACHED_CLIENTS + 10):
        client = f"198.51.{i // 256 % 256}.{i % 256}"
        hot._allowed(scope, {b"x-forwarded-for": f"{client}, 10.0.0.7".encode()})
        assert len(hot._clients) <= MAX_CACHED_CLIENTS
    # the right-most address the trusted proxies did not add
    assert hot._clients[("10.0.0.1", f"{client}, 10.0.0.7".encode())] == client
    hot._allowed(scope, {b"x-forwarded-for": b"203.0.113.9, " * 50 + b"198.51.100.1"})
    assert all(f is None or len(f) <= MAX_FORWARDED for _peer, f in hot._clients)
    assert hot.buckets._buckets.get("198.51.100.1") is not None  # counted all the same


def test_a_token_bucket_refills_at_the_rate() -> None:
    buckets = TokenBuckets()
    assert [buckets.allow("a", 2, 60, now=0.0) for _ in range(3)] == [True, True, False]
    assert buckets.allow("b", 2, 60, now=0.0)  # another address has its own bucket
    assert not buckets.allow("a", 2, 60, now=29.0)  # half a token after 29 s
    assert buckets.allow("a", 2, 60, now=31.0)  # one token after 30 s
    small = TokenBuckets(max_clients=2)
    for client in ("a", "b", "c"):
        small.allow(client, 1, 60, now=0.0)
    assert small.allow("a", 1, 60, now=0.0)  # forgotten (least recently seen): a full bucket again


def test_the_served_application_freezes_what_it_loaded_out_of_the_cyclic_collector():
    """A worker's code and settings are not walked by every full collection (casys.project.asgi)."""
    import subprocess
    import sys

    code = "import gc; import casys.project.asgi; print(gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) > 50_000

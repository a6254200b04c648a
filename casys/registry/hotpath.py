"""The ASGI hot path of verify by number, next to Django (``casys.project.asgi``).

``GET /api/v1/registry/certificates/<issuer>/<number>`` is what the public registry answers most:
a buyer, a customs officer or a wallet checking one certificate. Through Django it costs the
middleware stack, django-ninja's routing and a rate-limit counter in the database cache (about
seven statements) around a lookup that is one statement. Here the same request is answered by a
small ASGI function: one prepared statement (:func:`casys.registry.services.lookup.sql`, the one the
Django endpoint runs) on a psycopg :class:`~psycopg_pool.AsyncConnectionPool` of the database the
endpoint reads (``replica`` when ``CASYS_DATABASE_REPLICA_URL`` is set), the document built by the
same function (:func:`casys.registry.services.lookup.document`), rendered by django-ninja's JSON
renderer, with the headers Django's middleware puts on that response. A test
(``tests/registry/test_hotpath.py``) compares both paths' status, headers and bytes.

Each worker keeps the answers it gave last (:class:`Documents`, ``CASYS_REGISTRY_DOCUMENTS`` of them):
the statement still runs on every request, and a kept answer is sent only when the row it read, the
day and the public host are those the answer was made of, so a suspension shows on the very next
request. A certificate asked again (a buyer's system, a wallet that rechecks) then costs the
statement alone.

The hot path answers only what it can answer exactly as Django would; every other request goes to
Django untouched: other methods (HEAD too: django-ninja answers it 405) and URLs, a number with a
``/`` in it (Django's router gives 404 there), a request with cookies (Django's session and language
cookies change the answer's headers), a Host Django would refuse, a plain-HTTP request Django would
redirect to HTTPS, and any request on SQLite (the embedded database has no async driver: the demo
and small bodies go through Django).

The issuer's accreditation chain comes from the per-process chain cache
(:mod:`casys.accreditation.services.chain_cache`). A worker reads every issuer's chain into it when
it starts (in a thread, while it already answers), and a miss (after a change of any accreditation
or signatory status, which makes every worker miss at once) is read once per issuer and version,
however many requests wait for it.

Rate limit (:class:`TokenBuckets`): in-process, per worker — each worker gives each client address
a token bucket of the configured ``CASYS_REGISTRY_RATE`` (the same rate per worker, not divided by
the number of workers: a keep-alive client stays on one worker, and dividing would halve an honest
client's allowance), so a client that spreads its connections over N workers gets at most N times
the rate. Over the limit it answers 429 with the body of Django's limiter. The hot path's buckets
count only this URL; the other registry endpoints keep the shared database-cache counter.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from types import SimpleNamespace
from typing import Any

import orjson
from asgiref.sync import sync_to_async
from csp.utils import build_policy
from django.conf import settings
from django.db import connections
from django.http.request import split_domain_port, validate_host
from django.utils.translation import get_language_from_request
from django_ratelimit.core import _split_rate
from ninja.renderers import JSONRenderer
from psycopg import AsyncConnection
from psycopg.conninfo import make_conninfo
from psycopg.types.json import set_json_loads
from psycopg_pool import AsyncConnectionPool

from casys import clock
from casys.accounts.network import client_address
from casys.attestations import identity
from casys.registry import api
from casys.registry.routers import replica_reads
from casys.registry.services import lookup

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PREFIX = "/api/v1/registry/certificates/"
#: client addresses a worker's limiter remembers (least recently seen dropped beyond)
MAX_CLIENTS = 100_000
#: the client addresses of (peer, X-Forwarded-For) a worker keeps worked out, emptied when full, and
#: the longest header it keeps (a client writes it: a few megabytes a worker at most)
MAX_CACHED_CLIENTS = 10_000
MAX_FORWARDED = 200
_RENDERER = JSONRenderer()
_CONTENT_TYPE = f"{_RENDERER.media_type}; charset={settings.DEFAULT_CHARSET}".encode()
_REASONS = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}
logger = logging.getLogger(__name__)


class TokenBuckets:
    """A token bucket per client address: ``count`` requests at once, refilled at ``count`` per
    ``period`` seconds."""

    def __init__(self, max_clients: int = MAX_CLIENTS) -> None:
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self.max_clients = max_clients

    def allow(self, client: str, count: int, period: float, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(client, (float(count), now))
        tokens = min(float(count), tokens + (now - last) * count / period)
        allowed = tokens >= 1.0
        self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
        self._buckets.move_to_end(client)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return allowed

    def clear(self) -> None:
        self._buckets.clear()


class Documents:
    """The answers a worker gave last (at most ``CASYS_REGISTRY_DOCUMENTS``, the least recently asked
    dropped beyond), each with what it was made of: the certificate's row as the statement read it
    (its chain's version with it), the day and the public host. The statement runs on every request;
    a kept answer is sent only when what it was made of is equal to what the request has, so it is
    the answer the document would be built into (the document is a function of these alone: its
    language is in the headers, not in the body)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[str, str], tuple[tuple[Any, ...], bytes]] = OrderedDict()

    def get(self, key: tuple[str, str], made_of: tuple[Any, ...]) -> bytes | None:
        kept = self._kept.get(key)
        if kept is None or kept[0] != made_of:
            return None
        self._kept.move_to_end(key)
        return kept[1]

    def put(self, key: tuple[str, str], made_of: tuple[Any, ...], body: bytes, size: int) -> None:
        if size <= 0:
            self._kept.clear()
            return
        self._kept[key] = (made_of, body)
        self._kept.move_to_end(key)
        while len(self._kept) > size:
            self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


def _alias() -> str:
    """The database the Django endpoint reads (``casys.registry.routers``: the replica if any)."""
    return "replica" if "replica" in settings.DATABASES else "default"


def _conninfo(alias: str) -> str:
    db = settings.DATABASES[alias]
    parts = {"dbname": db.get("NAME"), "user": db.get("USER"), "password": db.get("PASSWORD")}
    parts.update(host=db.get("HOST"), port=str(db.get("PORT") or "") or None)
    options = {
        k: v
        for k, v in (db.get("OPTIONS") or {}).items()
        if k in ("sslmode", "sslrootcert", "connect_timeout")
    }
    return make_conninfo(**{k: v for k, v in {**parts, **options}.items() if v})


async def _configure(conn: AsyncConnection[Any]) -> None:
    """A pool connection's JSON columns (the sites, the history) decoded by orjson: the same values
    as the standard library's decoder, which psycopg uses by default, for less time."""
    set_json_loads(orjson.loads, conn)


def _orm_in_thread(read: Callable[..., Any], *args: Any) -> Any:
    """``read(*args)`` through the ORM on the database the endpoint reads, in a worker thread whose
    connections are given back at once."""
    try:
        with replica_reads():
            return read(*args)
    finally:
        connections.close_all()


def _chain_in_thread(row: Any) -> Any:
    """The issuer's chain records (a cache miss: after a change, or a new issuer)."""
    return _orm_in_thread(lookup.chain_records, row)


def _render(status: int, doc: dict[str, Any]) -> bytes:
    """The body django-ninja's renderer makes of ``doc``."""
    return _RENDERER.render(None, doc, response_status=status).encode()  # type: ignore[arg-type]


def _warm_in_thread() -> int:
    """The chain cache of this worker filled with the registry's issuers (:func:`lookup.warm`)."""
    return int(_orm_in_thread(lookup.warm))


class HotPath:
    """The ASGI application: verify by number here, everything else to ``django`` (see the module)."""

    def __init__(self, django: ASGIApp) -> None:
        self.django = django
        self.buckets = TokenBuckets()
        self.documents = Documents()
        self._pool: AsyncConnectionPool | None = None
        self._opening: asyncio.Lock | None = None
        self._warming: asyncio.Task[None] | None = None
        # (issuer, chain version) -> the chain records being read for it: one read a miss, however
        # many requests wait on it (a cold worker gets many requests of each issuer at once)
        self._loading: dict[tuple[int, Any], asyncio.Future[Any]] = {}
        # what the settings decide, read once (as Django's middleware reads them once per process)
        self._languages: dict[str, str] = {}
        self._hosts: dict[str, bool] = {}  # Host header -> one Django serves
        self._rates: dict[str, tuple[int, int]] = {}  # CASYS_REGISTRY_RATE -> (count, seconds)
        # (peer, X-Forwarded-For) -> the client address (CASYS_TRUSTED_PROXIES): MAX_CACHED_CLIENTS
        self._clients: dict[tuple[str, bytes | None], str] = {}
        self._fixed: dict[bool, tuple[list[tuple[bytes, bytes]], list[tuple[bytes, bytes]]]] = {}

    # --- ASGI ------------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] == "http":
            target = self._target(scope)
            if target is not None:
                await self._answer(scope, send, *target)
                return
        await self.django(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.enabled():
                    self._warming = asyncio.create_task(self.warm())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._warming is not None:
                    self._warming.cancel()
                await self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def warm(self) -> None:
        """The issuers' chain records read into this worker's cache, in a thread, while the worker
        already answers (a worker that cannot read them still answers: each miss reads its own)."""
        try:
            count = await sync_to_async(_warm_in_thread, thread_sensitive=False)()
            logger.debug("verify by number: the chains of %s issuers cached", count)
        except Exception:
            logger.exception("verify by number: the chain cache could not be warmed")

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    # --- what the hot path answers ---------------------------------------------------------------

    def enabled(self) -> bool:
        return settings.DATABASES[_alias()]["ENGINE"] == "django.db.backends.postgresql"

    def _target(self, scope: Scope) -> tuple[str, str, dict[bytes, bytes]] | None:
        """(issuer, number, headers) when this request is one the hot path answers as Django would."""
        path = scope["path"]
        # GET only: django-ninja answers HEAD on this GET endpoint with 405, and so must we (via Django)
        if scope["method"] != "GET" or not path.startswith(PREFIX) or scope.get("root_path"):
            return None
        if not self.enabled():
            return None
        issuer, sep, number = path[len(PREFIX) :].partition("/")
        if not sep or not issuer or not number or "/" in number:
            return None
        headers = dict(scope["headers"])
        if b"cookie" in headers:
            return None
        if not self._served(headers.get(b"host", b"")):
            return None
        if getattr(settings, "SECURE_SSL_REDIRECT", False) and not self._secure(scope, headers):
            return None
        return issuer, number, headers

    def _served(self, raw: bytes) -> bool:
        """Whether Django serves the Host ``raw`` (``ALLOWED_HOSTS``)."""
        host = raw.decode("latin-1")
        served = self._hosts.get(host)
        if served is None:
            domain, _port = split_domain_port(host)
            served = bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
            if len(self._hosts) < 1024:
                self._hosts[host] = served
        return served

    def _secure(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy:
            name, value = proxy
            forwarded = headers.get(name.removeprefix("HTTP_").replace("_", "-").lower().encode())
            if forwarded is not None:
                return forwarded.decode("latin-1").split(",", 1)[0].strip() == value
        return scope.get("scheme") == "https"

    # --- the answer ------------------------------------------------------------------------------

    async def _answer(
        self, scope: Scope, send: Send, issuer: str, number: str, headers: dict[bytes, bytes]
    ) -> None:
        if not self._allowed(scope, headers):
            await self._send(scope, send, headers, 429, {"detail": api.TOO_MANY})
            return
        pool = await self.pool()
        async with pool.connection() as conn, conn.cursor() as cur:
            # autocommit (see pool()): one round trip, no BEGIN/COMMIT around the statement
            await cur.execute(lookup.sql(), lookup.params(issuer, number), prepare=True)
            values = await cur.fetchone()
        if values is None:
            await self._send(scope, send, headers, 404, {"detail": "Not Found"})
            return
        today = clock.today()
        made_of = (values, today, identity.public_host())
        body = self.documents.get((issuer, number), made_of)
        if body is None:
            row = lookup.row_from(_alias(), values)
            data = lookup.cached_chain(row)
            if data is None:
                data = await self._chain(row)
            body = _render(200, lookup.document(row, today, data))
            size = getattr(settings, "CASYS_REGISTRY_DOCUMENTS", 0)
            self.documents.put((issuer, number), made_of, body, size)
        await self._start(scope, send, headers, 200, body)

    async def _chain(self, row: Any) -> Any:
        """The chain records on a cache miss (the chain changed, or an issuer not read yet): through
        the ORM in a thread, once for all the requests that miss them meanwhile."""
        key = (row.issuer_id, getattr(row, "chain_version", None))
        loading = self._loading.get(key)
        if loading is None:
            loading = asyncio.ensure_future(sync_to_async(_chain_in_thread, thread_sensitive=False)(row))
            self._loading[key] = loading
            loading.add_done_callback(lambda _done: self._loading.pop(key, None))
        # shielded: a client that goes away cancels its own wait, not the read the others wait on
        return await asyncio.shield(loading)

    def _allowed(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        rate = api.rate()
        split = self._rates.get(rate)
        if split is None:
            split = self._rates[rate] = _split_rate(rate)
        count, period = split
        peer = (scope.get("client") or ("", 0))[0] or ""
        forwarded = headers.get(b"x-forwarded-for")
        client = self._clients.get((peer, forwarded))
        if client is None:
            meta = {"REMOTE_ADDR": peer}
            if forwarded is not None:
                meta["HTTP_X_FORWARDED_FOR"] = forwarded.decode("latin-1")
            client = client_address(SimpleNamespace(META=meta))
            if forwarded is None or len(forwarded) <= MAX_FORWARDED:  # (a client writes the header)
                if len(self._clients) >= MAX_CACHED_CLIENTS:
                    self._clients.clear()
                self._clients[(peer, forwarded)] = client
        return self.buckets.allow(client, count, period)

    def _language(self, headers: dict[bytes, bytes]) -> str:
        """The Content-Language Django's LocaleMiddleware sends (no cookies: from Accept-Language)."""
        accept = headers.get(b"accept-language", b"").decode("latin-1")
        language = self._languages.get(accept)
        if language is None:
            request = SimpleNamespace(COOKIES={}, META={"HTTP_ACCEPT_LANGUAGE": accept}, path_info="")
            language = get_language_from_request(request) or settings.LANGUAGE_CODE
            if len(self._languages) < 1024:
                self._languages[accept] = language
        return language

    async def _send(
        self, scope: Scope, send: Send, headers: dict[bytes, bytes], status: int, doc: dict[str, Any]
    ) -> None:
        await self._start(scope, send, headers, status, _render(status, doc))

    async def _start(
        self, scope: Scope, send: Send, headers: dict[bytes, bytes], status: int, body: bytes
    ) -> None:
        secure = self._secure(scope, headers)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": self.headers(len(body), headers, secure),
            }
        )
        await send({"type": "http.response.body", "body": body})

    def headers(self, length: int, request: dict[bytes, bytes], secure: bool) -> list[tuple[bytes, bytes]]:
        """The response headers Django's middleware stack puts on a JSON answer of ``length`` bytes
        to a request without cookies, in its order: the middleware of settings.MIDDLEWARE process a
        response from the last to the first (permissions policy, CSP, frame options, length, the
        language, the session's Vary: Cookie, then the security headers)."""
        fixed = self._fixed.get(secure)
        if fixed is None:
            fixed = self._fixed[secure] = self._fixed_headers(secure)
        before, after = fixed
        return [
            *before,
            (b"Content-Length", str(length).encode()),
            (b"Vary", b"Accept-Language, Cookie"),
            (b"Content-Language", self._language(request).encode()),
            *after,
        ]

    @staticmethod
    def _fixed_headers(secure: bool) -> tuple[list[tuple[bytes, bytes]], list[tuple[bytes, bytes]]]:
        """The headers of :meth:`headers` that the settings decide: those before the length, and
        those after the language."""
        before = [(b"Content-Type", _CONTENT_TYPE)]
        before.append((b"Permissions-Policy", settings.PERMISSIONS_POLICY.encode()))
        policy = build_policy()
        if policy:
            before.append((b"Content-Security-Policy", policy.encode()))
        if getattr(settings, "X_FRAME_OPTIONS", None):
            before.append((b"X-Frame-Options", settings.X_FRAME_OPTIONS.encode()))
        after = []
        if settings.SECURE_HSTS_SECONDS and secure:
            sts = f"max-age={settings.SECURE_HSTS_SECONDS}"
            sts += "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
            sts += "; preload" if settings.SECURE_HSTS_PRELOAD else ""
            after.append((b"Strict-Transport-Security", sts.encode()))
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            after.append((b"X-Content-Type-Options", b"nosniff"))
        referrer = settings.SECURE_REFERRER_POLICY
        if referrer:
            values = [v.strip() for v in referrer.split(",")] if isinstance(referrer, str) else referrer
            after.append((b"Referrer-Policy", ",".join(values).encode()))
        if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
            after.append((b"Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode()))
        return before, after

    # --- the pool --------------------------------------------------------------------------------

    async def pool(self) -> AsyncConnectionPool:
        if self._pool is None:
            if self._opening is None:
                self._opening = asyncio.Lock()
            async with self._opening:
                if self._pool is None:
                    alias = _alias()
                    # the sizes of Django's pool (CASYS_DB_POOL_MIN/MAX) when it is on
                    sizes = (settings.DATABASES[alias].get("OPTIONS") or {}).get("pool") or {}
                    if not isinstance(sizes, dict):
                        sizes = {}
                    pool = AsyncConnectionPool(
                        _conninfo(alias),
                        min_size=int(sizes.get("min_size", 2)),
                        max_size=int(sizes.get("max_size", 10)),
                        kwargs={"autocommit": True},
                        configure=_configure,
                        open=False,
                    )
                    await pool.open()
                    self._pool = pool
        return self._pool

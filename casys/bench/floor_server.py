"""The floor of verify-by-number over HTTP: the least a server can do for the same lookup.

A bare asyncio HTTP/1.1 server (keep-alive) with a psycopg async connection pool, no framework,
answering ``GET /api/v1/registry/certificates/<issuer>/<number>`` with the certificate's row as
JSON in one prepared query. ``casys bench registry`` runs two of these processes on one port
(SO_REUSEPORT), as many as ``casys serve`` has uvicorn workers. No Django: run as
``python -m casys.bench.floor_server DSN PORT [--uvloop | --asgi]``: the asyncio server on the
standard event loop, the same on uvloop, or the same lookup as a minimal ASGI application under
uvicorn (uvloop, httptools). The bench measures each and takes the fastest as the floor.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from datetime import date, datetime
from urllib.parse import unquote

from psycopg_pool import AsyncConnectionPool

QUERY = (
    "SELECT issuer_slug, issuer_name, number, status, public, holder_name, holder_name_en, country,"
    " standards, iaf_codes, scope, sites, original_issue_date, issue_date, expiry_date,"
    " accreditation_body, history FROM registry_attestation"
    " WHERE issuer_slug = %s AND number = %s AND kind = 'certificate'"
)
PREFIX = "/api/v1/registry/certificates/"


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


async def _handle(
    pool: AsyncConnectionPool, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode("ascii")
            body, status = b'{"detail":"Not Found"}', b"404 Not Found"
            if path.startswith(PREFIX):
                issuer, _sep, number = path[len(PREFIX) :].partition("/")
                async with pool.connection() as conn, conn.cursor() as cur:
                    await cur.execute(QUERY, (unquote(issuer), unquote(number)), prepare=True)
                    row = await cur.fetchone()
                    names = [d.name for d in cur.description or ()]
                if row is not None:
                    body = json.dumps({n: _plain(v) for n, v in zip(names, row, strict=True)}).encode()
                    status = b"200 OK"
            writer.write(
                b"HTTP/1.1 "
                + status
                + b"\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(dsn: str, port: int) -> None:
    pool = AsyncConnectionPool(dsn, min_size=4, max_size=16, open=False, kwargs={"autocommit": True})
    await pool.open()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    server = await asyncio.start_server(lambda r, w: _handle(pool, r, w), sock=sock, backlog=1024)
    async with server:
        await server.serve_forever()


def asgi_app(dsn: str) -> object:
    """The same lookup as a minimal ASGI application (run by uvicorn: ``--asgi``)."""
    pool = AsyncConnectionPool(dsn, min_size=4, max_size=16, open=False, kwargs={"autocommit": True})
    opened: list[bool] = []

    async def app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        if scope["type"] == "lifespan":
            return  # uvicorn's lifespan "auto": unsupported, carry on
        if not opened:
            await pool.open()  # (a second open() of an open pool does nothing)
            opened.append(True)
        path = scope["path"]
        body, status = b'{"detail":"Not Found"}', 404
        if path.startswith(PREFIX):
            issuer, _sep, number = path[len(PREFIX) :].partition("/")
            async with pool.connection() as conn, conn.cursor() as cur:
                await cur.execute(QUERY, (issuer, number), prepare=True)
                row = await cur.fetchone()
                names = [d.name for d in cur.description or ()]
            if row is not None:
                body = json.dumps({n: _plain(v) for n, v in zip(names, row, strict=True)}).encode()
                status = 200
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": body})  # type: ignore[operator]

    return app


def asgi_from_env() -> object:
    return asgi_app(os.environ["CASYS_FLOOR_DSN"])


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[3] == "--asgi":
        import uvicorn

        # uvicorn's own workers on one port (given a listening socket by fd, uvicorn takes it for a
        # Unix socket and leaves Nagle on: 40 ms a response); the DSN reaches them in the environment
        os.environ["CASYS_FLOOR_DSN"] = sys.argv[1]
        workers = int(sys.argv[4]) if len(sys.argv) > 4 else 2
        uvicorn.run("casys.bench.floor_server:asgi_from_env", factory=True, host="127.0.0.1",
                    port=int(sys.argv[2]), workers=workers, loop="uvloop", http="httptools", backlog=2048,
                    log_level="warning", access_log=False, lifespan="off")  # fmt: skip
    elif len(sys.argv) > 3 and sys.argv[3] == "--uvloop":
        import uvloop

        uvloop.run(serve(sys.argv[1], int(sys.argv[2])))
    else:
        asyncio.run(serve(sys.argv[1], int(sys.argv[2])))

"""How casys is served: uvicorn on the ASGI application (:mod:`casys.project.asgi`).

One command line for ``casys serve`` and for the benchmark that measures it
(:func:`casys.bench.registry_read.verify_http`), so the bench measures what production runs.
"""

from __future__ import annotations

import sys

#: worker processes of ``casys serve`` unless told otherwise
WORKERS = 2


def command(host: str, port: int, workers: int = WORKERS, graceful: int = 60) -> list[str]:
    """uvicorn with ``workers`` processes on ``host:port``.

    uvloop and httptools (uvicorn's ``standard`` extras); no proxy headers — the client address is
    the peer's, and ``X-Forwarded-For`` is believed only from ``CASYS_TRUSTED_PROXIES`` by casys itself
    (:mod:`casys.accounts.network`), never by the server; no access log (the TLS proxy keeps one);
    ``graceful`` seconds for running requests (a web import) to finish when a worker stops.
    """
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "casys.project.asgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--lifespan",
        "on",
        "--no-proxy-headers",
        "--no-server-header",
        "--no-access-log",
        "--backlog",
        "2048",
        "--timeout-graceful-shutdown",
        str(graceful),
        "--log-level",
        "warning",
    ]

"""``casys serve`` (uvicorn on the ASGI app) serves the whole site: pages, static files, the API,
and — on PostgreSQL — verify by number through the hot path, byte for byte as Django answers it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from casys import clock
from casys.project import serving
from tests.registry.conftest import entry, publish

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int, cwd: Path) -> Iterator[str]:
    proc = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                _get(base + "/api/v1/health")
                break
            except OSError:
                assert time.monotonic() < deadline, "casys serve did not answer"
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()  # `casys serve` is uvicorn itself (exec): its workers stop with it
        proc.wait(timeout=60)
        alone = _alone(proc.pid)
        if not alone:
            os.killpg(proc.pid, signal.SIGKILL)  # the session's leftovers, ours alone
        assert alone, "a worker outlived casys serve"


def _alone(session: int) -> bool:
    """No process of the server's session is left (uvicorn's workers included) within 15 s."""
    for _ in range(30):
        out = subprocess.run(
            ["ps", "-o", "pid=,args=", "-s", str(session)], capture_output=True, text=True
        ).stdout
        if not out.strip():
            return True
        time.sleep(0.5)
    print(out)
    return False


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CASYS_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        PYTHONPATH=str(ROOT),
        CASYS_SECRET_KEY="serve-test-" + "x" * 40,
        CASYS_SECURE="0",
        CASYS_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def test_casys_serve_serves_pages_static_files_and_the_api_on_sqlite(tmp_path: Path) -> None:
    port = _free_port()
    env = _env(DATABASE_URL=f"sqlite:///{tmp_path / 'casys.sqlite3'}", CASYS_DATA_DIR=str(tmp_path / "data"))
    command = [sys.executable, "-m", "casys.cli", "serve", "--port", str(port), "--workers", "2"]
    with _server(command, env, port, tmp_path) as base:
        status, _h, page = _get(base + "/login/")
        assert status == 200 and b"<form" in page
        css = re.search(rb'href="(/static/[^"]+\.css)"', page)
        assert css is not None
        status, headers, _body = _get(base + css.group(1).decode())
        assert status == 200 and headers["content-type"].startswith("text/css")
        status, headers, body = _get(base + "/api/v1/registry/certificates/nobody/Q-1")
        assert (status, body) == (404, b'{"detail": "Not Found"}')
        assert headers["x-content-type-options"] == "nosniff" and "server" not in headers
        status, _h, _b = _get(base + "/no-such-page/")
        assert status == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the hot path runs on PostgreSQL")
def test_verify_by_number_through_uvicorn_is_djangos_answer(
    accredited: Any, client: Any, tmp_path: Path
) -> None:
    publish(accredited, entry("Q-1"), entry("Q-5", public=False))
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = _free_port()
    env = _env(DATABASE_URL=url, CASYS_DB_POOL="1", CASYS_TODAY="2025-06-01", CASYS_DATA_DIR=str(tmp_path))
    env["CASYS_REGISTRY_RATE"] = "1000/m"
    with _server(serving.command("127.0.0.1", port), env, port, tmp_path) as base:
        for number in ("Q-1", "Q-5", "Q-9"):
            path = f"/api/v1/registry/certificates/alpha-cert/{number}"
            status, headers, body = _get(base + path)
            with clock.travel_to(date(2025, 6, 1)):
                expected = client.get(path, HTTP_HOST="127.0.0.1")
            assert (status, body) == (expected.status_code, expected.content), number
            assert headers["content-type"] == expected["Content-Type"]
            # django-csp joins the directives in the order of a set: another process, another order
            directives = sorted(headers["content-security-policy"].split("; "))
            assert directives == sorted(expected["Content-Security-Policy"].split("; "))

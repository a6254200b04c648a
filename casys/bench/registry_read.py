"""The read paths of ``casys bench registry``: verify by number over HTTP under load against the
floor server (:mod:`casys.bench.floor_server`), offline verification interleaved with bare Ed25519
verifications, and the database's bytes per attestation.

Load generator: ``wrk`` (2 threads) when it is installed (Debian packages it); otherwise an asyncio
HTTP/1.1 client in the bench's process, ``connections`` concurrent connections for ``seconds``
seconds, keep-alive where the server keeps the connection (the floor and uvicorn do). It shares the
machine's cores with the server measured, the same for both.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pybase64
from nacl.bindings import crypto_sign_open

from casys.project import serving

CONNECTIONS = 32

#: the minimal servers measured as the floor (casys.bench.floor_server's variants): arguments, and
#: how many processes the bench starts (uvicorn starts its own workers); the fastest counts
FLOORS: dict[str, tuple[list[str], int]] = {
    "asyncio": ([], serving.WORKERS),
    "asyncio on uvloop": (["--uvloop"], serving.WORKERS),
    "uvicorn + minimal ASGI": (["--asgi", str(serving.WORKERS)], 1),
}


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))] if s else 0.0


async def _client(
    host: str, port: int, paths: list[str], until: float, lat: list[float], errors: list[str]
) -> None:
    reader = writer = None
    i = 0
    while time.perf_counter() < until:
        path = paths[i % len(paths)]
        i += 1
        t = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            fields = {k.strip().lower(): v.strip() for k, _s, v in (x.partition(":") for x in lines[1:] if x)}
            await reader.readexactly(int(fields.get("content-length", "0")))
            if not lines[0].split(" ")[1].startswith("2"):
                errors.append(lines[0])
            if fields.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError) as exc:
            errors.append(type(exc).__name__)
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        lat.append(time.perf_counter() - t)
    if writer is not None:
        writer.close()


#: wrk's Lua script: the paths in turn, and one line of figures at the end (latency in µs)
_WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("CASYS-FIGURES %%d %%d %%f %%f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def load(port: int, paths: list[str], seconds: float, connections: int = CONNECTIONS) -> dict[str, Any]:
    """req/s and latency percentiles of ``connections`` concurrent clients for ``seconds``: with
    ``wrk`` when it is installed (``load_generator`` says which), else the asyncio client."""
    wrk = shutil.which("wrk")
    if wrk is not None:
        return _wrk(wrk, port, paths, seconds, connections)
    return _asyncio_load(port, paths, seconds, connections)


def _wrk(wrk: str, port: int, paths: list[str], seconds: float, connections: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        out = subprocess.run(
            [wrk, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", f.name,
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(f.name)
    line = next(x for x in out.splitlines() if x.startswith("CASYS-FIGURES "))
    requests, duration_us, p50, p99, errors = line.split()[1:]
    return {
        "req_per_s": round(int(requests) / (int(duration_us) / 1e6)),
        "p50_ms": round(float(p50) / 1000, 2),
        "p99_ms": round(float(p99) / 1000, 2),
        "requests": int(requests),
        "errors": int(errors),
        "connections": connections,
        "load_generator": "wrk (2 threads)",
    }


def _asyncio_load(port: int, paths: list[str], seconds: float, connections: int) -> dict[str, Any]:
    lat: list[float] = []
    errors: list[str] = []

    async def run() -> float:
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(
            *(
                _client("127.0.0.1", port, paths[k::connections] or paths, until, lat, errors)
                for k in range(connections)
            )
        )
        return time.perf_counter() - start

    elapsed = asyncio.run(run())
    return {
        "req_per_s": round(len(lat) / elapsed),
        "p50_ms": round(_pct(lat, 50) * 1000, 2),
        "p99_ms": round(_pct(lat, 99) * 1000, 2),
        "requests": len(lat),
        "errors": len(errors),
        "connections": connections,
        "load_generator": "python asyncio (in the bench process)",
    }


def _wait(port: int, path: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server answered on port {port}")


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=20)


#: rounds of the load on each server, in turn (the order reversed every other round), so that a
#: slow stretch of a noisy machine falls on every server alike and no one 10-second load decides
ROUNDS = 3


def verify_http(
    picks: list[tuple[str, Any]], workdir: Path, port_of: Any, seconds: float, rounds: int = ROUNDS
) -> dict[str, Any]:
    """casys (as ``casys serve`` runs it: uvicorn × 2 on the ASGI app, whose hot path answers
    verify by number; pool on) against the floors (:data:`FLOORS`), all under :data:`CONNECTIONS`
    concurrent connections of the load generator. casys twice: as it runs (each worker keeps the
    answers it gave: the load asks the same few hundred ``certificates`` over and over, so after
    the warm-up each is sent as kept once its row is read), and with no answer kept
    (``CASYS_REGISTRY_DOCUMENTS=0``: each request builds its document, as for certificates asked
    once).

    Each server is started, warmed, loaded for ``seconds`` and stopped, once a round, the servers
    in turn; :data:`ROUNDS` rounds, every other one in reverse order. A server's figures are the
    medians of its rounds (``req_per_s``, ``p50_ms``, ``p99_ms``), with every round's in
    ``rounds``; ``p99_ms_worst`` is the worst round's p99. The floor is the floor server with the
    highest median."""
    import casys

    root = str(Path(casys.__file__).resolve().parents[1])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casys.project.settings", "PYTHONPATH": root}
    paths = [f"/api/v1/registry/certificates/{slug}/{e.number}" for slug, e in picks]
    # exactly as `casys serve` starts it (uvicorn × serving.WORKERS on the ASGI app, the pool on);
    # then with no answers kept (CASYS_REGISTRY_DOCUMENTS=0): every request builds its document
    starts: dict[str, Any] = {
        name: functools.partial(_casys_server, env={**env, "CASYS_DB_POOL": "1", **kept}, workdir=workdir)
        for name, kept in (("casys", {}), ("casys, every answer built", {"CASYS_REGISTRY_DOCUMENTS": "0"}))
    }
    dsn = os.environ.get("DATABASE_URL", "")
    floor_names = list(FLOORS) if dsn.startswith("postgres") else []
    for name in floor_names:
        extra, processes = FLOORS[name]
        starts[name] = functools.partial(_floor_server, dsn, extra, processes, env=env, workdir=workdir)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in starts}
    for r in range(rounds):
        for name in list(starts) if r % 2 == 0 else list(reversed(starts)):
            port = port_of()
            server = starts[name](port)
            try:
                _wait(port, paths[0])
                load(port, paths, 2)  # warm: imports, pools, the chain cache and the answers of each worker
                runs[name].append(load(port, paths, seconds))
            finally:
                _stop(server)
    out: dict[str, Any] = {}
    for name in ("casys", "casys, every answer built"):
        out[name] = {**_medians(runs[name]), "certificates": len(set(paths))}
    if floor_names:
        floors = {name: _medians(runs[name]) for name in floor_names}
        # the floor is the fastest of the minimal servers
        best = max(floors, key=lambda k: floors[k]["req_per_s"])
        out["floor"] = {**floors[best], "server": best}
        out["floors"] = floors
        out["share_of_floor"] = round(out["casys"]["req_per_s"] / max(1, out["floor"]["req_per_s"]), 3)
        built = out["casys, every answer built"]["req_per_s"]
        out["share_of_floor, every answer built"] = round(built / max(1, out["floor"]["req_per_s"]), 3)
        # the same share round by round (each round's casys against each round's fastest floor)
        out["share_of_floor, rounds"] = [
            round(runs["casys"][r]["req_per_s"] / max(1, *(runs[f][r]["req_per_s"] for f in floor_names)), 3)
            for r in range(rounds)
        ]
        # the issue's own floor: "a minimal ASGI endpoint doing the same lookup" (under uvicorn, as casys)
        asgi = floors.get("uvicorn + minimal ASGI")
        if asgi:
            out["share_of_asgi_floor"] = round(out["casys"]["req_per_s"] / max(1, asgi["req_per_s"]), 3)
    out["rounds"] = rounds
    return out


def _casys_server(port: int, env: dict[str, str], workdir: Path) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen(serving.command("127.0.0.1", port), env=env, cwd=workdir)]


def _floor_server(
    dsn: str, extra: list[str], processes: int, port: int, env: dict[str, str], workdir: Path
) -> list[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "casys.bench.floor_server", dsn, str(port), *extra]
    return [subprocess.Popen(command, env=env, cwd=workdir) for _ in range(processes)]


def _medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One server's rounds summed up: the median of each figure, the worst p99, every round."""
    return {
        "req_per_s": round(statistics.median(x["req_per_s"] for x in runs)),
        "p50_ms": round(statistics.median(x["p50_ms"] for x in runs), 2),
        "p99_ms": round(statistics.median(x["p99_ms"] for x in runs), 2),
        "p99_ms_worst": max(x["p99_ms"] for x in runs),
        "requests": sum(x["requests"] for x in runs),
        "errors": sum(x["errors"] for x in runs),
        "connections": runs[0]["connections"],
        "load_generator": runs[0]["load_generator"],
        "rounds": [{k: x[k] for k in ("req_per_s", "p50_ms", "p99_ms", "errors")} for x in runs],
    }


def offline(
    tokens: list[str], ring: Any, lists: list[str], rounds: int = 10, block: int = 200
) -> dict[str, Any]:
    """Offline verification against bare Ed25519 verifications of the same tokens, interleaved in
    blocks so that a busy machine slows all alike, one core. Two bare verifiers: ``cryptography``
    (OpenSSL; the issue's floor) and PyNaCl (libsodium; what casys verifies with, about twice as
    fast here); the floor is the faster of the two, and ``share_of_issue_floor`` the share of the
    ``cryptography`` one. A third figure, ``same_work``: the simplest verifier doing the work a
    verification needs beyond the signature (:func:`_same_work`: decode, verify, parse, the two
    dates, each status bit; none of casys's checks of format, header, key or entries), which says
    what share of bare Ed25519 any verifier in Python reaches here.

    - ``credentials.verify`` of each token: signature, key, validity and both status lists (the
      lists verified once and kept, as a verifier holding them does);
    - ``inclusion``: ``casys registry verify-record``'s check of each token's record
      (``transparency.check_record``: the tree head's signature, verified once and kept; the leaf's
      facts against the record; the inclusion proof), from the registry's inclusion answers.
    """
    from casys.core import credentials, transparency

    # the moment the lists were signed (they are valid from then, for a day): the certificates are
    # the registry's mix on that day, valid, expired, suspended or withdrawn
    signed = [credentials.unverified_claims(x).get("validFrom") for x in lists]
    at = max((datetime.fromisoformat(v) for v in signed if isinstance(v, str)), default=datetime.now(UTC))
    keys = {k.kid: k.raw().public_bytes_raw() for k in ring.keys}
    openssl, sodium = [], []  # each token's signature, as each bare verifier takes it
    for tok in tokens:
        head, payload, sig = tok.split(".")
        kid = json.loads(base64.urlsafe_b64decode(head + "==="))["kid"]
        sig_b, msg = base64.urlsafe_b64decode(sig + "==="), f"{head}.{payload}".encode()
        openssl.append((ring.get(kid).raw(), sig_b, msg))
        sodium.append((sig_b + msg, keys[kid]))
    results = [credentials.verify(t, [ring], at, lists) for t in tokens]
    assert all(r.check("signature").state == "pass" for r in results)
    bitsets = {url: ready[2] for url, ready in credentials._lists(lists, [ring], at).ready.items()}  # noqa: SLF001
    # the simplest verifier of the same work says the same of each token
    assert [_same_work(t, keys, bitsets, at) for t in tokens] == [r.ok for r in results]
    outcomes = Counter("valid" if r.ok else "+".join(r.failed) for r in results)
    records = _records(tokens)
    for record, doc in records[:1]:
        checks = transparency.check_record(record, ring.issuer, doc, doc["tree_head"], [ring])
        assert all(c.state == "pass" for c in checks), checks
    t_casys = t_openssl = t_sodium = t_same = t_log = 0.0
    n = 0
    for _ in range(rounds):
        t = time.perf_counter()
        for i in range(block):
            credentials.verify(tokens[i % len(tokens)], [ring], at, lists)
        t_casys += time.perf_counter() - t
        t = time.perf_counter()
        for i in range(block):
            _same_work(tokens[i % len(tokens)], keys, bitsets, at)
        t_same += time.perf_counter() - t
        t = time.perf_counter()
        for i in range(block):
            pub, sig_b, msg = openssl[i % len(openssl)]
            pub.verify(sig_b, msg)
        t_openssl += time.perf_counter() - t
        t = time.perf_counter()
        for i in range(block):
            signed, raw = sodium[i % len(sodium)]
            crypto_sign_open(signed, raw)
        t_sodium += time.perf_counter() - t
        if records:
            t = time.perf_counter()
            for i in range(block):
                record, doc = records[i % len(records)]
                transparency.check_record(record, ring.issuer, doc, doc["tree_head"], [ring])
            t_log += time.perf_counter() - t
        n += block
    t_floor = min(t_openssl, t_sodium)
    out: dict[str, Any] = {
        "casys": round(n / t_casys),
        "floor": round(n / t_floor),
        "share_of_floor": round(t_floor / t_casys, 3),
        "floors": {"cryptography (OpenSSL)": round(n / t_openssl), "PyNaCl (libsodium)": round(n / t_sodium)},
        "share_of_issue_floor": round(t_openssl / t_casys, 3),
        "same_work": {
            "verifications/s": round(n / t_same),
            "share_of_floor": round(t_floor / t_same, 3),
            "casys share of it": round(t_same / t_casys, 3),
        },
        "verifications": n,
        "at": at.isoformat(),
        "tokens": dict(outcomes),
    }
    if records:
        out["inclusion"] = {
            "casys": round(n / t_log),
            "floor": round(n / t_floor),
            "share_of_floor": round(t_floor / t_log, 3),
            "checks": n,
            "proof_hashes": len(records[0][1]["proof"]),
        }
    return out


def _same_work(token: str, keys: dict[str, bytes], bitsets: dict[str, bytes], at: datetime) -> bool:
    """A token verified the simplest way: the header's kid, the signature (libsodium), the payload
    parsed, valid on ``at``, no status bit set. It trusts the token's shape (a malformed one raises)."""
    head, payload, sig = token.split(".")
    kid = orjson.loads(pybase64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))["kid"]
    signed = pybase64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)) + f"{head}.{payload}".encode()
    crypto_sign_open(signed, keys[kid])
    claims = orjson.loads(pybase64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    ok = datetime.fromisoformat(claims["validFrom"]) <= at <= datetime.fromisoformat(claims["validUntil"])
    for entry in claims.get("credentialStatus", ()):
        i, bits = int(entry["statusListIndex"]), bitsets[entry["statusListCredential"]]
        ok = ok and not bits[i >> 3] & (0x80 >> (i & 7))
    return ok


def _records(tokens: list[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each token's record (its row of the registry's export) and the registry's inclusion answer
    for it (``/api/v1/registry/log/<issuer>/inclusion``), as ``casys registry verify-record`` reads
    them; none when the issuer has signed no tree head."""
    from casys.attestations.models import Attestation
    from casys.attestations.services import log as tlog
    from casys.core import transparency
    from casys.registry.services import importer

    wanted = set(tokens)
    numbers = {str(_claims(t).get("credentialSubject", {}).get("certificateNumber", "")) for t in tokens}
    out = []
    for row in Attestation.all_objects.filter(number__in=numbers).select_related("issuer"):
        if row.credential not in wanted:
            continue
        try:
            doc = tlog.inclusion_json(tlog.inclusion(row.issuer, row.kind, row.number))
        except tlog.LogLookupError:
            return []
        record = importer.template_row(row)
        doc["record"] = {k: v for k, v in record.items() if k in transparency.FACT_KEYS}
        out.append((record, doc))
    return out


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def sizes(rows: int) -> dict[str, Any]:
    """Bytes per attestation of the registry's tables and indexes (PostgreSQL), after VACUUM ANALYZE."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    tables = ["registry_attestation", "registry_holder_word", "attestations_logleaf", "attestations_lognode",
              "attestations_signedtreehead", "attestations_statuslist"]  # fmt: skip
    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        for t in tables:
            cur.execute("SELECT to_regclass(%s) IS NOT NULL", [t])
            if not cur.fetchone()[0]:
                continue
            cur.execute("SELECT pg_table_size(%s), pg_indexes_size(%s)", [t, t])
            table, index = cur.fetchone()
            out[t] = {"table_bytes": table, "index_bytes": index}
    total = sum(v["table_bytes"] + v["index_bytes"] for v in out.values())
    return {"casys": round(total / max(1, rows)), "unit": "bytes per attestation", "tables": out}

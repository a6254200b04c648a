"""Verify by number over HTTP, two checkouts of casys against each other and against the floor.

On a machine whose speed wanders (2 shared cores), two bench runs minutes apart do not compare: this
serves one database with checkout A, checkout B (each as ``casys serve`` runs it, the pool on) and the
floor (uvicorn + the minimal ASGI lookup of ``casys.bench.floor_server``), all at once, and loads them
in turn with ``wrk`` (32 connections), round after round, so a slow minute slows all three alike.

    .venv/bin/python scripts/http-ab.py postgresql://postgres@127.0.0.1:5432/postgres \\
        --a . --b /tmp/casys-before --rows 50000 --rounds 5 --seconds 6

The server URL is an administrator's (a database is created for the run and left). The database is
migrated and filled by checkout A's code (this interpreter's ``casys``); both checkouts must read
its schema. Prints each round's req/s and p99, then the medians and each checkout's share of the
floor per round.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("server", help="postgresql:// URL of a server and a database to connect to")
    parser.add_argument("--a", default=".", help="checkout A (default: this one)")
    parser.add_argument("--b", required=True, help="checkout B")
    parser.add_argument("--issuers", type=int, default=4)
    parser.add_argument("--rows", type=int, default=50_000, help="certificates per issuer")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=6.0, help="each load, per server and round")
    args = parser.parse_args()

    import psycopg

    name = "ab" + os.urandom(4).hex()
    with psycopg.connect(args.server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = args.server.rsplit("/", 1)[0] + "/" + name
    workdir = Path(tempfile.mkdtemp(prefix="casys-http-ab-"))

    from casys.bench.registry import _bodies, _entries, _free_port, _setup_django

    _setup_django(workdir, dsn)
    from django.db import connection

    from casys.registry.services import ingest

    rng = random.Random(1)
    picks = []
    bodies, _ab = _bodies(args.issuers)
    for i, body in enumerate(bodies):
        entries = _entries(rng, args.rows, f"CB{i}")
        ingest.ingest(body, entries, source="http-ab")
        picks += [(body.slug, e.number) for e in rng.sample(entries, min(125, len(entries)))]
    connection.close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")

    from casys.bench.registry_read import _wait, load
    from casys.project import serving

    paths = [f"/api/v1/registry/certificates/{slug}/{number}" for slug, number in picks]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casys.project.settings", "CASYS_DB_POOL": "1"}
    ports: dict[str, int] = {}
    procs = []
    for label, root in (("A", args.a), ("B", args.b)):
        root = str(Path(root).resolve())
        ports[label] = _free_port()
        command = serving.command("127.0.0.1", ports[label])
        procs.append(subprocess.Popen(command, env={**env, "PYTHONPATH": root}, cwd=root))
    ports["floor"] = _free_port()
    floor = [sys.executable, "-m", "casys.bench.floor_server", dsn, str(ports["floor"]), "--asgi", "2"]
    procs.append(subprocess.Popen(floor, env={**env, "PYTHONPATH": str(Path(args.a).resolve())}, cwd=workdir))
    try:
        for port in ports.values():
            _wait(port, paths[0])
            load(port, paths, 3)  # warm: imports, pools, each worker's chain cache
        figures: dict[str, list[dict[str, float]]] = {label: [] for label in ports}
        for r in range(args.rounds):
            for label, port in ports.items():
                f = load(port, paths, args.seconds)
                figures[label].append(f)
                rps, p99, errors = f["req_per_s"], f["p99_ms"], f["errors"]
                print(f"round {r + 1} {label}: {rps} req/s, p99 {p99} ms, {errors} errors")
        for label, runs in figures.items():
            rps = statistics.median(f["req_per_s"] for f in runs)
            p99 = statistics.median(f["p99_ms"] for f in runs)
            print(f"{label}: median {rps} req/s, median p99 {p99} ms")
        for label in ("A", "B"):
            pairs = zip(figures[label], figures["floor"], strict=True)
            shares = [round(x["req_per_s"] / f["req_per_s"], 3) for x, f in pairs]
            print(f"{label} / floor per round: {shares}, median {statistics.median(shares)}")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)


if __name__ == "__main__":
    main()

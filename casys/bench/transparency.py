"""``casys bench transparency-log``: what the transparency log costs, against the same work without it.

In one run, on one throwaway database (SQLite, or PostgreSQL with ``--database postgresql``):

- **ingest**: issuers take turns importing ``--rows`` synthetic certificates in batches of 10,000
  through :func:`casys.attestations.services.issue.issue`, one issuer of each pair with the log, one
  with the log's appender replaced by nothing (alternating so the machine's noise falls on both);
  the cost per row of the log is the difference;
- **proofs**: an inclusion proof of a random leaf and a consistency proof from half the log, served
  as the API serves them (from the stored leaf hashes);
- **offline**: ``casys.core.transparency.check_inclusion`` (tree-head signature, leaf, audit path)
  per second against bare Ed25519 verifications per second of the same head.

Times are the process's CPU time (``time.process_time``), not wall time: on a shared machine the
wall time of a single-threaded in-process run measures the other jobs as much as this one (SQLite
runs inside the process, so its work is counted; a PostgreSQL server's is not, so on PostgreSQL
the ingest figures leave out the server's share).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from casys.bench.registry import _bodies, _entries, _setup_django, _start_postgres


def run(rows: int, seed: int, database: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="casys-bench-log-") as tmp:
        workdir = Path(tmp)
        stop = None
        url = None
        if database == "postgresql":
            url, stop = _start_postgres(workdir)
        try:
            _setup_django(workdir, url)
            return _measure(rows, seed, database)
        finally:
            if stop is not None:
                stop()


class _NoLog:
    """The appender with nothing appended: the floor of the ingest comparison."""

    def __init__(self, *args: Any) -> None:
        pass

    @classmethod
    def open(cls, issuer: Any) -> _NoLog:
        return cls()

    def add(self, *args: Any) -> None:
        pass

    def flush(self) -> None:
        pass

    def close(self, key: Any = None) -> None:
        return None


def _measure(rows: int, seed: int, database: str) -> dict[str, Any]:
    from django.db import connection
    from nacl.bindings import crypto_sign_open

    from casys.accounts.scoping import unscoped
    from casys.attestations.models import Attestation, LogLeaf
    from casys.attestations.services import issue as issue_module
    from casys.attestations.services import keys
    from casys.attestations.services import log as tlog
    from casys.core import merkle, transparency

    rng = random.Random(seed)
    batch = 10_000
    rounds = max(1, rows // batch)
    real = issue_module.tlog.Appender
    with unscoped():
        cbs, _ab = _bodies(2)
        with_log, without = cbs
        timing: dict[str, list[float]] = {"log": [], "none": []}
        for i in range(rounds):
            pair = [(with_log, "log"), (without, "none")]
            for cb, name in pair if i % 2 == 0 else pair[::-1]:
                entries = _entries(rng, batch, f"{cb.slug.upper()}-{i}")
                issue_module.tlog.Appender = real if name == "log" else _NoLog  # type: ignore[misc]
                t = time.process_time()
                issue_module.issue(cb, entries, source="bench")
                timing[name].append(time.process_time() - t)
        issue_module.tlog.Appender = real  # type: ignore[misc]
        per_row = {k: sum(v) / (len(v) * batch) * 1e6 for k, v in timing.items()}
        size = LogLeaf.all_objects.filter(issuer=with_log).count()
        inc_ms, cons_ms = [], []
        numbers = list(Attestation.all_objects.filter(issuer=with_log).values_list("number", flat=True))
        for _ in range(5):
            t = time.process_time()
            inc = tlog.inclusion(with_log, "certificate", rng.choice(numbers))
            inc_ms.append((time.process_time() - t) * 1000)
            t = time.process_time()
            tlog.consistency(with_log, size // 2 or 1, size)
            cons_ms.append((time.process_time() - t) * 1000)
        doc = tlog.inclusion_json(inc)
        row = Attestation.all_objects.get(issuer=with_log, number=inc.leaf.number)
        ring = keys.keyring(with_log.slug)
        assert ring is not None
        n = 2000
        t = time.process_time()
        for _ in range(n):
            checks = transparency.check_inclusion(row.credential, ring.issuer, doc, doc["tree_head"], [ring])
        offline = n / (time.process_time() - t)
        assert all(c.state == "pass" for c in checks), checks
        head, _kid = transparency.verify_tree_head(doc["tree_head"], [ring])
        signing_input, _dot, sig = doc["tree_head"].rpartition(".")
        raw_sig = transparency._b64url_decode(sig)  # noqa: SLF001
        key = ring.get(ring.active or "")
        assert key is not None
        pub, message = key.raw(), signing_input.encode("ascii")
        t = time.process_time()
        for _ in range(n):
            pub.verify(raw_sig, message)
        bare_openssl = n / (time.process_time() - t)
        raw_key, signed = pub.public_bytes_raw(), raw_sig + message
        t = time.process_time()
        for _ in range(n):
            crypto_sign_open(signed, raw_key)
        bare_sodium = n / (time.process_time() - t)
        bare = max(bare_openssl, bare_sodium)  # the floor: the faster bare verifier
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                cur.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'attestations_logleaf%' "
                    "OR name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'attestations_logleaf')"
                )
            else:
                cur.execute("SELECT pg_total_relation_size('attestations_logleaf')")
            log_bytes = cur.fetchone()[0]
    leaves = LogLeaf.all_objects.count()
    return {
        "database": database,
        "rows per issuer": rounds * batch,
        "ingest µs/row": {
            "with log": round(per_row["log"], 1),
            "without log": round(per_row["none"], 1),
            "log cost": round(per_row["log"] - per_row["none"], 1),
            "ratio": round(per_row["log"] / per_row["none"], 3),
            "batches (s)": {k: [round(x, 2) for x in v] for k, v in timing.items()},
        },
        "proofs ms (from stored leaf hashes)": {
            "tree size": size,
            "inclusion median": round(statistics.median(inc_ms), 1),
            "consistency median": round(statistics.median(cons_ms), 1),
            "proof length": len(inc.proof),
        },
        "offline inclusion checks/s": {
            "casys": round(offline),
            "bare Ed25519 verify/s": round(bare),
            "bare Ed25519 verify/s by library": {
                "cryptography (OpenSSL)": round(bare_openssl),
                "PyNaCl (libsodium)": round(bare_sodium),
            },
            "ratio": round(offline / bare, 2),
            "tree size": head.size,
        },
        "log bytes per leaf": round(log_bytes / leaves, 1) if log_bytes and leaves else None,
        "merkle leaf hash/s": _hash_rate(merkle),
    }


def _hash_rate(merkle: Any) -> int:
    data = [f'{{"n":{i}}}'.encode() for i in range(100_000)]
    t = time.process_time()
    merkle.Frontier.of(merkle.leaf_hash(d) for d in data)
    return round(len(data) / (time.process_time() - t))

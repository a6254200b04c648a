"""Public registry reads go to a streaming replica; writes and staff reads stay on the primary.

The test starts its own PostgreSQL primary and a replica of it (``pg_basebackup -R``) on loopback
ports, as scripts/run-tests starts its cluster (as user postgres under root). Without PostgreSQL
binaries it is skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pg_bin() -> Path | None:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return bins[-1] if bins and (bins[-1] / "pg_basebackup").exists() else None


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def primary_and_replica(tmp_path: Path):  # type: ignore[no-untyped-def]
    pg = _pg_bin()
    if pg is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL binaries (initdb, pg_basebackup) are missing: CI must have them")
        pytest.skip("PostgreSQL binaries are not installed")
    runas: list[str] = []
    if os.geteuid() == 0:
        if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        runas = ["runuser", "-u", "postgres", "--"]
    # not under pytest's temporary directory, which only root may enter
    work = Path(tempfile.mkdtemp(prefix="casys-replica-"))
    if runas:
        shutil.chown(work, "postgres")
    p1, p2 = _port(), _port()
    primary, replica = work / "primary", work / "replica"

    def run(*cmd: str) -> None:
        subprocess.run([*runas, *cmd], check=True, capture_output=True)

    run(str(pg / "initdb"), "-D", str(primary), "-U", "casys", "-A", "trust", "-E", "UTF8",
        "--locale=C.UTF-8", "--no-sync")  # fmt: skip
    common = f"-k {work} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(pg / "pg_ctl"), "-D", str(primary), "-l", str(work / "primary.log"), "-w", "start",
        "-o", f"-p {p1} {common} -c wal_level=replica -c max_wal_senders=4")  # fmt: skip
    started = [primary]
    try:
        subprocess.run(
            [str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(p1), "-U", "casys", "casys"], check=True
        )
        run(str(pg / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(p1), "-U", "casys", "-D",
            str(replica), "-R", "-X", "stream", "--no-sync")  # fmt: skip
        run(str(pg / "pg_ctl"), "-D", str(replica), "-l", str(work / "replica.log"), "-w", "start",
            "-o", f"-p {p2} {common} -c hot_standby=on")  # fmt: skip
        started.append(replica)
        yield f"postgresql://casys@127.0.0.1:{p1}/casys", f"postgresql://casys@127.0.0.1:{p2}/casys", tmp_path
    finally:
        for data in reversed(started):
            subprocess.run([*runas, str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


def test_public_reads_go_to_the_replica_and_staff_reads_see_their_own_writes(primary_and_replica) -> None:
    primary, replica, tmp = primary_and_replica
    data = tmp / "data"
    data.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CASYS_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "casys.project.settings",
        "DATABASE_URL": primary,
        "CASYS_DATABASE_REPLICA_URL": replica,
        "CASYS_DATA_DIR": str(data),
        "CASYS_SECRET_KEY": "replica-test-" + "x" * 50,
        "CASYS_SECURE": "0",
        "CASYS_ALLOWED_HOSTS": "testserver",
        "CASYS_REGISTRY_RATE": "100000/m",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.registry.replica_scenario"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["in_recovery"] is True  # the second server really is a standby
    assert (seen["read_db"], seen["write_db"]) == ("replica", "default")
    # replay paused on the replica: the public API still shows the replica's (old) row ...
    assert seen["replica_sees"] == "Before Holder AB"
    assert seen["public_paused"] == "Before Holder AB"
    # ... while a staff read outside the public paths sees the write at once (read-your-writes)
    assert seen["staff_sees"] == "After Holder AB"
    # replay resumed: the public API catches up
    assert seen["public_after"] == "After Holder AB"
    # the holder word table (PostgreSQL): cross-script prefix search, emptied with the registry
    assert seen["cross_script"] == ["R-1"]
    assert seen["words_before"] >= 2 and seen["words_after"] == 0

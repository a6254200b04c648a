"""A real worker process killed with SIGKILL in the middle of an import job: nothing of the import
is written, and the next worker to start queues the job again and finishes it.

Runs its own SQLite database in a temporary data directory (the worker is another process, so it
cannot share the test database's transaction); the pause inside the import's transaction is the
importer's test hook (``CASYS_IMPORT_SLEEP_AFTER``).
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from casys.registry.services.template import KEYS

ROOT = Path(__file__).resolve().parents[2]
ROWS = 4000
SETUP = """
from casys.commands.django_setup import setup
setup()
from pathlib import Path
from casys.accounts.models import Body, User
from casys.accounts.scoping import unscoped
from casys.jobs import services
from casys.registry.jobs import IMPORT
with unscoped():
    body = Body.all_objects.create(
        slug="kill-cert", name="Kill Cert", kind="certification_body", country="LV"
    )
    user = User.objects.create_user("k@kill.example", None)
    data = Path("big.csv").read_bytes()
    services.enqueue(body, IMPORT, input_name="big.csv", input_data=data, created_by=user)
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(CASYS_DATA_DIR=str(data_dir), CASYS_SECRET_KEY="kill-test-" + "k" * 50, CASYS_SECURE="0")
    env["PYTHONPATH"] = str(ROOT)
    return env


def _rows() -> str:
    row = "K-{i},active,2024-01-10,2024-01-10,2027-01-09,Holder {i},,,LV,Scope,ISO 9001:2015,12,,,yes"
    return ",".join(KEYS) + "\n" + "\n".join(row.format(i=i) for i in range(ROWS)) + "\n"


def _query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchall()


def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_worker_finishes_the_job(tmp_path):
    env = _env(tmp_path)
    cli = [sys.executable, "-m", "casys.cli"]
    subprocess.run([*cli, "manage", "migrate", "-v0"], env=env, cwd=tmp_path, check=True)
    (tmp_path / "big.csv").write_text(_rows())
    subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=tmp_path, check=True)
    db = tmp_path / "casys.sqlite3"

    worker = subprocess.Popen(
        [*cli, "worker", "--interval", "0.2"],
        env={**env, "CASYS_IMPORT_SLEEP_AFTER": "2000"},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        for line in worker.stdout:  # the import pauses inside its transaction after 2,000 rows
            if "paused after" in line or time.monotonic() > deadline:
                break
        assert _query(db, "select state, attempts from jobs_job") == [("running", 1)]
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    # nothing half written: the 2,000 rows prepared in the transaction died with the process
    assert _query(db, "select count(*) from registry_attestation") == [(0,)]

    subprocess.run([*cli, "worker", "--batch", "--interval", "0"], env=env, cwd=tmp_path, check=True)
    state, attempts, done, total, error, notes = _query(
        db, "select state, attempts, done, total, error, notes from jobs_job"
    )[0]
    assert (state, attempts, done, total, error) == ("done", 2, ROWS, ROWS, "")
    assert "attempt 1 of 2: the worker" in notes and "stopped during the run" in notes
    assert _query(db, "select count(*) from registry_attestation") == [(ROWS,)]
    assert _query(db, "select count(*) from auditlog_auditentry where action = 'jobs.job.retried'") == [(1,)]

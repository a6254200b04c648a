"""A real worker killed with SIGKILL in the middle of a registry export job: no output file is left
(only the killed attempt's partial file, which the retry removes), and the next worker to start
queues the job again and writes the whole file. The pause is the exporter's test hook
(``CASYS_EXPORT_SLEEP_AFTER``); the pattern is the one of test_worker_kill.py."""

import signal
import subprocess
import sys
import time

from casys.registry.services.template import KEYS
from tests.jobs.test_worker_kill import _env, _query

ROWS = 300
SETUP = """
from casys.commands.django_setup import setup
setup()
from casys.accounts.models import Body, User
from casys.accounts.scoping import unscoped
from casys.jobs import services
from casys.registry.jobs import EXPORT
with unscoped():
    body = Body.all_objects.get(slug="kill-cert")
    user = User.objects.create_user("k@kill.example", None)
    services.enqueue(body, EXPORT, params={"format": "csv"}, input_name="export.csv", created_by=user)
"""


def test_a_worker_killed_mid_export_leaves_no_file_and_the_next_worker_writes_it_whole(tmp_path):
    env = _env(tmp_path)
    cli = [sys.executable, "-m", "casys.cli"]
    subprocess.run([*cli, "manage", "migrate", "-v0"], env=env, cwd=tmp_path, check=True)
    make = (
        "from casys.commands.django_setup import setup; setup()\n"
        "from casys.accounts.models import Body\n"
        "Body.all_objects.create(\n"
        "    slug='kill-cert', name='Kill Cert', kind='certification_body', country='LV'\n"
        ")\n"
    )
    subprocess.run([sys.executable, "-c", make], env=env, cwd=tmp_path, check=True)
    row = "E-{i:04d},active,2024-01-10,2024-01-10,2027-01-09,Holder {i},,,LV,Scope,ISO 9001:2015,12,,,yes"
    (tmp_path / "in.csv").write_text(
        ",".join(KEYS) + "\n" + "\n".join(row.format(i=i) for i in range(ROWS)) + "\n"
    )
    subprocess.run(
        [*cli, "registry", "import", "in.csv", "--issuer", "kill-cert", "--json"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=tmp_path, check=True)
    db = tmp_path / "casys.sqlite3"
    out_dir = tmp_path / "jobs" / "output"

    worker = subprocess.Popen(
        [*cli, "worker", "--interval", "0.2"],
        env={**env, "CASYS_EXPORT_SLEEP_AFTER": "100:600"},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        for line in worker.stdout:
            if "export paused after 100 rows" in line or time.monotonic() > deadline:
                break
        assert _query(db, "select state, attempts from jobs_job") == [("running", 1)]
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    (job_id,) = _query(db, "select id from jobs_job")[0]
    assert not (out_dir / str(job_id)).exists()  # no output: only the killed attempt's partial file
    assert [p.name.split("-")[0] for p in out_dir.iterdir()] == [f"{job_id}.partial"]

    subprocess.run([*cli, "worker", "--batch", "--interval", "0"], env=env, cwd=tmp_path, check=True)
    state, attempts, done, total, error, notes = _query(
        db, "select state, attempts, done, total, error, notes from jobs_job"
    )[0]
    assert (state, attempts, done, total, error) == ("done", 2, ROWS, ROWS, "")
    assert "attempt 1 of 2: the worker" in notes
    lines = (out_dir / str(job_id)).read_text().splitlines()
    assert lines[0] == ",".join(KEYS) and len(lines) == ROWS + 1 and lines[-1].startswith("E-0299,")
    assert [p.name for p in out_dir.iterdir()] == [str(job_id)]  # the partial file is gone

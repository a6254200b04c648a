"""The daily rule job-output-cleanup on fixed dates: a done job's output file older than the retention
(CASYS_JOB_OUTPUT_DAYS) is deleted, its row kept and marked "output expired" (shown on the job page,
the download answers 404), the change logged with the system as actor; nothing earlier, nothing twice,
and jobs without an output file are left alone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.cli import app
from casys.jobs import cleanup, daily, output, services
from casys.jobs.models import Job, JobState
from casys.registry.jobs import EXPORT, IMPORT

pytestmark = pytest.mark.django_db
FINISHED = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def retention(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.CASYS_JOB_OUTPUT_DAYS = 30


def _done(body, kind=EXPORT, with_output=True) -> Job:
    job = services.enqueue(body, kind, input_name="x")
    result = {"certificates": 1, "output": f"registry-{job.pk}.csv"} if with_output else {"rows": 1}
    Job.all_objects.filter(pk=job.pk).update(state=JobState.DONE, finished_at=FINISHED, result=result)
    if with_output:
        path = output.path_of(job.pk)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("certificate_number\nQ-1\n")
    return Job.all_objects.get(pk=job.pk)


def _run(day: date) -> list[dict]:
    return daily.run(day, only=[cleanup.RULE]).changes[cleanup.RULE]


def test_an_output_is_kept_the_whole_retention_and_deleted_the_day_after(body_a, owner_client):
    job = _done(body_a)
    assert _run(date(2026, 4, 9)) == []  # finished 10 March + 30 days: still kept on 9 April
    assert output.path_of(job.pk).exists()
    assert owner_client.get(f"/jobs/alpha-cert/{job.pk}/output").status_code == 200
    changes = _run(date(2026, 4, 10))
    assert changes == [
        {
            "body": "alpha-cert",
            "job": job.pk,
            "rule": "job-output-cleanup",
            "file": f"registry-{job.pk}.csv",
            "finished": "2026-03-10",
        }
    ]
    assert not output.path_of(job.pk).exists()
    with unscoped():
        stored = Job.all_objects.get(pk=job.pk)
        entry = AuditEntry.all_objects.get(action="jobs.job.output_expired")
    assert stored.state == JobState.DONE and stored.output_expired_on == date(2026, 4, 10)
    assert stored.result["certificates"] == 1  # the row and its result stay
    assert entry.actor_label == "system" and entry.data["rule"] == "job-output-cleanup"
    page = owner_client.get(f"/jobs/alpha-cert/{job.pk}/").content.decode()
    assert 'id="job-output-expired"' in page and "Output expired" in page
    assert "output expired" in owner_client.get("/jobs/alpha-cert/").content.decode()
    assert owner_client.get(f"/jobs/alpha-cert/{job.pk}/output").status_code == 404
    assert _run(date(2026, 4, 11)) == []  # nothing twice


def test_the_retention_is_the_setting(body_a, settings):
    settings.CASYS_JOB_OUTPUT_DAYS = 7
    job = _done(body_a)
    assert _run(date(2026, 3, 17)) == []
    assert [c["job"] for c in _run(date(2026, 3, 18))] == [job.pk]


def test_jobs_without_an_output_file_or_not_done_are_left_alone(body_a):
    plain = _done(body_a, IMPORT, with_output=False)
    failed = _done(body_a)
    Job.all_objects.filter(pk=failed.pk).update(state=JobState.FAILED)
    assert _run(date(2027, 1, 1)) == []
    assert output.path_of(failed.pk).exists()
    with unscoped():
        assert Job.all_objects.get(pk=plain.pk).output_expired_on is None


def test_casys_daily_runs_the_cleanup(body_a):
    job = _done(body_a)
    result = CliRunner().invoke(app, ["daily", "--date", "2026-06-01", "--json"])
    assert result.exit_code == 0, result.output
    rules = json.loads(result.stdout)["rules"]
    assert rules["job-output-cleanup"]["count"] == 1
    assert not output.path_of(job.pk).exists()

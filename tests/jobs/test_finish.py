"""Finishing a job survives a database that answers "locked" for a moment, and a progress write
that meets the lock is skipped rather than failing the job (seen in CI: a job stuck "running"
because its final write met the web page's read of the job row)."""

import pytest
from django.db import OperationalError

from casys.jobs import progress, services
from casys.jobs.models import Job, JobState
from casys.registry.jobs import IMPORT

pytestmark = pytest.mark.django_db


def _locked(*args, **kwargs):
    raise OperationalError("database table is locked: jobs_job")


@pytest.fixture
def job(body_a):
    queued = services.enqueue(body_a, IMPORT, input_name="in.csv", input_data=b"x")
    return services._claim(queued.pk)


def test_the_final_state_is_written_after_the_database_was_locked_twice(job, monkeypatch):
    real, calls = services._write_final, []

    def locked_twice(*args, **kwargs):
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("database table is locked: jobs_job")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_write_final", locked_twice)
    monkeypatch.setattr(services.time, "sleep", lambda s: None)
    services._finish(job, progress.Progress(job), JobState.DONE, result={"rows": 1})
    assert len(calls) == 3
    stored = Job.all_objects.get(pk=job.pk)
    assert (stored.state, stored.result) == (JobState.DONE, {"rows": 1})
    assert stored.notes == []  # the failed tries left nothing behind


def test_a_lock_that_outlasts_the_patience_is_raised(job, monkeypatch):
    clock = iter(range(0, 10_000, 10))
    monkeypatch.setattr(services.time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(services.time, "sleep", lambda s: None)
    monkeypatch.setattr(services, "_write_final", _locked)
    with pytest.raises(OperationalError):
        services._finish(job, progress.Progress(job), JobState.DONE)
    assert Job.all_objects.get(pk=job.pk).state == JobState.RUNNING


def test_a_progress_write_that_meets_a_lock_is_skipped_and_tried_at_the_next_call(job, monkeypatch):
    tracker = progress.Progress(job)
    tracker._last_row = 123.0
    queryset = type(Job.all_objects.filter(pk=job.pk))
    monkeypatch.setattr(
        queryset, "update", lambda self, **kw: (_ for _ in ()).throw(OperationalError("locked"))
    )
    tracker.done = 5
    tracker.save()  # no exception: the cache has the progress
    assert tracker._last_row == 0.0  # so the next call writes the row at once
    monkeypatch.undo()
    tracker.save()
    assert Job.all_objects.get(pk=job.pk).done == 5

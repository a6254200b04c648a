"""Queue, run and recover jobs.

A job is queued in the transaction that creates it (the job row and the library's task row commit
together). A worker claims the job with a conditional ``UPDATE`` (queued → running), so a task
delivered twice runs once. The runner's work is its own transaction; the final state is written
after it. A worker killed with SIGKILL leaves a job "running" with its ``host:pid``; the next
worker to start finds it (:func:`recover_interrupted`) and queues it again, or fails it with the
reason when its attempts are used up.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
from datetime import datetime, timedelta
from typing import Any

from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM, Actor, log
from casys.jobs import kinds, progress
from casys.jobs.models import Job, JobState
from casys.jobs.signals import job_finished

logger = logging.getLogger("casys.jobs")

#: A running job whose worker is on another machine is taken as dead when its last sign of life
#: is older than this.
STALE_AFTER = timedelta(minutes=15)
#: How long finishing a job keeps trying while the database answers "locked" (seconds).
FINISH_PATIENCE = 60.0
#: What finishing a job writes (not the input file, which can be megabytes).
FINAL_FIELDS = ("state", "finished_at", "done", "total", "result", "error", "error_report")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(
    body: Body,
    kind: str,
    *,
    params: dict[str, Any] | None = None,
    input_name: str = "",
    input_data: bytes | None = None,
    created_by: Any = None,
    actor: Actor = SYSTEM,
    run_after: datetime | None = None,
) -> Job:
    """A new queued job of ``kind`` for ``body``."""
    if kind not in kinds.KINDS:
        raise ValueError(f"kind: {kind!r} is not a registered job kind")
    with transaction.atomic():
        job = Job.all_objects.create(
            body=body,
            kind=kind,
            params=params or {},
            input_name=input_name[:200],
            input_data=input_data,
            created_by=created_by if getattr(created_by, "pk", None) else None,
            max_attempts=kinds.KINDS[kind].max_attempts,
        )
        _queue(job, run_after)
        log("jobs.job.queued", actor=actor, body=body, obj=job, data={"kind": kind, "file": input_name})
    return job


def _queue(job: Job, run_after: datetime | None = None) -> None:
    task = run_job.using(run_after=run_after) if run_after else run_job
    result = task.enqueue(job.pk)
    Job.all_objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)


def _claim(job_id: int) -> Job | None:
    """Queued → running, once: another delivery of the same task finds nothing to claim."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.all_objects.select_for_update().filter(pk=job_id, state=JobState.QUEUED).first()
        if job is None:
            return None
        job.state, job.started_at, job.heartbeat_at = JobState.RUNNING, now, now
        job.attempts += 1
        job.worker = worker_name()
        job.save(update_fields=["state", "started_at", "heartbeat_at", "attempts", "worker"])
    return job


def run(job_id: int) -> str:
    """Run a queued job to its end; the answer is the job's final state (or "skipped")."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    kind = kinds.KINDS.get(job.kind)
    tracker = progress.Progress(job)
    try:
        if kind is None:
            raise kinds.JobFailed(f"kind: {job.kind!r} is not a registered job kind")
        with unscoped():
            result = kind.run(job, tracker)
    except kinds.JobFailed as exc:
        _finish(job, tracker, JobState.FAILED, error=exc.message, report=exc.report)
    except Exception as exc:  # a bug or an outage: the job fails with the reason, the worker lives on
        logger.exception("job %s failed", job.pk)
        _finish(
            job, tracker, JobState.FAILED, error=f"{type(exc).__name__}: {exc}", trace=traceback.format_exc()
        )
    else:
        _finish(job, tracker, JobState.DONE, result=result)
    return job.state


def _finish(
    job: Job,
    tracker: progress.Progress,
    state: str,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
    report: str = "",
    trace: str = "",
) -> None:
    """Write the job's final state.

    This is the one write a job must not lose: a job left "running" by a live worker is never
    recovered. SQLite answers "locked" when another connection holds the table at that moment (at
    once for a shared-cache database, after its busy timeout for a file), so the write is tried
    again, with a growing pause, for :data:`FINISH_PATIENCE` seconds before the error is raised.
    """
    deadline, pause = time.monotonic() + FINISH_PATIENCE, 0.05
    while True:
        try:
            _write_final(job, tracker, state, result=result, error=error, report=report, trace=trace)
            break
        except OperationalError:
            if time.monotonic() + pause > deadline:
                raise
            logger.warning("job %s: the database is locked; finishing again in %.2f s", job.pk, pause)
            time.sleep(pause)
            pause = min(pause * 2, 2.0)
    progress.forget(job.pk)


def _write_final(
    job: Job,
    tracker: progress.Progress,
    state: str,
    *,
    result: dict[str, Any] | None,
    error: str,
    report: str,
    trace: str,
) -> None:
    notes = list(job.notes)
    with transaction.atomic():
        job.state, job.finished_at = state, timezone.now()
        job.done, job.total = tracker.done, tracker.total
        if state == JobState.DONE and job.total:
            job.done = job.total
        job.result, job.error, job.error_report = result or {}, error[:5000], report
        job.notes = [*notes, {"at": job.finished_at.isoformat(), "trace": trace[-4000:]}] if trace else notes
        job.save(update_fields=[*FINAL_FIELDS, "notes"])
        action = "jobs.job.finished" if state == JobState.DONE else "jobs.job.failed"
        log(action, actor=SYSTEM, body=job.body_id, obj=job, data={"kind": job.kind, "error": error[:500]})
        transaction.on_commit(lambda: job_finished.send(sender=Job, job=job))


def fail(job: Job, reason: str) -> None:
    """Mark a job failed with ``reason`` (a job that can no longer run)."""
    _finish(job, progress.Progress(job), JobState.FAILED, error=reason)


def _worker_dead(job: Job, now: datetime) -> bool:
    host, _sep, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    seen = job.heartbeat_at or job.started_at
    return seen is None or now - seen > STALE_AFTER


def recover_interrupted() -> list[Job]:
    """Jobs left "running" by a worker that died: queued again, or failed with the reason."""
    now = timezone.now()
    recovered = []
    for job in Job.all_objects.filter(state=JobState.RUNNING).order_by("id"):
        if not _worker_dead(job, now):
            continue
        note = {
            "at": now.isoformat(),
            "interrupted": f"attempt {job.attempts} of {job.max_attempts}: the worker {job.worker} stopped "
            "during the run; nothing of this attempt was written",
        }
        with transaction.atomic():
            # the library's row of the dead run: failed, so nothing shows it as running
            DBTaskResult.objects.filter(id=job.task_id or None, status="RUNNING").update(
                status="FAILED", finished_at=now
            )
            job.notes, job.done = [*job.notes, note], 0
            if job.attempts < job.max_attempts:
                job.state = JobState.QUEUED
                job.save(update_fields=["notes", "state", "done"])
                _queue(job)
                log("jobs.job.retried", actor=SYSTEM, body=job.body_id, obj=job, data=note)
            else:
                job.save(update_fields=["notes", "done"])
                fail(
                    job,
                    f"the worker {job.worker} stopped during attempt {job.attempts} of "
                    f"{job.max_attempts} (killed or crashed); no attempt is left, nothing was written",
                )
        progress.forget(job.pk)
        recovered.append(job)
    return recovered


def _worker(**options: Any) -> Worker:
    settings = {
        "queue_names": ["default"],
        "interval": 1.0,
        "batch": False,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": worker_name()[-64:],
        "excluded_queue_names": [],
    }
    settings.update(options)
    return Worker(**settings)


def work(*, batch: bool = False, interval: float = 1.0) -> None:
    """The production worker loop (``casys worker``): recover, then run tasks as they come."""
    for job in recover_interrupted():
        logger.warning("job %s: %s", job.pk, job.notes[-1]["interrupted"])
    worker = _worker(batch=batch, interval=interval)
    worker.configure_signals()
    worker.run()


def run_pending(limit: int = 100) -> int:
    """Run the tasks that are due, in this process (tests; ``casys worker --batch``). Answers how many ran."""
    worker = _worker(batch=True)
    ran = 0
    while ran < limit:
        with transaction.atomic():
            found = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if found is None:
                break
            found.claim(worker.worker_id)
        worker.run_task(found)
        ran += 1
    return ran


@task()
def run_job(job_id: int) -> str:
    """The one django-tasks task: run a :class:`~casys.jobs.models.Job` by id (all it carries)."""
    return run(job_id)

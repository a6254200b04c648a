"""The daily rule ``job-output-cleanup``: a finished job's output file (a ZIP of PDFs, a registry
export, the reports of a PT round) is deleted once it is older than ``CASYS_JOB_OUTPUT_DAYS``
(default 30); the job's row stays, marked "output expired" with the day.

The clock is passed in: a job finished on day D is cleaned by the run of day D + days + 1 or later
(a job is kept the whole retention). Running the same date twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from casys.auditlog.services import SYSTEM, log
from casys.jobs import daily, output
from casys.jobs.models import Job, JobState

RULE = "job-output-cleanup"


def retention() -> timedelta:
    return timedelta(days=int(getattr(settings, "CASYS_JOB_OUTPUT_DAYS", 30)))


@daily.rule(RULE)
def expire_outputs(today: date) -> list[dict[str, Any]]:
    """Delete the output of every job finished before ``today`` − retention; mark its row."""
    cutoff = datetime.combine(today - retention(), time.min, tzinfo=UTC)
    due = Job.all_objects.filter(
        state=JobState.DONE, output_expired_on__isnull=True, finished_at__lt=cutoff, result__has_key="output"
    ).defer("input_data", "error_report")
    changes = []
    for job in due.select_related("body").order_by("finished_at", "id"):
        with transaction.atomic():
            job.output_expired_on = today
            job.save(update_fields=["output_expired_on"])
            data = {
                "rule": RULE,
                "file": str(job.result.get("output", "")),
                "finished": job.finished_at.date().isoformat() if job.finished_at else "",
            }
            log("jobs.job.output_expired", actor=SYSTEM, body=job.body_id, obj=job, data=data)
        output.delete(job.pk)  # once the row says so: a crash in between leaves a file, never a lie
        changes.append({"body": job.body.slug, "job": job.pk, **data})
    return changes

"""Progress of a running job, readable by the web server while the job's transaction is open.

A job such as an import writes all its rows in one transaction (nothing half written if the worker
is killed). On SQLite a second connection cannot write while that transaction holds the lock, so
progress goes to a shared cache that is not the database (the ``jobs`` cache, files under the data
directory by default) and to the job row whenever no transaction is open.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from django.db import OperationalError, transaction
from django.utils import timezone

#: Seconds between two writes of the job row (progress in the cache is written every call).
ROW_EVERY = 1.0


def _key(job_id: int) -> str:
    return f"casys.jobs.progress.{job_id}"


def cached(job_id: int) -> tuple[int, int] | None:
    value = caches["jobs"].get(_key(job_id))
    return (int(value[0]), int(value[1])) if value else None


def forget(job_id: int) -> None:
    caches["jobs"].delete(_key(job_id))


class Progress:
    """``progress(done)`` or ``progress(done, total)``; ``progress.total = n`` sets the total."""

    def __init__(self, job: Any) -> None:
        self.job = job
        self.done, self.total = job.done, job.total
        self._last_row = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        caches["jobs"].set(_key(self.job.pk), (self.done, self.total), 24 * 3600)
        now = time.monotonic()
        if not transaction.get_connection().in_atomic_block and now - self._last_row >= ROW_EVERY:
            self._last_row = now
            self.save()

    def save(self) -> None:
        """The job row's progress and heartbeat; skipped when the database is locked at that moment
        (the cache holds the progress, and the next call writes the row)."""
        try:
            type(self.job).all_objects.filter(pk=self.job.pk).update(
                done=self.done, total=self.total, heartbeat_at=timezone.now()
            )
        except OperationalError:
            self._last_row = 0.0

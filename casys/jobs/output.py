"""A job's output file (e.g. the ZIP of a batch of PDFs), kept under the data directory.

The runner writes the file through :func:`writing`: into a temporary file first, moved into place
when complete, so a worker killed half-way leaves no half file behind and the retried job writes
it again from the start. ``job.result["output"]`` names the file for the download.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings


def path_of(job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / "output" / str(job_id)


@contextmanager
def writing(job: Any) -> Iterator[IO[bytes]]:
    """A binary file to write the job's output into; in place only once the block completes."""
    final = path_of(job.pk)
    final.parent.mkdir(parents=True, exist_ok=True)
    for left in final.parent.glob(f"{final.name}.partial-*"):  # of an attempt whose worker was killed
        left.unlink(missing_ok=True)
    partial = final.with_name(f"{final.name}.partial-{os.getpid()}")
    try:
        with partial.open("wb") as out:
            yield out
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)


def exists(job: Any) -> bool:
    if getattr(job, "output_expired_on", None):
        return False
    return bool(job.result.get("output")) and path_of(job.pk).is_file()


def delete(job_id: int) -> None:
    """Delete a job's output file (the daily rule ``job-output-cleanup``)."""
    path_of(job_id).unlink(missing_ok=True)

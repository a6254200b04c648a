"""A body's registry export, written to a file row by row (never built in memory), with progress.

The same work runs as the background job ``registry.export`` (started from the issuer page, the
file downloaded from the job page) and in the foreground (``casys registry export``, with a Rich
progress bar). Rows are the import template's columns (:func:`importer.template_row`), so an export
imports back; in CSV every cell a spreadsheet would run as a formula is made text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Callable
from typing import IO, Any

from django.db.models import QuerySet

from casys.accounts.models import Body
from casys.attestations.models import Attestation, Status
from casys.registry.services import importer
from casys.registry.services.template import KEYS

FORMATS = ("csv", "json")
#: Test hook of the killed-worker test: pause this many seconds after N rows (``N:seconds``).
SLEEP_AFTER_ENV = "CASYS_EXPORT_SLEEP_AFTER"
CHUNK = 2000

Progress = Callable[[int, int], Any]


class ExportError(ValueError):
    """A bad export request; the message starts with the field's name."""


def selection(issuer: Body, *, status: str = "", public_only: bool = False) -> QuerySet[Attestation]:
    """The issuer's certificates in the registry, by number; a status that does not exist is refused."""
    if status and status not in Status.values:
        raise ExportError(f"status: {status!r} is not one of {', '.join(Status.values)}")
    rows = Attestation.registry.filter(issuer=issuer)
    if status:
        rows = rows.filter(status=status)
    if public_only:
        rows = rows.filter(public=True)
    return rows.order_by("number", "id")


def file_name(issuer: Body, fmt: str, job_id: int | None = None) -> str:
    return f"registry-{issuer.slug}" + (f"-{job_id}" if job_id else "") + f".{fmt}"


def _pause(n: int) -> None:
    hook = os.environ.get(SLEEP_AFTER_ENV, "")
    after, _sep, seconds = hook.partition(":")
    if after.isdigit() and n == int(after):
        print(f"export paused after {n} rows", flush=True)  # the killed-worker test waits for this line
        time.sleep(float(seconds or 60))


def write(
    rows: QuerySet[Attestation], fmt: str, out: IO[bytes], *, progress: Progress = lambda d, t: None
) -> int:
    """Write ``rows`` as CSV or JSON into the binary file ``out``; ``progress(done, total)`` as it goes."""
    if fmt not in FORMATS:
        raise ExportError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    total = rows.count()
    progress(0, total)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    n = 0
    try:
        if fmt == "csv":
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(KEYS)
        else:
            text.write('{"certificates": [\n')
        for a in rows.iterator(chunk_size=CHUNK):
            if fmt == "csv":
                writer.writerow(importer.spreadsheet_row(a))
            else:
                text.write(
                    ("" if n == 0 else ",\n") + json.dumps(importer.template_row(a), ensure_ascii=False)
                )
            n += 1
            if n % 100 == 0 or n == total:
                progress(n, total)
            _pause(n)
        if fmt == "json":
            text.write('\n], "count": ' + str(n) + "}\n")
        progress(n, total)
    finally:
        text.flush()
        text.detach()
    return n

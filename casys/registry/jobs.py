"""The registry's background jobs.

- ``registry.import``: a bulk import of a CertSearch template file (CSV or XLSX). The runner calls
  the importer (:func:`casys.registry.services.importer.import_file`): the whole file is validated
  first and written in one transaction by the set-based ingest (:mod:`casys.registry.services.ingest`:
  rows streamed, log leaves, one signed tree head, credentials signed when first asked for), so a
  worker killed half-way leaves nothing written and the retried job starts from a clean state; a
  re-run of the same file changes nothing.
- ``registry.export``: the body's certificates as CSV or JSON, streamed into the job's output file
  (:mod:`casys.jobs.output`: in place only when complete, so a killed worker leaves no half file and
  the retry writes it again from the start).
- ``attestations.resign``: every status list of the body signed again with its active key (after a
  key rotation, or for a body with many lists), progress per list; re-signing is idempotent.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext_lazy as _

from casys.accounts.models import Body
from casys.attestations.models import StatusList
from casys.attestations.services import status as status_lists
from casys.auditlog.services import SYSTEM, Actor
from casys.jobs import output
from casys.jobs.kinds import JobFailed, register
from casys.jobs.progress import Progress
from casys.registry.services import export, importer

IMPORT = "registry.import"
EXPORT = "registry.export"
RESIGN = "attestations.resign"


def error_report(errors: list[importer.RowError]) -> str:
    """Every problem of a refused file as CSV: row, column, message."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", "column", "message"])
    for e in errors:
        writer.writerow([e.row, e.column, e.message])
    return out.getvalue()


@register(IMPORT, _("Registry import"))
def run_import(job: Any, progress: Progress) -> dict[str, Any]:
    issuer = Body.all_objects.get(pk=job.body_id)
    data = bytes(job.input_data or b"")
    actor = Actor(user=job.created_by, label=str(job.created_by)) if job.created_by_id else SYSTEM
    try:
        _header, rows = importer.read_rows(data, job.input_name)
        progress(0, len(rows))
        return importer.import_file(
            data,
            job.input_name,
            issuer,
            dry_run=bool(job.params.get("dry_run")),
            actor=actor,
            progress=progress,
        )
    except importer.ImportFileError as exc:
        first = str(exc.errors[0])
        more = len(exc.errors) - 1
        message = first + (f" (and {more} more problem(s); see the error report)" if more else "")
        raise JobFailed(message, report=error_report(exc.errors)) from exc


@register(EXPORT, _("Registry export"))
def run_export(job: Any, progress: Progress) -> dict[str, Any]:
    issuer = Body.all_objects.get(pk=job.body_id)
    fmt = str(job.params.get("format", "csv"))
    try:
        rows = export.selection(issuer, status=str(job.params.get("status", "")))
        with output.writing(job) as out:
            count = export.write(rows, fmt, out, progress=progress)
    except export.ExportError as exc:
        raise JobFailed(str(exc)) from exc
    return {"certificates": count, "format": fmt, "output": export.file_name(issuer, fmt, job.pk)}


def list_numbers(issuer: Body) -> list[int]:
    return list(
        StatusList.all_objects.filter(issuer=issuer).order_by("number").values_list("number", flat=True)
    )


def resign(issuer: Body, progress: Any = lambda d, t: None) -> int:
    """Sign every status list of ``issuer`` again (both purposes), one list number at a time."""
    numbers = list_numbers(issuer)
    progress(0, len(numbers))
    for done, number in enumerate(numbers, start=1):
        status_lists.publish(issuer, [number])
        progress(done, len(numbers))
    return len(numbers)


@register(RESIGN, _("Status lists re-signed"))
def run_resign(job: Any, progress: Progress) -> dict[str, Any]:
    issuer = Body.all_objects.get(pk=job.body_id)
    count = resign(issuer, progress)
    return {"lists": count, "files": 2 * count}

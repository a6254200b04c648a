"""The registry's background job: a bulk import of a CertSearch template file (CSV or XLSX).

The runner calls the importer (:func:`casys.registry.services.importer.import_file`): the whole file
is validated first and written in one transaction by the set-based ingest
(:mod:`casys.registry.services.ingest`: rows streamed, log leaves, one signed tree head, credentials
signed when first asked for), so a worker killed half-way leaves nothing written and the retried
job starts from a clean state; a re-run of the same file changes nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext_lazy as _

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor
from casys.jobs.kinds import JobFailed, register
from casys.jobs.progress import Progress
from casys.registry.services import importer

IMPORT = "registry.import"


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

"""The batch-PDF job: the PDFs of many certificates of a body (all, those of one status, or a
selection) rendered into one ZIP file, with progress (issue 20).

Started from the certificates page (a job; the job page shows its progress and offers the ZIP) or
from the CLI (``casys batch-pdf``, the same work in the foreground with a Rich progress bar). Each
PDF is the one the certificate's page serves (:func:`casys.certification.views.certificates.pdf_bytes`),
its QR code opening the public verification page at ``CASYS_SITE_URL``. The ZIP is written to a
temporary file and moved into place when complete: a worker killed half-way leaves nothing, and the
retried job renders it again.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from casys.accounts.models import Body
from casys.attestations.identity import verification_path
from casys.certification.models import Certificate
from casys.certification.models.certificate import STATUS
from casys.certification.services import CertificationError
from casys.certification.views.certificates import pdf_bytes
from casys.jobs import output
from casys.jobs.kinds import JobFailed, register

BATCH_PDF = "certification.batch-pdf"
STATUSES = tuple(code for code, _label in STATUS)


def selection(body: Body, *, status: str = "", numbers: Sequence[str] = ()) -> QuerySet[Certificate]:
    """The body's certificates to render: all, those of ``status``, or those ``numbers``; a status or
    a number the body does not have is refused, naming the field."""
    if status and status not in STATUSES:
        raise CertificationError(f"status: {status!r} is not one of {', '.join(STATUSES)}")
    rows = Certificate.all_objects.filter(body=body)
    if status:
        rows = rows.filter(status=status)
    if numbers:
        found = set(rows.filter(number__in=numbers).values_list("number", flat=True))
        missing = [n for n in numbers if n not in found]
        if missing:
            raise CertificationError(f"number: {body.slug} has no certificate {missing[0]!r}")
        rows = rows.filter(number__in=numbers)
    return rows.select_related("body", "client__organisation", "application").order_by("number")


def file_name(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", number) + ".pdf"


def write_zip(
    certs: Sequence[Certificate], out: IO[bytes], *, progress: Callable[[int, int], Any] = lambda d, t: None
) -> int:
    """Render each certificate's PDF into the ZIP ``out``; ``progress(done, total)`` after each."""
    site = str(getattr(settings, "CASYS_SITE_URL", "")).rstrip("/")
    total = len(certs)
    progress(0, total)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for done, cert in enumerate(certs, start=1):
            url = site + verification_path(cert.body.slug, cert.number)
            zf.writestr(file_name(cert.number), pdf_bytes(cert, url))
            progress(done, total)
    return total


def zip_name(body: Body, job_id: int | None = None) -> str:
    return f"certificates-{body.slug}" + (f"-{job_id}" if job_id else "") + ".zip"


@register(BATCH_PDF, _("Certificate PDFs (ZIP)"))
def run_batch(job: Any, progress: Any) -> dict[str, Any]:
    body = Body.all_objects.get(pk=job.body_id)
    try:
        certs = list(
            selection(body, status=job.params.get("status", ""), numbers=job.params.get("numbers", ()))
        )
    except CertificationError as exc:
        raise JobFailed(str(exc)) from exc
    if not certs:
        raise JobFailed("certificates: the selection holds no certificate")
    with output.writing(job) as out:
        count = write_zip(certs, out, progress=progress)
    return {"certificates": count, "output": zip_name(body, job.pk)}

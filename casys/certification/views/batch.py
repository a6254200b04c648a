"""The certificates page's "PDFs as ZIP" button: queues the batch-PDF job (casys.certification.batch_pdf)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from casys.auditlog.services import Actor
from casys.certification import batch_pdf
from casys.certification.services import CertificationError
from casys.certification.views.common import DECIDE, MANAGE, cb_for, text
from casys.jobs import services as jobs

#: Who may render a body's certificates in bulk: those who manage the scheme or decide.
BATCH = tuple(dict.fromkeys((*MANAGE, *DECIDE)))


@login_required
@require_POST
def certificates_pdf_zip(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug, *BATCH)
    status = text(request, "status")
    numbers = [n.strip() for n in request.POST.getlist("number") if n.strip()]
    try:
        count = batch_pdf.selection(body, status=status, numbers=numbers).count()
        if not count:
            raise CertificationError("status: no certificate to render in this selection")
    except CertificationError as exc:
        messages.error(request, str(exc))
        return redirect("certification:certificates", slug)
    job = jobs.enqueue(
        body,
        batch_pdf.BATCH_PDF,
        params={"status": status, "numbers": numbers},
        input_name=batch_pdf.zip_name(body),
        created_by=request.user,
        actor=Actor.from_request(request),
    )
    return redirect("jobs:detail", body.slug, job.pk)

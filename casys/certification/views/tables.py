"""The body's audit-time tables: which its schemes need, which are loaded, and the upload form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casys.auditlog.services import Actor
from casys.certification.models import AuditTimeTable
from casys.certification.services import CertificationError, audit_tables
from casys.certification.table_csv import FORMAT_EXAMPLE
from casys.certification.views.common import MANAGE, cb_for, text

MAX_UPLOAD = 200_000  # bytes: a table of personnel bands is a few hundred bytes


def _posted_csv(request: HttpRequest) -> str:
    upload = request.FILES.get("csv_file")
    if upload is None:
        return request.POST.get("csv_text", "")
    if upload.size is not None and upload.size > MAX_UPLOAD:
        raise CertificationError(f"csv_file: the file is larger than {MAX_UPLOAD} bytes")
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CertificationError("csv_file: the file is not UTF-8 text") from None


def _load(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug, *MANAGE)
    try:
        row = audit_tables.load_table(
            body,
            text(request, "table_id"),
            _posted_csv(request),
            text(request, "source"),
            actor=Actor.from_request(request),
        )
    except CertificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The table %(table)s was loaded.") % {"table": row.table_id})
    return redirect(request.path)


@login_required
def audit_time_tables(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        return _load(request, slug)
    body = cb_for(slug)
    history = AuditTimeTable.objects.filter(body=body).select_related("loaded_by")
    return render(
        request,
        "certification/audit_tables.html",
        {
            "body": body,
            "needed": audit_tables.overview(body),
            "history": history,
            "can_load": request.scope.has_role(body.pk, *MANAGE),
            "example": FORMAT_EXAMPLE,
        },
    )

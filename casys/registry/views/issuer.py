"""The issuing body's registry page (signed in): its published certificates, import, keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import Role
from casys.accounts.services.bodies import body_for
from casys.attestations.models import Attestation, Kind
from casys.attestations.services import keys as files
from casys.auditlog.services import Actor, log
from casys.jobs import services as jobs
from casys.registry import jobs as registry_jobs
from casys.registry.services import export

MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)
#: The largest file the web page takes: the import itself runs as a background job (casys.jobs),
#: so the request only stores the file (~100 bytes a row: 100,000 rows are about 10 MB).
WEB_IMPORT_MAX_BYTES = 64 * 1024 * 1024


@login_required
def issuer_page(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug)
    rows = Attestation.objects.filter(issuer=body, kind=Kind.CERTIFICATE).order_by("number")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    ring = files.keyring(body.slug)
    context = {
        "body": body,
        "page": page,
        "keys": [(k.kid, k.kid == ring.active) for k in ring.keys] if ring else [],
        "can_manage": request.scope.has_role(body.id, *MANAGERS),  # type: ignore[attr-defined]
        "is_admin": request.scope.has_role(body.id, Role.ADMIN),  # type: ignore[attr-defined]
        "formats": export.FORMATS,
        "statuses": Attestation._meta.get_field("status").choices,
    }
    return render(request, "registry/issuer.html", context)


@login_required
@require_POST
def issuer_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Store the file and queue the import as a job; the job page shows its progress."""
    body = body_for(slug, *MANAGERS)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("file: choose a CSV or XLSX file"))
        return redirect("registry:issuer", slug)
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        messages.error(request, _("file: %(name)s is not a .csv or .xlsx file") % {"name": upload.name})
        return redirect("registry:issuer", slug)
    if upload.size > WEB_IMPORT_MAX_BYTES:
        messages.error(request, _too_large(upload.name, body.slug))
        return redirect("registry:issuer", slug)
    job = jobs.enqueue(
        body,
        registry_jobs.IMPORT,
        params={"dry_run": "dry_run" in request.POST},
        input_name=upload.name,
        input_data=upload.read(),
        created_by=request.user,
        actor=Actor.from_request(request),
    )
    messages.success(request, _("The import of %(name)s is queued.") % {"name": upload.name})
    return redirect("jobs:detail", body.slug, job.pk)


def _too_large(filename: str, issuer: str) -> str:
    return _(
        "file: %(name)s is larger than the web page imports at once (%(mb)s MB). "
        "Import it with the command line: casys registry import %(name)s --issuer %(issuer)s"
    ) % {"name": filename, "mb": WEB_IMPORT_MAX_BYTES // (1024 * 1024), "issuer": issuer}


@login_required
@require_POST
def issuer_rotate_key(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    with transaction.atomic():
        key = files.rotate_key(body.slug)
        log("registry.key.rotated", actor=Actor.from_request(request), body=body, data={"kid": key.kid})
    messages.success(
        request, _("New signing key %(kid)s; earlier certificates keep verifying.") % {"kid": key.kid}
    )
    return redirect("registry:issuer", slug)


@login_required
@require_POST
def issuer_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue the export of the body's certificates (CSV or JSON); the job page offers the file."""
    body = body_for(slug, *MANAGERS)
    fmt = request.POST.get("format", "csv").strip()
    status = request.POST.get("status", "").strip()
    try:
        if fmt not in export.FORMATS:
            raise export.ExportError(f"format: {fmt!r} is not one of {', '.join(export.FORMATS)}")
        export.selection(body, status=status)
    except export.ExportError as exc:
        messages.error(request, str(exc))
        return redirect("registry:issuer", slug)
    job = jobs.enqueue(
        body,
        registry_jobs.EXPORT,
        params={"format": fmt, "status": status},
        input_name=export.file_name(body, fmt),
        created_by=request.user,
        actor=Actor.from_request(request),
    )
    return redirect("jobs:detail", body.slug, job.pk)


@login_required
@require_POST
def issuer_resign(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue the re-signing of every status list of the body (administrators)."""
    body = body_for(slug, Role.ADMIN)
    job = jobs.enqueue(body, registry_jobs.RESIGN, created_by=request.user, actor=Actor.from_request(request))
    return redirect("jobs:detail", body.slug, job.pk)

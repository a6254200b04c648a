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
from casys.auditlog.services import Actor, log
from casys.registry.models import Attestation
from casys.registry.services import files, importer

MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)
MAX_UPLOAD = 50 * 1024 * 1024


@login_required
def issuer_page(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug)
    rows = Attestation.objects.filter(issuer=body).order_by("number")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    ring = files.keyring(body.slug)
    context = {
        "body": body,
        "page": page,
        "keys": [(k.kid, k.kid == ring.active) for k in ring.keys] if ring else [],
        "can_manage": request.scope.has_role(body.id, *MANAGERS),  # type: ignore[attr-defined]
        "is_admin": request.scope.has_role(body.id, Role.ADMIN),  # type: ignore[attr-defined]
    }
    return render(request, "registry/issuer.html", context)


@login_required
@require_POST
def issuer_import(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, *MANAGERS)
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_UPLOAD:
        messages.error(request, _("file: choose a CSV or XLSX file of at most 50 MB"))
        return redirect("registry:issuer", slug)
    try:
        result = importer.import_file(
            upload.read(),
            upload.name,
            body,
            dry_run="dry_run" in request.POST,
            actor=Actor.from_request(request),
        )
    except importer.ImportFileError as exc:
        for err in exc.errors[:50]:
            messages.error(request, str(err))
        return redirect("registry:issuer", slug)
    messages.success(
        request,
        _("%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % result,
    )
    return redirect("registry:issuer", slug)


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

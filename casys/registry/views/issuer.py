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
from casys.registry.services import importer

MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)
#: What a web request imports at once. The CLI imports ~2,000 rows a second (BENCHMARKS.md), so
#: 10,000 rows stay well inside the server's request timeout (`casys serve --timeout`, 60 s);
#: larger files go through the command line until background jobs exist (issue 12, finding 7).
WEB_IMPORT_MAX_BYTES = 2 * 1024 * 1024
WEB_IMPORT_MAX_ROWS = 10_000


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
    }
    return render(request, "registry/issuer.html", context)


@login_required
@require_POST
def issuer_import(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, *MANAGERS)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("file: choose a CSV or XLSX file"))
        return redirect("registry:issuer", slug)
    try:
        if upload.size > WEB_IMPORT_MAX_BYTES:
            raise TooLarge
        data = upload.read()
        _header, rows = importer.read_rows(data, upload.name)
        if len(rows) > WEB_IMPORT_MAX_ROWS:
            raise TooLarge
        result = importer.import_file(
            data, upload.name, body, dry_run="dry_run" in request.POST, actor=Actor.from_request(request)
        )
    except TooLarge:
        messages.error(request, _too_large(upload.name, body.slug))
        return redirect("registry:issuer", slug)
    except importer.ImportFileError as exc:
        for err in exc.errors[:50]:
            messages.error(request, str(err))
        return redirect("registry:issuer", slug)
    messages.success(
        request,
        _("%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % result,
    )
    return redirect("registry:issuer", slug)


class TooLarge(Exception):
    """The file is more than a web request imports at once."""


def _too_large(filename: str, issuer: str) -> str:
    return _(
        "file: %(name)s is larger than the web page imports at once (%(mb)s MB or %(rows)s rows). "
        "Import it with the command line: casys registry import %(name)s --issuer %(issuer)s"
    ) % {
        "name": filename,
        "mb": WEB_IMPORT_MAX_BYTES // (1024 * 1024),
        "rows": f"{WEB_IMPORT_MAX_ROWS:,}",
        "issuer": issuer,
    }


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

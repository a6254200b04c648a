"""The client portal: a client's contacts see the client's engagements, upload the GHG statement (CSV or
XLSX) while the verification has not reached its review, and read the issued statements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import body_for
from casys.auditlog.services import Actor
from casys.verification.forms import UploadForm, add_service_error
from casys.verification.models import Engagement, EngagementStatus
from casys.verification.services import VerificationInputError
from casys.verification.services.clients import may_upload
from casys.verification.services.engagements import inventory_of
from casys.verification.services.statements import LANGUAGES, statement_pdf, statement_url
from casys.verification.views.steps import import_from_form


def _client(slug: str) -> Body:
    """The client of ``slug`` whose contact the user is (404 to anyone else, 403 to its other members)."""
    client = body_for(slug, Role.CLIENT_CONTACT, kinds=(BodyKind.CLIENT,))
    if client.managed_by is None or client.managed_by.kind != BodyKind.VALIDATION_VERIFICATION_BODY:
        raise Http404("not a client of a validation/verification body")
    return client


def _engagement(client: Body, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.select_related("body"), client=client, pk=pk)


@login_required
def portal(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(slug)
    rows = list(Engagement.objects.filter(client=client).select_related("body"))
    for e in rows:
        e.may_upload = may_upload(e)  # type: ignore[attr-defined]
        e.public_url = statement_url(e) if e.status == EngagementStatus.ISSUED else ""  # type: ignore[attr-defined]
    context = {"client": client, "engagements": rows, "languages": LANGUAGES}
    return render(request, "verification/portal.html", context)


@login_required
def portal_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Upload the GHG statement: every cell at fault named on the page, nothing saved on a refusal."""
    client = _client(slug)
    e = _engagement(client, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_upload(e):
            form.is_valid()
            form.add_error(
                None, _("The verification has reached its review: the statement is no longer replaced.")
            )
        elif form.is_valid():
            try:
                inventory = import_from_form(
                    e, Actor.from_request(request), form.cleaned_data, by_client=True
                )
            except VerificationInputError as exc:
                add_service_error(form, exc, "file")
            else:
                messages.success(
                    request,
                    _("The GHG statement was uploaded: %(rows)d rows, %(total)s t CO2e recomputed.")
                    % {"rows": len(inventory.lines), "total": f"{inventory.total_tco2e:.3f}"},
                )
                return redirect("verification:portal-upload", slug=slug, pk=pk)
    context = {
        "client": client,
        "e": e,
        "form": form,
        "may_upload": may_upload(e),
        "lines": e.lines.all(),
        "total": inventory_of(e).total_tco2e if e.lines.exists() else None,
    }
    return render(request, "verification/portal_upload.html", context)


@login_required
def portal_pdf(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    client = _client(slug)
    e = _engagement(client, pk)
    if e.status != EngagementStatus.ISSUED or language not in LANGUAGES:
        raise Http404("no issued statement in that language")
    response = HttpResponse(statement_pdf(e, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{e.number}-{language}.pdf"'
    return response

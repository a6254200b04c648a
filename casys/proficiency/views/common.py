"""Helpers shared by the pages: role sets, parsing form numbers, the PDF response."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation

from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import body_for
from casys.core.credentials import MEDIA_TYPE
from casys.documents.pdf import render_pdf
from casys.documents.services import country_name, issuer
from casys.proficiency.models import Participation, Round
from casys.proficiency.services import ProficiencyError
from casys.proficiency.services.rounds import REPORT_LANGUAGES

# Who may design, run and evaluate rounds at a PT provider.
PROVIDER_MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)
# Who may submit results for a laboratory.
LAB_SUBMITTERS = (Role.ADMIN, Role.ANALYST)


def provider_for(slug: str, *roles: str) -> Body:
    return body_for(slug, *roles, kinds=(BodyKind.PT_PROVIDER,))


def round_of(provider: Body, round_id: int) -> Round:
    return get_object_or_404(Round.objects.select_related("scheme"), pk=round_id, scheme__provider=provider)


def participation_of(lab: Body, participation_id: int) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("round__scheme__provider"), pk=participation_id, participant=lab
    )


def number(value: str | None, field: str, *, required: bool = False) -> float | None:
    text = (value or "").strip().replace(",", ".")
    if not text:
        if required:
            raise ProficiencyError(f"{field}: required")
        return None
    try:
        parsed = float(text)
    except ValueError as exc:
        raise ProficiencyError(f"{field}: '{value}' is not a number") from exc
    if not math.isfinite(parsed):
        raise ProficiencyError(f"{field}: '{value}' is not a finite number")
    return parsed


def uploaded_text(request: HttpRequest, field: str = "file") -> str:
    upload = request.FILES.get(field)
    if upload is not None:
        raw = upload.read()
    else:
        raw = request.POST.get(field + "_text", "").encode()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProficiencyError(f"{field}: the file is not UTF-8 text") from exc


def pdf_language(request: HttpRequest, default: str) -> str:
    language = request.GET.get("lang", default)
    return language if language in REPORT_LANGUAGES else default


def pdf_response(
    template: str,
    context: dict[str, Any] | Callable[[], dict[str, Any] | None],
    language: str,
    filename: str,
) -> HttpResponse:
    """The PDF in ``language``; a callable context is built in that language too (chart labels)."""
    response = HttpResponse(pdf_bytes(template, context, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def pdf_bytes(
    template: str, context: dict[str, Any] | Callable[[], dict[str, Any] | None], language: str
) -> bytes:
    """A PT document's PDF in ``language`` (the page's and the round-reports job's)."""
    with translation.override(language):
        built = context() if callable(context) else context
        if built is None:
            raise Http404("no evaluation")
        provider = built["round"].scheme.provider
        # the provider's document template: logo, name and address on every PT document
        built = {
            "issuer": issuer(provider),
            "issuer_country": country_name(provider.country, language),
            **built,
        }
        return render_pdf(template, {**built, "language": language})


def credential_response(participation: Participation) -> HttpResponse:
    """The participation's signed performance credential (application/vc+jwt); 404 while there is none."""
    if not participation.credential:
        raise Http404("no signed credential")
    response = HttpResponse(participation.credential, content_type=MEDIA_TYPE)
    filename = f"{participation.round.code}-{participation.code}.jwt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

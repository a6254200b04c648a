"""Engagement pages: list, detail and the issued statement's PDF (staff of the V/V body)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import body_for
from casys.verification.models import Engagement, EngagementStatus
from casys.verification.services.engagements import summary
from casys.verification.services.statements import LANGUAGES, statement_pdf, statement_url, successor_of

#: Staff who read engagements: the body's verifiers and administrators.
READERS = (Role.VERIFIER, Role.ADMIN)


def vv_body(slug: str) -> Body:
    """The validation/verification body of ``slug``: 404 unless a member, 403 without a verifier role."""
    return body_for(slug, *READERS, kinds=(BodyKind.VALIDATION_VERIFICATION_BODY,))


@login_required
def engagement_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = vv_body(slug)
    engagements = Engagement.objects.filter(body=body)
    return render(request, "verification/engagement_list.html", {"body": body, "engagements": engagements})


@login_required
def engagement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = vv_body(slug)
    e = get_object_or_404(Engagement.objects.filter(body=body), pk=pk)
    context = {
        "body": body,
        "e": e,
        "team": e.team.all(),
        "figures": summary(e),
        "misstatements": e.misstatements.all(),
        "lines": e.lines.all(),
        "languages": LANGUAGES,
        "is_reviewer": e.reviewer_id is not None and e.reviewer_id == request.user.pk,
        "successor": successor_of(e),
        "public_url": statement_url(e) if e.status == EngagementStatus.ISSUED else "",
    }
    return render(request, "verification/engagement_detail.html", context)


@login_required
def engagement_statement_pdf(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    body = vv_body(slug)
    e = get_object_or_404(Engagement.objects.filter(body=body), pk=pk)
    if e.status != EngagementStatus.ISSUED or language not in LANGUAGES:
        raise Http404("no issued statement in that language")
    response = HttpResponse(statement_pdf(e, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{e.number}-{language}.pdf"'
    return response

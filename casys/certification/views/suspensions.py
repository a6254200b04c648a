"""Suspension proposals (a surveillance overdue past its scheme's limit): the list for the body's
staff, and the decision maker's accept or reject."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.auditlog.services import Actor
from casys.certification.models import ProposalState, SuspensionProposal
from casys.certification.services import CertificationError, suspensions
from casys.certification.views.common import DECIDE, attempt, cb_for, require_confirmation, text


@login_required
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug)
    rows = SuspensionProposal.objects.filter(body=body).select_related(
        "certificate__client__organisation", "audit", "decided_by"
    )
    open_rows = [p for p in rows if p.open]
    closed = [p for p in rows if not p.open][:200]
    context = {
        "body": body,
        "open_rows": open_rows,
        "closed": closed,
        "can_decide": request.scope.has_role(body.pk, *DECIDE),  # type: ignore[attr-defined]
    }
    return render(request, "certification/suspension_proposals.html", context)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = cb_for(slug, *DECIDE)
    proposal = get_object_or_404(SuspensionProposal.objects, pk=pk, body=body)

    def run() -> None:
        decision = text(request, "decision")
        common = {"user": request.user, "on": clock.today(), "actor": Actor.from_request(request)}
        if decision == ProposalState.ACCEPTED:
            require_confirmation(request)  # the suspension is published at once and never edited
            suspensions.accept(proposal, reason=text(request, "reason"), **common)
        elif decision == ProposalState.REJECTED:
            suspensions.reject(proposal, reason=text(request, "reason"), **common)
        else:
            raise CertificationError("decision: choose to accept or to reject the proposal")

    return attempt(
        request,
        reverse("certification:suspension-proposals", args=[slug]),
        run,
        _("The decision was recorded."),
    )

"""A laboratory's customer: its page (agreements, reports) and its contacts, who read its reports.

A customer is a client body kept by the laboratory (``managed_by``); its contacts are
members of that body with the role client contact, invited the same way as the
laboratory's staff. The laboratory's administrators and report reviewers (who add
customers and record their agreements) invite them; every member of the laboratory
sees the page. The contacts land on the customer portal (``portal.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casys.accounts.models import Body, Invitation, Role
from casys.accounts.services import invitations
from casys.accounts.services.members import members_of
from casys.accounts.views.members import new_invitation, renew_invitation, revoke_invitation
from casys.laboratory.models import DecisionRuleAgreement, TestReport
from casys.laboratory.views.common import REVIEWERS, can, lab_for


def _customer(lab: Body, pk: int) -> Body:
    return get_object_or_404(Body.objects, pk=pk, managed_by=lab)


def _page(request: HttpRequest, lab: Body, customer: Body, extra: dict[str, Any]) -> HttpResponse:
    context = {
        "lab": lab,
        "customer": customer,
        "agreements": DecisionRuleAgreement.objects.filter(body=lab, customer=customer).select_related(
            "method", "agreed_by"
        ),
        "reports": TestReport.objects.filter(body=lab, customer=customer).select_related("customer"),
        "contacts": [m for m in members_of(customer) if m.is_active],
        "contact_invitations": invitations.pending_for(customer),
        "can_invite_contacts": can(request, lab, REVIEWERS),
        "typed": {},
        "errors": {},
        **extra,
    }
    return render(request, "laboratory/customer_detail.html", context)


@login_required
def customer_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = lab_for(slug)
    customer = _customer(lab, pk)
    extra: dict[str, Any] = {}
    if request.method == "POST":
        if not can(request, lab, REVIEWERS):
            raise PermissionDenied(
                "inviting a customer's contact needs the report reviewer or administrator role"
            )
        email = request.POST.get("email", "")
        extra = {"typed": {"email": email}, "errors": {}}
        extra.update(new_invitation(request, customer, email, Role.CLIENT_CONTACT))
    return _page(request, lab, customer, extra)


def _invitation(
    request: HttpRequest, slug: str, pk: int, invitation_id: int
) -> tuple[Body, Body, Invitation]:
    lab = lab_for(slug, *REVIEWERS)
    customer = _customer(lab, pk)
    return lab, customer, get_object_or_404(Invitation.objects, pk=invitation_id, body=customer)


@login_required
@require_POST
def contact_invitation_renew(request: HttpRequest, slug: str, pk: int, invitation_id: int) -> HttpResponse:
    """A new link for a pending invitation (the old one stops working), shown once to copy."""
    lab, customer, found = _invitation(request, slug, pk, invitation_id)
    shown = renew_invitation(request, found)
    if shown is None:
        return redirect("laboratory:customer", slug=lab.slug, pk=customer.pk)
    return _page(request, lab, customer, shown)


@login_required
@require_POST
def contact_invitation_revoke(request: HttpRequest, slug: str, pk: int, invitation_id: int) -> HttpResponse:
    lab, customer, found = _invitation(request, slug, pk, invitation_id)
    revoke_invitation(request, found)
    return redirect("laboratory:customer", slug=lab.slug, pk=customer.pk)

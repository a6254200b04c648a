from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import ApiToken, Body, Membership, Role
from casys.accounts.services.bodies import body_for
from casys.accounts.services.tokens import create_token, revoke_token
from casys.auditlog.actions import describe
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import Actor


@login_required
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug)
    context = {
        "body": body,
        "members": Membership.objects.filter(body=body, is_active=True)
        .select_related("user")
        .order_by("user__email", "role"),
        "clients": Body.objects.filter(managed_by=body).order_by("name"),
        "is_admin": request.scope.has_role(body.id, Role.ADMIN),  # type: ignore[attr-defined]
    }
    return render(request, "accounts/body_detail.html", context)


@login_required
def body_audit(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    page = Paginator(AuditEntry.objects.filter(body=body).order_by("-seq"), 50).get_page(
        request.GET.get("page")
    )
    for e in page.object_list:
        e.sentence = describe(e.action)
    return render(request, "accounts/body_audit.html", {"body": body, "page": page})


@login_required
def body_tokens(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug)
    new_secret = None
    if request.method == "POST":
        try:
            _token, new_secret = create_token(
                user=request.user,
                body=body,
                name=request.POST.get("name", ""),
                actor=Actor.from_request(request),
            )
        except ValueError as exc:
            messages.error(request, str(exc))
    tokens = ApiToken.objects.filter(body=body, user=request.user)
    return render(
        request, "accounts/body_tokens.html", {"body": body, "tokens": tokens, "new_secret": new_secret}
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, slug: str, token_id: int) -> HttpResponse:
    body = body_for(slug)
    token = get_object_or_404(ApiToken.objects, pk=token_id, body=body, user=request.user)
    revoke_token(token, actor=Actor.from_request(request))
    messages.success(request, _("The token was revoked."))
    return redirect("body-tokens", slug=body.slug)

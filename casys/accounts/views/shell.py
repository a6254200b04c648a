from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casys.accounts.models import Role
from casys.accounts.services.bodies import bodies_of
from casys.auditlog.actions import describe
from casys.auditlog.models import AuditEntry


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard" if request.user.is_authenticated else "login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's bodies, and recent activity of the bodies they administer.

    The audit log is an administrator's record (its page needs the admin role), so the dashboard
    shows the same entries to the same people and nothing to other members (issue 12, finding 14).
    """
    scope = request.scope  # type: ignore[attr-defined]
    administered = [b for b in scope.body_ids if scope.has_role(b, Role.ADMIN)]
    entries = list(AuditEntry.objects.filter(body_id__in=administered).select_related("body")[:15])
    for e in entries:
        e.sentence = describe(e.action)  # type: ignore[attr-defined]
    context = {"bodies": bodies_of(request.user), "entries": entries, "shows_activity": bool(administered)}
    return render(request, "shell/dashboard.html", context)

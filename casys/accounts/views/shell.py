from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casys.accounts.services.bodies import bodies_of
from casys.auditlog.actions import describe
from casys.auditlog.models import AuditEntry


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard" if request.user.is_authenticated else "login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    entries = list(AuditEntry.objects.select_related("body")[:15])
    for e in entries:
        e.sentence = describe(e.action)  # type: ignore[attr-defined]
    return render(request, "shell/dashboard.html", {"bodies": bodies_of(request.user), "entries": entries})

"""The area's entry page: the signed-in user's PT providers and laboratories."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casys.accounts.models import BodyKind
from casys.accounts.services.bodies import bodies_of


@login_required
def index(request: HttpRequest) -> HttpResponse:
    mine = bodies_of(request.user)
    return render(
        request,
        "proficiency/index.html",
        {
            "providers": [m.body for m in mine if m.body.kind == BodyKind.PT_PROVIDER],
            "laboratories": [m.body for m in mine if m.body.kind == BodyKind.LABORATORY],
        },
    )

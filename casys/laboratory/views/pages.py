"""The laboratory's home and overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casys.accounts.models import Body
from casys.laboratory.models import DecisionRuleAgreement, TestMethod, TestReport, TestResult
from casys.laboratory.views.common import ANALYSTS, LAB_KINDS, REPORT_WRITERS, REVIEWERS, can, lab_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    labs = Body.objects.filter(id__in=list(request.scope.body_ids), kind__in=LAB_KINDS)  # type: ignore[attr-defined]
    return render(request, "laboratory/home.html", {"labs": labs.order_by("name")})


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug)
    context = {
        "lab": lab,
        "methods": TestMethod.objects.filter(body=lab).order_by("code"),
        "results": TestResult.objects.filter(body=lab).select_related("method", "customer")[:10],
        "reports": TestReport.objects.filter(body=lab).select_related("customer")[:10],
        "agreements": DecisionRuleAgreement.objects.filter(body=lab).count(),
        "can_record": can(request, lab, ANALYSTS),
        "can_report": can(request, lab, REPORT_WRITERS),
        "can_review": can(request, lab, REVIEWERS),
    }
    return render(request, "laboratory/overview.html", context)

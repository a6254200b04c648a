"""Test methods: list, define, show (with the budget picture)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casys.auditlog.services import Actor
from casys.laboratory.charts import budget_svg
from casys.laboratory.forms import MethodForm
from casys.laboratory.models import TestMethod, TestResult
from casys.laboratory.services import LabInputError
from casys.laboratory.services.methods import create_method, method_evaluation
from casys.laboratory.services.rule_risks import MIN_RESULTS_FOR_PRIOR, process_prior, rule_risks
from casys.laboratory.views.common import ANALYSTS, add_service_error, can, lab_for


@login_required
def method_list(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug)
    methods = TestMethod.objects.filter(body=lab).order_by("code")
    return render(
        request,
        "laboratory/method_list.html",
        {"lab": lab, "methods": methods, "can_define": can(request, lab, ANALYSTS)},
    )


@login_required
def method_new(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug, *ANALYSTS)
    form = MethodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = create_method(lab, actor=Actor.from_request(request), **form.cleaned_data)
        except LabInputError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The method was defined."))
            return redirect("laboratory:method-detail", slug=lab.slug, code=method.code)
    return render(request, "laboratory/method_form.html", {"lab": lab, "form": form})


@login_required
def method_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    lab = lab_for(slug)
    method = get_object_or_404(TestMethod.objects.prefetch_related("budget_rows"), body=lab, code=code)
    evaluation = method_evaluation(method)
    context = {
        "lab": lab,
        "method": method,
        "evaluation": evaluation,
        "budget_svg": budget_svg(evaluation),
        "can_record": can(request, lab, ANALYSTS),
    }
    limited = method.lower_limit is not None or method.upper_limit is not None
    if evaluation and evaluation["u"] > 0 and limited:
        values = list(TestResult.objects.filter(body=lab, method=method).values_list("y", flat=True))
        prior = process_prior(values, evaluation["u"])
        rules = rule_risks(method, evaluation["u"], evaluation["U"], prior)
        context.update(rules=rules, prior=prior, n_results=len(values), min_results=MIN_RESULTS_FOR_PRIOR)
    return render(request, "laboratory/method_detail.html", context)

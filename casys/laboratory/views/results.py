"""Results: list, record, show with the uncertainty pictures and the decisions under agreed rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.clock import today
from casys.jobs import services as jobs
from casys.laboratory import jobs as lab_jobs
from casys.laboratory.charts import decorate
from casys.laboratory.forms import ResultForm
from casys.laboratory.models import DecisionRuleAgreement, TestMethod, TestResult
from casys.laboratory.services import LabInputError
from casys.laboratory.services.agreements import agreements_for
from casys.laboratory.services.decisions import decision
from casys.laboratory.services.results import record_result
from casys.laboratory.views.common import ANALYSTS, add_service_error, can, lab_for


@login_required
def result_list(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug)
    results = TestResult.objects.filter(body=lab).select_related("method", "customer")
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "laboratory/result_list.html",
        {"lab": lab, "page": page, "can_record": can(request, lab, ANALYSTS)},
    )


@login_required
def result_new(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug, *ANALYSTS)
    methods = TestMethod.objects.filter(body=lab).order_by("code")
    initial: dict[str, Any] = {"measured_on": today(), "trials": 100_000}
    chosen = methods.filter(code=request.GET.get("method", "")).first()
    if chosen is not None:
        initial.update(method=chosen, model_toml=chosen.model_toml)
    form = ResultForm(
        request.POST or None,
        customers=Body.objects.filter(managed_by=lab).order_by("name"),
        methods=methods,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["trials"] = data["trials"] or 100_000
        data["value"] = data.pop("value")
        if lab_jobs.goes_to_worker(data.get("mcm_seed"), data["trials"]):
            return queue_mcm(request, lab, data)
        try:
            result = record_result(lab, actor=Actor.from_request(request), **data)
        except LabInputError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The result was recorded."))
            return redirect("laboratory:result-detail", slug=lab.slug, pk=result.pk)
    return render(request, "laboratory/result_form.html", {"lab": lab, "form": form})


def queue_mcm(request: HttpRequest, lab: Any, data: dict[str, Any]) -> HttpResponse:
    """A result whose Monte Carlo run is large: recorded by the worker; the job page follows it."""
    job = jobs.enqueue(
        lab,
        lab_jobs.MCM_RESULT,
        params=lab_jobs.params_of(data),
        input_name=str(data.get("sample", ""))[:200],
        created_by=request.user,
        actor=Actor.from_request(request),
    )
    messages.success(
        request,
        _("%(n)s Monte Carlo trials run in the background; the result is recorded when they are done.")
        % {"n": data["trials"]},
    )
    return redirect("jobs:detail", lab.slug, job.pk)


def result_row(result: TestResult, agreements: list[DecisionRuleAgreement] | None = None) -> dict[str, Any]:
    """A result as a report row (the same structure a report's content uses), with decisions.

    ``agreements`` are the laboratory's agreements already loaded (to list many results without
    one query each); without them the customer's agreements are read.
    """
    m = result.method
    if agreements is None:
        applicable = agreements_for(result.customer_id, m.id)
    else:
        applicable = [
            a for a in agreements if a.customer_id == result.customer_id and a.method_id in (None, m.id)
        ]
    return {
        "id": result.pk,
        "sample": result.sample,
        "measured_on": result.measured_on.isoformat(),
        "method": {
            "code": m.code,
            "title": m.title,
            "measurand": m.measurand,
            "unit": m.unit,
            "lower": m.lower_limit,
            "upper": m.upper_limit,
        },
        "y": result.y,
        "u": result.u,
        "k": result.k,
        "U": result.U,
        "df": result.df,
        "evaluation": result.evaluation,
        "computation": result.computation,
        "decisions": [decision(result.y, result.u, result.k, m, a) for a in applicable],
    }


@login_required
def result_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = lab_for(slug)
    result = get_object_or_404(
        TestResult.objects.select_related("method", "customer", "recorded_by"), body=lab, pk=pk
    )
    context = {"lab": lab, "result": result, "row": decorate(result_row(result))}
    return render(request, "laboratory/result_detail.html", context)

"""Decision rules agreed with customers (ISO/IEC 17025:2017 7.1.3) and the laboratory's customers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.clock import today
from casys.laboratory.forms import AgreementForm, CustomerForm
from casys.laboratory.models import DecisionRuleAgreement, TestMethod
from casys.laboratory.services import LabInputError
from casys.laboratory.services.agreements import add_customer, record_agreement
from casys.laboratory.views.common import REVIEWERS, add_service_error, can, lab_for


@login_required
def agreement_list(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug)
    may_agree = can(request, lab, REVIEWERS)
    customers = Body.objects.filter(managed_by=lab).order_by("name")
    methods = TestMethod.objects.filter(body=lab).order_by("code")
    data = request.POST if request.method == "POST" else None
    if data is not None and not may_agree:
        raise PermissionDenied("recording agreements needs the report reviewer or administrator role")
    form = AgreementForm(
        data if data and "rule" in data else None,
        customers=customers,
        methods=methods,
        initial={"agreed_on": today(), "r": 1.0},
    )
    customer_form = CustomerForm(data if data and "country" in data else None)
    if data and "rule" in data and form.is_valid():
        try:
            record_agreement(lab, actor=Actor.from_request(request), **form.cleaned_data)
        except LabInputError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The decision rule agreement was recorded."))
            return redirect("laboratory:agreements", slug=lab.slug)
    if data and "country" in data and customer_form.is_valid():
        try:
            add_customer(lab, actor=Actor.from_request(request), **customer_form.cleaned_data)
        except LabInputError as exc:
            add_service_error(customer_form, exc)
        else:
            messages.success(request, _("The customer was added."))
            return redirect("laboratory:agreements", slug=lab.slug)
    agreements = DecisionRuleAgreement.objects.filter(body=lab).select_related(
        "customer", "method", "agreed_by"
    )
    context = {
        "lab": lab,
        "agreements": agreements,
        "customers": customers,
        "form": form,
        "customer_form": customer_form,
        "may_agree": may_agree,
    }
    return render(request, "laboratory/agreement_list.html", context)

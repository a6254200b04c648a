"""Test reports: list, draft, show, issue, amend, PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.clock import today
from casys.core.credentials import MEDIA_TYPE
from casys.documents.pdf import render_pdf
from casys.laboratory.charts import decorate
from casys.laboratory.forms import AmendForm, ReportForm
from casys.laboratory.models import REPORT_LANGUAGES, DecisionRuleAgreement, TestReport, TestResult
from casys.laboratory.services import LabInputError
from casys.laboratory.services.report_document import report_document
from casys.laboratory.services.reports import (
    LANGUAGE_CODES,
    amend_report,
    content,
    create_report,
    issue_report,
)
from casys.laboratory.views.common import REPORT_WRITERS, REVIEWERS, add_service_error, can, lab_for


@login_required
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug)
    reports = TestReport.objects.filter(body=lab).select_related("customer", "superseded_by")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "laboratory/report_list.html",
        {"lab": lab, "page": page, "can_report": can(request, lab, REPORT_WRITERS)},
    )


@login_required
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug, *REPORT_WRITERS)
    customers = Body.objects.filter(managed_by=lab).order_by("name")
    form = ReportForm(request.POST or request.GET or None, customers=customers)
    customer = form.cleaned_data["customer"] if form.is_valid() else None
    results = (
        TestResult.objects.filter(body=lab, customer=customer).select_related("method") if customer else []
    )
    agreements = (
        DecisionRuleAgreement.objects.filter(body=lab, customer=customer).select_related("method")
        if customer
        else []
    )
    if request.method == "POST" and customer is not None:
        chosen_results = [r for r in results if str(r.pk) in request.POST.getlist("results")]
        chosen_rules = [a for a in agreements if str(a.pk) in request.POST.getlist("agreements")]
        try:
            report = create_report(
                lab,
                actor=Actor.from_request(request),
                customer=customer,
                title=form.cleaned_data["title"],
                results=chosen_results,
                agreements=chosen_rules,
                language=form.cleaned_data["language"] or None,
                location=form.cleaned_data["location"],
                remarks=form.cleaned_data["remarks"],
            )
        except LabInputError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The draft report was created."))
            return redirect("laboratory:report-detail", slug=lab.slug, pk=report.pk)
    context = {"lab": lab, "form": form, "customer": customer, "results": results, "agreements": agreements}
    return render(request, "laboratory/report_form.html", context)


def _report(request: HttpRequest, slug: str, pk: int, *roles: str) -> tuple[Body, TestReport]:
    lab = lab_for(slug, *roles)
    report = get_object_or_404(
        TestReport.objects.select_related("customer", "body", "supersedes", "issued_by"), body=lab, pk=pk
    )
    return lab, report


def _context(lab: Body, report: TestReport) -> dict[str, object]:
    data = content(report)
    successor = TestReport.objects.filter(supersedes=report, status="issued").first()
    return {
        "lab": lab,
        "report": report,
        "c": data,
        "rows": [decorate(row) for row in data["results"]],
        "superseded_by": successor,
    }


def report_language(report: TestReport, data: dict[str, object]) -> str:
    """The language the report is issued in (reports issued before the choice existed: English)."""
    language = data.get("language") or report.language
    return str(language) if language in LANGUAGE_CODES else "en"


def _detail(request: HttpRequest, lab: Body, report: TestReport, amend_form: AmendForm) -> HttpResponse:
    context = _context(lab, report)
    context.update(
        can_issue=can(request, lab, REVIEWERS) and not report.issued,
        can_amend=can(request, lab, REVIEWERS) and report.issued and not hasattr(report, "superseded_by"),
        amend_form=amend_form,
        report_languages=REPORT_LANGUAGES,
    )
    return render(request, "laboratory/report_detail.html", context)


@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, report = _report(request, slug, pk)
    return _detail(request, lab, report, AmendForm())


@login_required
@require_POST
def report_issue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, report = _report(request, slug, pk, *REVIEWERS)
    try:
        report = issue_report(
            report,
            actor=Actor.from_request(request),
            on=today(),
            language=request.POST.get("language") or None,
        )
    except LabInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Report %(number)s was issued.") % {"number": report.number})
    return redirect("laboratory:report-detail", slug=lab.slug, pk=report.pk)


@login_required
@require_POST
def report_amend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, report = _report(request, slug, pk, *REVIEWERS)
    form = AmendForm(request.POST)
    if not form.is_valid():  # shown again with what was typed and the reason by the field
        return _detail(request, lab, report, form)
    try:
        draft = amend_report(report, actor=Actor.from_request(request), reason=form.cleaned_data["reason"])
    except LabInputError as exc:
        add_service_error(form, exc)
        return _detail(request, lab, report, form)
    messages.success(request, _("An amendment was drafted; issue it to supersede the report."))
    return redirect("laboratory:report-detail", slug=lab.slug, pk=draft.pk)


@login_required
def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab, report = _report(request, slug, pk)
    with translation.override(report_language(report, content(report))):
        # built in the report's language: chart labels and statements are drawn from it
        context = _context(lab, report)
        context.update(report_document(lab, report, context["c"]))  # type: ignore[arg-type]
        pdf = render_pdf("laboratory/report_pdf.html", context)
    name = report.number or f"draft-{report.pk}"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def report_credential(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The issued report's signed credential (compact JWS, media type application/vc+jwt)."""
    _lab, report = _report(request, slug, pk)
    if not report.credential:
        raise Http404("no signed credential")
    response = HttpResponse(report.credential, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.number}.jwt"'
    return response

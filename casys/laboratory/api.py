"""API of the laboratory app (mounted under /api/v1/laboratory/): methods, results, reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.laboratory.api_lot_sampling import router as lot_sampling_router
from casys.laboratory.models import DecisionRuleAgreement, TestMethod, TestReport, TestResult
from casys.laboratory.services import LabInputError
from casys.laboratory.services.reports import content
from casys.laboratory.services.results import record_result
from casys.laboratory.views.common import ANALYSTS, lab_for
from casys.laboratory.views.results import result_row

router = Router(tags=["laboratory"])
router.add_router("", lot_sampling_router)  # lot-by-lot acceptance sampling (ISO 2859-1)


class BudgetRowOut(Schema):
    quantity: str
    u: float
    c: float
    dof: float | None


class MethodOut(Schema):
    code: str
    title: str
    measurand: str
    unit: str
    lower_limit: float | None
    upper_limit: float | None
    uncertainty_source: str
    model_toml: str
    coverage_probability: float
    budget: list[BudgetRowOut]


class DecisionOut(Schema):
    agreement: int
    rule: str
    rule_name: str
    reference: str
    r: float
    binary: bool
    w: float
    A_L: float | None
    A_U: float | None
    accepted: bool
    statement: str
    p_c: float
    R_C: float
    R_P: float


class ResultOut(Schema):
    id: int
    method: str
    customer: str
    sample: str
    measured_on: date
    y: float
    u: float
    k: float
    U: float
    df: float | None
    evaluation: str
    gum: dict[str, Any] | None
    mcm: dict[str, Any] | None
    budget: dict[str, Any] | None
    decisions: list[DecisionOut]


class ResultIn(Schema):
    method: str
    customer: str
    sample: str
    measured_on: date
    value: float | None = None
    u: float | None = None
    k: float | None = None
    model_toml: str = ""
    mcm_seed: int | None = None
    trials: int = 100_000


class ReportSummaryOut(Schema):
    id: int
    number: str
    title: str
    customer: str
    status: str
    issued_on: date | None
    supersedes: str | None


def _method_out(m: TestMethod) -> MethodOut:
    return MethodOut(
        code=m.code,
        title=m.title,
        measurand=m.measurand,
        unit=m.unit,
        lower_limit=m.lower_limit,
        upper_limit=m.upper_limit,
        uncertainty_source=m.uncertainty_source,
        model_toml=m.model_toml,
        coverage_probability=m.coverage_probability,
        budget=[BudgetRowOut(quantity=r.quantity, u=r.u, c=r.c, dof=r.dof) for r in m.budget_rows.all()],
    )


def _result_out(result: TestResult, agreements: list[DecisionRuleAgreement] | None = None) -> dict[str, Any]:
    row = result_row(result, agreements)
    computation = row["computation"] or {}
    mcm = computation.get("mcm")
    return {
        "id": result.pk,
        "method": result.method.code,
        "customer": result.customer.slug,
        "sample": result.sample,
        "measured_on": result.measured_on,
        "y": result.y,
        "u": result.u,
        "k": result.k,
        "U": result.U,
        "df": result.df,
        "evaluation": result.evaluation,
        "gum": computation.get("gum"),
        "mcm": {key: value for key, value in mcm.items() if key != "histogram"} if mcm else None,
        "budget": computation.get("budget"),
        "decisions": row["decisions"],
    }


@router.get("/{slug}/methods", response=list[MethodOut])
def list_methods(request: HttpRequest, slug: str) -> list[MethodOut]:
    lab = lab_for(slug)
    return [_method_out(m) for m in TestMethod.objects.filter(body=lab).prefetch_related("budget_rows")]


@router.get("/{slug}/methods/{code}", response=MethodOut)
def get_method(request: HttpRequest, slug: str, code: str) -> MethodOut:
    lab = lab_for(slug)
    return _method_out(
        get_object_or_404(TestMethod.objects.prefetch_related("budget_rows"), body=lab, code=code)
    )


@router.get("/{slug}/results", response=list[ResultOut])
def list_results(request: HttpRequest, slug: str, limit: int = 100) -> list[dict[str, Any]]:
    lab = lab_for(slug)
    results = TestResult.objects.filter(body=lab).select_related("method", "customer")[
        : max(1, min(limit, 500))
    ]
    return [_result_out(r) for r in results]


@router.get("/{slug}/results/{result_id}", response=ResultOut)
def get_result(request: HttpRequest, slug: str, result_id: int) -> dict[str, Any]:
    lab = lab_for(slug)
    return _result_out(
        get_object_or_404(TestResult.objects.select_related("method", "customer"), body=lab, pk=result_id)
    )


@router.post("/{slug}/results", response={201: ResultOut})
def create_result(request: HttpRequest, slug: str, payload: ResultIn) -> Status:
    lab = lab_for(slug, *ANALYSTS)
    method = TestMethod.objects.filter(body=lab, code=payload.method).first()
    if method is None:
        raise HttpError(422, f"method: no method {payload.method!r} in this laboratory")
    customer = Body.objects.filter(managed_by=lab, slug=payload.customer).first()
    if customer is None:
        raise HttpError(422, f"customer: no customer {payload.customer!r} of this laboratory")
    data = payload.dict()
    data.pop("method")
    data.pop("customer")
    try:
        result = record_result(
            lab, actor=Actor.from_request(request), method=method, customer=customer, **data
        )
    except LabInputError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, _result_out(result))


@router.get("/{slug}/reports", response=list[ReportSummaryOut])
def list_reports(request: HttpRequest, slug: str) -> list[ReportSummaryOut]:
    lab = lab_for(slug)
    reports = TestReport.objects.filter(body=lab).select_related("customer", "supersedes")
    return [
        ReportSummaryOut(
            id=r.pk,
            number=r.number,
            title=r.title,
            customer=r.customer.slug,
            status=r.status,
            issued_on=r.issued_on,
            supersedes=r.supersedes.number if r.supersedes else None,
        )
        for r in reports
    ]


@router.get("/{slug}/reports/{report_id}", response=dict[str, Any])
def get_report(request: HttpRequest, slug: str, report_id: int) -> dict[str, Any]:
    """The report's content: frozen at issue (results, uncertainties, statements of conformity)."""
    lab = lab_for(slug)
    report = get_object_or_404(
        TestReport.objects.select_related("customer", "body", "supersedes", "issued_by"),
        body=lab,
        pk=report_id,
    )
    data = content(report)
    for row in data["results"]:
        mcm = (row.get("computation") or {}).get("mcm")
        if mcm:
            row["computation"] = dict(
                row["computation"], mcm={k: v for k, v in mcm.items() if k != "histogram"}
            )
    return {"id": report.pk, **data}

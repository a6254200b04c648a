"""Define test methods: limits, and the uncertainty model or budget (validated before saving)."""

from __future__ import annotations

import math
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.laboratory.models import BudgetRow, TestMethod, UncertaintySource
from casys.laboratory.services import LabInputError
from casys.laboratory.services.uncertainty import (
    BudgetInput,
    budget_evaluation,
    model_evaluation,
    parse_budget,
    parse_model,
)


def _limits(lower: float | None, upper: float | None) -> None:
    for name, value in (("lower_limit", lower), ("upper_limit", upper)):
        if value is not None and not math.isfinite(value):
            raise LabInputError(name, "must be a finite number")
    if lower is None and upper is None:
        raise LabInputError("lower_limit", "give a lower limit, an upper limit or both")
    if lower is not None and upper is not None and lower >= upper:
        raise LabInputError("upper_limit", f"must be above the lower limit {lower:g}")


@transaction.atomic
def create_method(
    body: Body,
    *,
    actor: Actor,
    code: str,
    title: str,
    measurand: str,
    unit: str,
    lower_limit: float | None,
    upper_limit: float | None,
    uncertainty_source: str,
    model_toml: str = "",
    budget_text: str = "",
    coverage_probability: float = 0.95,
) -> TestMethod:
    """Create a method; the model (TOML) or the budget rows are checked first, errors name the key or row."""
    code = slugify(code)
    if not code:
        raise LabInputError("code", "a method needs a short code (letters, digits, hyphens)")
    if TestMethod.objects.filter(body=body, code=code).exists():
        raise LabInputError("code", f"a method with code {code!r} exists already")
    for name, value in (("title", title), ("measurand", measurand), ("unit", unit)):
        if not value.strip():
            raise LabInputError(name, "is required")
    _limits(lower_limit, upper_limit)
    if not 0.0 < coverage_probability < 1.0:
        raise LabInputError("coverage_probability", "must lie strictly between 0 and 1")
    if uncertainty_source not in UncertaintySource.values:
        raise LabInputError("uncertainty_source", f"unknown {uncertainty_source!r}")
    rows = []
    if uncertainty_source == UncertaintySource.MODEL:
        model_evaluation(parse_model(model_toml))  # the model must evaluate, not only parse
    else:
        model_toml = ""
    if uncertainty_source == UncertaintySource.BUDGET:
        rows = parse_budget(budget_text)
    method = TestMethod.all_objects.create(
        body=body,
        code=code,
        title=title.strip(),
        measurand=measurand.strip(),
        unit=unit.strip(),
        lower_limit=lower_limit,
        upper_limit=upper_limit,
        uncertainty_source=uncertainty_source,
        model_toml=model_toml,
        coverage_probability=coverage_probability,
        created_by=actor.user,
    )
    BudgetRow.all_objects.bulk_create(
        BudgetRow(method=method, position=i, quantity=r.quantity, u=r.u, c=r.c, dof=r.dof)
        for i, r in enumerate(rows, start=1)
    )
    log(
        "laboratory.method.created",
        actor=actor,
        body=body,
        obj=method,
        data={
            "code": code,
            "title": method.title,
            "lower": lower_limit,
            "upper": upper_limit,
            "uncertainty": uncertainty_source,
        },
    )
    return method


def method_evaluation(method: TestMethod) -> dict[str, Any] | None:
    """The method's own uncertainty evaluation (model at its stated inputs, or the budget), for display."""
    if method.uncertainty_source == UncertaintySource.MODEL:
        return model_evaluation(parse_model(method.model_toml))["gum"]  # type: ignore[no-any-return]
    if method.uncertainty_source == UncertaintySource.BUDGET:
        return budget_evaluation(budget_inputs(method), method.coverage_probability)
    return None


def budget_inputs(method: TestMethod) -> list[Any]:
    return [BudgetInput(r.quantity, r.u, r.c, r.dof) for r in method.budget_rows.all()]

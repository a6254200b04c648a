"""Record results: the value and its uncertainty, evaluated by the method's model, budget, or entered."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.clock import today
from casys.laboratory.models import Evaluation, TestMethod, TestResult, UncertaintySource
from casys.laboratory.services import LabInputError
from casys.laboratory.services.methods import budget_inputs
from casys.laboratory.services.uncertainty import (
    MAX_TRIALS,
    budget_evaluation,
    model_evaluation,
    parse_model,
)


def _positive(name: str, value: float | None) -> float:
    if value is None:
        raise LabInputError(name, "is required")
    if not math.isfinite(value) or value <= 0:
        raise LabInputError(name, f"must be a finite number > 0, got {value:g}")
    return float(value)


def _evaluate(
    method: TestMethod,
    *,
    y: float | None,
    u: float | None,
    k: float | None,
    model_toml: str,
    mcm_seed: int | None,
    trials: int,
    max_trials: int = MAX_TRIALS,
    progress: Callable[[int, int], object] | None = None,
) -> dict[str, Any]:
    if u is not None or method.uncertainty_source == UncertaintySource.ENTERED:
        if y is None:
            raise LabInputError("value", "is required")
        u, k = _positive("u", u), _positive("k", 2.0 if k is None else k)
        return {
            "y": y,
            "u": u,
            "k": k,
            "U": k * u,
            "df": None,
            "evaluation": Evaluation.ENTERED,
            "model_toml": "",
            "computation": {},
        }
    if method.uncertainty_source == UncertaintySource.BUDGET:
        if y is None:
            raise LabInputError("value", "is required")
        b = budget_evaluation(budget_inputs(method), method.coverage_probability)
        return {
            "y": y,
            "u": b["u"],
            "k": b["k"],
            "U": b["U"],
            "df": b["df"],
            "evaluation": Evaluation.BUDGET,
            "model_toml": "",
            "computation": {"budget": b},
        }
    text = model_toml.strip() or method.model_toml
    computation = model_evaluation(
        parse_model(text), mcm_seed=mcm_seed, trials=trials, max_trials=max_trials, progress=progress
    )
    g = computation["gum"]
    return {
        "y": g["y"] if y is None else y,
        "u": g["u"],
        "k": g["k"],
        "U": g["U"],
        "df": g["df"],
        "evaluation": Evaluation.GUM_MCM if mcm_seed is not None else Evaluation.GUM,
        "model_toml": text,
        "computation": computation,
    }


@transaction.atomic
def record_result(
    lab: Body,
    *,
    actor: Actor,
    method: TestMethod,
    customer: Body,
    sample: str,
    measured_on: date,
    value: float | None = None,
    u: float | None = None,
    k: float | None = None,
    model_toml: str = "",
    mcm_seed: int | None = None,
    trials: int = 100_000,
    item_description: str = "",
    received_on: date | None = None,
    sampled_on: date | None = None,
    sampling_plan: str = "",
    external_provider: str = "",
    max_trials: int = MAX_TRIALS,
    progress: Callable[[int, int], object] | None = None,
) -> TestResult:
    """Record one result. With a model: y and u from GUM (value may override y), MCM when a seed is given."""
    if method.body_id != lab.id:
        raise LabInputError("method", "is not a method of this laboratory")
    if customer.managed_by_id != lab.id:
        raise LabInputError("customer", "is not a customer of this laboratory")
    if not sample.strip():
        raise LabInputError("sample", "identify the sample or item")
    if measured_on > today():  # a result is recorded once measured (ISO/IEC 17025:2017 7.5.1)
        raise LabInputError(
            "measured_on",
            f"{measured_on.isoformat()} is after today ({today().isoformat()}); "
            "record a result once it has been measured",
        )
    if value is not None and not math.isfinite(value):
        raise LabInputError("value", "must be a finite number")
    for name, day in (("received_on", received_on), ("sampled_on", sampled_on)):
        if day is not None and day > measured_on:
            raise LabInputError(name, f"{day} is after the test date {measured_on}")
    if sampled_on is not None and received_on is not None and sampled_on > received_on:
        raise LabInputError("sampled_on", f"{sampled_on} is after the receipt date {received_on}")
    ev = _evaluate(
        method,
        y=value,
        u=u,
        k=k,
        model_toml=model_toml,
        mcm_seed=mcm_seed,
        trials=trials,
        max_trials=max_trials,
        progress=progress,
    )
    result = TestResult.all_objects.create(
        body=lab,
        method=method,
        customer=customer,
        sample=sample.strip(),
        measured_on=measured_on,
        item_description=item_description.strip(),
        received_on=received_on,
        sampled_on=sampled_on,
        sampling_plan=sampling_plan.strip()[:300],
        external_provider=external_provider.strip()[:300],
        recorded_by=actor.user,
        **ev,
    )
    log(
        "laboratory.result.recorded",
        actor=actor,
        body=lab,
        obj=result,
        data={
            "method": method.code,
            "customer": customer.slug,
            "sample": result.sample,
            "received_on": received_on,
            "sampled_on": sampled_on,
            "external_provider": result.external_provider,
            "y": result.y,
            "u": result.u,
            "k": result.k,
            "evaluation": result.evaluation,
            "seed": mcm_seed,
        },
    )
    return result

"""The laboratory's background job: a result whose Monte Carlo run is large (issue 20).

A result recorded with a seed and more trials than ``CASYS_MCM_JOB_TRIALS`` (default 200,000) is
not computed in the web request: the page queues ``laboratory.mcm-result`` with what was entered,
and the worker records the result through the same service (:func:`record_result`), with progress
per Monte Carlo block (the run's blocks, then the histogram's).

Idempotent and safe against a killed worker: the result and its id in the job's parameters commit
together, so a retried job finds the result instead of recording a second one; a worker killed
before the commit leaves nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor
from casys.jobs.kinds import JobFailed, register
from casys.jobs.models import Job
from casys.laboratory.models import TestMethod, TestResult
from casys.laboratory.services import LabInputError
from casys.laboratory.services.results import record_result
from casys.laboratory.services.uncertainty import MAX_JOB_TRIALS

MCM_RESULT = "laboratory.mcm-result"
DATES = ("measured_on", "received_on", "sampled_on")


def goes_to_worker(mcm_seed: int | None, trials: int | None) -> bool:
    """Whether a result's Monte Carlo run is large enough to run as a background job."""
    return mcm_seed is not None and (trials or 0) > int(getattr(settings, "CASYS_MCM_JOB_TRIALS", 200_000))


def params_of(cleaned: dict[str, Any]) -> dict[str, Any]:
    """A result form's cleaned data as JSON for the job (records by id, dates as ISO 8601)."""
    out: dict[str, Any] = {}
    for key, value in cleaned.items():
        if hasattr(value, "pk"):
            out[key] = value.pk
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def _arguments(lab: Body, params: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in params.items() if k not in ("result",)}
    method = TestMethod.all_objects.filter(pk=data.get("method"), body=lab).first()
    if method is None:
        raise LabInputError("method", "is not a method of this laboratory")
    customer = Body.all_objects.filter(pk=data.get("customer")).first()
    if customer is None:
        raise LabInputError("customer", "is not a customer of this laboratory")
    data.update(method=method, customer=customer)
    for key in DATES:
        if data.get(key):
            data[key] = date.fromisoformat(data[key])
    return data


@register(MCM_RESULT, _("Result with a large Monte Carlo run"))
def run_mcm_result(job: Any, progress: Any) -> dict[str, Any]:
    lab = Body.all_objects.get(pk=job.body_id)
    earlier = job.params.get("result")
    if earlier and TestResult.all_objects.filter(pk=earlier, body=lab).exists():
        return _answer(lab, TestResult.all_objects.get(pk=earlier))
    actor = Actor(user=job.created_by, label=str(job.created_by)) if job.created_by_id else SYSTEM
    try:
        arguments = _arguments(lab, job.params)
        with transaction.atomic():
            result = record_result(
                lab, actor=actor, max_trials=MAX_JOB_TRIALS, progress=progress, **arguments
            )
            job.params = {**job.params, "result": result.pk}
            Job.all_objects.filter(pk=job.pk).update(params=job.params)
    except LabInputError as exc:
        raise JobFailed(f"{exc.field}: {exc.message}") from exc
    return _answer(lab, result)


def _answer(lab: Body, result: TestResult) -> dict[str, Any]:
    mcm = (result.computation or {}).get("mcm") or {}
    return {
        "result": result.pk,
        "sample": result.sample,
        "trials": mcm.get("M"),
        "y": result.y,
        "u": result.u,
        "page": reverse("laboratory:result-detail", kwargs={"slug": lab.slug, "pk": result.pk}),
    }

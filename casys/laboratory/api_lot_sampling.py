"""API of lot-by-lot acceptance sampling (under /api/v1/laboratory/): sampling schemes, their state, lots.

The paths were ``/{slug}/inspection/schemes...`` before "inspection" came to mean ISO/IEC 17020
(issue 15); the old paths still answer, the same way, outside the published schema, so that a
client written against them keeps working (a redirect would turn its POST into a GET).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from casys.auditlog.services import Actor
from casys.laboratory.models import SamplingScheme
from casys.laboratory.services import LabInputError
from casys.laboratory.services.lot_sampling import (
    History,
    LotStep,
    history,
    plan_for,
    reason_text,
    record_lot,
)
from casys.laboratory.views.common import lab_for
from casys.laboratory.views.lot_sampling import INSPECTORS, READERS

router = Router(tags=["laboratory"])


class StateOut(Schema):
    severity: str
    reason: str
    lots: int


class PlanOut(Schema):
    severity: str
    lot_size: int
    code_letter: str
    plan_letter: str
    table: str
    n1: int
    Ac1: int
    Re1: int
    n2: int | None
    Ac2: int | None
    Re2: int | None
    full_inspection: bool


class SchemeOut(Schema):
    code: str
    product: str
    characteristic: str
    supplier: str
    level: str
    aql: str
    sampling: str
    basis: str
    lot_size: int
    state: StateOut


class SchemeDetailOut(SchemeOut):
    next_plan: PlanOut | None
    next_plan_error: str | None


class LotOut(Schema):
    sequence: int
    lot: str
    lot_size: int
    inspected_on: date
    severity: str
    code_letter: str
    table: str
    n1: int
    Ac1: int
    Re1: int
    n2: int | None
    Ac2: int | None
    Re2: int | None
    d1: int
    d2: int | None
    accepted: bool
    event: str | None
    note: str


class LotIn(Schema):
    lot: str
    lot_size: int
    inspected_on: date
    d1: int
    d2: int | None = None
    note: str = ""


class RecordedOut(Schema):
    lot: LotOut
    state: StateOut


def _state(past: History) -> dict[str, Any]:
    s = past.state
    return {"severity": s.severity.value, "reason": reason_text(s.reason), "lots": len(past.steps)}


def _scheme_out(scheme: SamplingScheme, past: History) -> dict[str, Any]:
    fields = ("code", "product", "characteristic", "supplier", "level", "aql", "sampling", "basis",
              "lot_size")  # fmt: skip
    return {**{f: getattr(scheme, f) for f in fields}, "state": _state(past)}


def _lot_out(step: LotStep) -> dict[str, Any]:
    lot = step.lot
    fields = ("sequence", "lot", "lot_size", "inspected_on", "severity", "code_letter", "table",
              "n1", "Ac1", "Re1", "n2", "Ac2", "Re2", "d1", "d2", "accepted", "note")  # fmt: skip
    return {**{f: getattr(lot, f) for f in fields}, "event": step.event}


def _scheme(slug: str, code: str, *roles: str) -> SamplingScheme:
    lab = lab_for(slug, *roles)
    return get_object_or_404(SamplingScheme.objects, body=lab, code=code)


@router.get("/{slug}/lot-sampling/schemes", response=list[SchemeOut])
@router.get("/{slug}/inspection/schemes", response=list[SchemeOut], include_in_schema=False)
def list_schemes(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    lab = lab_for(slug, *READERS)
    schemes = SamplingScheme.objects.filter(body=lab).prefetch_related("lots", "resumptions")
    return [_scheme_out(s, history(s)) for s in schemes]


@router.get("/{slug}/lot-sampling/schemes/{code}", response=SchemeDetailOut)
@router.get("/{slug}/inspection/schemes/{code}", response=SchemeDetailOut, include_in_schema=False)
def get_scheme(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    scheme = _scheme(slug, code, *READERS)
    past = history(scheme)
    out = {**_scheme_out(scheme, past), "next_plan": None, "next_plan_error": None}
    if past.state.severity.value == "discontinued":
        return out
    lot_size = past.steps[-1].lot.lot_size if past.steps else scheme.lot_size
    try:
        plan = plan_for(scheme, lot_size, past.state.severity.value)
    except LabInputError as exc:
        out["next_plan_error"] = str(exc)
    else:
        out["next_plan"] = {**plan.__dict__, "lot_size": lot_size}
        out["next_plan"].pop("source")
    return out


@router.get("/{slug}/lot-sampling/schemes/{code}/lots", response=list[LotOut])
@router.get("/{slug}/inspection/schemes/{code}/lots", response=list[LotOut], include_in_schema=False)
def list_lots(request: HttpRequest, slug: str, code: str) -> list[dict[str, Any]]:
    past = history(_scheme(slug, code, *READERS))
    return [_lot_out(step) for step in past.steps]


@router.post("/{slug}/lot-sampling/schemes/{code}/lots", response={201: RecordedOut})
@router.post("/{slug}/inspection/schemes/{code}/lots", response={201: RecordedOut}, include_in_schema=False)
def create_lot(request: HttpRequest, slug: str, code: str, payload: LotIn) -> Status:
    scheme = _scheme(slug, code, *INSPECTORS)
    try:
        _lot, after = record_lot(scheme, actor=Actor.from_request(request), **payload.dict())
    except LabInputError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, {"lot": _lot_out(after.steps[-1]), "state": _state(after)})

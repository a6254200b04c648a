"""API of the accreditation app (mounted under /api/v1/accreditation/), token authentication."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from casys import clock
from casys.accounts.models import Body, Role
from casys.accounts.services.bodies import body_for
from casys.accreditation.models import Accreditation, SignatoryStatus
from casys.accreditation.services.accreditations import (
    AccreditationInputError,
    GrantInput,
    ScopeInput,
    attach_parts,
    grant,
    record_event,
    to_record,
)
from casys.auditlog.services import Actor
from casys.core import recognition

router = Router(tags=["accreditation"])


def _json(a: Accreditation, today: date, full: bool = False) -> dict[str, Any]:
    state = recognition.accreditation_state(to_record(a), today)
    out: dict[str, Any] = {
        "number": a.number,
        "body": a.body.slug,
        "cab": a.cab.slug,
        "standard": a.standard,
        "activity": a.activity,
        "valid_from": a.valid_from.isoformat(),
        "valid_until": a.valid_until.isoformat(),
        "status": state.status,
    }
    if full:
        lines, events = a._parts  # type: ignore[attr-defined]
        out["scope"] = [
            {"normative_document": s.normative_document, "iaf_codes": s.iaf_codes, "methods": s.methods}
            for s in lines
        ]
        out["events"] = [
            {
                "on": e.on.isoformat(),
                "kind": e.kind,
                "normative_document": e.normative_document,
                "reason": e.reason,
            }
            for e in events
        ]
    return out


@router.get("/{slug}/accreditations")
def list_accreditations(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    body = body_for(slug)
    qs = Accreditation.objects.filter(Q(body=body) | Q(cab=body)).select_related("body", "cab")
    today = clock.today()
    return [_json(a, today) for a in attach_parts(list(qs.order_by("number")))]


@router.get("/{slug}/accreditations/{number}")
def get_accreditation(request: HttpRequest, slug: str, number: str) -> dict[str, Any]:
    body = body_for(slug)
    acc = get_object_or_404(Accreditation.objects.select_related("body", "cab"), body=body, number=number)
    return _json(attach_parts([acc])[0], clock.today(), full=True)


class EventIn(Schema):
    on: date
    kind: str
    normative_document: str = ""
    iaf_codes: list[str] = []
    reason: str = ""


@router.post("/{slug}/accreditations/{number}/events")
def post_event(request: HttpRequest, slug: str, number: str, body_in: EventIn) -> dict[str, Any]:
    body = body_for(slug, Role.ADMIN, Role.DECISION_MAKER)
    acc = get_object_or_404(Accreditation.objects.select_related("body", "cab"), body=body, number=number)
    try:
        record_event(
            acc,
            body_in.on,
            body_in.kind,
            normative_document=body_in.normative_document,
            iaf_codes=body_in.iaf_codes,
            reason=body_in.reason,
            actor=Actor.from_request(request),
        )
    except AccreditationInputError as exc:
        raise HttpError(400, str(exc)) from exc
    return _json(attach_parts([acc])[0], clock.today(), full=True)


class ScopeIn(Schema):
    normative_document: str
    iaf_codes: list[str] = []
    methods: list[str] = []
    measurand: str = ""
    range: str = ""
    field: str = ""


class GrantIn(Schema):
    cab: str
    number: str
    standard: str
    activity: str = ""
    inspection_type: str = ""
    valid_from: date
    valid_until: date
    scope: list[ScopeIn] = []


@router.post("/{slug}/accreditations")
def grant_accreditation(request: HttpRequest, slug: str, body_in: GrantIn) -> dict[str, Any]:
    body = body_for(slug, Role.ADMIN, Role.DECISION_MAKER)
    cab = Body.all_objects.filter(slug=body_in.cab).first()
    if cab is None:
        raise HttpError(400, f"cab: no body {body_in.cab!r}")
    g = GrantInput(
        cab=cab,
        number=body_in.number,
        standard=body_in.standard,
        activity=body_in.activity,
        inspection_type=body_in.inspection_type,
        valid_from=body_in.valid_from,
        valid_until=body_in.valid_until,
        scope=tuple(ScopeInput(**s.dict()) for s in body_in.scope),
    )
    try:
        acc = grant(body, g, actor=Actor.from_request(request))
    except AccreditationInputError as exc:
        raise HttpError(400, str(exc)) from exc
    return _json(attach_parts([acc])[0], clock.today(), full=True)


@router.get("/{slug}/signatory-statuses")
def signatory_statuses(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    body = body_for(slug)
    return [
        {
            "arrangement": s.arrangement,
            "activity": s.activity,
            "normative_document": s.normative_document,
            "sub_scope": s.sub_scope or None,
            "valid_from": s.valid_from.isoformat(),
            "valid_until": s.valid_until.isoformat() if s.valid_until else None,
        }
        for s in SignatoryStatus.objects.filter(body=body)
    ]

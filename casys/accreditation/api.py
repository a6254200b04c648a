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
from casys.accounts.models import Role
from casys.accounts.services.bodies import body_for
from casys.accreditation.models import Accreditation, SignatoryStatus
from casys.accreditation.services.accreditations import (
    AccreditationInputError,
    attach_parts,
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

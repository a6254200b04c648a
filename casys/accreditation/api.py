"""API of the accreditation app (mounted under /api/v1/accreditation/), token authentication.

The same operations as the pages: grant, register a CAB, events, assessments with findings, and
the accreditation decision on an assessment (by a member who did not assess).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from casys import clock
from casys.accounts.models import Body, Membership, Role, User
from casys.accounts.services.bodies import body_for
from casys.accreditation.models import (
    Accreditation,
    AccreditationDecision,
    Assessment,
    AssessmentFinding,
    SignatoryStatus,
)
from casys.accreditation.services.accreditations import (
    CAB_KINDS,
    AccreditationInputError,
    CabInput,
    GrantInput,
    ScopeInput,
    attach_parts,
    grant,
    record_event,
    register_cab,
    to_record,
)
from casys.accreditation.services.assessments import (
    AssessmentInput,
    DecisionInput,
    WitnessInput,
    add_finding,
    close_finding,
    decide,
    record_assessment,
)
from casys.auditlog.services import Actor
from casys.core import recognition

router = Router(tags=["accreditation"])

MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)
DECIDERS = (Role.ADMIN, Role.DECISION_MAKER)
ASSESSMENT_STAFF = (Role.ADMIN, Role.SCHEME_MANAGER, Role.AUDITOR)


def _person(u: Any) -> dict[str, Any]:
    return {"email": u.email, "name": u.full_name}


def _assessment_json(a: Assessment) -> dict[str, Any]:
    decision = a.decisions.select_related("decided_by").first()
    return {
        "id": a.pk,
        "kind": a.kind,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "team_leader": _person(a.team_leader),
        "assessors": [_person(u) for u in a.assessors.order_by("email")],
        "witnessed": [
            {"activity": w.activity, "location": w.location, "on": w.on.isoformat()}
            for w in a.witnessed.all()
        ],
        "findings": [
            {
                "id": f.pk,
                "grade": f.grade,
                "clause": f.clause,
                "text": f.text,
                "closed": f.closed,
                "closed_on": f.closed_on.isoformat() if f.closed_on else None,
            }
            for f in a.findings.all()
        ],
        "recommendation": a.recommendation or None,
        "summary": a.summary,
        "decision": _decision_json(decision) if decision else None,
    }


def _decision_json(d: AccreditationDecision) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "on": d.on.isoformat(),
        "reason": d.reason,
        "assessment": d.assessment_id,
        "decided_by": _person(d.decided_by),
    }


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
        out["status_since"] = state.since.isoformat() if state.since else None
        out["scope"] = [
            {
                "normative_document": s.normative_document,
                "iaf_codes": s.iaf_codes,
                "methods": s.methods,
                "measurand": s.measurand,
                "range": s.range,
                "field": s.field,
            }
            for s in lines
        ]
        out["scope_today"] = [
            {
                "normative_document": s.normative_document,
                "iaf_codes": list(s.iaf_codes),
                "methods": list(s.methods),
            }
            for s in state.scopes
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
        out["assessments"] = [
            _assessment_json(x)
            for x in Assessment.all_objects.filter(accreditation=a).select_related("team_leader")
        ]
    return out


def _bad(exc: AccreditationInputError) -> HttpError:
    return HttpError(400, str(exc))


def _accreditation(body: Body, number: str) -> Accreditation:
    return get_object_or_404(Accreditation.objects.select_related("body", "cab"), body=body, number=number)


@router.get("/{slug}/accreditations")
def list_accreditations(request: HttpRequest, slug: str, state: str = "") -> list[dict[str, Any]]:
    body = body_for(slug)
    qs = Accreditation.objects.filter(Q(body=body) | Q(cab=body)).select_related("body", "cab")
    today = clock.today()
    rows = [_json(a, today) for a in attach_parts(list(qs.order_by("number")))]
    return [r for r in rows if not state or r["status"] == state]


@router.get("/{slug}/accreditations/{number}")
def get_accreditation(request: HttpRequest, slug: str, number: str) -> dict[str, Any]:
    body = body_for(slug)
    acc = _accreditation(body, number)
    return _json(attach_parts([acc])[0], clock.today(), full=True)


class EventIn(Schema):
    on: date
    kind: str
    normative_document: str = ""
    iaf_codes: list[str] = []
    methods: list[str] = []
    reason: str = ""


@router.post("/{slug}/accreditations/{number}/events")
def post_event(request: HttpRequest, slug: str, number: str, body_in: EventIn) -> dict[str, Any]:
    body = body_for(slug, *DECIDERS)
    acc = _accreditation(body, number)
    try:
        record_event(
            acc,
            body_in.on,
            body_in.kind,
            normative_document=body_in.normative_document,
            iaf_codes=body_in.iaf_codes,
            methods=body_in.methods,
            reason=body_in.reason,
            actor=Actor.from_request(request),
        )
    except AccreditationInputError as exc:
        raise _bad(exc) from exc
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
    """Grant an accreditation to a CAB, named by its short name (a CAB on casys or one the AB registered)."""
    body = body_for(slug, *MANAGERS)
    cab = Body.all_objects.filter(slug=body_in.cab, kind__in=CAB_KINDS).first()
    if cab is None:
        raise HttpError(400, f"cab: no conformity assessment body {body_in.cab!r}")
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
        raise _bad(exc) from exc
    return _json(attach_parts([acc])[0], clock.today(), full=True)


class CabIn(Schema):
    name: str
    kind: str
    country: str
    city: str = ""
    address: str = ""


@router.post("/{slug}/cabs")
def post_cab(request: HttpRequest, slug: str, body_in: CabIn) -> dict[str, Any]:
    """Register a CAB that applied and does not run on casys; answers its short name for granting."""
    body = body_for(slug, *MANAGERS)
    try:
        cab = register_cab(body, CabInput(**body_in.dict()), actor=Actor.from_request(request))
    except AccreditationInputError as exc:
        raise _bad(exc) from exc
    return {"slug": cab.slug, "name": cab.name, "kind": cab.kind, "country": cab.country, "city": cab.city}


class WitnessIn(Schema):
    activity: str
    on: date
    location: str = ""


class AssessmentIn(Schema):
    kind: str
    start: date
    end: date
    team_leader: str
    assessors: list[str] = []
    witnessed: list[WitnessIn] = []
    recommendation: str = ""
    summary: str = ""


def _member(body: Body, email: str, name: str) -> User:
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None or not Membership.all_objects.filter(body=body, user=user).exists():
        raise HttpError(400, f"{name}: {email!r} is not a member of {body.slug}")
    return user


@router.post("/{slug}/accreditations/{number}/assessments")
def post_assessment(request: HttpRequest, slug: str, number: str, body_in: AssessmentIn) -> dict[str, Any]:
    """Record an assessment; assessors are named by their e-mail address (an identity, not a name)."""
    body = body_for(slug, *MANAGERS)
    acc = _accreditation(body, number)
    a = AssessmentInput(
        kind=body_in.kind,
        start=body_in.start,
        end=body_in.end,
        team_leader=_member(body, body_in.team_leader, "team_leader"),
        assessors=[_member(body, e, "assessors") for e in body_in.assessors],
        witnessed=[WitnessInput(w.activity, w.on, w.location) for w in body_in.witnessed],
        recommendation=body_in.recommendation,
        summary=body_in.summary,
    )
    try:
        assessment = record_assessment(acc, a, actor=Actor.from_request(request))
    except AccreditationInputError as exc:
        raise _bad(exc) from exc
    return _assessment_json(assessment)


def _assessment(body: Body, number: str, pk: int) -> Assessment:
    acc = _accreditation(body, number)
    return get_object_or_404(
        Assessment.objects.select_related("accreditation__body", "team_leader"), accreditation=acc, pk=pk
    )


@router.get("/{slug}/accreditations/{number}/assessments/{pk}")
def get_assessment(request: HttpRequest, slug: str, number: str, pk: int) -> dict[str, Any]:
    return _assessment_json(_assessment(body_for(slug), number, pk))


class FindingIn(Schema):
    grade: str
    clause: str
    text: str


@router.post("/{slug}/accreditations/{number}/assessments/{pk}/findings")
def post_finding(request: HttpRequest, slug: str, number: str, pk: int, body_in: FindingIn) -> dict[str, Any]:
    a = _assessment(body_for(slug, *ASSESSMENT_STAFF), number, pk)
    try:
        add_finding(a, body_in.grade, body_in.clause, body_in.text, actor=Actor.from_request(request))
    except AccreditationInputError as exc:
        raise _bad(exc) from exc
    return _assessment_json(a)


class CloseIn(Schema):
    on: date


@router.post("/{slug}/accreditations/{number}/assessments/{pk}/findings/{fid}/close")
def post_close(
    request: HttpRequest, slug: str, number: str, pk: int, fid: int, body_in: CloseIn
) -> dict[str, Any]:
    a = _assessment(body_for(slug, *ASSESSMENT_STAFF), number, pk)
    finding = get_object_or_404(AssessmentFinding.objects, assessment=a, pk=fid)
    try:
        close_finding(finding, body_in.on, actor=Actor.from_request(request))
    except AccreditationInputError as exc:
        raise _bad(exc) from exc
    return _assessment_json(a)


class DecisionIn(Schema):
    kind: str
    on: date
    reason: str = ""
    normative_document: str = ""
    iaf_codes: list[str] = []
    methods: list[str] = []


@router.post("/{slug}/accreditations/{number}/assessments/{pk}/decision")
def post_decision(
    request: HttpRequest, slug: str, number: str, pk: int, body_in: DecisionIn
) -> dict[str, Any]:
    """The accreditation decision on the assessment, by a member who was not on its team."""
    body = body_for(slug, *DECIDERS)
    a = _assessment(body, number, pk)
    try:
        decide(a, DecisionInput(**body_in.dict()), actor=Actor.from_request(request))
    except AccreditationInputError as exc:
        raise _bad(exc) from exc
    return _json(attach_parts([a.accreditation])[0], clock.today(), full=True)


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

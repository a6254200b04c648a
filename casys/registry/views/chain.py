"""Public documents for an offline check of the chain: an AB's signed accreditation credentials and
its signatory statuses as recognition data (the format ``casys verify --chain`` reads)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.accreditation.models import Accreditation, SignatoryStatus
from casys.accreditation.services.accreditations import attach_parts, to_record
from casys.attestations.identity import accreditation_url, did_for
from casys.core import credentials, recognition
from casys.registry.services import files


def _accreditation(ab: str, number: str) -> Accreditation:
    acc = (
        Accreditation.all_objects.select_related("body", "cab")
        .filter(body__slug=ab, number=number, body__kind=BodyKind.ACCREDITATION_BODY)
        .first()
    )
    if acc is None:
        raise Http404("no such accreditation")
    return acc


def accreditation_page(request: HttpRequest, ab: str, number: str) -> HttpResponse:
    """The public page of an accreditation: its status today (active, suspended since, withdrawn ...),
    its scope today and its dated events, read from the accreditation's events."""
    acc = _accreditation(ab, number)
    record = to_record(attach_parts([acc])[0])
    today = clock.today()
    state = recognition.accreditation_state(record, today)
    context = {"acc": acc, "state": state, "events": acc._parts[1], "today": today}  # type: ignore[attr-defined]
    return render(request, "registry/accreditation.html", context)


def accreditation_credential(request: HttpRequest, ab: str, number: str) -> HttpResponse:
    """The accreditation, signed by the AB (deterministic: the same facts give the same token).

    The scope signed is the scope on the day asked (scope extensions and reductions are events).
    The credential carries no status-list entry yet: a suspension or withdrawal shows on the
    registry's pages and in its chain, not in an offline check of this token.
    """
    acc = _accreditation(ab, number)
    record = to_record(attach_parts([acc])[0])
    state = recognition.accreditation_state(record, clock.today())
    facts = credentials.AccreditationFacts(
        id=accreditation_url(ab, number),
        number=acc.number,
        body=credentials.Party(did_for(acc.body.slug), acc.body.name),
        cab=credentials.Party(did_for(acc.cab.slug), acc.cab.name),
        activity=acc.activity,
        standard=acc.standard,
        scopes=record.scopes if state.status == "not-yet-valid" else state.scopes,
        valid_from=acc.valid_from,
        valid_until=acc.valid_until,
    )
    token = credentials.sign(credentials.accreditation_credential(facts), files.signing_key(acc.body.slug))
    return HttpResponse(token, content_type=credentials.MEDIA_TYPE)


def recognition_data(request: HttpRequest, ab: str) -> HttpResponse:
    """The AB's signatory statuses (``{"signatoryStatuses": [...]}``, parties by DID)."""
    body = Body.all_objects.filter(slug=ab, kind=BodyKind.ACCREDITATION_BODY).first()
    if body is None:
        raise Http404("no such accreditation body")
    rows = [
        {
            "body": did_for(body.slug),
            "arrangement": s.arrangement,
            "activity": s.activity,
            "normativeDocument": s.normative_document,
            "subScope": s.sub_scope or None,
            "validFrom": s.valid_from.isoformat(),
            "validUntil": s.valid_until.isoformat() if s.valid_until else None,
            "suspended": [{"from": a, "until": z} for a, z in s.suspended],
            "source": s.source,
        }
        for s in SignatoryStatus.all_objects.filter(body=body)
    ]
    for row in rows:
        if row["validUntil"] is None:
            del row["validUntil"]
    return HttpResponse(json.dumps({"signatoryStatuses": rows}, indent=2), content_type="application/json")

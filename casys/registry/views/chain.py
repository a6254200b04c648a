"""Public documents for an offline check of the chain: an AB's signed accreditation credentials and
its signatory statuses as recognition data (the format ``casys verify --chain`` reads)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.accreditation.models import Accreditation, SignatoryStatus
from casys.accreditation.services import attestation
from casys.accreditation.services.records import attach_parts, to_record
from casys.attestations.identity import did_for
from casys.core import credentials, recognition


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
    """The accreditation's signed credential, as the AB issued it through the attestations layer.

    The scope signed is the scope on the day it was (re-)issued (extensions and reductions re-issue
    it); its status entry points into the AB's status lists, where a suspension or withdrawal shows.
    """
    acc = _accreditation(ab, number)
    row = attestation.stored(acc)
    if row is None:
        raise Http404("this accreditation has not been issued as an attestation yet")
    return HttpResponse(row.credential, content_type=credentials.MEDIA_TYPE)


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

"""Public API of the registry (no login, rate-limited per client address), mounted under /api/v1/registry/.

- ``GET /certificates?text=&number=&q=&country=&standard=&iaf=&issuer=&ab=&status=&page=``
- ``GET /certificates/{issuer}/{number}`` — the certificate and its chain today
- ``GET /certificates/{issuer}/{number}/credential`` — the signed credential (public certificates)
- ``POST /verify`` ``{"credential": "<compact JWS>", "on": "YYYY-MM-DD"?}`` — every check, the chain
- ``GET /log/{issuer}/tree-head`` — the issuer's latest signed tree head (RFC 9162 transparency log)
- ``GET /log/{issuer}/inclusion?number=&kind=certificate&tree_size=`` — the leaf of the attestation's
  current credential and its inclusion proof in the tree head of ``tree_size`` (default the latest)
- ``GET /log/{issuer}/consistency?first=&second=`` — both signed heads and the consistency proof
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Router, Schema
from ninja.errors import HttpError

from casys import clock
from casys.accounts.models import Body
from casys.attestations.models import Attestation, Kind
from casys.attestations.services import deferred
from casys.attestations.services import log as tlog
from casys.core import transparency
from casys.registry.routers import public_read
from casys.registry.services import importer, lookup, search, verification

router = Router(tags=["registry"])
PER_PAGE = 50


#: the answer to a client over the rate limit (the hot path's limiter answers the same)
TOO_MANY = "Too many requests: the public registry API is rate-limited"


def rate() -> str:
    """The public registry API's rate limit per client address ("120/m")."""
    return os.environ.get("CASYS_REGISTRY_RATE") or getattr(settings, "CASYS_REGISTRY_RATE", "120/m")


def _limit(request: HttpRequest) -> None:
    if is_ratelimited(request, group="registry-api", key="ip", rate=rate(), increment=True):
        raise HttpError(429, TOO_MANY)


class VerifyIn(Schema):
    credential: str
    on: date | None = None


@router.get("/certificates", auth=None)
@public_read
def certificates(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    _limit(request)
    query = search.Query.from_params(request.GET)
    if query.empty:
        raise HttpError(400, "give at least one of: " + ", ".join(search.FILTERS))
    pages = search.paginator(query, PER_PAGE)
    current = pages.get_page(page)
    return {
        "query": query.params(),
        "count": pages.count,
        "count_capped": pages.capped,
        # beyond search.EXACT_UP_TO hits the count is PostgreSQL's estimate ("about N")
        "count_estimated": pages.estimated,
        "page": current.number,
        "pages": pages.num_pages,
        "results": [search.public_view(a) for a in current.object_list],
    }


def _row(issuer: str, number: str) -> Any:
    row = search.find(issuer, number)
    if row is None:
        raise HttpError(404, "Not Found")
    return row


@router.get("/certificates/{issuer}/{number}", auth=None)
@public_read
def certificate(request: HttpRequest, issuer: str, number: str) -> dict[str, Any]:
    _limit(request)
    row = lookup.find(issuer, number)
    if row is None:
        raise HttpError(404, "Not Found")
    # the ASGI hot path (casys.registry.hotpath) answers this URL with the same statement and document
    return lookup.document(row, clock.today())


@router.get("/certificates/{issuer}/{number}/credential", auth=None)
@public_read
def credential(request: HttpRequest, issuer: str, number: str) -> dict[str, Any]:
    _limit(request)
    row = _row(issuer, number)
    if not row.public:
        raise HttpError(404, "Not Found")
    token = deferred.credential_of(row)
    return {"credential": token, "kid": row.kid}


@router.post("/verify", auth=None)
@public_read
def verify(request: HttpRequest, body: VerifyIn) -> dict[str, Any]:
    _limit(request)
    result = verification.verify_token(body.credential, body.on or clock.today())
    return verification.verification_json(result)


# --- the transparency log ------------------------------------------------------------------------


def _issuer(slug: str) -> Body:
    body = Body.all_objects.filter(slug=slug).first()
    if body is None:
        raise HttpError(404, "Not Found")
    return body


def _lookup(call: Any) -> Any:
    try:
        return call()
    except tlog.LogLookupError as exc:
        raise HttpError(404, str(exc)) from exc


@router.get("/log/{issuer}/tree-head", auth=None)
@public_read
def tree_head(request: HttpRequest, issuer: str) -> dict[str, Any]:
    _limit(request)
    head = tlog.latest_head(_issuer(issuer))
    if head is None:
        raise HttpError(404, f"issuer: {issuer} has signed no tree head yet")
    return tlog.head_json(head)


@router.get("/log/{issuer}/inclusion", auth=None)
@public_read
def inclusion(
    request: HttpRequest, issuer: str, number: str, kind: str = Kind.CERTIFICATE, tree_size: int | None = None
) -> dict[str, Any]:
    _limit(request)
    body = _issuer(issuer)
    if kind not in Kind.values:
        raise HttpError(400, f"kind: {kind!r} is not one of {', '.join(Kind.values)}")
    if not tlog.is_public(body, kind, number):
        raise HttpError(404, "Not Found")
    inc = _lookup(lambda: tlog.inclusion(body, kind, number, tree_size))
    doc = tlog.inclusion_json(inc)
    if '"facts":' in inc.leaf.data:
        # logged by a bulk import before its credential was signed: the leaf commits to the record's
        # facts, which the verifier needs to rebuild it (the registry export's row, status aside)
        row = Attestation.all_objects.get(issuer=body, kind=kind, number=number)
        doc["record"] = {k: v for k, v in importer.template_row(row).items() if k in transparency.FACT_KEYS}
    return doc


@router.get("/log/{issuer}/consistency", auth=None)
@public_read
def consistency(request: HttpRequest, issuer: str, first: int, second: int) -> dict[str, Any]:
    _limit(request)
    body = _issuer(issuer)
    a, b, proof = _lookup(lambda: tlog.consistency(body, first, second))
    return tlog.consistency_json(first, a, b, proof)

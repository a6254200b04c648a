"""Public API of the registry (no login, rate-limited per client address), mounted under /api/v1/registry/.

- ``GET /certificates?text=&number=&q=&country=&standard=&iaf=&issuer=&ab=&status=&page=``
- ``GET /certificates/{issuer}/{number}`` — the certificate and its chain today
- ``GET /certificates/{issuer}/{number}/credential`` — the signed credential (public certificates)
- ``POST /verify`` ``{"credential": "<compact JWS>", "on": "YYYY-MM-DD"?}`` — every check, the chain
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
from casys.registry.services import search, verification

router = Router(tags=["registry"])
PER_PAGE = 50


def _limit(request: HttpRequest) -> None:
    rate = os.environ.get("CASYS_REGISTRY_RATE") or getattr(settings, "CASYS_REGISTRY_RATE", "120/m")
    if is_ratelimited(request, group="registry-api", key="ip", rate=rate, increment=True):
        raise HttpError(429, "Too many requests: the public registry API is rate-limited")


class VerifyIn(Schema):
    credential: str
    on: date | None = None


@router.get("/certificates", auth=None)
def certificates(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    _limit(request)
    query = search.Query.from_params(request.GET)
    if query.empty:
        raise HttpError(400, "give at least one of: " + ", ".join(search.FILTERS))
    pages = search.CappedPaginator(search.search(query), PER_PAGE)
    current = pages.get_page(page)
    return {
        "query": query.params(),
        "count": pages.count,
        "count_capped": pages.capped,
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
def certificate(request: HttpRequest, issuer: str, number: str) -> dict[str, Any]:
    _limit(request)
    row = _row(issuer, number)
    verdict = verification.chain_of(row, clock.today())
    return {**search.public_view(row), "chain": verification.chain_json(verdict)}


@router.get("/certificates/{issuer}/{number}/credential", auth=None)
def credential(request: HttpRequest, issuer: str, number: str) -> dict[str, Any]:
    _limit(request)
    row = _row(issuer, number)
    if not row.public:
        raise HttpError(404, "Not Found")
    return {"credential": row.credential, "kid": row.kid}


@router.post("/verify", auth=None)
def verify(request: HttpRequest, body: VerifyIn) -> dict[str, Any]:
    _limit(request)
    result = verification.verify_token(body.credential, body.on or clock.today())
    return verification.verification_json(result)

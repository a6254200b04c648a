"""Public pages (no login): search, verification page, credential download, CSV/JSON export."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from casys import clock
from casys.accounts.models import Body
from casys.accreditation.models import Accreditation
from casys.attestations.models import Attestation, Status
from casys.attestations.services import deferred
from casys.core.credentials import MEDIA_TYPE
from casys.registry.routers import public_read
from casys.registry.services import importer, search, verification
from casys.registry.services.template import KEYS
from casys.registry.views import statements

PER_PAGE = 25
EXPORT_LIMIT = 100_000


def _page(rows: QuerySet[Attestation] | search.CappedPaginator, request: HttpRequest) -> Any:
    pages = rows if isinstance(rows, search.CappedPaginator) else search.CappedPaginator(rows, PER_PAGE)
    page = pages.get_page(request.GET.get("page"))
    page.rows = [search.public_view(a) for a in page.object_list]
    return page


@public_read
def search_page(request: HttpRequest) -> HttpResponse:
    query = search.Query.from_params(request.GET)
    page = None if query.empty else _page(search.paginator(query, PER_PAGE), request)
    if page is not None and not page.rows and query.text:
        # a validation/verification statement is found by its number: its page answers
        found = statements.find_by_number(query.text)
        if found is not None:
            return redirect(statements.path_of(found))
    context = {
        "query": query,
        "page": page,
        "recent": [search.public_view(a) for a in search.recent()] if query.empty else [],
        "statuses": Status.choices,
        "params": query.params(),
        "advanced": any(v for k, v in query.params().items() if k != "text"),
    }
    return render(request, "registry/search.html", context)


@public_read
def verify_page(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    row = search.find(issuer, number)
    if row is None:
        statement = statements.find(issuer, number)
        if statement is not None:
            return statements.statement_page(request, statement)
        return render(request, "registry/not_found.html", {"issuer": issuer, "number": number}, status=404)
    today = clock.today()
    verdict = verification.chain_of(row, today)
    links = {lk.name: lk.state for lk in verdict.links}
    context = {
        "a": search.public_view(row),
        "answer": verification.answer(row, today),
        # "accredited by" only where the accreditation link holds (the card names the AB anyway)
        "accredited": links.get("accreditation") == "pass",
        "accreditation": verification.accreditation_of(row),
        "chain": verification.readable(verification.chain_json(verdict), verification.public_names(row)),
        "today": today,
    }
    return render(request, "registry/verify.html", context)


@public_read
def holder_page(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    """Every public certificate of the holder of one certificate (found by its name and country)."""
    row = search.find(issuer, number)
    if row is None or not row.public:
        raise Http404(_("No published certificate holder"))
    context = {"holder": search.public_view(row), "page": _page(search.of_holder(row), request)}
    return render(request, "registry/holder.html", context)


@public_read
def body_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A certification body's public page: its accreditations and its published certificates."""
    body = Body.all_objects.filter(slug=slug).first()
    if body is None:
        raise Http404(_("No such body"))
    accreditations = (
        Accreditation.all_objects.filter(cab=body).select_related("body").order_by("-valid_until", "number")
    )
    context = {
        "body": body,
        "accreditations": accreditations,
        "today": clock.today(),
        "page": _page(search.of_issuer(slug), request),
    }
    return render(request, "registry/body.html", context)


@public_read
def credential_download(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    row = search.find(issuer, number) or statements.find(issuer, number)
    if row is None or not row.public:
        # the credential names the holder: a confidential certificate's is not handed out
        raise Http404(_("No published credential"))
    response = HttpResponse(deferred.credential_of(row), content_type=MEDIA_TYPE)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in row.number)
    response["Content-Disposition"] = f'attachment; filename="{row.issuer_slug}-{safe}.jwt"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


@public_read
def export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The public rows of a search as CSV or JSON, streamed row by row (never built in memory).

    An anonymous caller may export at most ``CASYS_EXPORT_RATE`` times (default 6 a minute per
    client address, counted in the shared cache) so that full exports cannot starve the server.
    """
    if not request.user.is_authenticated and is_ratelimited(
        request, group="registry-export", key="ip", rate=_export_rate(), increment=True
    ):
        message = _("Too many exports: try again in a minute.")
        return HttpResponse(message, status=429, content_type="text/plain")
    query = search.Query.from_params(request.GET)
    rows = search.search(query).filter(public=True)[:EXPORT_LIMIT]
    if fmt == "json":
        response = StreamingHttpResponse(_json_lines(query, rows), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="registry-export.json"'
        return response
    writer = csv.writer(_Echo(), lineterminator="\n")

    def lines() -> Iterator[str]:
        yield writer.writerow(KEYS)
        for a in rows.iterator(chunk_size=2000):
            yield writer.writerow(importer.spreadsheet_row(a))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry-export.csv"'
    return response


def _export_rate() -> str:
    return os.environ.get("CASYS_EXPORT_RATE") or getattr(settings, "CASYS_EXPORT_RATE", "6/m")


def _json_lines(query: search.Query, rows: Any) -> Iterator[str]:
    """``{"query": ..., "certificates": [...], "count": n}`` written one certificate at a time."""
    yield '{"query": ' + json.dumps(query.params(), ensure_ascii=False) + ', "certificates": ['
    n = 0
    for a in rows.iterator(chunk_size=2000):
        yield ("" if n == 0 else ", ") + json.dumps(importer.template_row(a), ensure_ascii=False)
        n += 1
    yield '], "count": ' + str(n) + "}"


class _Echo:
    def write(self, value: str) -> str:
        return value

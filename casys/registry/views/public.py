"""Public pages (no login): search, verification page, credential download, CSV/JSON export."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from casys import clock
from casys.core.credentials import MEDIA_TYPE
from casys.registry.models import Status
from casys.registry.services import importer, search, verification
from casys.registry.services.template import KEYS

PER_PAGE = 25
EXPORT_LIMIT = 100_000


def search_page(request: HttpRequest) -> HttpResponse:
    query = search.Query.from_params(request.GET)
    page = None
    if not query.empty:
        page = search.CappedPaginator(search.search(query), PER_PAGE).get_page(request.GET.get("page"))
        page.rows = [search.public_view(a) for a in page.object_list]  # type: ignore[attr-defined]
    context = {"query": query, "page": page, "statuses": Status.choices, "params": query.params()}
    return render(request, "registry/search.html", context)


def verify_page(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    row = search.find(issuer, number)
    if row is None:
        return render(request, "registry/not_found.html", {"issuer": issuer, "number": number}, status=404)
    today = clock.today()
    verdict = verification.chain_of(row, today)
    context = {"a": search.public_view(row), "chain": verification.chain_json(verdict), "today": today}
    return render(request, "registry/verify.html", context)


def credential_download(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    row = search.find(issuer, number)
    if row is None or not row.public:
        # the credential names the holder: a confidential certificate's is not handed out
        raise Http404(_("No published credential"))
    response = HttpResponse(row.credential, content_type=MEDIA_TYPE)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in row.number)
    response["Content-Disposition"] = f'attachment; filename="{row.issuer_slug}-{safe}.jwt"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    query = search.Query.from_params(request.GET)
    rows = search.search(query).filter(public=True)[:EXPORT_LIMIT]
    if fmt == "json":
        data = [importer.template_row(a) for a in rows]
        return HttpResponse(
            json.dumps(
                {"query": query.params(), "count": len(data), "certificates": data}, ensure_ascii=False
            ),
            content_type="application/json",
        )
    import csv

    writer = csv.writer(_Echo(), lineterminator="\n")

    def lines():  # type: ignore[no-untyped-def]
        yield writer.writerow(KEYS)
        for a in rows.iterator(chunk_size=2000):
            yield writer.writerow(importer.template_row(a).values())

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry-export.csv"'
    return response

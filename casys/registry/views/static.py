"""The files an offline verifier fetches, served from disk without a database query."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest

from casys.attestations.services import keys as files
from casys.attestations.services import log as tlog
from casys.attestations.services import status
from casys.core.credentials import MEDIA_TYPE


def _serve(path: Path, content_type: str) -> FileResponse:
    if not path.is_file():
        raise Http404("not published")
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def _checked(issuer: str) -> str:
    try:
        return files._safe(issuer)  # noqa: SLF001
    except ValueError as exc:
        raise Http404("no such issuer") from exc


def status_list(request: HttpRequest, issuer: str, name: str) -> FileResponse:
    if not all(c.isalnum() or c == "-" for c in name):
        raise Http404("no such list")
    slug = _checked(issuer)
    if name == tlog.HEAD_FILE:  # the transparency log's latest signed tree head, beside the lists
        return _serve(files.status_file(slug, name), "application/jose")
    status.refresh_if_stale(slug, name)  # a list near its validUntil is re-signed before it is served
    response = _serve(files.status_file(slug, name), MEDIA_TYPE)
    response["Cache-Control"] = "public, max-age=300"
    return response


def jwks(request: HttpRequest, issuer: str) -> FileResponse:
    return _serve(files.static_root() / "keys" / _checked(issuer) / "jwks.json", "application/jwk-set+json")


def did(request: HttpRequest, issuer: str) -> FileResponse:
    return _serve(files.static_root() / "did" / _checked(issuer) / "did.json", "application/did+json")

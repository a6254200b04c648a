"""Error pages: styled like every page, with the navigation, in the user's language.

Wired as ``handler403``, ``handler404`` and ``handler500`` in the project's URLs.
Django renders them only when DEBUG is off; ``casys demo`` runs with DEBUG off
for that reason (see casys.commands.site).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

#: shown when even the styled page cannot be rendered (e.g. the database is down)
PLAIN_500 = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Server error · casys</title></head>"
    "<body><h1>Server error</h1><p>Something went wrong on our side. Please try again later.</p>"
    "</body></html>"
)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return HttpResponseServerError(render_to_string("500.html", request=request))
    except Exception:  # noqa: BLE001  (the page about an error must not raise one; the cause is logged)
        log.exception("the styled 500 page could not be rendered")
        return HttpResponseServerError(PLAIN_500)

"""ASGI entry point (``uvicorn casys.project.asgi:application``, as ``casys serve`` runs it).

Verify by number (``GET /api/v1/registry/certificates/<issuer>/<number>``) is answered by the hot
path of :mod:`casys.registry.hotpath`; every other request goes to Django's ASGI application.

``request.scope`` is casys's tenant scope (``casys.accounts.middleware.ScopeMiddleware`` sets it),
while Django's ``ASGIRequest`` keeps the ASGI scope under the same name and reads it again for the
request's scheme: :class:`Request` reads the scheme once, so the tenant scope may replace it.
"""

import gc
import os
from typing import Any

import django
from django.core.handlers.asgi import ASGIHandler, ASGIRequest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casys.project.settings")
django.setup(set_prefix=False)

from casys.registry.hotpath import HotPath  # noqa: E402  (after django.setup())


class Request(ASGIRequest):
    def __init__(self, scope: Any, body_file: Any) -> None:
        super().__init__(scope, body_file)
        self._asgi_scheme = scope.get("scheme")

    def _get_scheme(self) -> str:
        return self._asgi_scheme or "http"


class Handler(ASGIHandler):
    request_class = Request


django_application = Handler()
application = HotPath(django_application)

# Everything loaded so far (Django, the apps, the URL conf: 1.7 x 10^5 objects) lives as long as the
# worker: frozen out of the cyclic collector's reach, a full collection walks what requests make
# (measured here: 89 ms for a full collection of the loaded worker unfrozen, under 0.1 ms frozen —
# a pause that stalls every request on the worker's event loop).
gc.freeze()

"""ASGI entry point (``uvicorn casys.project.asgi:application``, as ``casys serve`` runs it).

Verify by number (``GET /api/v1/registry/certificates/<issuer>/<number>``) is answered by the hot
path of :mod:`casys.registry.hotpath`; every other request goes to Django's ASGI application.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casys.project.settings")
django_application = get_asgi_application()

from casys.registry.hotpath import HotPath  # noqa: E402  (after django.setup(), which the line above runs)

application = HotPath(django_application)

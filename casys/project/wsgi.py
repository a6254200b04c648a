"""WSGI entry point, for a WSGI server of your own (``casys serve`` runs the ASGI app: asgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casys.project.settings")
application = get_wsgi_application()

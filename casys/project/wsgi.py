"""WSGI entry point (gunicorn casys.project.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casys.project.settings")
application = get_wsgi_application()

"""Settings for the test suite: production settings with a test secret key.

DEBUG stays off, as in production; DATABASE_URL (set by the test runner) picks
PostgreSQL, otherwise SQLite.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("CASYS_SECRET_KEY", "test-secret-key-for-the-casys-suite-only-" + "x" * 20)
os.environ.setdefault("CASYS_SECURE", "0")
os.environ.setdefault("CASYS_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Keys, generated files and static files of a test run live in a directory of its own, never in var/;
# the process that made it removes it (a subprocess a test starts inherits it, and leaves it)
if "CASYS_DATA_DIR" not in os.environ:
    os.environ["CASYS_DATA_DIR"] = tempfile.mkdtemp(prefix="casys-test-data-")
    atexit.register(shutil.rmtree, os.environ["CASYS_DATA_DIR"], ignore_errors=True)

from casys.project.settings import *  # noqa: E402,F403
from casys.project.settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns about a missing directory)

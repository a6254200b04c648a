"""Start Django outside a web server: for the casys command and the benchmarks (casys.bench)."""

from __future__ import annotations

import os
import secrets


def setup(debug_default: bool = False, needs_secret_key: bool = True) -> None:
    """Configure Django for a CLI command.

    ``needs_secret_key=False`` is for commands that only read the database and sign nothing
    with Django's secret key (``casys audit verify``: the audit chain is plain SHA-256): on an
    install without ``CASYS_SECRET_KEY`` — the demo's — they run with a one-off key of their
    own process instead of refusing to start.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casys.project.settings")
    if debug_default:
        os.environ.setdefault("CASYS_DEBUG", "1")
    if not needs_secret_key:
        os.environ.setdefault("CASYS_SECRET_KEY", "cli-read-only-" + secrets.token_urlsafe(48))
    import django

    django.setup()

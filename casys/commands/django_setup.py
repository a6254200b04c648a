"""Start Django for CLI commands that need the database."""

from __future__ import annotations

import os


def setup(debug_default: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casys.project.settings")
    if debug_default:
        os.environ.setdefault("CASYS_DEBUG", "1")
    import django

    django.setup()

"""Compile the .po catalogues to .mo with Babel, so no system gettext is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    """The project's catalogue and each app's own (casys/<app>/locale)."""
    found: list[Path] = []
    for locale_dir in settings.LOCALE_PATHS:
        found.extend(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))
    found.extend(Path(settings.PACKAGE_DIR).glob("*/locale/*/LC_MESSAGES/*.po"))
    return sorted(set(found))


def compile_all() -> list[Path]:
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile translation catalogues (.po → .mo) with Babel."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in compile_all():
            self.stdout.write(f"compiled {path}")

"""Tests that move ``DATA_DIR`` to a temporary directory give the bodies already created their keys there.

A body gets its signing key when it is created (:mod:`casys.attestations.receivers`), in the
``DATA_DIR`` of that moment; a test that moves ``DATA_DIR`` afterwards calls :func:`use_data_dir`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casys.accounts.models import Body
from casys.attestations.receivers import issues_attestations
from casys.attestations.services import keys


def use_data_dir(settings: Any, path: Path) -> Path:
    settings.DATA_DIR = path
    for body in Body.all_objects.all():
        if issues_attestations(body):
            keys.ensure_key(body.slug)
    return path

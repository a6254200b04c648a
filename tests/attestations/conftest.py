"""Fixtures of the attestations layer's tests: a fresh DATA_DIR (keys, published files) per test."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Any) -> Any:
    """Set before any body is made, so each body's key is created in this test's directory."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR

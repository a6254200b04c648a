"""Fixtures of the requirements tests: the shipped catalogues and profiles, loaded once per test."""

from __future__ import annotations

from typing import Any

import pytest

from casys.accounts.scoping import unscoped
from casys.requirements.services import catalogues


@pytest.fixture
def shipped(db: Any) -> catalogues.Loaded:
    with unscoped():
        return catalogues.load_shipped()

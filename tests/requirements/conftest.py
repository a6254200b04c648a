"""Fixtures of the requirements tests: the shipped catalogues and profiles, loaded once per test."""

from __future__ import annotations

from typing import Any

import pytest

from casys.accounts.scoping import unscoped
from casys.requirements.services import catalogues, oscal


@pytest.fixture
def shipped(db: Any) -> catalogues.Loaded:
    with unscoped():
        return catalogues.load_shipped()


@pytest.fixture
def iso9001(db: Any) -> Any:
    """Only the ISO 9001:2015 clause titles and the iso9001 profile (quicker than everything)."""
    data = catalogues.read_clause_file(catalogues.DATA_DIR / "iso9001-2015.toml")
    with unscoped():
        document = oscal.import_catalog(
            catalogues.catalog_from_clauses(data), source_name="iso9001-2015.toml"
        )
        oscal.import_profile(catalogues.profile_from_clauses(data))
    return document

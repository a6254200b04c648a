"""The suite runs on the database the test runner asked for (SQLite or PostgreSQL)."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_it_runs_on_the_expected_database() -> None:
    expected = os.environ.get("CASYS_EXPECT_DB")
    if expected is None and os.environ.get("CI", "").lower() == "true":
        pytest.fail("CASYS_EXPECT_DB is not set: make test sets it for each database pass")
    assert connection.vendor == (expected or connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)

"""Migration 0003: per-code qualifications and "team leader for" become dated qualifications with roles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# accounts at its latest: a Body made in the old state must have every column the table has now
ACCOUNTS = ("accounts", "0003_merge_0002_invitations_0002_mfa_policy")
BEFORE = [("certification", "0002_audit_time_table"), ACCOUNTS]
AFTER = [("certification", "0003_master_data_schema"), ACCOUNTS]


@pytest.fixture
def latest_schema_afterwards():
    """Whatever happens in the test, the database goes back to every app's latest migration."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_qualifications_keep_their_codes_and_team_leaders_get_the_role(
    latest_schema_afterwards,
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    body = old.get_model("accounts", "Body").objects.create(
        slug="cb", name="CB", kind="certification_body", country="LV"
    )
    auditor = old.get_model("certification", "Auditor").objects.create(
        body=body, name="Anna", leader_for=["iso9001", "iso14001"]
    )
    q = old.get_model("certification", "Qualification")
    for scheme, code in (("iso9001", 17), ("iso9001", 18), ("iso45001", 28)):
        q.objects.create(auditor=auditor, scheme=scheme, iaf_code=code)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = sorted(
        (r.scheme, r.roles, r.iaf_codes, r.valid_from, r.valid_until)
        for r in new.get_model("certification", "Qualification").objects.filter(auditor_id=auditor.pk)
    )
    assert rows == [
        ("iso14001", ["team_leader"], [], None, None),
        ("iso45001", ["auditor"], [28], None, None),
        ("iso9001", ["auditor", "team_leader"], [17, 18], None, None),
    ]

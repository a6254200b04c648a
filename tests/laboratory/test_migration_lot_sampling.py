"""Migration 0005: lot acceptance sampling's models leave the name "inspection" with every row kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNTS = ("accounts", "0003_merge_0002_invitations_0002_mfa_policy")  # a Body with every column it has now
BEFORE = [("laboratory", "0004_report_content"), ACCOUNTS]
AFTER = [("laboratory", "0005_rename_lot_sampling"), ACCOUNTS]


@pytest.fixture
def latest_schema_afterwards():
    """Whatever happens in the test, the database goes back to every app's latest migration."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_scheme_its_lots_and_a_resumption_written_before_are_there_after(latest_schema_afterwards) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    body = old.get_model("accounts", "Body").objects.create(
        slug="lab", name="Lab", kind="laboratory", country="LV"
    )
    scheme = old.get_model("laboratory", "InspectionScheme").objects.create(
        body=body,
        code="bolts",
        product="Bolts M8",
        characteristic="thread",
        supplier="S",
        aql="1.0",
        lot_size=1200,
    )
    old.get_model("laboratory", "LotInspection").objects.create(
        scheme=scheme, sequence=1, lot="L1", lot_size=1200, inspected_on=date(2026, 1, 5), severity="normal",
        code_letter="J", plan_letter="J", table="II-A", n1=80, Ac1=2, Re1=3, d1=1, accepted=True,
    )  # fmt: skip
    old.get_model("laboratory", "InspectionResumption").objects.create(
        scheme=scheme, after_lots=1, resumed_on=date(2026, 2, 1), reason="new supplier process"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("laboratory", "SamplingScheme").objects.get(pk=scheme.pk)
    assert (moved.code, moved.product, moved.body_id, moved.lot_size) == ("bolts", "Bolts M8", body.pk, 1200)
    lots = list(
        new.get_model("laboratory", "SampledLot").objects.filter(scheme_id=scheme.pk).values_list("lot", "d1")
    )
    assert lots == [("L1", 1)]
    resumed = new.get_model("laboratory", "SamplingResumption").objects.get(scheme_id=scheme.pk)
    assert resumed.reason == "new supplier process"
    tables = connection.introspection.table_names()
    assert "laboratory_samplingscheme" in tables and "laboratory_inspectionscheme" not in tables

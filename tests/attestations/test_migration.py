"""A database made before the attestations layer keeps every attestation verifiable after the migration.

The rows and key files in ``data/pre-layer`` were written by the code before the layer (see its
README); they are loaded into a database migrated to that state, then the migrations run forward.
"""

from __future__ import annotations

import base64
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from typer.testing import CliRunner

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, Kind
from casys.attestations.services import status
from casys.attestations.services.issue import record_status
from casys.cli import app
from casys.registry.services import search
from tests.attestations.test_layer import verify_offline
from tests.core.test_untp_schema import errors

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).parent / "data" / "pre-layer"
BEFORE_LAYER = ("registry", "0003_number_upper_index")


@pytest.fixture
def latest_schema_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _targets_before(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    leaves = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in ("attestations", "registry")]
    return [*leaves, BEFORE_LAYER]


def _load_old_rows(executor: MigrationExecutor) -> dict[int, int]:
    old = executor.loader.project_state(_targets_before(executor)).apps
    doc = json.loads((DATA / "rows.json").read_text(encoding="utf-8"))
    ids: dict[int, int] = {}
    for row in doc["bodies"]:
        old_id = row.pop("id")
        ids[old_id] = old.get_model("accounts", "Body").objects.create(**row).pk
    acc_ids: dict[int, int] = {}
    for row in doc["accreditations"]:
        old_id = row.pop("id")
        row["body_id"], row["cab_id"] = ids[row["body_id"]], ids[row["cab_id"]]
        acc_ids[old_id] = old.get_model("accreditation", "Accreditation").objects.create(**row).pk
    for row in doc["scope_lines"]:
        row.pop("id")
        row["accreditation_id"] = acc_ids[row["accreditation_id"]]
        old.get_model("accreditation", "ScopeLine").objects.create(**row)
    for model, rows in (("StatusList", doc["status_lists"]), ("Attestation", doc["attestations"])):
        for row in rows:
            row.pop("id")
            row["issuer_id"] = ids[row["issuer_id"]]
            old.get_model("registry", model).objects.create(**row)
    for part in ("keys", "registry-static"):
        shutil.copytree(DATA / part, Path(settings.DATA_DIR) / part)
    return ids


def test_a_certificate_published_before_the_layer_still_verifies_and_takes_status_events(
    latest_schema_afterwards, tmp_path
):
    executor = MigrationExecutor(connection)
    executor.migrate([("attestations", None)])  # the registry's 0004 goes with it
    executor.loader.build_graph()
    _load_old_rows(executor)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    with unscoped():
        cb = Body.all_objects.get(slug="old-cert")
        row = Attestation.all_objects.get(issuer=cb, number="OLD-1")
        assert (row.kind, row.status, row.status_list, row.status_index) == (Kind.CERTIFICATE, "active", 1, 0)
        # the holder-name search (SQLite's full-text index, rebuilt by the migration) still finds it
        found = search.search(search.Query(q="Rūpnīca"))
        assert [a.number for a in found] == ["OLD-1"]
        status.publish(cb, [1])  # the lists of that time have expired (24 h): re-signed, as the timer does
    code, report = verify_offline(tmp_path, row)
    assert (code, report["status"]) == (0, "active")

    with unscoped():
        record_status(cb, Kind.CERTIFICATE, "OLD-1", "suspend", on=date(2025, 5, 1), reason="audit overdue")
    code, report = verify_offline(tmp_path, row)
    assert (code, report["status"]) == (1, "suspended")


def test_backfill_issues_the_accreditations_made_before_the_layer(latest_schema_afterwards, tmp_path):
    executor = MigrationExecutor(connection)
    executor.migrate([("attestations", None)])
    executor.loader.build_graph()
    _load_old_rows(executor)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    first = CliRunner().invoke(app, ["attestations", "backfill", "--json"])
    again = CliRunner().invoke(app, ["attestations", "backfill", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["accreditation"] == 1
    assert json.loads(first.stdout)["certificate-resigned"] == 1  # OLD-1, signed as UNTP 0.6.0
    assert json.loads(again.stdout) == {k: 0 for k in json.loads(first.stdout)}  # idempotent
    with unscoped():
        acc = Attestation.all_objects.get(kind=Kind.ACCREDITATION, number="OAB-1")
        assert (acc.issuer_slug, acc.holder.slug, acc.status) == ("old-ab", "old-cert", "active")
    code, report = verify_offline(tmp_path, acc)
    assert (code, report["status"]) == (0, "active")
    with unscoped():
        old = Attestation.all_objects.get(kind=Kind.CERTIFICATE, number="OLD-1")
    cred = json.loads(base64.urlsafe_b64decode(old.credential.split(".")[1] + "=="))
    assert errors(cred) == []  # now valid against the vendored UNTP DCC 0.6.1 schema
    assert cred["credentialSubject"]["authorisation"][0]["issuingAuthority"]["name"] == "Old AB"
    assert (old.status_list, old.status_index) == (1, 0)  # same slot: its status entries did not move

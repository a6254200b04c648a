"""The audit log is append-only and hash-chained; verification finds edits behind the application's back."""

import json

import pytest
from django.db import DatabaseError, connection, transaction
from typer.testing import CliRunner

from casys.auditlog.models import AppendOnlyError, AuditEntry
from casys.auditlog.services import Actor, log, mask_secrets, verify_chain
from casys.cli import app

pytestmark = pytest.mark.django_db(transaction=True)


def _write(n: int, body=None) -> None:
    for i in range(n):
        with transaction.atomic():
            log(
                "accounts.body.updated",
                actor=Actor(label="tester"),
                body=body,
                data={"i": i, "password": "hunter2"},
            )


def _raw(sql: str, params: list) -> None:
    """Change the table behind the application's back (on PostgreSQL, past its trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE auditlog_auditentry DISABLE TRIGGER audit_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE auditlog_auditentry ENABLE TRIGGER audit_append_only")


def _verify_cli() -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["audit", "verify", "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_entries_form_a_chain_that_verifies() -> None:
    _write(5)
    entries = list(AuditEntry.all_objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))
    assert _verify_cli() == (0, {"ok": True, "entries": 5, "problems": []})


def test_it_refuses_an_entry_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        log("accounts.body.updated")


def test_an_entry_rolls_back_with_its_change() -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        log("accounts.body.updated")
        1 / 0  # noqa: B018
    assert AuditEntry.all_objects.count() == 0
    assert verify_chain().ok


def test_secrets_are_masked_at_write_time() -> None:
    _write(1)
    assert AuditEntry.all_objects.get().data == {"i": 0, "password": "***"}
    assert mask_secrets({"a": [{"api_key": "k", "x": 1}]}) == {"a": [{"api_key": "***", "x": 1}]}


def test_the_application_refuses_to_update_or_delete_entries() -> None:
    _write(2)
    entry = AuditEntry.all_objects.first()
    entry.action = "x.y.z"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.all_objects.filter(seq=1).update(action="x.y.z")
    with pytest.raises(AppendOnlyError):
        AuditEntry.all_objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only"
)
def test_postgresql_itself_refuses_a_raw_update() -> None:
    _write(1)
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE auditlog_auditentry SET action = 'x.y.z'")


def test_verify_reports_an_entry_edited_behind_the_applications_back() -> None:
    _write(4)
    _raw("UPDATE auditlog_auditentry SET data_json = %s WHERE seq = 3", ['{"i":99,"password":"***"}'])
    code, report = _verify_cli()
    assert code == 1
    assert report["ok"] is False
    assert {"seq": 3, "problem": "content does not match its hash (entry was edited)"} in report["problems"]


def test_verify_reports_a_deleted_entry() -> None:
    _write(4)
    _raw("DELETE FROM auditlog_auditentry WHERE seq = %s", [2])
    code, report = _verify_cli()
    assert code == 1
    assert {"seq": 3, "problem": "entries 2..2 are missing"} in report["problems"]


def test_verify_reports_entries_cut_off_the_end() -> None:
    _write(3)
    _raw("DELETE FROM auditlog_auditentry WHERE seq = %s", [3])
    code, report = _verify_cli()
    assert code == 1
    assert report["problems"] == [{"seq": 3, "problem": "the chain ends at 2 but the head records 3"}]

"""The keyed chain and its anchors (issue 12, finding 6): the application's own database role, which can
disable the trigger and recompute plain hashes, can no longer rewrite the log without verify seeing it."""

import json

import pytest
from typer.testing import CliRunner

from casys.auditlog.models import AuditChainHead, AuditEntry
from casys.auditlog.services import entry_hash, verify_chain
from casys.cli import app
from tests.auditlog.test_chain import _raw, _verify_cli, _write

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.CASYS_AUDIT_KEY_FILE = str(tmp_path / "audit-chain.key")
    return tmp_path / "audit-chain.key"


def _rehash_from(seq: int, *, keyed_as: str | None = None) -> None:
    """What the probe did: recompute every plain SHA-256 hash from ``seq`` on and reset the head,
    as a database role can (it sees every column but not the key file)."""
    rows = list(AuditEntry.all_objects.order_by("seq"))
    prev = rows[seq - 2].hash if seq > 1 else "0" * 64
    for e in rows[seq - 1 :]:
        digest = entry_hash(
            seq=e.seq,
            at=e.at,
            body_id=e.body_id,
            actor_user_id=e.actor_user_id,
            actor_token_id=e.actor_token_id,
            actor_label=e.actor_label,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            data_json=e.data_json,
            prev_hash=prev,
        )
        key_id = e.key_id if keyed_as is None else keyed_as
        _raw(
            "UPDATE auditlog_auditentry SET prev_hash = %s, hash = %s, key_id = %s WHERE seq = %s",
            [prev, digest, key_id, e.seq],
        )
        prev = digest
    AuditChainHead.objects.filter(id=1).update(hash=prev)


def test_the_key_file_is_created_with_the_first_entry_private_to_its_owner(key_file):
    _write(1)
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    doc = json.loads(key_file.read_text())
    assert doc["legacy_until"] == 0
    assert AuditEntry.all_objects.get().key_id == doc["kid"]


def test_an_edit_rehashed_by_the_database_role_is_found():
    _write(4)
    _raw("UPDATE auditlog_auditentry SET data_json = %s WHERE seq = 2", ['{"i":99,"password":"***"}'])
    _rehash_from(2)
    code, report = _verify_cli()
    assert code == 1
    assert {"seq": 2, "problem": "content does not match its hash (entry was edited)"} in report["problems"]


def test_a_rehash_that_drops_the_key_id_is_found():
    _write(3)
    _rehash_from(1, keyed_as="")
    problems = verify_chain().problems
    assert [p.problem for p in problems][:1] == [
        "entry is not keyed although the chain is keyed since entry 1"
    ]


def test_entries_written_before_the_chain_was_keyed_still_verify(key_file):
    """A database from before this change: plain SHA-256 entries, then the key file appears."""
    _write(2)
    first_kid = AuditEntry.all_objects.first().key_id
    # turn the two entries into what the old code wrote: plain hashes, no key id
    _rehash_from(1, keyed_as="")
    key_file.unlink()
    _write(2)  # the key is created now, with legacy_until = 2
    rows = list(AuditEntry.all_objects.order_by("seq").values_list("seq", "key_id"))
    new_kid = json.loads(key_file.read_text())["kid"]
    assert new_kid != first_kid
    assert rows == [(1, ""), (2, ""), (3, new_kid), (4, new_kid)]
    assert verify_chain().ok


def test_keyed_entries_without_the_key_file_are_reported(key_file):
    _write(2)
    key_file.unlink()
    problems = verify_chain().problems
    assert len(problems) == 2 and "the audit key file" in problems[0].problem


def _anchor(tmp_path) -> str:
    path = tmp_path / "anchor.json"
    result = CliRunner().invoke(app, ["audit", "anchor", "--out", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def test_an_anchor_catches_a_tail_cut_off_with_the_head_set_back(tmp_path):
    _write(5)
    anchor = _anchor(tmp_path)
    # cut entries 4 and 5 and set the head back to entry 3: the chain alone looks intact
    third = AuditEntry.all_objects.get(seq=3).hash
    _raw("DELETE FROM auditlog_auditentry WHERE seq > %s", [3])
    AuditChainHead.objects.filter(id=1).update(seq=3, hash=third)
    assert _verify_cli() == (0, {"ok": True, "entries": 3, "problems": []})
    result = CliRunner().invoke(app, ["audit", "verify", "--json", "--anchor", anchor])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"][0]["problem"].startswith("entry 5, anchored on")


def test_an_anchor_holds_while_the_log_grows(tmp_path):
    _write(2)
    anchor = _anchor(tmp_path)
    _write(3)
    result = CliRunner().invoke(app, ["audit", "verify", "--json", "--anchor", anchor])
    assert result.exit_code == 0 and json.loads(result.stdout)["entries"] == 5


def test_an_altered_anchor_file_is_refused(tmp_path):
    _write(2)
    path = _anchor(tmp_path)
    doc = json.loads(open(path).read())
    doc["seq"] = 1
    open(path, "w").write(json.dumps(doc))
    result = CliRunner().invoke(app, ["audit", "verify", "--json", "--anchor", path])
    assert result.exit_code == 1
    assert "bad signature" in json.loads(result.stdout)["problems"][0]["problem"]


def test_an_unreadable_anchor_names_the_file(tmp_path):
    _write(1)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(app, ["audit", "verify", "--anchor", str(bad)])
    assert result.exit_code == 2 and "bad.json: not an audit anchor" in result.stderr


def test_anchoring_an_empty_log_is_refused(tmp_path):
    result = CliRunner().invoke(app, ["audit", "anchor", "--out", str(tmp_path / "a.json")])
    assert result.exit_code == 2 and "nothing to anchor" in result.stderr

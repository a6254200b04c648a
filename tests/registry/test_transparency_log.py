"""The issuers' transparency logs (RFC 9162, issue 19): every attestation event is a leaf appended in
its own transaction, every issue call and status event ends with one signed tree head; the API
serves heads and proofs, ``casys verify --inclusion`` checks a credential's place in the log and
``casys registry monitor`` checks the heads over time. A tampered leaf, a dropped record and a
rewritten history are each caught with the failing check named."""

from __future__ import annotations

import base64
import json
import urllib.error
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from typer.testing import CliRunner

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.attestations.identity import did_for
from casys.attestations.models import Attestation, LogLeaf, LogNode, SignedTreeHead, TransparencyLog
from casys.attestations.services import keys
from casys.attestations.services import log as tlog
from casys.attestations.services.issue import AttestationError, issue, issue_one, record_status
from casys.cli import app
from casys.commands import registry as registry_commands
from casys.core import merkle, transparency
from tests.conftest import make_body
from tests.registry.conftest import entry

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()
API = "/api/v1/registry/log"


def _import(issuer: Body, numbers: range | list[str], **over: Any) -> None:
    with unscoped():
        issue(
            issuer, [entry(str(n) if not isinstance(n, str) else n, **over) for n in numbers], source="test"
        )


def _leaves(issuer: Body) -> list[LogLeaf]:
    return list(LogLeaf.all_objects.filter(issuer=issuer).order_by("index"))


def _heads(issuer: Body) -> list[int]:
    return list(
        SignedTreeHead.all_objects.filter(issuer=issuer).order_by("size").values_list("size", flat=True)
    )


# --- the log in the layer --------------------------------------------------------------------------


def test_a_bulk_import_appends_one_leaf_per_attestation_and_signs_one_tree_head(body_a):
    _import(body_a, [f"Q-{i}" for i in range(13)])
    leaves = _leaves(body_a)
    assert [leaf.index for leaf in leaves] == list(range(13))
    assert _heads(body_a) == [13]
    head = SignedTreeHead.all_objects.get(issuer=body_a)
    hashes = [bytes.fromhex(leaf.hash) for leaf in leaves]
    assert head.root == merkle.tree_hash(hashes).hex()
    ring = keys.keyring(body_a.slug)
    stated, kid = transparency.verify_tree_head(head.token, [ring])
    assert (stated.size, stated.root.hex(), kid) == (13, head.root, ring.active)
    state = TransparencyLog.all_objects.get(issuer=body_a)
    assert (state.size, len(state.frontier)) == (13, 3)  # 13 = 8 + 4 + 1


def test_a_leaf_is_the_canonical_json_of_the_event_naming_the_credential(body_a):
    _import(body_a, ["Q-1"])
    leaf = _leaves(body_a)[0]
    row = Attestation.all_objects.get(issuer=body_a, number="Q-1")
    assert json.loads(leaf.data) == {
        "issuer": did_for(body_a.slug),
        "kind": "certificate",
        "number": "Q-1",
        "event": "issue",
        "date": "2024-03-01",
        "credential": transparency.credential_hash(row.credential),
    }
    assert leaf.hash == merkle.leaf_hash(leaf.data.encode()).hex()


def test_each_status_event_and_each_reissue_is_a_leaf_with_its_own_tree_head(body_a):
    _import(body_a, ["Q-1", "Q-2"])
    with unscoped():
        record_status(body_a, "certificate", "Q-1", "suspend", on=date(2025, 1, 5), reason="overdue audit")
        record_status(body_a, "certificate", "Q-1", "restore", on=date(2025, 2, 1))
        issue_one(body_a, entry("Q-2", scope="Supply and repair of industrial equipment"))
        issue_one(body_a, entry("Q-2", scope="Supply and repair of industrial equipment"))  # unchanged
        record_status(body_a, "certificate", "Q-2", "withdraw", on=date(2025, 3, 1), reason="client request")
    assert [(leaf.number, leaf.event) for leaf in _leaves(body_a)] == [
        ("Q-1", "issue"),
        ("Q-2", "issue"),
        ("Q-1", "suspend"),
        ("Q-1", "restore"),
        ("Q-2", "reissue"),
        ("Q-2", "withdraw"),
    ]
    assert _heads(body_a) == [2, 3, 4, 5, 6]
    suspend = json.loads(_leaves(body_a)[2].data)
    assert suspend["date"] == "2025-01-05" and "credential" not in suspend


def test_a_refused_event_or_a_failed_import_leaves_the_log_as_it_was(body_a):
    _import(body_a, ["Q-1"])
    with unscoped(), pytest.raises(AttestationError):
        record_status(body_a, "certificate", "Q-1", "restore", on=date(2025, 1, 1))
    with unscoped(), pytest.raises(RuntimeError), transaction.atomic():
        issue(body_a, [entry("Q-2"), entry("Q-3")], source="test")
        raise RuntimeError("the import failed after its rows were written")
    assert [leaf.number for leaf in _leaves(body_a)] == ["Q-1"]
    assert _heads(body_a) == [1]
    assert TransparencyLog.all_objects.get(issuer=body_a).size == 1


def test_the_latest_tree_head_is_published_beside_the_status_lists(body_a):
    _import(body_a, ["Q-1", "Q-2"])
    response = Client().get(f"/registry/status/{body_a.slug}/tree-head.jwt")
    assert response.status_code == 200 and response["Content-Type"] == "application/jose"
    token = b"".join(response.streaming_content).decode()
    assert token == SignedTreeHead.all_objects.get(issuer=body_a, size=2).token


def test_proofs_over_a_long_log_from_stored_subtree_roots_are_the_rfc_proofs(body_a):
    # 1,300 leaves appended in uneven batches: runs of 256 leaves complete across batch boundaries
    with transaction.atomic():
        log = tlog.Appender.open(body_a)
        for i in range(1300):
            log.add("certificate", f"N-{i}", "issue", date(2024, 1, 1), f"token.{i}.sig")
            if i % 97 == 0:
                log.flush()
        log.flush()
        log.close()
        for i in range(1300, 1700):
            log.add("certificate", f"N-{i}", "issue", date(2024, 1, 2))
        log.close()
    assert LogNode.all_objects.filter(issuer=body_a).count() == 1700 // 256
    leaves = [bytes.fromhex(leaf.hash) for leaf in _leaves(body_a)]
    for size in (1300, 1700):
        for m in (0, 255, 256, 700, 1023, 1024, 1299):
            assert tlog.inclusion(body_a, "certificate", f"N-{m}", size).proof == merkle.inclusion_proof(
                leaves[:size], m
            )
    for first in (1, 255, 256, 257, 512, 1000, 1300):
        _a, b, proof = tlog.consistency(body_a, first, 1700)
        assert proof == merkle.consistency_proof(leaves, first)
        merkle.verify_consistency(first, 1700, merkle.tree_hash(leaves[:first]), bytes.fromhex(b.root), proof)


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_serves_the_latest_head_an_inclusion_proof_and_a_consistency_proof(body_a):
    _import(body_a, [f"Q-{i}" for i in range(5)])
    _import(body_a, [f"Q-{i}" for i in range(5, 7)])
    c = Client()
    head = c.get(f"{API}/{body_a.slug}/tree-head").json()
    latest = SignedTreeHead.all_objects.get(issuer=body_a, size=7)
    assert head == {
        "tree_size": 7,
        "root_hash": base64.b64encode(bytes.fromhex(latest.root)).decode(),
        "timestamp": int(latest.timestamp.timestamp() * 1000),
        "kid": latest.kid,
        "tree_head": latest.token,
    }
    inc = c.get(f"{API}/{body_a.slug}/inclusion", {"number": "Q-3", "tree_size": 5}).json()
    leaf = LogLeaf.all_objects.get(issuer=body_a, number="Q-3")
    assert {k: inc[k] for k in ("kind", "number", "leaf_index", "tree_size", "leaf")} == {
        "kind": "certificate",
        "number": "Q-3",
        "leaf_index": 3,
        "tree_size": 5,
        "leaf": leaf.data,
    }
    root5 = bytes.fromhex(SignedTreeHead.all_objects.get(issuer=body_a, size=5).root)
    merkle.verify_inclusion(
        3, 5, bytes.fromhex(leaf.hash), [base64.b64decode(p) for p in inc["proof"]], root5
    )
    cons = c.get(f"{API}/{body_a.slug}/consistency", {"first": 5, "second": 7}).json()
    proof = [base64.b64decode(p) for p in cons["proof"]]
    merkle.verify_consistency(5, 7, root5, bytes.fromhex(latest.root), proof)
    assert cons["second_tree_head"] == latest.token


def test_the_api_answers_404_for_what_it_does_not_have_and_400_for_a_bad_kind(body_a, body_b):
    _import(body_a, ["Q-1"])
    _import(body_a, ["SECRET-1"], public=False)
    c = Client()
    assert c.get(f"{API}/nobody/tree-head").status_code == 404
    assert c.get(f"{API}/{body_b.slug}/tree-head").status_code == 404  # no head yet
    assert c.get(f"{API}/{body_a.slug}/inclusion", {"number": "Q-404"}).status_code == 404
    assert c.get(f"{API}/{body_a.slug}/inclusion", {"number": "SECRET-1"}).status_code == 404
    assert c.get(f"{API}/{body_a.slug}/inclusion", {"number": "Q-1", "tree_size": 9}).status_code == 404
    assert c.get(f"{API}/{body_a.slug}/inclusion", {"number": "Q-1", "kind": "x"}).status_code == 400
    assert c.get(f"{API}/{body_a.slug}/consistency", {"first": 0, "second": 1}).status_code == 404
    assert c.get(f"{API}/{body_a.slug}/consistency", {"first": 1, "second": 5}).status_code == 404


# --- casys verify --inclusion ------------------------------------------------------------------------


def _verify(
    tmp: Path, row: Attestation, inclusion: dict[str, Any], head: str | None = None
) -> dict[str, Any]:
    (tmp / "token.jwt").write_text(row.credential)
    (tmp / "inclusion.json").write_text(json.dumps(inclusion))
    args = [
        "verify",
        str(tmp / "token.jwt"),
        "--keys",
        str(keys.static_root() / "keys" / row.issuer_slug / "jwks.json"),
    ]
    args += ["--inclusion", str(tmp / "inclusion.json")]
    if head is not None:
        (tmp / "head.jwt").write_text(head)
        args += ["--tree-head", str(tmp / "head.jwt")]
    result = runner.invoke(app, [*args, "--json"])
    report = json.loads(result.stdout)
    report["exit"] = result.exit_code
    return report


def _log_checks(report: dict[str, Any]) -> dict[str, str]:
    return {
        c["check"]: c["state"]
        for c in report["checks"]
        if c["check"] in ("tree-head", "log-leaf", "inclusion")
    }


def _inclusion(issuer: Body, number: str) -> dict[str, Any]:
    return Client().get(f"{API}/{issuer.slug}/inclusion", {"number": number}).json()


def test_verify_checks_the_inclusion_proof_against_the_signed_tree_head(body_a, tmp_path):
    _import(body_a, [f"Q-{i}" for i in range(7)])
    row = Attestation.all_objects.get(issuer=body_a, number="Q-4")
    report = _verify(tmp_path, row, _inclusion(body_a, "Q-4"))
    assert _log_checks(report) == {"tree-head": "pass", "log-leaf": "pass", "inclusion": "pass"}
    assert report["failed"] == [] and report["exit"] in (0, 3)  # 3: no status list given


def test_verify_names_the_log_leaf_when_the_leaf_was_tampered_with(body_a, tmp_path):
    _import(body_a, [f"Q-{i}" for i in range(7)])
    row = Attestation.all_objects.get(issuer=body_a, number="Q-4")
    inc = _inclusion(body_a, "Q-4")
    leaf = json.loads(inc["leaf"])
    leaf["date"] = "2019-01-01"  # back-dated
    inc["leaf"] = transparency.canonical(leaf).decode()
    report = _verify(tmp_path, row, inc)
    assert _log_checks(report)["inclusion"] == "fail"
    assert "inclusion" in report["failed"] and report["exit"] == 1
    other = Attestation.all_objects.get(issuer=body_a, number="Q-5")
    report = _verify(tmp_path, other, _inclusion(body_a, "Q-4"))  # another credential's leaf
    assert _log_checks(report)["log-leaf"] == "fail" and report["exit"] == 1


def test_verify_names_the_inclusion_when_the_proof_or_the_head_does_not_fit(body_a, tmp_path):
    _import(body_a, [f"Q-{i}" for i in range(7)])
    row = Attestation.all_objects.get(issuer=body_a, number="Q-2")
    inc = _inclusion(body_a, "Q-2")
    truncated = {**inc, "proof": inc["proof"][:-1]}
    assert _log_checks(_verify(tmp_path, row, truncated))["inclusion"] == "fail"
    moved = {**inc, "leaf_index": 3}
    assert _log_checks(_verify(tmp_path, row, moved))["inclusion"] == "fail"
    # a head the issuer did not sign (the signature of another head pasted on)
    parts = inc["tree_head"].split(".")
    _import(body_a, ["Q-7"])
    other = SignedTreeHead.all_objects.get(issuer=body_a, size=8).token.split(".")
    forged = f"{other[0]}.{other[1]}.{parts[2]}"
    report = _verify(tmp_path, row, inc, head=forged)
    assert _log_checks(report)["tree-head"] == "fail" and report["failed"] == ["tree-head"]


# --- old attestations and the backfill ------------------------------------------------------------


def _forget_the_log(issuer: Body) -> None:
    """The state of a database made before the transparency log existed."""
    LogLeaf.all_objects.filter(issuer=issuer).delete()
    LogNode.all_objects.filter(issuer=issuer).delete()
    SignedTreeHead.all_objects.filter(issuer=issuer).delete()
    TransparencyLog.all_objects.filter(issuer=issuer).delete()


def test_attestations_signed_before_the_log_still_verify_and_the_backfill_logs_them_once(body_a, tmp_path):
    _import(body_a, ["OLD-1", "OLD-2"])
    _forget_the_log(body_a)
    row = Attestation.all_objects.get(issuer=body_a, number="OLD-1")
    (tmp_path / "t.jwt").write_text(row.credential)
    jwks = str(keys.static_root() / "keys" / body_a.slug / "jwks.json")
    plain = runner.invoke(app, ["verify", str(tmp_path / "t.jwt"), "--keys", jwks, "--json"])
    assert json.loads(plain.stdout)["failed"] == []  # no log needed to verify it
    first = runner.invoke(app, ["attestations", "backfill", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["log-leaves"] == 2
    again = runner.invoke(app, ["attestations", "backfill", "--json"])
    assert json.loads(again.stdout)["log-leaves"] == 0
    assert [(leaf.number, leaf.event) for leaf in _leaves(body_a)] == [("OLD-1", "issue"), ("OLD-2", "issue")]
    assert _heads(body_a) == [2]
    report = _verify(tmp_path, row, _inclusion(body_a, "OLD-1"))
    assert _log_checks(report) == {"tree-head": "pass", "log-leaf": "pass", "inclusion": "pass"}


# --- casys registry monitor ------------------------------------------------------------------------


@pytest.fixture
def served(monkeypatch):
    """``casys registry monitor`` reaching this test's registry through Django's test client."""
    client = Client()

    def fetch(url: str) -> bytes:
        path = url.removeprefix("http://testserver")
        response = client.get(path)
        if response.status_code >= 400:
            raise urllib.error.HTTPError(url, response.status_code, "error", None, None)  # type: ignore[arg-type]
        if hasattr(response, "streaming_content"):
            return b"".join(response.streaming_content)
        return response.content

    monkeypatch.setattr(registry_commands, "fetch", fetch)


def _monitor(issuer: Body, state: Path) -> tuple[int, dict[str, Any]]:
    args = ["registry", "monitor", issuer.slug, "--url", "http://testserver", "--state", str(state), "--json"]
    result = runner.invoke(app, args)
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {
        "out": result.output
    }


def _rebuild(issuer: Body, leaves: list[tuple[str, str, str]]) -> None:
    """What a registry that rewrites its log does: new leaves from scratch, a new signed head."""
    _forget_the_log(issuer)
    with transaction.atomic():
        log = tlog.Appender.open(issuer)
        for kind, number, credential in leaves:
            log.add(kind, number, "issue", date(2024, 3, 1), credential)
        log.close()


def test_the_monitor_accepts_a_log_that_only_grows(body_a, served, tmp_path):
    state = tmp_path / "state.json"
    _import(body_a, ["Q-1", "Q-2", "Q-3"])
    code, report = _monitor(body_a, state)
    assert (code, report["failed"], report["current"]["tree_size"]) == (0, [], 3)
    _import(body_a, ["Q-4", "Q-5"])
    with unscoped():
        record_status(body_a, "certificate", "Q-1", "suspend", on=date(2025, 1, 5), reason="overdue audit")
    code, report = _monitor(body_a, state)
    assert code == 0, report
    assert [c["check"] for c in report["checks"]] == ["tree-head", "consistency"]
    assert report["checks"][1]["reason"] == "3 → 6 leaves"
    assert json.loads(state.read_text())["tree_size"] == 6


def test_the_monitor_names_the_consistency_when_a_record_was_dropped(body_a, served, tmp_path):
    state = tmp_path / "state.json"
    _import(body_a, [f"Q-{i}" for i in range(6)])
    assert _monitor(body_a, state)[0] == 0
    rows = Attestation.all_objects.filter(issuer=body_a).order_by("pk")
    kept = [(r.kind, r.number, r.credential) for r in rows if r.number != "Q-2"]
    Attestation.all_objects.filter(issuer=body_a, number="Q-2").delete()
    _rebuild(body_a, [*kept, ("certificate", "Q-6", "x.y.z"), ("certificate", "Q-7", "x.y.w")])
    code, report = _monitor(body_a, state)
    assert (code, report["failed"]) == (1, ["consistency"])
    assert json.loads(state.read_text())["tree_size"] == 6  # the state keeps the last good head


def test_the_monitor_names_the_consistency_when_history_was_rewritten(body_a, served, tmp_path):
    state = tmp_path / "state.json"
    _import(body_a, [f"Q-{i}" for i in range(4)])
    assert _monitor(body_a, state)[0] == 0
    rows = list(Attestation.all_objects.filter(issuer=body_a).order_by("pk"))
    rewritten = [(r.kind, r.number, r.credential) for r in rows]
    rewritten[1] = ("certificate", "Q-1", "a.back.dated")
    _rebuild(body_a, rewritten)  # same size, different history
    code, report = _monitor(body_a, state)
    assert (code, report["failed"]) == (1, ["consistency"])
    _rebuild(body_a, [*rewritten, ("certificate", "Q-9", "x.y.z")])  # and grown
    code, report = _monitor(body_a, state)
    assert (code, report["failed"]) == (1, ["consistency"])


def test_the_monitor_names_the_tree_head_when_its_signature_fails(body_a, served, tmp_path):
    state = tmp_path / "state.json"
    _import(body_a, ["Q-1", "Q-2"])
    head = SignedTreeHead.all_objects.get(issuer=body_a)
    header, payload, signature = head.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["tree_size"] = 3
    forged = base64.urlsafe_b64encode(transparency.canonical(claims)).rstrip(b"=").decode()
    SignedTreeHead.all_objects.filter(pk=head.pk).update(token=f"{header}.{forged}.{signature}")
    code, report = _monitor(body_a, state)
    assert (code, report["failed"]) == (1, ["tree-head"])
    assert not state.exists()


def test_the_monitor_answers_bad_input_when_the_issuer_has_signed_no_head(served, tmp_path, db):
    make_body("lonely-cert")
    code, report = _monitor(Body.all_objects.get(slug="lonely-cert"), tmp_path / "s.json")
    assert code == 2


def test_publish_status_rewrites_the_latest_tree_head_beside_the_lists(body_a):
    _import(body_a, ["Q-1"])
    path = keys.status_file(body_a.slug, tlog.HEAD_FILE)
    path.unlink()
    result = runner.invoke(app, ["registry", "publish-status", "--issuer", body_a.slug])
    assert result.exit_code == 0, result.output
    assert path.read_text() == SignedTreeHead.all_objects.get(issuer=body_a).token

"""Keys of an issuing body: created explicitly, rotated and revoked by command (issue 14)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from typer.testing import CliRunner

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation
from casys.attestations.services import keys
from casys.attestations.services.issue import issue_one
from casys.auditlog.models import AuditEntry
from casys.cli import app
from tests.attestations.test_layer import _certificate, verify_offline
from tests.conftest import make_body

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def _kid(row: Attestation) -> str:
    return row.kid


def test_keys_create_refuses_a_body_that_has_one_and_makes_one_for_a_body_without(settings, tmp_path):
    cb = make_body("alpha-cert")
    again = runner.invoke(app, ["keys", "create", "alpha-cert"])
    assert again.exit_code == 2 and "has a signing key already" in again.stderr
    settings.DATA_DIR = tmp_path / "moved"  # a data directory without the body's keys
    assert not keys.has_key("alpha-cert")
    made = runner.invoke(app, ["keys", "create", "alpha-cert", "--json"])
    assert made.exit_code == 0, made.output
    doc = json.loads(made.stdout)
    assert doc["issuer"].endswith(":registry:did:alpha-cert") and keys.has_key("alpha-cert")
    published = json.loads((keys.static_root() / "keys" / "alpha-cert" / "jwks.json").read_text())
    assert [k["kid"] for k in published["keys"]] == [doc["kid"]]
    with unscoped():
        assert AuditEntry.objects.filter(action="attestations.key.created", body=cb).count() == 2
    unknown = runner.invoke(app, ["keys", "create", "nobody"])
    assert unknown.exit_code == 2 and "no issuing body 'nobody'" in unknown.stderr


def test_after_a_rotation_new_attestations_use_the_new_key_and_old_ones_still_verify(tmp_path):
    cb = make_body("alpha-cert")
    with unscoped():
        old = issue_one(cb, _certificate(cb))
    rotated = runner.invoke(app, ["keys", "rotate", "alpha-cert", "--json"])
    assert rotated.exit_code == 0, rotated.output
    new_kid = json.loads(rotated.stdout)["kid"]
    with unscoped():
        new = issue_one(cb, replace(_certificate(cb), number="C-2"))
    assert old.kid != new_kid == new.kid
    assert [verify_offline(tmp_path, r)[0] for r in (old, new)] == [0, 0]


def test_a_revoked_key_fails_what_it_signed_after_the_revocation_date_only(tmp_path):
    cb = make_body("alpha-cert")
    with unscoped():
        before = issue_one(cb, replace(_certificate(cb), number="C-1", issue_date=date(2025, 1, 10)))
        after = issue_one(cb, replace(_certificate(cb), number="C-2", issue_date=date(2025, 3, 10)))
    assert before.kid == after.kid
    revoke = ["keys", "revoke", "alpha-cert", "--kid", before.kid, "--not-after", "2025-02-01"]
    refused = runner.invoke(app, revoke)
    assert refused.exit_code == 2 and "active" in refused.stderr  # the active key: rotate first
    assert runner.invoke(app, ["keys", "rotate", "alpha-cert"]).exit_code == 0
    revoked = runner.invoke(app, [*revoke, "--json"])
    assert revoked.exit_code == 0, revoked.output
    (code_before, rep_before), (code_after, rep_after) = (
        verify_offline(tmp_path, r) for r in (before, after)
    )
    assert (code_before, rep_before["status"]) == (0, "active"), rep_before["checks"]
    assert code_after == 1 and "key" in rep_after["failed"]
    key_check = next(c for c in rep_after["checks"] if c["check"] == "key")
    assert "revoked (key compromise)" in key_check["reason"]

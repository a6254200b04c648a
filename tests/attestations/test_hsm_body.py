"""A body moves its keys into an HSM (SoftHSM2, a real PKCS#11 token) and keeps issuing through the
layer: what the file key signed still verifies, what it signs now is signed on the token."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from casys.accounts.models import BodyKind
from casys.accounts.scoping import unscoped
from casys.attestations.pkcs11 import MODULE_ENV, PIN_ENV, TOKEN_ENV
from casys.attestations.services import keys
from casys.attestations.services.issue import issue_one, record_status
from casys.cli import app
from tests.attestations.test_layer import _certificate, _test_report, verify_offline
from tests.conftest import make_body

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


@pytest.fixture
def token_env(softhsm_token, monkeypatch):
    monkeypatch.setenv(MODULE_ENV, softhsm_token.module)
    monkeypatch.setenv(TOKEN_ENV, softhsm_token.label)
    monkeypatch.setenv(PIN_ENV, softhsm_token.pin)
    return softhsm_token


def test_a_body_moves_its_keys_into_the_hsm_and_both_generations_verify(token_env, tmp_path):
    cb = make_body("alpha-cert")
    with unscoped():
        by_file = issue_one(cb, _certificate(cb))
    moved = runner.invoke(app, ["keys", "rotate", "alpha-cert", "--hsm", "--json"])
    assert moved.exit_code == 0, moved.output
    doc = json.loads(moved.stdout)
    assert doc["kid"] != by_file.kid
    assert keys.key_store("alpha-cert").home(doc["kid"]).kind == "pkcs11"
    retired = runner.invoke(
        app,
        [
            "registry",
            "retire-key",
            "--issuer",
            "alpha-cert",
            "--kid",
            by_file.kid,
            "--not-after",
            "2026-01-01",
        ],
    )
    assert retired.exit_code == 0, retired.output
    with unscoped():
        by_token = issue_one(cb, replace(_certificate(cb), number="C-2"))
        record_status(cb, "certificate", "C-1", "suspend", on=by_token.issue_date, reason="audit overdue")
    assert by_token.kid == doc["kid"]
    assert [
        (c, r["status"]) for c, r in (verify_offline(tmp_path, by_file), verify_offline(tmp_path, by_token))
    ] == [
        (1, "suspended"),  # the old credential verifies; its status (signed on the token now) says suspended
        (0, "active"),
    ]


def test_with_casys_key_store_pkcs11_a_new_body_gets_its_key_on_the_token(token_env, settings, tmp_path):
    settings.CASYS_KEY_STORE = "pkcs11"
    lab = make_body("lab-one", kind=BodyKind.LABORATORY)
    ring = keys.key_store("lab-one").keyring()
    assert keys.key_store("lab-one").home(ring.active or "").kind == "pkcs11"
    with unscoped():
        row = issue_one(lab, _test_report(lab))
    assert row.kid == ring.active
    assert verify_offline(tmp_path, row)[0] == 0


def test_a_wrong_pin_is_refused_naming_the_setting(token_env, monkeypatch):
    make_body("alpha-cert")
    monkeypatch.setenv(PIN_ENV, "not-the-pin")
    result = runner.invoke(app, ["keys", "rotate", "alpha-cert", "--hsm"])
    assert result.exit_code == 2 and PIN_ENV in result.stderr and "not-the-pin" not in result.stderr

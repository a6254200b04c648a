"""Rotated keys can be retired and leaked keys revoked (issue 12, finding 16): a credential signed with
such a key after its "not after" moment fails the key check; earlier ones keep verifying, offline too."""

import json
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from casys.attestations.keystore import FileKeyStore
from casys.attestations.services import keys as files
from casys.cli import app
from casys.core import credentials as vc
from casys.core import signing
from tests.core.attestation import builders as b

runner = CliRunner()
ISSUER = b.CB_RING.issuer


def _credential(key, valid_from: date) -> str:
    facts = b.certificate_facts(issue_date=valid_from)
    return vc.sign(vc.certificate_credential(facts), key)


@pytest.fixture
def store(tmp_path):
    directory = tmp_path / "keys"
    s = FileKeyStore(directory)
    s.save(signing.private_key_from_seed(b"\x11" * 32, ISSUER))
    old = s.active()
    s.save(signing.private_key_from_seed(b"\x12" * 32, ISSUER))  # rotation: the old key stays
    return s, old


def _verify(token, ring, at=datetime(2026, 6, 1, tzinfo=UTC)):
    return vc.verify(token, [ring], at)


def test_a_retired_key_still_verifies_what_it_signed_before(store):
    s, old = store
    before = _credential(old, date(2025, 3, 1))
    s.retire(old.kid, datetime(2025, 12, 31, 23, 59, tzinfo=UTC), "superseded")
    assert _verify(before, s.keyring()).check("key").state == "pass"


def test_a_retired_key_fails_what_it_signed_after(store):
    s, old = store
    after = _credential(old, date(2026, 2, 1))  # e.g. a copy of the old key kept and misused
    s.retire(old.kid, datetime(2025, 12, 31, 23, 59, tzinfo=UTC), "superseded")
    check = _verify(after, s.keyring()).check("key")
    assert check.state == "fail"
    assert f"kid {old.kid} was retired on 2025-12-31T23:59:00+00:00" in check.reason


def test_a_compromised_key_is_revoked_and_named_so(store):
    s, old = store
    s.retire(old.kid, datetime(2026, 1, 15, tzinfo=UTC), "superseded")
    s.retire(old.kid, datetime(2025, 11, 1, tzinfo=UTC), "keyCompromise")  # found out later: earlier wins
    check = _verify(_credential(old, date(2025, 12, 1)), s.keyring()).check("key")
    assert check.state == "fail" and "revoked (key compromise) on 2025-11-01" in check.reason
    assert _verify(_credential(old, date(2025, 10, 1)), s.keyring()).check("key").state == "pass"


def test_the_active_key_cannot_be_retired(store):
    s, _old = store
    with pytest.raises(signing.KeyError_, match="is the active key; rotate"):
        s.retire(s.active().kid, datetime(2026, 1, 1, tzinfo=UTC), "superseded")


@pytest.mark.parametrize("reason", ["superseded", "keyCompromise"])
def test_jwks_and_did_document_carry_the_retirement_and_verifiers_read_it(store, reason):
    s, old = store
    s.retire(old.kid, datetime(2026, 1, 1, tzinfo=UTC), reason)
    doc = signing.jwks(s.keyring())
    member = next(k for k in doc["keys"] if k["kid"] == old.kid)
    if reason == "keyCompromise":
        assert member["revoked"] == {"revoked_at": 1767225600, "reason": "keyCompromise"}
    else:
        assert member["exp"] == 1767225600  # 2026-01-01T00:00:00Z as a NumericDate
    late = _credential(old, date(2026, 3, 1))
    from_jwks = signing.keyring_from_jwks(json.loads(json.dumps(doc)), ISSUER)
    did = signing.did_document(s.keyring())
    method = next(m for m in did["verificationMethod"] if m["id"].endswith(old.kid))
    assert method[{"keyCompromise": "revoked", "superseded": "expires"}[reason]] == "2026-01-01T00:00:00Z"
    from_did = signing.keyring_from_did_document(json.loads(json.dumps(did)))
    for ring in (from_jwks, from_did):
        assert _verify(late, ring).check("key").state == "fail"


def test_casys_keys_retire_then_verify_offline(store, tmp_path):
    s, old = store
    late = tmp_path / "late.jwt"
    late.write_text(_credential(old, date(2026, 3, 1)))
    args = ["keys", "retire", str(s.directory), "--kid", old.kid, "--not-after", "2026-01-01"]
    args.append("--compromised")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "revoked (key compromise) on 2026-01-01T00:00:00+00:00" in result.stdout
    jwks = runner.invoke(app, ["keys", "jwks", str(s.directory)]).stdout
    (tmp_path / "jwks.json").write_text(jwks)
    keys = str(tmp_path / "jwks.json")
    out = runner.invoke(app, ["verify", str(late), "--keys", keys, "--at", "2026-06-01"])
    assert out.exit_code == 1 and "revoked (key compromise)" in out.stdout


def test_casys_keys_retire_names_a_bad_date(store):
    s, old = store
    result = runner.invoke(app, ["keys", "retire", str(s.directory), "--kid", old.kid, "--not-after", "soon"])
    assert result.exit_code == 2 and "--not-after: 'soon' is not an ISO 8601" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_registry_retire_key_republishes_the_issuers_jwks(accredited, client):
    files.signing_key(accredited.slug)
    files.rotate_key(accredited.slug)
    ring = files.keyring(accredited.slug)
    old = next(k.kid for k in ring.keys if k.kid != ring.active)
    args = ["registry", "retire-key", "--issuer", accredited.slug, "--kid", old, "--not-after", "2026-01-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    served = json.loads(client.get(f"/registry/keys/{accredited.slug}/jwks.json").getvalue())
    assert next(k for k in served["keys"] if k["kid"] == old)["exp"] == 1767225600

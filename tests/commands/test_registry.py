"""CLI: casys verify and casys keys."""

import json
import stat
from datetime import date

from typer.testing import CliRunner

from casys.cli import app
from casys.core import credentials as vc
from casys.core import signing
from tests.core.attestation import builders as b
from tests.keys import use_data_dir

runner = CliRunner()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _jwks(ring):
    return json.dumps({"issuer": ring.issuer, **signing.jwks(ring)})


def _files(tmp_path, suspended=(), acc_valid_until=date(2029, 12, 31), standards=("ISO 9001:2015",)):
    cert = vc.sign(vc.certificate_credential(b.certificate_facts(standards=standards)), b.CB_KEY)
    acc = vc.sign(vc.accreditation_credential(b.accreditation_facts(valid_until=acc_valid_until)), b.AB_KEY)
    recognition = {
        "signatoryStatuses": [
            {
                "body": b.AB,
                "arrangement": "EA-MLA",
                "activity": "certification-management-systems",
                "normativeDocument": "ISO/IEC 17021-1",
                "subScope": "ISO 9001",
                "validFrom": "2010-01-01",
            }
        ]
    }
    return {
        "cert": _write(tmp_path, "cert.jwt", cert),
        "args": [
            "--keys",
            _write(tmp_path, "cb.jwks.json", _jwks(b.CB_RING)),
            "--keys",
            _write(tmp_path, "ab.did.json", json.dumps(signing.did_document(b.AB_RING))),
            "--status-list",
            _write(tmp_path, "s.jwt", b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY, suspended)),
            "--status-list",
            _write(tmp_path, "r.jwt", b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY)),
            "--status-list",
            _write(tmp_path, "ab.jwt", b.signed_list(b.AB_SUSPENSION_URL, "suspension", b.AB_KEY)),
            "--chain",
            _write(tmp_path, "acc.json", json.dumps(vc.enveloped(acc))),
            "--chain",
            _write(tmp_path, "recognition.json", json.dumps(recognition)),
            "--at",
            "2025-06-01",
        ],
    }


def _expected_credential():
    return {
        "id": "https://cb.example/certificates/Q-0001",
        "type": ["VerifiableCredential", "DigitalConformityCredential"],
        "issuer": b.CB,
        "kid": b.CB_KEY.kid,
        "standards": ["ISO 9001:2015"],
    }


def test_verify_reports_every_check_and_the_chain_as_json(tmp_path):
    f = _files(tmp_path)
    result = runner.invoke(app, ["verify", f["cert"], *f["args"], "--json"])
    assert result.exit_code == 0, result.stderr
    kid = b.CB_KEY.kid
    assert json.loads(result.stdout) == {
        "verdict": "valid",
        "status": "active",
        "complete": True,
        "failed": [],
        "checks": [
            {"check": "format", "state": "pass", "reason": "compact JWS, typ vc+jwt, alg EdDSA"},
            {"check": "key", "state": "pass", "reason": f"kid {kid} of {b.CB}"},
            {"check": "signature", "state": "pass", "reason": f"Ed25519 signature verifies with kid {kid}"},
            {"check": "validity", "state": "pass", "reason": "valid on 2025-06-01T00:00:00+00:00"},
            {"check": "status", "state": "pass", "reason": "suspension bit 7 clear; revocation bit 7 clear"},
            {
                "check": "chain",
                "state": "pass",
                "reason": (
                    "recognized: active and unexpired on 2025-06-01; "
                    f"accreditation {b.ACC_ID} by {b.AB} covers ISO 9001:2015 on both dates; "
                    f"{b.AB} signatory of EA-MLA for ISO/IEC 17021-1, sub-scope ISO 9001 on both dates"
                ),
            },
        ],
        "credential": _expected_credential(),
        "chain": {
            "recognized": True,
            "on": "2025-06-01",
            "links": [
                {
                    "n": 1,
                    "link": "certificate",
                    "state": "pass",
                    "reason": "active and unexpired on 2025-06-01",
                    "dates": {"issue_date": "2024-03-01", "expiry_date": "2027-02-28", "on": "2025-06-01"},
                    "ref": None,
                },
                {
                    "n": 2,
                    "link": "accreditation",
                    "state": "pass",
                    "reason": f"accreditation {b.ACC_ID} by {b.AB} covers ISO 9001:2015 on both dates",
                    "dates": {
                        "issue_date": "2024-03-01",
                        "on": "2025-06-01",
                        "valid_from": "2020-01-01",
                        "valid_until": "2029-12-31",
                    },
                    "ref": b.ACC_ID,
                },
                {
                    "n": 3,
                    "link": "recognition",
                    "state": "pass",
                    "reason": f"{b.AB} signatory of EA-MLA for ISO/IEC 17021-1, "
                    "sub-scope ISO 9001 on both dates",
                    "dates": {
                        "issue_date": "2024-03-01",
                        "on": "2025-06-01",
                        "signatory_since": "2010-01-01",
                    },
                    "ref": "EA-MLA",
                },
            ],
        },
    }


def test_verify_exits_1_naming_the_status_check_for_a_suspended_certificate(tmp_path):
    f = _files(tmp_path, suspended=(7,))
    result = runner.invoke(app, ["verify", f["cert"], *f["args"], "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["verdict"] == "invalid"
    assert report["failed"] == ["status", "chain"]
    assert report["chain"]["links"][0]["state"] == "fail"


def test_verify_names_link_two_when_the_accreditation_lapsed_before_issue(tmp_path):
    f = _files(tmp_path, acc_valid_until=date(2023, 12, 31))
    report = json.loads(runner.invoke(app, ["verify", f["cert"], *f["args"], "--json"]).stdout)
    assert report["failed"] == ["chain"]
    assert [lk["state"] for lk in report["chain"]["links"]] == ["pass", "fail", "not-evaluated"]


def test_verify_names_the_signature_check_for_a_tampered_file(tmp_path):
    f = _files(tmp_path)
    token = open(f["cert"]).read()
    tampered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    path = _write(tmp_path, "tampered.jwt", tampered)
    result = runner.invoke(app, ["verify", path, *f["args"], "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["failed"] == ["signature"]
    assert [c["state"] for c in report["checks"]] == ["pass", "pass", "fail"] + ["not-checked"] * 3


def test_verify_reads_an_enveloped_credential_and_prints_a_table(tmp_path):
    f = _files(tmp_path)
    doc = vc.enveloped(open(f["cert"]).read())
    path = _write(tmp_path, "cert.json", json.dumps(doc))
    result = runner.invoke(app, ["verify", path, *f["args"]])
    assert result.exit_code == 0
    assert "Verification: valid" in result.stdout and "recognition" in result.stdout


def test_verify_lists_every_standard_of_a_multi_standard_certificate(tmp_path):
    f = _files(tmp_path, standards=("ISO 9001:2015", "ISO 45001:2018"))
    result = runner.invoke(app, ["verify", f["cert"], *f["args"], "--json"])
    report = json.loads(result.stdout)
    assert report["credential"]["standards"] == ["ISO 9001:2015", "ISO 45001:2018"]
    # the recognition data has the sub-scope ISO 9001 only: the second standard is not recognised
    assert result.exit_code == 1 and report["failed"] == ["chain"]
    assert report["chain"]["links"][2]["reason"].endswith("not for the sub-scope ISO 45001:2018")
    table = runner.invoke(app, ["verify", f["cert"], *f["args"]])
    assert "Standards: ISO 9001:2015, ISO 45001:2018" in table.stdout


def test_verify_exits_2_on_a_bad_date(tmp_path):
    f = _files(tmp_path)
    result = runner.invoke(app, ["verify", f["cert"], "--at", "2025-13-45", "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--at: '2025-13-45'" in result.stderr


def test_verify_exits_2_on_a_jwks_without_issuer(tmp_path):
    f = _files(tmp_path)
    keys = _write(tmp_path, "k.json", json.dumps(signing.jwks(b.CB_RING)))
    result = runner.invoke(app, ["verify", f["cert"], "--keys", keys, "--json"])
    assert result.exit_code == 2
    assert "needs an 'issuer' member" in result.stderr


def test_verify_exits_2_on_bad_recognition_data(tmp_path):
    f = _files(tmp_path)
    bad = _write(tmp_path, "rec.json", json.dumps({"signatoryStatuses": [{"arrangement": "XYZ"}]}))
    result = runner.invoke(app, ["verify", f["cert"], "--chain", bad, "--json"])
    assert result.exit_code == 2
    assert "signatoryStatuses[0].arrangement" in result.stderr


def test_keys_generate_writes_a_0600_key_and_rotation_keeps_old_keys(tmp_path):
    out = tmp_path / "keys"
    first = runner.invoke(app, ["keys", "generate", "--issuer", b.CB, "--out", str(out), "--json"])
    assert first.exit_code == 0, first.stderr
    doc = json.loads(first.stdout)
    assert doc["jwk"]["kid"] == doc["kid"] == signing.jwk_thumbprint(doc["jwk"])
    assert "d" not in doc["jwk"]
    assert doc["key_file"] == str(out / f"{doc['kid']}.pem")
    assert stat.S_IMODE((out / f"{doc['kid']}.pem").stat().st_mode) == 0o600
    second = json.loads(
        runner.invoke(app, ["keys", "generate", "--issuer", b.CB, "--out", str(out), "--json"]).stdout
    )
    jwks = json.loads(runner.invoke(app, ["keys", "jwks", str(out)]).stdout)
    assert jwks["issuer"] == b.CB
    assert [k["kid"] for k in jwks["keys"]] == [doc["kid"], second["kid"]]
    did = json.loads(runner.invoke(app, ["keys", "did", str(out)]).stdout)
    assert did["assertionMethod"] == [f"{b.CB}#{doc['kid']}", f"{b.CB}#{second['kid']}"]


def test_file_keystore_signs_with_the_active_key_and_old_tokens_still_verify(tmp_path):
    from casys.commands.registry import FileKeyStore

    store = FileKeyStore(tmp_path / "k")
    store.save(b.CB_KEY)
    old = vc.sign(vc.certificate_credential(b.certificate_facts()), store.active())
    store.save(b.CB_KEY_2)
    new = vc.sign(vc.certificate_credential(b.certificate_facts(number="Q-2")), store.active())
    ring = store.keyring()
    assert ring.active == b.CB_KEY_2.kid
    assert vc.verify(old, [ring], b.ON).ok and vc.verify(new, [ring], b.ON).ok


def test_keys_generate_refuses_another_issuer_in_the_same_directory(tmp_path):
    out = str(tmp_path / "keys")
    assert runner.invoke(app, ["keys", "generate", "--issuer", b.CB, "--out", out]).exit_code == 0
    result = runner.invoke(app, ["keys", "generate", "--issuer", b.AB, "--out", out, "--json"])
    assert result.exit_code == 2
    assert "holds keys of" in result.stderr


# --- casys registry import / export -------------------------------------------------------------

import pytest  # noqa: E402


@pytest.fixture
def cli_issuer(body_a, settings, tmp_path):
    use_data_dir(settings, tmp_path)
    return body_a


ROW = "IMP-1,active,2024-01-10,2024-01-10,2027-01-09,Crème Brûlée SA,,,FR,Desserts,ISO 22000:2018,3,,,yes"


def _template(tmp_path, *rows):
    from casys.registry.services.template import KEYS

    return _write(tmp_path, "in.csv", ",".join(KEYS) + "\n" + "\n".join(rows) + "\n")


@pytest.mark.django_db(transaction=True)
def test_registry_import_prints_the_counts_as_json(cli_issuer, tmp_path):
    path = _template(tmp_path, ROW)
    args = ["registry", "import", path, "--issuer", "alpha-cert", "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {
        "file": "in.csv",
        "issuer": "alpha-cert",
        "rows": 1,
        "dry_run": False,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
    }
    second = runner.invoke(app, args)
    assert json.loads(second.stdout)["unchanged"] == 1


@pytest.mark.django_db(transaction=True)
def test_registry_import_lists_bad_rows_and_exits_2(cli_issuer, tmp_path):
    path = _template(tmp_path, ROW.replace(",FR,", ",France,"))
    result = runner.invoke(app, ["registry", "import", path, "--issuer", "alpha-cert", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "imported": False,
        "errors": [{"row": 2, "column": "country", "message": "'FRANCE' is not an ISO 3166-1 alpha-2 code"}],
    }


@pytest.mark.django_db(transaction=True)
def test_registry_export_writes_the_template(cli_issuer, tmp_path):
    runner.invoke(app, ["registry", "import", _template(tmp_path, ROW), "--issuer", "alpha-cert"])
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["registry", "export", str(out), "--issuer", "alpha-cert", "--json"])
    assert json.loads(result.stdout) == {"file": str(out), "rows": 1}
    assert out.read_text().splitlines()[1] == ROW


def test_registry_import_of_an_unknown_issuer_exits_2(db, tmp_path):
    result = runner.invoke(app, ["registry", "import", _template(tmp_path, ROW), "--issuer", "nobody"])
    assert result.exit_code == 2 and "--issuer: no body 'nobody'" in result.stderr

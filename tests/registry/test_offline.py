"""Everything an offline verifier needs is downloadable; `casys verify` on those files gives the verdict."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from casys import clock
from casys.cli import app
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def _get(client, url, path):
    r = client.get(url)
    assert r.status_code == 200, url
    body = r.getvalue() if r.streaming else r.content
    path.write_bytes(body)
    return str(path)


def test_casys_verify_recognizes_a_certificate_from_the_downloaded_files(accredited, client, tmp_path):
    # everything happens on 2025-06-01: the status lists are signed and fetched that day (valid 24 h)
    with clock.travel_to(date(2025, 6, 1)):
        _verify_downloaded_files(accredited, client, tmp_path)


def _verify_downloaded_files(accredited, client, tmp_path):
    publish(accredited, entry())
    cert = _get(client, "/registry/credential/alpha-cert/Q-1/", tmp_path / "cert.jwt")
    args = [
        "verify",
        cert,
        "--keys",
        _get(client, "/registry/keys/alpha-cert/jwks.json", tmp_path / "cb.jwks.json"),
        "--keys",
        _get(client, "/registry/did/nordic-ab/did.json", tmp_path / "ab.did.json"),
        "--status-list",
        _get(client, "/registry/status/alpha-cert/1-suspension.jwt", tmp_path / "s.jwt"),
        "--status-list",
        _get(client, "/registry/status/alpha-cert/1-revocation.jwt", tmp_path / "r.jwt"),
        "--chain",
        _get(client, "/registry/accreditation/nordic-ab/NAB-001.jwt", tmp_path / "acc.jwt"),
        "--chain",
        _get(client, "/registry/recognition/nordic-ab.json", tmp_path / "rec.json"),
        "--at",
        "2025-06-01T23:59:59Z",
        "--json",
    ]
    result = runner.invoke(app, args)
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report
    assert [c["state"] for c in report["checks"]] == ["pass"] * 6
    assert [lk["state"] for lk in report["chain"]["links"]] == ["pass", "pass", "pass"]


def test_the_accreditation_credential_is_the_same_each_time(accredited, client):
    a = client.get("/registry/accreditation/nordic-ab/NAB-001.jwt").content
    assert a == client.get("/registry/accreditation/nordic-ab/NAB-001.jwt").content
    assert client.get("/registry/accreditation/nordic-ab/NOPE.jwt").status_code == 404

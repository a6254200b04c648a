"""Offline revocation cannot be dodged (issue 12, finding 5): status lists are fresh and short-lived,
an expired or foreign list is refused, and without a usable list the answer is "incomplete"."""

import base64
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from casys import clock
from casys.attestations.services import keys as files
from casys.attestations.services import status
from casys.cli import app
from casys.core import credentials as vc
from casys.core import signing
from tests.core.attestation import builders as b
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()
DAY = date(2025, 6, 1)


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _list_file(kind: str = "suspension") -> str:
    return files.status_file("alpha-cert", f"1-{kind}").read_text()


def test_every_signing_gives_a_fresh_valid_from_and_a_24_hour_validity(accredited):
    with clock.travel_to(DAY):
        publish(accredited, entry())
        claims = _claims(_list_file())
    start = datetime.fromisoformat(claims["validFrom"])
    assert start.date() == DAY
    assert datetime.fromisoformat(claims["validUntil"]) - start == timedelta(hours=24)


def test_an_old_list_does_not_make_a_withdrawn_certificate_valid(accredited, client, tmp_path):
    """The attack: keep the list signed while the certificate was active, verify after withdrawal."""
    with clock.travel_to(DAY):
        publish(accredited, entry())
        old_list = _list_file("revocation")
        cert = client.get("/registry/credential/alpha-cert/Q-1/").content.decode()
        jwks = client.get("/registry/keys/alpha-cert/jwks.json").getvalue().decode()
    with clock.travel_to(DAY + timedelta(days=3)):
        publish(accredited, entry(status="withdrawn"))
    paths = {"cert.jwt": cert, "old.jwt": old_list, "keys.json": jwks}
    for name, text in paths.items():
        (tmp_path / name).write_text(text)
    args = ["verify", str(tmp_path / "cert.jwt"), "--keys", str(tmp_path / "keys.json")]
    args += ["--status-list", str(tmp_path / "old.jwt"), "--at", "2025-06-04T12:00:00Z", "--json"]
    result = runner.invoke(app, args)
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["verdict"] == "invalid"
    status_check = next(c for c in report["checks"] if c["check"] == "status")
    assert "expired: validUntil" in status_check["reason"]


def test_a_list_of_another_issuer_is_refused():
    cert = vc.sign(vc.certificate_credential(b.certificate_facts()), b.CB_KEY)
    foreign = b.signed_list(b.SUSPENSION_URL, "suspension", b.AB_KEY)  # the AB signs the CB's list URL
    at = datetime(2025, 6, 1, 12, tzinfo=UTC)
    result = vc.verify(cert, [b.CB_RING, b.AB_RING], at, [foreign])
    assert result.check("status").state == "fail"
    assert "not by the issuer" in result.check("status").reason


def _verify_cli(tmp_path, *lists: str) -> tuple[int, dict]:
    cert = vc.sign(vc.certificate_credential(b.certificate_facts()), b.CB_KEY)
    (tmp_path / "cert.jwt").write_text(cert)
    jwks = {"issuer": b.CB_RING.issuer, **signing.jwks(b.CB_RING)}
    (tmp_path / "cb.jwks.json").write_text(json.dumps(jwks))
    args = ["verify", str(tmp_path / "cert.jwt"), "--keys", str(tmp_path / "cb.jwks.json")]
    for i, text in enumerate(lists):
        (tmp_path / f"l{i}.jwt").write_text(text)
        args += ["--status-list", str(tmp_path / f"l{i}.jwt")]
    result = runner.invoke(app, [*args, "--at", "2025-06-01", "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_a_credential_with_a_status_entry_and_no_list_is_incomplete_with_exit_3(tmp_path):
    code, report = _verify_cli(tmp_path)
    assert (code, report["verdict"]) == (3, "incomplete")
    assert next(c for c in report["checks"] if c["check"] == "status")["state"] == "not-checked"


def test_with_one_of_its_two_lists_it_is_still_incomplete(tmp_path):
    code, report = _verify_cli(tmp_path, b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY))
    assert (code, report["verdict"]) == (3, "incomplete")


def test_with_both_current_lists_it_is_valid_with_exit_0(tmp_path):
    code, report = _verify_cli(
        tmp_path,
        b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY),
        b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY),
    )
    assert (code, report["verdict"]) == (0, "valid")


def test_a_served_list_past_half_its_validity_is_re_signed(accredited, client):
    with clock.travel_to(DAY):
        publish(accredited, entry())
        first = _claims(_list_file())["validFrom"]
    with clock.travel_to(DAY + timedelta(days=1)):
        served = client.get("/registry/status/alpha-cert/1-suspension.jwt").getvalue().decode()
    assert _claims(served)["validFrom"] > first
    assert datetime.fromisoformat(_claims(served)["validFrom"]).date() == DAY + timedelta(days=1)


def test_a_fresh_served_list_is_not_re_signed(accredited, client):
    with clock.travel_to(DAY):
        publish(accredited, entry())
        before = _list_file()
        assert client.get("/registry/status/alpha-cert/1-suspension.jwt").getvalue().decode() == before


def test_publish_status_re_signs_every_list(accredited):
    with clock.travel_to(DAY):
        publish(accredited, entry())
    result = runner.invoke(app, ["registry", "publish-status"])
    # the CB's two lists (its certificate) and the AB's two (its accreditation of the CB)
    assert result.exit_code == 0 and result.stdout.startswith("4 status lists signed")
    assert datetime.fromisoformat(_claims(_list_file())["validFrom"]).date() == clock.today()
    assert status.validity() == timedelta(hours=24)


def test_the_lists_are_read_in_one_plain_query_with_the_right_bits(accredited, monkeypatch):
    """The flagged indexes of the lists are one plain fetch: a server-side cursor (QuerySet.iterator)
    is planned by PostgreSQL for its first rows, and after a large load it walked the status index
    of every issuer's rows — 2.9 s of a 2·10⁵-row batch's commit (BENCHMARKS.md, session 11); and
    a query per list and purpose walked the issuer's slots twice a list (SQLite, session 13)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casys.core import status_list as sl

    with clock.travel_to(DAY):
        publish(accredited, entry("Q-1"), entry("Q-2", status="suspended"), entry("Q-3", status="withdrawn"))
    chunked = []
    monkeypatch.setattr(connection, "chunked_cursor", lambda: chunked.append(1) or connection.cursor())
    with clock.travel_to(DAY), CaptureQueriesContext(connection) as seen:
        status.publish(accredited, [1])
    assert chunked == []
    assert sum("status_index" in q["sql"] for q in seen.captured_queries) == 1
    indexes = {a.number: a.status_index for a in status.Attestation.all_objects.filter(issuer=accredited)}
    for purpose, flagged in (("suspension", "Q-2"), ("revocation", "Q-3")):
        lst = sl.decode(_claims(_list_file(purpose))["credentialSubject"]["encodedList"], purpose)
        assert {n for n, i in indexes.items() if sl.read_bit(lst, i)} == {flagged}

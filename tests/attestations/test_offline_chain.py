"""The defect issue 14 names: a suspended accreditation used to verify as active offline. Now the
accreditation credential carries a status entry, and ``casys verify`` with the files the registry
serves (certificate, both issuers' JWKS and status lists, the accreditation credential, the AB's
recognition data) reports the chain broken at the accreditation once it is suspended."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casys.accounts.models import BodyKind
from casys.accounts.scoping import unscoped
from casys.accreditation.services import accreditations as acc_services
from casys.accreditation.services import recognition as rec_services
from casys.attestations.services.issue import issue
from casys.cli import app
from tests.attestations.test_layer import _certificate
from tests.conftest import make_body

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def _files(client, tmp: Path, number: str) -> list[str]:
    """What an offline verifier downloads from the public registry, as ``casys verify`` arguments."""

    def get(url: str, name: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        (tmp / name).write_bytes(body)
        return str(tmp / name)

    args = [get(f"/registry/credential/alpha-cert/{number}/", "cert.jwt")]
    for slug in ("alpha-cert", "nordic-ab"):
        args += ["--keys", get(f"/registry/keys/{slug}/jwks.json", f"{slug}.jwks.json")]
        for purpose in ("suspension", "revocation"):
            args += [
                "--status-list",
                get(f"/registry/status/{slug}/1-{purpose}.jwt", f"{slug}-{purpose}.jwt"),
            ]
    args += ["--chain", get("/registry/accreditation/nordic-ab/NAB-001.jwt", "acc.jwt")]
    args += ["--chain", get("/registry/recognition/nordic-ab.json", "recognition.json")]
    return args


def test_a_suspended_accreditation_breaks_the_chain_offline(client, tmp_path):
    ab = make_body("nordic-ab", kind=BodyKind.ACCREDITATION_BODY, name="Nordic AB", country="SE")
    cb = make_body("alpha-cert")
    with unscoped():
        acc = acc_services.grant(
            ab,
            acc_services.GrantInput(
                cab=cb,
                number="NAB-001",
                standard="ISO/IEC 17021-1",
                valid_from=date(2020, 1, 1),
                valid_until=date(2035, 1, 1),
                scope=(acc_services.ScopeInput("ISO 9001:2015", ("17",)),),
            ),
        )
        rec_services.import_statuses(
            [
                {
                    "body": "nordic-ab",
                    "arrangement": "IAF-MLA",
                    "activity": "certification-management-systems",
                    "normativeDocument": "ISO/IEC 17021-1",
                    "subScope": "ISO 9001",
                    "validFrom": "2015-01-01",
                }
            ],
            source="test",
        )
        issue(cb, [replace(_certificate(cb), accreditation_body="nordic-ab")], source="test")
    before = runner.invoke(app, ["verify", *_files(client, tmp_path, "C-1"), "--json"])
    with unscoped():
        acc_services.record_event(acc, date(2025, 6, 1), "suspended", reason="surveillance refused")
    after = runner.invoke(app, ["verify", *_files(client, tmp_path, "C-1"), "--json"])
    b, a = json.loads(before.stdout), json.loads(after.stdout)
    assert (before.exit_code, b["verdict"], b["chain"]["recognized"]) == (0, "valid", True)
    assert (after.exit_code, a["verdict"], a["chain"]["recognized"]) == (1, "invalid", False)
    link = next(lk for lk in a["chain"]["links"] if lk["state"] == "fail")
    assert link["n"] == 2 and "suspended" in link["reason"]
    assert a["status"] == "active"  # the certificate itself is not suspended: its issuer's accreditation is

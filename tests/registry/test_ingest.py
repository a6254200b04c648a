"""The set-based ingest (issue 19): imported certificates are written unsigned, each with a log leaf
that commits to its public facts and one signed tree head per file; the credential is signed when
first asked for (or by ``casys registry sign-pending``) and then verifies, offline too, with its
place in the log; before it is signed, ``casys registry verify-record`` checks the record itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from typer.testing import CliRunner

from casys import clock
from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, LogLeaf, SignedTreeHead
from casys.attestations.services import deferred, keys
from casys.attestations.services.issue import holder_key
from casys.cli import app
from casys.core import transparency
from casys.registry.services import importer, ingest, verification
from casys.registry.services.template import KEYS
from tests.registry.test_import import _csv, _row

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()
API = "/api/v1/registry"


def _import(body: Body, rows: list[str], **kw: Any) -> dict[str, Any]:
    with unscoped():
        return importer.import_file(_csv(rows), "f.csv", body, **kw)


def _get(body: Body, number: str) -> Attestation:
    with unscoped():
        return Attestation.all_objects.get(issuer=body, number=number)


def test_an_import_writes_unsigned_rows_with_a_facts_leaf_each_and_one_tree_head(body_a):
    assert _import(body_a, [_row(i) for i in range(7)])["created"] == 7
    with unscoped():
        rows = list(Attestation.all_objects.filter(issuer=body_a).order_by("status_index"))
        leaves = list(LogLeaf.all_objects.filter(issuer=body_a).order_by("index"))
        heads = list(SignedTreeHead.all_objects.filter(issuer=body_a).values_list("size", flat=True))
    assert [r.credential for r in rows] == [""] * 7
    assert [r.status_index for r in rows] == list(range(7))
    assert [leaf.number for leaf in leaves] == [f"IMP-{i:05d}" for i in range(7)]  # file order
    assert heads == [7]
    for row, leaf in zip(rows, leaves, strict=True):
        data = json.loads(leaf.data)
        # anyone holding the registry's export row rebuilds the leaf
        assert data["facts"] == transparency.facts_hash(importer.template_row(row))
        assert "credential" not in data
        # the search key the read side uses, as the layer computes it
        assert row.holder_key == holder_key(row.holder_name, row.holder_name_en)
    assert rows[0].holder_key.startswith("lodzka fabryka")


def test_a_reimport_changes_nothing_and_a_changed_row_is_reissued_in_the_same_tree_head(body_a):
    _import(body_a, [_row(i) for i in range(3)])
    again = _import(body_a, [_row(0), _row(1, scope="Design of furniture"), _row(2), _row(3)])
    assert (again["created"], again["updated"], again["unchanged"]) == (1, 1, 2)
    with unscoped():
        heads = list(
            SignedTreeHead.all_objects.filter(issuer=body_a).order_by("size").values_list("size", flat=True)
        )
        events = list(
            LogLeaf.all_objects.filter(issuer=body_a).order_by("index").values_list("number", "event")
        )
    assert heads == [3, 5]
    assert events[3:] == [("IMP-00001", "reissue"), ("IMP-00003", "issue")]
    assert _get(body_a, "IMP-00001").credential  # re-issued through the layer: signed
    assert _get(body_a, "IMP-00003").credential == ""


def test_the_credential_is_signed_when_first_asked_for_and_then_verifies(body_a):
    _import(body_a, [_row(1)])
    c = Client()
    first = c.get(f"{API}/certificates/{body_a.slug}/IMP-00001/credential")
    assert first.status_code == 200
    token = first.json()["credential"]
    assert token.count(".") == 2
    assert _get(body_a, "IMP-00001").credential == token  # kept
    assert c.get(f"{API}/certificates/{body_a.slug}/IMP-00001/credential").json()["credential"] == token
    v = verification.verify_token(token, clock.today())
    states = {ch.name: ch.state for ch in v.checks}
    # body_a holds no accreditation in these fixtures: the chain is the only check that cannot pass
    assert {n: s for n, s in states.items() if n != "chain"} == dict.fromkeys(
        states.keys() - {"chain"}, "pass"
    )
    assert {"signature", "status"} <= states.keys()
    _import(body_a, [_row(2)])
    download = c.get(f"/registry/credential/{body_a.slug}/IMP-00002/")
    assert download.status_code == 200
    assert download.content.decode() == _get(body_a, "IMP-00002").credential != ""


def _files(tmp: Path, body: Body, number: str, doc: dict[str, Any] | None = None) -> list[str]:
    inc = doc or Client().get(f"{API}/log/{body.slug}/inclusion", {"number": number}).json()
    (tmp / "inclusion.json").write_text(json.dumps(inc))
    return [
        "--inclusion",
        str(tmp / "inclusion.json"),
        "--keys",
        str(keys.static_root() / "keys" / body.slug / "jwks.json"),
    ]


def test_verify_checks_a_lazily_signed_credential_against_its_facts_leaf(body_a, tmp_path):
    _import(body_a, [_row(1)])
    token = Client().get(f"{API}/certificates/{body_a.slug}/IMP-00001/credential").json()["credential"]
    (tmp_path / "t.jwt").write_text(token)
    args = ["verify", str(tmp_path / "t.jwt"), *_files(tmp_path, body_a, "IMP-00001"), "--json"]
    report = json.loads(runner.invoke(app, args).stdout)
    states = {c["check"]: c["state"] for c in report["checks"]}
    assert (states["tree-head"], states["log-leaf"], states["inclusion"]) == ("pass", "pass", "pass")
    # the record the inclusion document carries, rewritten: the leaf's facts no longer match
    inc = Client().get(f"{API}/log/{body_a.slug}/inclusion", {"number": "IMP-00001"}).json()
    inc["record"]["certified_entity_name"] = "Someone Else"
    args = ["verify", str(tmp_path / "t.jwt"), *_files(tmp_path, body_a, "IMP-00001", inc), "--json"]
    report = json.loads(runner.invoke(app, args).stdout)
    assert "log-leaf" in report["failed"]


def test_verify_record_checks_an_imported_certificate_before_its_credential_is_signed(body_a, tmp_path):
    _import(body_a, [_row(i) for i in range(5)])
    row = _get(body_a, "IMP-00003")
    assert row.credential == ""
    record = importer.template_row(row)
    (tmp_path / "record.json").write_text(json.dumps(record))
    args = [
        "registry",
        "verify-record",
        str(tmp_path / "record.json"),
        *_files(tmp_path, body_a, "IMP-00003"),
    ]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert {c["check"]: c["state"] for c in json.loads(result.stdout)["checks"]} == {
        "tree-head": "pass",
        "log-leaf": "pass",
        "inclusion": "pass",
    }
    (tmp_path / "record.json").write_text(json.dumps({**record, "expiry_date": "2030-01-01"}))
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failed"] == ["log-leaf"]
    assert _get(body_a, "IMP-00003").credential == ""  # checking the log signs nothing


def test_sign_pending_signs_every_unsigned_credential_once(body_a):
    _import(body_a, [_row(i) for i in range(5)])
    result = runner.invoke(app, ["registry", "sign-pending", "--issuer", body_a.slug, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"signed": {body_a.slug: 5}}
    with unscoped():
        assert not Attestation.all_objects.filter(issuer=body_a, credential="").exists()
        tokens = {a.number: a.credential for a in Attestation.all_objects.filter(issuer=body_a)}
    again = runner.invoke(app, ["registry", "sign-pending", "--issuer", body_a.slug, "--json"])
    assert json.loads(again.stdout) == {"signed": {body_a.slug: 0}}
    row = _get(body_a, "IMP-00002")
    assert deferred.credential_of(row) == tokens["IMP-00002"]


def test_a_bad_file_from_the_ingest_path_imports_nothing_and_lists_every_error(body_a):
    rows = [_row(1), _row(2, issue_date="2024-13-01", country="Latvia"), _row(1), _row(4, standards="")]
    with pytest.raises(importer.ImportFileError) as exc:
        _import(body_a, rows)
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (3, "issue_date"),
        (3, "country"),
        (4, "certificate_number"),
        (5, "standards"),
    ]
    with unscoped():
        assert not Attestation.all_objects.filter(issuer=body_a).exists()
        assert not LogLeaf.all_objects.filter(issuer=body_a).exists()


def test_deferred_indexes_are_rebuilt_as_they_were(body_a):
    before = _indexes()
    _import_with(body_a, [_row(i) for i in range(30)], defer_indexes=True)
    assert _indexes() == before
    assert _get(body_a, "IMP-00029").status_index == 29


def _import_with(body: Body, rows: list[str], **kw: Any) -> None:
    header, cells = importer.read_rows(_csv(rows), "f.csv")
    with unscoped():
        ingest.ingest(body, importer.validate(header, cells), source="f.csv", **kw)


def _indexes() -> list[str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'registry_attestation' ORDER BY 1")
        else:
            cur.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'registry_attestation' ORDER BY 1")
        return [str(r[0]) for r in cur.fetchall()]


def test_the_template_keys_are_what_the_facts_leaf_reads():
    assert set(transparency.FACT_KEYS) == set(KEYS) - {"status", "public"}

"""A batch import: several files, of one issuer or many, all or nothing, the indexes built once."""

import json
import multiprocessing

import pytest
from django.db import connection
from typer.testing import CliRunner

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, LogLeaf, SignedTreeHead
from casys.cli import app
from casys.registry.services import importer, ingest, search, stream
from tests.conftest import make_body
from tests.registry.test_import import _cli_import, _csv, _row, _state, _subprocess_env, kill_paused

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def _batch(files, **kw):
    with unscoped():
        return importer.import_batch(files, rows=sum(d.count(b"\n") for _b, _n, d in files), **kw)


def _numbered(prefix, n, **over):
    return [_row(i, certificate_number=f"{prefix}-{i:03d}", **over) for i in range(n)]


def test_a_batch_of_two_issuers_writes_each_file_with_its_own_tree_head(body_a, body_b):
    done = _batch([(body_a, "a.csv", _csv(_numbered("A", 30))), (body_b, "b.csv", _csv(_numbered("B", 20)))])
    assert [(r["file"], r["issuer"], r["created"]) for r in done] == [
        ("a.csv", "alpha-cert", 30),
        ("b.csv", "beta-cert", 20),
    ]
    with unscoped():
        assert Attestation.all_objects.filter(issuer=body_a).count() == 30
        assert Attestation.all_objects.filter(issuer=body_b).count() == 20
        assert LogLeaf.all_objects.filter(issuer=body_b).count() == 20
        assert SignedTreeHead.all_objects.filter(issuer=body_a).count() == 1
        assert SignedTreeHead.all_objects.filter(issuer=body_b).count() == 1
        again = _batch([(body_a, "a.csv", _csv(_numbered("A", 30)))])
    assert again[0]["unchanged"] == 30 and again[0]["created"] == 0


def test_a_bad_file_in_a_batch_writes_nothing_of_the_batch_and_every_bad_file_is_named(body_a, body_b):
    good = _csv(_numbered("A", 30))
    bad_b = _csv([*_numbered("B", 5), _row(99, certificate_number="B-X", country="France")])
    bad_c = _csv([_row(1, certificate_number="C-1", expiry_date="2020-01-01")])
    with pytest.raises(importer.BatchError) as caught:
        _batch([(body_a, "a.csv", good), (body_b, "b.csv", bad_b), (body_a, "c.csv", bad_c)])
    failures = {name: [(e.row, e.column) for e in exc.errors] for name, exc in caught.value.failures}
    assert failures == {"b.csv": [(7, "country")], "c.csv": [(2, "expiry_date")]}
    assert "b.csv: 1 error(s): row 7, column country" in str(caught.value)
    assert len(caught.value.errors) == 2
    with unscoped():
        assert Attestation.all_objects.count() == 0
        assert LogLeaf.all_objects.count() == 0
        assert SignedTreeHead.all_objects.count() == 0


def _index_definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY indexname",
            [list(ingest.LOADED_TABLES)],
        )
        return [r[0] for r in cursor.fetchall()]


def test_a_deferred_batch_drops_the_three_tables_indexes_once_and_builds_them_as_they_were(
    body_a, body_b, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: the deferred indexes")
    before = _index_definitions()
    assert any("registry_holder_word" in d for d in before) and any(
        "log_leaf_attestation" in d for d in before
    )
    drops = []
    real = ingest._drop_indexes
    monkeypatch.setattr(ingest, "_drop_indexes", lambda: drops.append(1) or real())
    _batch(
        [(body_a, "a.csv", _csv(_numbered("A", 30))), (body_b, "b.csv", _csv(_numbered("B", 20)))],
        defer_indexes=True,
    )
    assert drops == [1]  # once for the batch, not per file
    assert _index_definitions() == before
    with unscoped():
        found = search.paginator(search.Query(q="lodz"), 25)
        assert found.count == 50


def test_the_deferral_rule_is_decided_on_the_whole_batch(body_a, monkeypatch):
    asked = []
    monkeypatch.setattr(ingest, "should_defer_indexes", lambda n: asked.append(n) or False)
    _batch([(body_a, "a.csv", _csv(_numbered("A", 3))), (body_a, "b.csv", _csv(_numbered("B", 4)))])
    assert asked == [9]  # the lines of both files (two headers, seven rows), asked once


def test_the_cli_imports_several_files_of_several_issuers_as_one_batch(body_a, tmp_path):
    make_body("beta-cert")
    (tmp_path / "a.csv").write_bytes(_csv(_numbered("A", 3)))
    (tmp_path / "b.csv").write_bytes(_csv(_numbered("B", 2)))
    args = ["registry", "import", str(tmp_path / "a.csv"), f"beta-cert={tmp_path / 'b.csv'}"]
    result = runner.invoke(app, [*args, "--issuer", "alpha-cert", "--json"])
    assert result.exit_code == 0, result.output
    assert [(r["file"], r["issuer"], r["created"]) for r in json.loads(result.stdout)] == [
        ("a.csv", "alpha-cert", 3),
        ("b.csv", "beta-cert", 2),
    ]


def test_the_cli_names_the_file_of_each_error_and_writes_nothing(body_a, tmp_path):
    (tmp_path / "a.csv").write_bytes(_csv(_numbered("A", 3)))
    (tmp_path / "b.csv").write_bytes(_csv([_row(1, certificate_number="B-1", country="France")]))
    args = ["registry", "import", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--issuer", "alpha-cert"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "imported": False,
        "errors": [
            {
                "file": "b.csv",
                "row": 2,
                "column": "country",
                "message": "'FRANCE' is not an ISO 3166-1 alpha-2 code",
            }
        ],
    }
    assert "error: b.csv: row 2, column country" in result.stderr
    with unscoped():
        assert Attestation.all_objects.count() == 0


def test_the_cli_without_an_issuer_for_a_file_exits_2(db, tmp_path):
    (tmp_path / "a.csv").write_bytes(_csv(_numbered("A", 1)))
    result = runner.invoke(app, ["registry", "import", str(tmp_path / "a.csv")])
    assert result.exit_code == 2 and "give --issuer, or name the issuer as ISSUER=FILE" in result.stderr


def test_a_batch_killed_in_its_second_file_leaves_the_first_file_unwritten_too(tmp_path, body_a):
    """Reason for the length (~20-40 s): a subprocess imports a batch of a small file and a 25,000-row
    one and is killed with SIGKILL after 20,000 rows of the second: the first file's rows, leaves and
    tree head must be gone with it (one transaction)."""
    env = _subprocess_env(tmp_path)
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    small.write_bytes(_csv(_numbered("SMALL", 50)))
    big.write_bytes(_csv([_row(i) for i in range(25_000)]))
    before = _state(env)
    proc = _cli_import(env, small, big, CASYS_IMPORT_SLEEP_AFTER="20000")
    kill_paused(proc, "paused after 2")  # whole chunks: 20,000 rows or a few more
    assert _state(env) == before


def test_the_cli_bounds_a_batchs_rows_by_csv_lines_and_xlsx_dimensions(db, tmp_path):
    """The deferral rule is asked with the batch's rows: an XLSX file's newline bytes (it is a zip)
    would be no bound at all."""
    from openpyxl import Workbook

    from casys.commands.registry import _rows_hint

    wb = Workbook()
    for i in range(41):
        wb.active.append([f"N-{i}", "active"])
    wb.save(tmp_path / "a.xlsx")
    (tmp_path / "b.csv").write_bytes(_csv(_numbered("B", 7)))
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    assert _rows_hint(tmp_path / "a.xlsx") == 41
    assert _rows_hint(tmp_path / "b.csv") == 8
    assert _rows_hint(tmp_path / "bad.xlsx") == 0


def _watch_the_readers(monkeypatch) -> list[tuple]:
    """What the batch does, in order: a reader started ahead (for which file, whether one started),
    and each file's import (whether it took a reader started ahead)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: the streamed import's reader processes")
    monkeypatch.setattr(stream, "READER", "process")  # the runner may run threads: "auto" would not fork
    events: list[tuple] = []
    real_ahead, real_file = stream.read_ahead, importer.import_file

    def read_ahead(data, filename, issuer):
        started = real_ahead(data, filename, issuer)
        events.append(("ahead", filename, started is not None))
        return started

    def import_file(data, filename, issuer, **kw):
        events.append(("import", filename, kw.get("ahead") is not None and kw["ahead"].data is data))
        return real_file(data, filename, issuer, **kw)

    monkeypatch.setattr(stream, "read_ahead", read_ahead)
    monkeypatch.setattr(importer, "import_file", import_file)
    return events


def test_a_batch_reads_its_next_file_while_it_writes_this_one(body_a, body_b, monkeypatch):
    events = _watch_the_readers(monkeypatch)
    files = [
        (body_a, "a.csv", _csv(_numbered("A", 30))),
        (body_b, "b.csv", _csv(_numbered("B", 20))),
        (body_a, "c.xlsx", b"not a workbook"),  # no reader ahead for a file that does not stream
        (body_a, "d.csv", _csv(_numbered("D", 10))),
    ]
    with pytest.raises(importer.BatchError) as caught:
        _batch(files)
    assert [name for name, _exc in caught.value.failures] == ["c.xlsx"]
    assert events == [
        ("ahead", "b.csv", True),
        ("import", "a.csv", False),
        ("ahead", "c.xlsx", False),
        ("import", "b.csv", True),
        ("ahead", "d.csv", True),
        ("import", "c.xlsx", False),
        ("import", "d.csv", True),
    ]
    assert multiprocessing.active_children() == []  # every reader stopped
    events.clear()
    done = _batch([files[0], files[1], files[3]])
    assert [(r["file"], r["created"]) for r in done] == [("a.csv", 30), ("b.csv", 20), ("d.csv", 10)]
    assert [e for e in events if e[0] == "import"] == [
        ("import", "a.csv", False),
        ("import", "b.csv", True),
        ("import", "d.csv", True),
    ]
    with unscoped():
        assert sorted(Attestation.all_objects.filter(issuer=body_b).values_list("number", flat=True)) == [
            f"B-{i:03d}" for i in range(20)
        ]
        assert LogLeaf.all_objects.filter(issuer=body_a).count() == 40
    assert multiprocessing.active_children() == []


def test_a_file_read_ahead_still_lists_every_error_and_its_reader_is_stopped(body_a, body_b, monkeypatch):
    events = _watch_the_readers(monkeypatch)
    wrong = [_row(99, certificate_number="B-X", country="France"), _row(7, status="?")]
    bad = _csv([*_numbered("B", 5), *wrong])
    with pytest.raises(importer.BatchError) as caught:
        _batch([(body_a, "a.csv", _csv(_numbered("A", 30))), (body_b, "b.csv", bad)])
    assert ("import", "b.csv", True) in events
    [(name, exc)] = caught.value.failures
    assert name == "b.csv" and [(e.row, e.column) for e in exc.errors] == [(7, "country"), (8, "status")]
    assert multiprocessing.active_children() == []
    with unscoped():
        assert Attestation.all_objects.count() == 0

"""The streamed import against the Python path: same errors, same rows, same leaves (PostgreSQL and
SQLite).

Its screen must send to the rules every row they refuse or would not take verbatim (a superset):
each file below is imported both ways and compared — the error list word for word, or the rows,
the words of the name search, the log's leaves, its subtree roots and its right edge byte for byte.
The words are PostgreSQL's word table, or what SQLite's FTS5 index holds (its ``fts5vocab``).
"""

import csv
import functools
import gc
import io
import os
import random
from datetime import date

import pytest
from django.db import connection, transaction

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.attestations.identity import did_for
from casys.attestations.models import Attestation, LogLeaf, LogNode, TransparencyLog
from casys.attestations.services import log as tlog
from casys.core import merkle, transparency
from casys.registry.services import importer, ingest, search, stream
from casys.registry.services.template import KEYS

pytestmark = [pytest.mark.django_db]
#: PostgreSQL's own: the word table's trigger, the per-row reference checks
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's word table and COPY"
)


@pytest.fixture(autouse=True, params=["process", "thread"])
def reader(request, monkeypatch):
    """Every test twice: the reader as a forked process (the CLI's, the bench's) and as a thread
    (a process that runs other threads: the job worker, this test runner)."""
    monkeypatch.setattr(stream, "READER", request.param)
    return request.param


def _good(n: int, **over: str) -> dict[str, str]:
    row = {
        "certificate_number": f"SW-{n:05d}",
        "status": "active",
        "issue_date": "2024-02-29",
        "original_issue_date": "2021-01-10",
        "expiry_date": "2027-02-28",
        "certified_entity_name": f"ООО «Газпром-{n}»",
        "certified_entity_name_en": f"Gazprom {n} LLC" if n % 2 else "",
        "address": "ул. Тверская 1,\nМосква",
        "country": "ru",
        "scope": "Supply of equipment",
        "standards": "ISO 9001:2015; ISO 14001:2015",
        "iaf_codes": "06; 23" if n % 3 else "",
        "sites": "Main plant | Moscow | ru; Depot" if n % 2 else "",
        "accreditation_body": "nordic-ab",
        "public": "Yes" if n % 2 else "no",
    }
    row.update(over)
    return row


def _csv(rows: list[dict[str, str]], keys: tuple[str, ...] = KEYS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([row.get(k, "") for k in keys])
    return out.getvalue().encode("utf-8")


class _Undo(Exception):
    pass


def _snapshot(issuer):
    skip = {"id", "updated_at"}
    fields = [f.attname for f in Attestation._meta.concrete_fields if f.attname not in skip]
    rows = list(Attestation.all_objects.filter(issuer=issuer).order_by("id").values_list(*fields))
    leaves = list(
        LogLeaf.all_objects.filter(issuer=issuer)
        .order_by("index")
        .values_list("index", "number", "data", "hash")
    )
    nodes = list(LogNode.all_objects.filter(issuer=issuer).order_by("index").values_list("index", "hash"))
    state = TransparencyLog.all_objects.filter(issuer=issuer).values_list("size", "frontier").first()
    return rows, leaves, nodes, state, _word_rows(issuer)


def _word_rows(issuer):
    """The name search's words of the issuer's rows: (number, word, key) of PostgreSQL's word table,
    (number, term, column) of SQLite's FTS5 index as it stands (not its content table)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms"
                " USING fts5vocab(main, registry_attestation_fts, instance)"
            )
            cursor.execute(
                "SELECT a.number, v.term, v.col FROM temp.fts_terms v"
                " JOIN registry_attestation a ON a.id = v.doc WHERE a.issuer_id = %s ORDER BY 1, 2, 3",
                [issuer.pk],
            )
        else:
            cursor.execute(
                "SELECT a.number, w.word, w.holder_key FROM registry_holder_word w"
                " JOIN registry_attestation a ON a.id = w.attestation_id WHERE a.issuer_id = %s"
                " ORDER BY 1, 2",
                [issuer.pk],
            )
        return cursor.fetchall()


def _both(issuer, data):
    """(the streamed answer, its snapshot), (the Python path's answer, its snapshot); each run
    rolled back. An answer is the result dict, the list of errors, or None (sent down the Python path)."""
    out = []
    for run in (_stream, _python):
        try:
            with transaction.atomic():
                try:
                    answer = run(issuer, data)
                except importer.ImportFileError as exc:
                    answer = [str(e) for e in exc.errors]
                out.append((answer, _snapshot(issuer)))
                raise _Undo
        except _Undo:
            pass
    return out


def _stream(issuer, data):
    return stream.import_csv(data, "f.csv", issuer)


def _python(issuer, data):
    header, rows = importer.read_rows(data, "f.csv")
    entries = importer.validate(header, rows)
    counts = ingest.ingest(issuer, entries, source="f.csv")
    return {
        "file": "f.csv",
        "issuer": issuer.slug,
        "rows": len(entries),
        "dry_run": False,
        **counts.as_dict(),
    }


def test_a_clean_file_gives_the_rows_leaves_and_log_of_the_python_path(body_a):
    names = [
        'Quote "Q" & Co',
        "Back\\slash GmbH",
        "Ελληνικά Πετρέλαια",
        "株式会社テスト",
        "Emoji 🚀 Ltd",
        "Tabs in the address",
        "L'Oréal S.A.",
    ]
    rows = [
        _good(
            i, certified_entity_name=name, address=f'Line 1\nLine 2\t"{name}"\r\nLine 3\\', scope=name + "\n✓"
        )
        for i, name in enumerate(names)
    ]
    rows += [_good(i) for i in range(10, 700)]  # more than a run of NODE leaves: subtree roots stored
    data = _csv(rows)
    with unscoped():
        (sql, sql_state), (py, py_state) = _both(body_a, data)
    assert sql is not None and sql["created"] == len(rows)
    assert sql == py
    assert sql_state[0] == py_state[0]  # every column of every row, in file order
    assert sql_state[1] == py_state[1]  # the leaves, byte for byte
    assert sql_state[2:4] == py_state[2:4]  # subtree roots, the log's size and right edge
    assert len(sql_state[2]) == len(rows) // tlog.NODE
    assert (
        sql_state[4] == py_state[4] and len(sql_state[4]) > len(rows) // 2
    )  # the words, as the trigger writes them


def test_a_leaf_of_the_streamed_path_is_the_leaf_of_transparency_and_merkle(body_a):
    name = 'a"b\\c\nd\te — 🚀 Ё'
    data = _csv([_good(1, certified_entity_name="Name", address=name, scope=name)])
    with unscoped():
        assert stream.import_csv(data, "f.csv", body_a) is not None
        leaf = LogLeaf.all_objects.get(issuer=body_a)
        entry = importer.validate(*importer.read_rows(data, "f.csv"))[0]
    expected = transparency.LeafEvent(
        did_for(body_a.slug),
        "certificate",
        entry.number,
        "issue",
        entry.issue_date.isoformat(),
        facts=transparency.facts_hash(ingest.record(entry)),
    ).data()
    assert leaf.data.encode("utf-8") == expected
    assert leaf.hash == merkle.leaf_hash(expected).hex()


#: cells the Python rules refuse, or take only after changing them, or take as they are
ODD = {
    "certificate_number": ["", " SW-1", "SW-1 ", "'=SW", "SW\x07", "x" * 121, "\u202eSW", "SW-00002"],
    "status": ["", "Active", "ACTIVE", "actif", "actıve", " active"],
    "issue_date": [
        "",
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "20240110",
        "0000-01-01",
        "10.01.2024",
        " 2024-01-10",
        "2024-1-10",
        "2000-02-29",
        "1900-02-29",
        "2028-01-01",
    ],
    "original_issue_date": ["", "2025-01-01", "2024-02-31", "2024-W01-1", "x"],
    "expiry_date": ["", "2024-01-01", "2024-04-31", "99999-01-01"],
    "certified_entity_name": ["", " ", "\u00a0Name", "Name\u2028", "x" * 301, "Name\nTwo", "=SUM(A1)", "'+1"],
    "certified_entity_name_en": ["\u200fName", "\x1fName", "Ok"],
    "address": ["a\tb\nc", "a\x0bb", "x" * 2001, "\u2066x", " lead"],
    "country": ["", "pl", "POL", "P1", "ıs", "ÄÖ", "LV "],
    "scope": ["x" * 10_001, "line\r\nline", "\x85next"],
    "standards": ["", ";", " ; ", "A;;B", "A ; B ", "A|B", "x" * 501],
    "iaf_codes": ["06", "0", "40", "x", "6;;7", "١٢", "39", "007", " 6"],
    "sites": ["a|b|c|d", "|b|c", "a", "a|b", "a|b|ß", "a | b | lv; c", ";", "a|b|é"],
    "accreditation_body": ["x" * 121, "ab\x00"[:2] + "\x01", "ok"],
    "public": ["YES", "No", "maybe", "", "1", "FALSE", "y ", "nö"],
}


def test_the_screen_answers_as_the_python_rules_over_many_odd_cells(body_a):
    rng = random.Random(19)
    decided = 0
    cases = [(key, value) for key, values in ODD.items() for value in values]
    files = [[(key, value)] for key, value in cases]
    files += [rng.sample(cases, rng.randint(2, 5)) for _ in range(40)]
    with unscoped():
        for changes in files:
            rows = [_good(i) for i in range(1, 6)]
            for j, (key, value) in enumerate(changes):
                rows[(j * 2 + 1) % len(rows)][key] = value
            (sql, sql_state), (py, py_state) = _both(body_a, _csv(rows))
            assert sql is not None, changes  # the streamed path decides every UTF-8 file itself
            decided += isinstance(sql, dict)
            assert sql == py, changes
            if isinstance(sql, dict):
                assert sql_state == py_state, changes
    assert 0 < decided < len(files)  # both kinds of answer were compared


def test_the_cells_the_screen_keeps_are_bounded_and_answer_as_the_rules_when_emptied(body_a, monkeypatch):
    # dates, standards and IAF codes are worked out once per cell text and kept (a file repeats
    # them); with room for 3 of each, these rows' dates, standards and codes cells empty the maps
    # again and again, valid and refused cells mixed, and the import still answers as the Python
    # rules do: every error the same, or the same rows, words and leaves
    for name in ("_day", "_standards", "_codes"):  # the same functions, with room for 3 cells each
        monkeypatch.setattr(stream, name, functools.lru_cache(maxsize=3)(getattr(stream, name).__wrapped__))
    monkeypatch.setattr(stream, "READER", "thread")
    screened = [0]
    screen, outs = stream._screen, stream._outs

    def counted(n, v):
        row = screen(n, v)
        screened[0] += row is not None
        return row

    def counted_outs(batch, did):
        made = outs(batch, did)
        screened[0] += sum(o is not None for o in made)
        return made

    monkeypatch.setattr(stream, "_screen", counted)
    monkeypatch.setattr(stream, "_outs", counted_outs)
    standards = ["ISO 9001:2015", "ISO 9001:2015; ISO 14001:2015", "ISO 45001:2018;", " ISO 9001:2015 "]
    codes = ["17", "17; 19", "", "06; 23"]
    good_days = ["2024-02-29", "2022-06-30", "2021-01-01", "2023-12-31", "2020-05-05"]
    bad_days = ["2023-02-29", "2024-13-01", "2024-3-01"]

    def row(i: int, days: list[str], expiry: str) -> dict[str, str]:
        return _good(
            i, issue_date=days[i % len(days)], original_issue_date="", expiry_date=expiry,
            standards=standards[i % 4], iaf_codes=codes[(i // 4) % 4], address="Tverskaya 1, Moscow",
        )  # fmt: skip

    accepted = [row(i, good_days, "2027-02-28") for i in range(1, 25)]
    refused = [row(i, good_days + bad_days, ["2027-02-28", "2027-02-30"][i % 2]) for i in range(1, 25)]
    refused[3]["iaf_codes"] = "99"
    refused[4]["standards"] = " ; "
    with unscoped():
        for rows in (accepted, refused, accepted):
            (sql, sql_state), (py, py_state) = _both(body_a, _csv(rows))
            assert sql == py
            assert sql_state == py_state
    assert isinstance(sql, dict) and sql["created"] == 24
    assert screened[0] > 24  # the screen took rows itself (in this process: the thread reader's)
    for i in range(10):
        assert stream._day(f"2020-01-{i + 1:02d}") == date(2020, 1, i + 1)
        assert stream._day(f"2021-02-{29 + i % 2}") is None
        assert stream._day.cache_info().currsize <= 3


def test_a_duplicate_number_is_named_with_its_first_row(body_a):
    data = _csv([_good(1), _good(2), _good(1), _good(3, country="Latvia"), _good(2)])
    with unscoped():
        with pytest.raises(importer.ImportFileError) as err:
            stream.import_csv(data, "f.csv", body_a)
    assert [str(e) for e in err.value.errors] == [
        "row 4, column certificate_number: 'SW-00001' already on row 2",
        "row 5, column country: 'LATVIA' is not an ISO 3166-1 alpha-2 code",
        "row 6, column certificate_number: 'SW-00002' already on row 3",
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"certificate_number,status\n\\.\n",  # a line COPY would take for its end
        _csv([_good(1)]).replace(b"active", b"act\x00ive"),
        _csv([_good(1)]) + b"X,active\n",  # a short row
        _csv([_good(1), _good(2)]).replace(b",Supply of", b',Sup"pl"y of', 1),  # a quote in a bare cell
        _csv([_good(1)]) + b'SW-9,"never closed\n',
        b"\xef\xbb\xbf" + _csv([_good(1), _good(2)]),  # a byte-order mark
        _csv([_good(1)]) + b"\n,,,\n\n",  # blank rows after the last
    ],
)
def test_odd_files_are_answered_as_the_python_path_answers_them(body_a, data):
    with unscoped():
        (sql, sql_state), (py, py_state) = _both(body_a, data)
    assert sql is not None
    assert sql == py
    assert sql_state == py_state


def test_a_file_that_is_not_utf8_goes_down_the_python_path(body_a):
    with unscoped():
        assert stream.import_csv(_csv([_good(1)]).decode().encode("utf-16"), "f.csv", body_a) is None


def test_the_header_is_checked_as_the_python_path_words_it(body_a):
    with unscoped(), pytest.raises(importer.ImportFileError, match="row 1, column colour: unknown column"):
        stream.import_csv(b"certificate_number,colour\nX,red\n", "f.csv", body_a)


def test_rows_already_in_the_registry_are_reissued_and_new_ones_inserted(body_a):
    with unscoped():
        first = stream.import_csv(_csv([_good(1), _good(2)]), "f.csv", body_a)
        again = stream.import_csv(_csv([_good(1), _good(2, scope="Changed"), _good(3)]), "f.csv", body_a)
        assert first is not None and again is not None
        assert (again["created"], again["updated"], again["unchanged"]) == (1, 1, 1)
        assert Attestation.all_objects.get(issuer=body_a, number="SW-00002").scope == "Changed"
        numbers = list(
            LogLeaf.all_objects.filter(issuer=body_a).order_by("index").values_list("number", "event")
        )
    assert numbers == [
        ("SW-00001", "issue"),
        ("SW-00002", "issue"),
        ("SW-00002", "reissue"),
        ("SW-00003", "issue"),
    ]


def test_chunks_give_the_rows_leaves_and_words_of_the_python_path(body_a, monkeypatch):
    """Small chunks: rows already in the registry in several of them, an error in a late one."""
    monkeypatch.setattr(stream, "CHUNK", 7)
    with unscoped():
        importer.import_file(_csv([_good(i) for i in range(0, 60, 5)]), "old.csv", body_a)
        rows = [_good(i, scope="Changed" if i % 10 == 0 else "Supply of equipment") for i in range(60)]
        (sql, sql_state), (py, py_state) = _both(body_a, _csv(rows))
        assert (sql["created"], sql["updated"], sql["unchanged"]) == (48, 6, 6)
        assert sql == py
        assert sql_state[0] == py_state[0] and sql_state[4] == py_state[4]
        # the same leaves, but the Python path re-issues every known row before the first new one,
        # the streamed path chunk by chunk
        assert sorted(leaf[1:] for leaf in sql_state[1]) == sorted(leaf[1:] for leaf in py_state[1])
        assert [leaf[0] for leaf in sql_state[1]] == list(range(12 + 54))
        rows[50]["expiry_date"] = "2020-01-01"
        (sql, _s), (py, _p) = _both(body_a, _csv(rows))
        assert sql == py == ["row 52, column expiry_date: 2020-01-01 is before the issue date 2024-02-29"]


def _words(issuer) -> int:
    return len(_word_rows(issuer))


@postgresql_only
def test_the_word_trigger_leaves_only_a_caller_that_asks_alone(body_a):
    """Migration 0008: with casys.holder_words = 'caller' the trigger writes no words (the streamed
    path writes its own); every other insert is indexed as before, in the same transaction too."""
    with unscoped(), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'caller', true)", [stream.WORDS_SETTING])
        _python(body_a, _csv([_good(1, public="yes")]))
        assert _words(body_a) == 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [stream.WORDS_SETTING])
        _python(body_a, _csv([_good(2, public="yes")]))
        assert _words(body_a) > 0


def _index_definitions() -> list[str]:
    """The indexes of the tables a load writes (and SQLite's triggers on the certificates)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                " AND tbl_name IN ('registry_attestation', 'attestations_logleaf') ORDER BY 1, 2"
            )
            return [" ".join(map(str, r)) for r in cursor.fetchall()]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN"
            " ('registry_attestation', 'registry_holder_word', 'attestations_logleaf') ORDER BY indexname"
        )
        return [r[0] for r in cursor.fetchall()]


def test_a_large_load_rebuilds_the_indexes_of_the_tables_it_writes_as_they_were(body_a, monkeypatch):
    """Dropped before the load and built after it, in the transaction; on SQLite the FTS5 trigger too,
    its index rebuilt from the table: the words are there, and the search finds a row by them."""
    before = _index_definitions()
    dropped = []
    real = ingest._drop_indexes

    def drop():
        out = real()
        dropped.append(_index_definitions())
        return out

    monkeypatch.setattr(ingest, "_drop_indexes", drop)
    with unscoped():
        importer.import_file(_csv([_good(i) for i in range(3)]), "old.csv", body_a)
        done = importer.import_file(
            _csv([_good(i) for i in range(10, 50)]), "f.csv", body_a, defer_indexes=True
        )
        assert done["created"] == 40
        assert _index_definitions() == before
        assert dropped and len(dropped[0]) < len(before)  # the load ran without them
        # every row's words (PostgreSQL's word table holds the public rows' only: odd numbers here)
        indexed = [i for i in [*range(3), *range(10, 50)] if connection.vendor == "sqlite" or i % 2]
        assert {number for number, *_ in _word_rows(body_a)} == {f"SW-{i:05d}" for i in indexed}
        found = list(search.search(search.Query(q="gazprom 17")).values_list("number", flat=True))
    assert "SW-00017" in found


@postgresql_only
def test_a_superuser_copies_with_the_per_row_reference_checks_off_and_gets_the_same_rows(body_a, monkeypatch):
    """The writer checks the one body its rows reference once (FOR KEY SHARE) and, when the role may,
    COPYs with session_replication_role = replica; the rows are those of the checked path, and the
    setting is back to origin after each chunk (later writes in the transaction are checked)."""
    data = _csv([_good(i) for i in range(30)])
    seen = []
    real = stream._Writer.__init__

    def spy(self, *a, **kw):
        real(self, *a, **kw)
        seen.append(self.unchecked)

    monkeypatch.setattr(stream._Writer, "__init__", spy)
    with unscoped():
        (fast, fast_state), (py, py_state) = _both(body_a, data)
        assert seen == [True]  # the test cluster's role is a superuser
        assert fast == py and fast_state == py_state

        def checked(self, *a, **kw):
            real(self, *a, **kw)
            self.unchecked = False

        monkeypatch.setattr(stream._Writer, "__init__", checked)
        (slow, slow_state), _ = _both(body_a, data)
        assert slow == fast and slow_state == fast_state
        with transaction.atomic():
            stream.import_csv(data, "f.csv", body_a)
            with connection.cursor() as cursor:
                cursor.execute("SHOW session_replication_role")
                assert cursor.fetchone()[0] == "origin"
            transaction.set_rollback(True)


def test_the_writer_refuses_a_body_that_is_not_in_the_database(body_a):
    """The writer's one reference check stands for each row's: rows for a body that is gone are refused."""
    ghost = Body(pk=body_a.pk + 1000, slug="ghost-cert", name="Ghost", kind=body_a.kind, country="LV")
    with unscoped(), pytest.raises(ValueError, match="issuer: no body ghost-cert"), transaction.atomic():
        stream._Writer(ghost, [], "", None, None)


@pytest.mark.parametrize("reader", ["process"], indirect=True)
def test_a_reader_process_that_dies_is_an_error_not_a_short_import(body_a, reader, monkeypatch):
    monkeypatch.setattr(stream, "_read", lambda *a: os._exit(3))
    with unscoped(), pytest.raises(RuntimeError, match="reader process ended without an answer"):
        with transaction.atomic():
            stream.import_csv(_csv([_good(i) for i in range(5)]), "f.csv", body_a)
    assert Attestation.all_objects.count() == 0


def test_a_reader_that_fails_hands_its_traceback_to_the_writer(body_a, reader, monkeypatch):
    def broken(*a):
        raise KeyError("a bug in the reader")

    monkeypatch.setattr(stream, "_read", broken)
    expected = RuntimeError if reader == "process" else KeyError
    with unscoped(), pytest.raises(expected, match="a bug in the reader"), transaction.atomic():
        stream.import_csv(_csv([_good(i) for i in range(5)]), "f.csv", body_a)
    assert Attestation.all_objects.count() == 0


def test_rows_already_in_the_registry_are_read_again_in_file_order_for_a_reader_process():
    text = _csv([_good(i, scope=f"line 1\nline {i}") for i in range(6)]).decode()
    cells = stream._Cells(text)
    assert [c[0] for c in cells.of([2, 4])] == ["SW-00000", "SW-00002"]
    got = cells.of([7])[0]
    assert got[0] == "SW-00005" and got[9] == "line 1\nline 5"


def test_an_import_leaves_the_collector_as_it_found_it_and_runs_it_rarely_meanwhile(
    body_a, monkeypatch, thawed_heap
):
    """The heap is frozen and the young generation collected every GC_THRESHOLD allocations while
    the file is written (the walks of Django's heap cost the reader 5-8 us a row); afterwards, and
    after a refused file, the thresholds and the generations are what they were."""
    before = gc.get_threshold()
    seen = []
    write = stream._Writer.write

    def watched(self, rows):
        seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))
        write(self, rows)

    monkeypatch.setattr(stream._Writer, "write", watched)
    with unscoped():
        with transaction.atomic():
            stream.import_csv(_csv([_good(i) for i in range(5)]), "f.csv", body_a)
            transaction.set_rollback(True)
        assert seen and set(seen) == {(stream.GC_THRESHOLD, True)}
        assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
        with pytest.raises(importer.ImportFileError), transaction.atomic():
            stream.import_csv(_csv([_good(1), _good(1)]), "f.csv", body_a)
        assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
        gc.freeze()  # a heap the caller froze (a server that preloads, say) stays frozen
        try:
            with transaction.atomic():
                stream.import_csv(_csv([_good(i) for i in range(5)]), "f.csv", body_a)
                transaction.set_rollback(True)
            assert gc.get_freeze_count() > 0
        finally:
            gc.unfreeze()


@pytest.mark.parametrize("reader", ["process"], indirect=True)
def test_a_reader_process_runs_on_a_frozen_heap_with_rare_collections(body_a, reader, monkeypatch):
    def report(*a):
        raise KeyError(f"threshold {gc.get_threshold()[0]}, frozen {gc.get_freeze_count() > 0}")

    monkeypatch.setattr(stream, "_read", report)
    data = _csv([_good(i) for i in range(5)])
    with unscoped():
        # started ahead, as a batch starts its next file's reader: before this import's own settings
        ahead = stream.read_ahead(data, "f.csv", body_a)
        assert ahead is not None and gc.get_threshold()[0] != stream.GC_THRESHOLD
        with transaction.atomic(), pytest.raises(RuntimeError) as caught:
            stream.import_csv(data, "f.csv", body_a, ahead=ahead)
    assert f"threshold {stream.GC_THRESHOLD}, frozen True" in str(caught.value)


#: cells for the batch screen (:func:`stream._outs`): JSON's and COPY's special characters, other
#: scripts, text the screen refuses (controls, edges), lengths at and past the limits
TRICKY = {
    "certificate_number": ['SW-"1"', "SW\\2", "SW-{3}", "Ω-4", "x" * 120, "x" * 121, " SW", "SW\x01"],
    "certified_entity_name": [
        'ООО "Ромашка"',
        "A\\B {x} C",
        "Ölwerk GmbH",
        "株式会社 東京",
        "x" * 300,
        "x" * 301,
    ],
    "certified_entity_name_en": ["", 'The "Best" Co', "Back\\slash Ltd", "Ltd\u2028"],
    "address": ['1 "Main" St', "C:\\path", "a\tb", "ул. Тверская 1"],
    "scope": ["{}", '"', "\\", "Supply — 🚀", "x" * 10_000, "x" * 10_001],
    "standards": ['ISO "9001"', "ISO 9001:2015; ISO\\14001", "A;B;C", " ; "],
    "iaf_codes": ["", "6", "06; 23", "40"],
    "sites": ["", "Depot", "a|b|lv"],
    "accreditation_body": ['ab "x"', "ab\\y", ""],
    "public": ["", "Yes", "no", "maybe"],
    "issue_date": ["2024-02-29", "2023-02-29", "2024-03-01"],
    "original_issue_date": ["", "2021-01-10", "2025-01-01"],
    "expiry_date": ["2027-02-28", "2024-01-01"],
    "country": ["ru", "LV", "POL"],
    "status": ["active", "withdrawn", "Active"],
}


@pytest.mark.parametrize("seed", range(4))
def test_the_batch_screen_makes_what_the_row_screen_makes_for_every_row(seed):
    # the reader screens a batch of rows a column at a time (stream._outs); every row it takes must
    # come out exactly as stream._out of stream._screen makes it (the COPY text of the row and of its
    # leaf, the leaf's hash, the key and words), and it takes no row the row screen refuses; rows
    # with sites are left to the row screen
    rng = random.Random(seed)
    did = 'did:web:casys.example.org:x"y\\z{1}'
    batch = []
    for n in range(2, 402):
        row = _good(n, sites="", address="Tverskaya 1")
        for key in rng.sample(sorted(TRICKY), rng.randint(0, 4)):
            row[key] = rng.choice(TRICKY[key])
        cells = [row[k] for k in KEYS]
        batch.append((n, list(cells), cells))
    made = stream._outs(batch, did)
    taken = 0
    for (n, v, cells), out in zip(batch, made, strict=True):
        row = stream._screen(n, v)
        if out is None:
            assert row is None or row.sites, v  # left to the row screen: refused there, or with sites
            continue
        taken += 1
        assert row is not None, v
        assert out == stream._out(row, did, cells), v
    quoted = sum(out is not None and ('\\"' in out.leaf or "\\\\" in out.middle) for out in made)
    assert taken > 50 and quoted > 10, (taken, quoted)  # rows of each kind were taken and compared

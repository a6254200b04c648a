"""Bulk import: validation of the whole file, all-or-nothing, idempotent re-import, XLSX, kill -9."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation
from casys.registry.services import importer
from casys.registry.services.template import KEYS

pytestmark = pytest.mark.django_db(transaction=True)
HEADER = ",".join(KEYS)


def _row(n, **over):
    row = {
        "certificate_number": f"IMP-{n:05d}",
        "status": "active",
        "issue_date": "2024-01-10",
        "original_issue_date": "2021-01-10",
        "expiry_date": "2027-01-09",
        "certified_entity_name": f"Łódzka Fabryka {n} sp. z o.o.",
        "certified_entity_name_en": f"Lodz Factory {n}",
        "address": "ul. Piotrkowska 1, Łódź",
        "country": "PL",
        "scope": "Manufacture of furniture",
        "standards": "ISO 9001:2015; ISO 14001:2015",
        "iaf_codes": "6; 23",
        "sites": "Main plant | Łódź | PL",
        "accreditation_body": "nordic-ab",
        "public": "yes",
    }
    row.update(over)
    return ",".join(f'"{row[k]}"' for k in KEYS)


def _csv(rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _import(body, data, name="f.csv", **kw):
    with unscoped():
        return importer.import_file(data, name, body, **kw)


def test_a_valid_file_imports_and_a_reimport_changes_nothing(body_a):
    data = _csv([_row(i) for i in range(5)])
    assert _import(body_a, data)["created"] == 5
    with unscoped():
        before = list(
            Attestation.all_objects.order_by("id").values_list("number", "credential", "updated_at")
        )
    again = _import(body_a, data)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)
    with unscoped():
        after = list(Attestation.all_objects.order_by("id").values_list("number", "credential", "updated_at"))
    assert before == after


def test_a_changed_row_is_updated_by_issuer_and_number(body_a):
    _import(body_a, _csv([_row(1)]))
    result = _import(body_a, _csv([_row(1, status="withdrawn")]))
    assert (result["created"], result["updated"]) == (0, 1)


def test_a_bad_file_imports_nothing_and_lists_every_error_by_row_and_column(body_a):
    data = _csv(
        [_row(1), _row(2, country="Poland", issue_date="10.01.2024"), _row(3, iaf_codes="6; 77"), _row(1)]
    )
    with pytest.raises(importer.ImportFileError) as err:
        _import(body_a, data)
    assert [str(e) for e in err.value.errors] == [
        "row 3, column issue_date: '10.01.2024' is not a date (YYYY-MM-DD)",
        "row 3, column country: 'POLAND' is not an ISO 3166-1 alpha-2 code",
        "row 4, column iaf_codes: '77' is not an IAF code (1 to 39, IAF ID 1)",
        "row 5, column certificate_number: 'IMP-00001' already on row 2",
    ]
    with unscoped():
        assert Attestation.all_objects.count() == 0


def test_a_missing_column_is_named(body_a):
    with pytest.raises(importer.ImportFileError, match="row 1, column country: required column missing"):
        _import(body_a, b"certificate_number,status\nX,active\n")


def test_a_dry_run_writes_nothing(body_a):
    result = _import(body_a, _csv([_row(1)]), dry_run=True)
    assert (result["created"], result["dry_run"]) == (1, True)
    with unscoped():
        assert Attestation.all_objects.count() == 0


def test_xlsx_export_then_import_round_trips(body_a, tmp_path):
    _import(body_a, _csv([_row(i) for i in range(3)]))
    with unscoped():
        importer.write_xlsx(Attestation.all_objects.order_by("number"), tmp_path / "out.xlsx")
    result = _import(body_a, (tmp_path / "out.xlsx").read_bytes(), "out.xlsx")
    assert (result["rows"], result["unchanged"]) == (3, 3)


STATE = """
from casys.commands.django_setup import setup
setup()
import json
from casys.attestations.models import Attestation, LogLeaf, SignedTreeHead, StatusList, TransparencyLog
from casys.core import merkle
from casys.registry.services import ingest
log = TransparencyLog.all_objects.first()
edge = tuple(bytes.fromhex(h) for h in log.frontier) if log else ()
frontier = merkle.Frontier(log.size, edge) if log else merkle.Frontier()
slots = sum(s.next_index for s in StatusList.all_objects.all())
indexes = [name for name, _definition in ingest._secondary_indexes()]
print(json.dumps([Attestation.all_objects.count(), slots, frontier.size, frontier.root().hex(),
                  LogLeaf.all_objects.count(), SignedTreeHead.all_objects.count(), indexes]))
"""


def _state(env):
    """Rows, status slots taken, log size and root, leaves, tree heads, and the secondary indexes
    (and SQLite's search trigger) that a large load drops and builds again: what a killed import
    keeps."""
    out = subprocess.run([sys.executable, "-c", STATE], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _subprocess_env(tmp_path):
    root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": root,
        "CASYS_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        migrate = (
            "from casys.commands.django_setup import setup; setup(); from django.core.management import "
        )
        migrate += "call_command; call_command('migrate', verbosity=0)"
        subprocess.run([sys.executable, "-c", migrate], env=env, check=True)
        seed = (
            "from casys.commands.django_setup import setup; setup(); from tests.conftest import make_body; "
        )
        seed += "make_body('alpha-cert')"
        subprocess.run([sys.executable, "-c", seed], env=env, check=True)
    return env


def _cli_import(env, *paths, **hooks):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "casys.cli",
            "registry",
            "import",
            *map(str, paths),
            "--issuer",
            "alpha-cert",
            "--json",
        ],
        env={**env, **hooks},
        stdout=subprocess.PIPE,
        text=True,
    )


#: the rows of the import killed mid-way: the largest that runs well under 60 s on the 2-core
#: test machine when 8 agents share it. ``CASYS_KILL_TEST_ROWS=1000000`` runs the issue's 10**6 case
#: (by hand: BENCHMARKS.md); from :data:`.ingest.DEFER_INDEXES_AT` rows on, the import is killed
#: while the secondary indexes it dropped are not built again
KILLED_ROWS = int(os.environ.get("CASYS_KILL_TEST_ROWS", "25000"))
#: where the import is killed: half way, in the middle of a chunk's COPY (a row past the half), or
#: after whole chunks and their leaves (the half)
MID_COPY, AFTER_CHUNKS = KILLED_ROWS // 2 + 1_234, KILLED_ROWS // 2


@pytest.mark.parametrize(
    "hook, at, said",
    [
        ("CASYS_IMPORT_SLEEP_IN_COPY", MID_COPY, f"paused in the copy after {MID_COPY} rows"),  # mid-COPY
        ("CASYS_IMPORT_SLEEP_AFTER", AFTER_CHUNKS, "paused after "),  # whole chunks and their leaves
    ],
)
def test_an_import_killed_mid_way_leaves_the_registry_and_the_log_as_before(tmp_path, body_a, hook, at, said):
    """Reason for the length (~30-60 s on a loaded machine): a subprocess validates 25,000 rows and
    is killed with SIGKILL half way through writing them; a first import gave the log leaves and a
    tree head to keep."""
    env = _subprocess_env(tmp_path)
    first = tmp_path / "first.csv"
    # numbers the big file does not have, whatever its size: its rows are all new, so the pause
    # counts only them (the 10**6 case by hand would otherwise re-issue these 50 first)
    first.write_bytes(_csv([_row(i, certificate_number=f"FIRST-{i:02d}") for i in range(50)]))
    assert _cli_import(env, first).wait() == 0
    f = tmp_path / "big.csv"
    f.write_bytes(_csv([_row(i) for i in range(KILLED_ROWS)]))
    before = _state(env)
    assert before.startswith("[50, 50, 50, ")
    proc = _cli_import(env, f, **{hook: str(at)})
    kill_paused(proc, said)
    assert _state(env) == before
    assert json.loads(before)[6], "the tables' secondary indexes are in the state compared"


def _children(pid):
    """The processes whose parent is ``pid`` (Linux /proc): the import's reader process."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def kill_paused(proc, said):
    """Wait for the import ``proc`` to say it paused (``said``), SIGKILL it — whatever it said, so a
    failing test leaves no import holding its locks — and wait for its reader process to end too
    (the pipe it writes to breaks)."""
    try:
        line = proc.stdout.readline()
        readers = _children(proc.pid)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert line.startswith(said), line
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{r}").exists() for r in readers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [r for r in readers if Path(f"/proc/{r}").exists()], "the reader outlived its import"
    time.sleep(0.2)

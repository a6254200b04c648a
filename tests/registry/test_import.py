"""Bulk import: validation of the whole file, all-or-nothing, idempotent re-import, XLSX, kill -9."""

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


def _count(env):
    code = "from casys.commands.django_setup import setup; setup();"
    code += "from casys.attestations.models import Attestation; print(Attestation.all_objects.count())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_an_import_killed_mid_way_leaves_the_database_as_before(tmp_path, body_a):
    """Reason for the length (~5 s): a subprocess imports, is killed with SIGKILL after 2,000 rows."""
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
    f = tmp_path / "big.csv"
    f.write_bytes(_csv([_row(i) for i in range(5000)]))
    before = _count(env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "casys.cli", "registry", "import", str(f), "--issuer", "alpha-cert", "--json"],
        env={**env, "CASYS_IMPORT_SLEEP_AFTER": "2000"},
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.startswith("paused after 2000 rows")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.2)
    assert _count(env) == before

"""``casys bench registry``: ingest, verify-by-number, name search and offline verification at scale.

Each figure is printed with its floor, measured in the same run on the same data:
ingest vs raw ``executemany`` (SQLite) / ``COPY`` (PostgreSQL) of the same rows;
verify-by-number vs a raw driver query by number; offline verification vs a bare
``cryptography`` Ed25519 verify. For PostgreSQL the benchmark starts its own
throwaway cluster (as scripts/run-tests does) and removes it afterwards.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import typer

from casys.bench import registry_read
from casys.project import serving

LATIN = [
    "Müller",
    "Société",
    "Łódzka",
    "Ångström",
    "Žalgiris",
    "Øresund",
    "Çelik",
    "Nordfisk",
    "Crème",
    "Brașov",
    "Rīgas",
    "Piena",
    "Precision",
    "Dynamics",
    "Énergie",
    "Lyonnaise",
    "Mécanique",
    "Würth",
    "Kraków",
    "Dvořák",
]
CYRILLIC = [
    "Газпром",
    "Север",
    "Техно",
    "Волжский",
    "Уралмаш",
    "Сибирь",
    "Энерго",
    "Пищекомбинат",
    "Металл",
    "Казахстан",
    "Агро",
    "Строй",
    "Нефть",
    "Балтика",
    "Транс",
]
GREEK = ["Ελληνικά", "Πετρέλαια", "Αθήνα", "Τεχνική"]
FORMS = ["GmbH", "SAS", "AS", "Ltd", "ООО", "АО", "ТОО", "S.A.", "SIA", "Oy", "AB", "sp. z o.o."]
STANDARDS = [
    "ISO 9001:2015",
    "ISO 14001:2015",
    "ISO 45001:2018",
    "ISO/IEC 27001:2022",
    "ISO 50001:2018",
    "ISO 22000:2018",
    "ISO 13485:2016",
]
COUNTRIES = ["LV", "LT", "EE", "DE", "FR", "RU", "KZ", "SE", "NO", "FI", "PL", "GR", "TR", "IT", "ES"]


SYLLABLES = {
    "latin": ["ba", "ko", "ri", "mé", "lü", "sta", "vel", "dor", "ną", "ša", "trø", "gen", "ix", "çe", "ål"],
    "cyrillic": ["ба", "ко", "ри", "ме", "ст", "вол", "гор", "ла", "ни", "тех", "про", "ск", "жи", "щу"],
    "greek": ["κα", "λο", "πε", "τρ", "αι", "ση", "μυ", "νο"],
}
POOLS = {"latin": LATIN, "cyrillic": CYRILLIC, "greek": GREEK}


def _name(rng: random.Random) -> tuple[str, str]:
    """A company name: 1-3 words of one script, each a known word or made of 2-4 syllables."""
    script = rng.choice(["latin", "latin", "cyrillic", "greek"])
    words = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.3:
            words.append(rng.choice(POOLS[script]))
        else:
            words.append(
                "".join(rng.choice(SYLLABLES[script]) for _ in range(rng.randint(2, 4))).capitalize()
            )
    return f"{' '.join(words)} {rng.choice(FORMS)}", ""


def _entries(rng: random.Random, n: int, prefix: str) -> list[Any]:
    from casys.attestations.services.issue import Entry

    out = []
    for i in range(n):
        name, name_en = _name(rng)
        issue = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2000))
        out.append(
            Entry(
                number=f"{prefix}-{i:07d}",
                status=rng.choices(["active", "suspended", "withdrawn", "expired"], [90, 4, 3, 3])[0],
                holder_name=name,
                holder_name_en=name_en,
                country=rng.choice(COUNTRIES),
                standards=(rng.choice(STANDARDS),),
                iaf_codes=tuple(sorted({str(rng.randint(1, 39)) for _ in range(rng.randint(1, 3))})),
                original_issue_date=issue,
                issue_date=issue,
                expiry_date=issue + timedelta(days=3 * 365 - 1),
                scope="Design, manufacture and supply of products within the certified activities",
                public=rng.random() > 0.05,
                accreditation_body="bench-ab",
            )
        )
    return out


#: the rows of each update file imported into the full registry after the figures
UPDATE_ROWS = 20_000


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def _ms(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_pct(values, 50) * 1000, 3),
        "p95_ms": round(_pct(values, 95) * 1000, 3),
        "p99_ms": round(_pct(values, 99) * 1000, 3),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_postgres(workdir: Path) -> tuple[str, Any]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise typer.BadParameter(
            "PostgreSQL is not installed (/usr/lib/postgresql/*/bin)", param_hint="--database"
        )
    pg = bins[-1]
    pgdir = workdir / "pg"
    pgdir.mkdir()
    runas: list[str] = []
    if os.geteuid() == 0:
        subprocess.run(["id", "postgres"], check=False, capture_output=True).returncode or None
        if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        shutil.chown(pgdir, "postgres")
        shutil.chown(workdir, "postgres")
        runas = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        [
            *runas,
            str(pg / "initdb"),
            "-D",
            str(pgdir / "data"),
            "-U",
            "casys",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    # the same server for casys and its floors: durability off (a throwaway cluster), and room for
    # a 10^7-row load without a checkpoint every few seconds
    opts = (
        f"-p {port} -k {pgdir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        " -c shared_buffers=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min"
    )
    subprocess.run(
        [
            *runas,
            str(pg / "pg_ctl"),
            "-D",
            str(pgdir / "data"),
            "-l",
            str(pgdir / "log"),
            "-w",
            "start",
            "-o",
            opts,
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "casys", "casys"], check=True
    )

    def stop() -> None:
        subprocess.run(
            [*runas, str(pg / "pg_ctl"), "-D", str(pgdir / "data"), "-m", "fast", "-w", "stop"],
            check=False,
            capture_output=True,
        )

    return f"postgresql://casys@127.0.0.1:{port}/casys", stop


def _setup_django(workdir: Path, url: str | None) -> None:
    os.environ["CASYS_DATA_DIR"] = str(workdir)
    (workdir / "static").mkdir(exist_ok=True)
    os.environ.setdefault("CASYS_SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ["CASYS_SECURE"] = "0"
    os.environ["CASYS_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["CASYS_REGISTRY_RATE"] = "100000000/s"
    os.environ.pop("CASYS_DEBUG", None)
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    from casys.project.django_setup import setup

    setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _bodies(issuers: int) -> tuple[list[Any], Any]:
    from casys.accounts.models import Body, BodyKind
    from casys.accreditation.services import accreditations as svc
    from casys.accreditation.services.recognition import import_statuses

    ab = Body.all_objects.create(
        slug="bench-ab", name="Bench Accreditation Body", kind=BodyKind.ACCREDITATION_BODY, country="SE"
    )
    cbs = []
    for i in range(issuers):
        cb = Body.all_objects.create(
            slug=f"cb-{i:03d}",
            name=f"Bench Certification {i}",
            kind=BodyKind.CERTIFICATION_BODY,
            country=COUNTRIES[i % len(COUNTRIES)],
        )
        svc.grant(
            ab,
            svc.GrantInput(
                cb,
                f"ACC-{i:03d}",
                "ISO/IEC 17021-1",
                date(2015, 1, 1),
                date(2035, 1, 1),
                tuple(svc.ScopeInput(s, tuple(str(c) for c in range(1, 40))) for s in STANDARDS),
            ),
        )
        cbs.append(cb)
    import_statuses(
        [
            {
                "body": "bench-ab",
                "arrangement": "IAF-MLA",
                "activity": "certification-management-systems",
                "normativeDocument": "ISO/IEC 17021-1",
                "subScope": s.split(":")[0],
                "validFrom": "2010-01-01",
            }
            for s in STANDARDS
        ],
        source="bench",
    )
    return cbs, ab


def bench_registry(
    rows: int = typer.Option(100_000, "--rows", help="Synthetic certificates to ingest."),
    database: str = typer.Option("sqlite", "--database", help="sqlite or postgresql (throwaway cluster)."),
    issuers: int = typer.Option(50, "--issuers", help="Issuing bodies."),
    samples: int = typer.Option(1000, "--samples", help="Queries per latency figure (and HTTP requests)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the synthetic data."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    defer_indexes: str = typer.Option(
        "auto",
        "--defer-indexes",
        help="auto, yes or no: drop and rebuild the secondary indexes around a load.",
    ),
) -> None:
    """Bulk ingest, verify-by-number (in process and HTTP), name search, offline verification."""
    if database not in ("sqlite", "postgresql"):
        raise typer.BadParameter("expected sqlite or postgresql", param_hint="--database")
    workdir = Path(tempfile.mkdtemp(prefix="casys-bench-"))
    stop = None
    try:
        url = None
        if database == "postgresql":
            url, stop = _start_postgres(workdir)
        _setup_django(workdir, url)
        defer = {"auto": None, "yes": True, "no": False}.get(defer_indexes, None)
        report = _run(rows, issuers, samples, seed, workdir, database, defer)
    finally:
        if stop:
            stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"casys bench registry: {rows} rows on {database}")
        for c in ("figure", "casys", "floor", "ratio"):
            table.add_column(c)
        for name, fig in report["figures"].items():
            table.add_row(name, str(fig["casys"]), str(fig.get("floor", "")), str(fig.get("ratio", "")))
        Console().print(table)


class _Figures(dict):  # type: ignore[type-arg]
    """Figures, each also written to stderr when measured (a long run loses none of them)."""

    def __setitem__(self, key: str, value: Any) -> None:
        print(json.dumps({key: value}), file=sys.stderr, flush=True)
        super().__setitem__(key, value)


def _run(
    rows: int,
    issuers: int,
    samples: int,
    seed: int,
    workdir: Path,
    database: str,
    defer_indexes: bool | None = None,
) -> dict[str, Any]:
    from django.db import connection

    from casys.accounts.scoping import unscoped
    from casys.attestations.models import StatusList
    from casys.attestations.services import deferred
    from casys.attestations.services import keys as files
    from casys.bench import registry_ingest
    from casys.registry.services import search, stream, verification

    rng = random.Random(seed)
    figures: dict[str, dict[str, Any]] = _Figures()
    with unscoped():
        cbs, _ab = _bodies(issuers)
        per = [rows // issuers + (1 if i < rows % issuers else 0) for i in range(issuers)]
        all_entries: list[tuple[str, Any]] = []

        def issuer_files() -> Iterator[tuple[Any, bytes]]:
            # one issuer's file at a time, made while the clock is stopped: 10^7 rows never sit in
            # memory at once (the generation is not timed, only each file's import)
            for cb, n in zip(cbs, per, strict=True):
                entries = _entries(rng, n, cb.slug.upper())
                all_entries.extend(
                    (cb.slug, e) for e in rng.sample(entries, min(len(entries), samples // issuers + 2))
                )
                data = registry_ingest.csv_file(entries)
                del entries
                yield cb, data

        # the whole import path, from each issuer's CSV file: one batch (a registry's first load)
        took = registry_ingest.ingest_batch(issuer_files(), rows=rows, defer_indexes=defer_indexes)
        print(json.dumps({"ingest seconds": took}), file=sys.stderr, flush=True)
        fl = registry_ingest.floor(rows)
        figures["ingest rows/s"] = {
            "casys": round(rows / took["total"]),
            "floor": round(rows / fl["total"]),
            "ratio": round(took["total"] / fl["total"], 2),
            "share_of_floor": round(fl["total"] / took["total"], 3),
            "seconds": round(took["total"], 1),
            "floor_copy_seconds": round(fl["copy"], 1),
            "floor_index_seconds": round(fl["indexes"], 1),
            "defer_indexes": "auto" if defer_indexes is None else defer_indexes,
            "files": issuers,
            "reader": stream._reader_mode(),
            # where the time goes: each side's CPU a row, and how many of the machine's cores it kept busy
            "cpu us a row": took["cpu us a row"],
            "cores busy": took["cores busy"],
            "cores": registry_ingest.cores(),
            # the most this CPU a row allows on these cores, and that as a share of the floor
            "rows/s with every core busy": took["rows/s with every core busy"],
            "share_of_floor with every core busy": round(
                took["rows/s with every core busy"] * fl["total"] / rows, 3
            ),
        }
        written = registry_ingest.floor_written(rows)
        if written is not None:
            # the floor of the same work: the rows, their words and their leaves, indexes after
            figures["ingest rows/s, against the floor of the three tables it writes"] = {
                "casys": round(rows / took["total"]),
                "floor": round(rows / written["total"]),
                "share_of_floor": round(written["total"] / took["total"], 3),
                "floor_copy_seconds": round(written["copy"], 1),
                "floor_index_seconds": round(written["indexes"], 1),
            }
        figures["bytes per attestation"] = registry_ingest.bytes_per_attestation(rows)
        picks = [rng.choice(all_entries) for _ in range(samples)]
        today = date(2025, 6, 1)
        lat = []
        for slug, e in picks:
            t = time.perf_counter()
            row = search.find(slug, e.number)
            assert row is not None
            verification.chain_of(row, today)
            search.public_view(row)
            lat.append(time.perf_counter() - t)
        raw = []
        q = "SELECT * FROM registry_attestation WHERE issuer_slug = %s AND number = %s"
        with connection.cursor() as cur:
            for slug, e in picks:
                t = time.perf_counter()
                cur.execute(q, [slug, e.number])
                cur.fetchall()
                raw.append(time.perf_counter() - t)
        figures["verify by number, in process"] = {
            "casys": _ms(lat),
            "floor": _ms(raw),
            "ratio": round(_pct(lat, 50) / _pct(raw, 50), 1),
        }
        names = [
            search.Query(q=rng.choice(LATIN + CYRILLIC + GREEK)[: rng.randint(3, 7)]) for _ in range(samples)
        ]
        found, st = [], []
        for query in names:
            t = time.perf_counter()
            pages = search.paginator(query, 25)
            n = pages.count
            list(pages.page(1).object_list)
            st.append(time.perf_counter() - t)
            found.append(n)
        figures["name search (count + first page)"] = {
            "casys": _ms(st),
            "mean_hits": round(statistics.mean(found)),
        }
        # offline verification (signature, key, both status lists; and an inclusion proof per record)
        # is measured by registry_read.offline, interleaved with bare Ed25519 at the moment the
        # lists were signed (an earlier moment would time the failing "not yet valid" path)
        slug, e = picks[0]
        # every list of the issuer (at 2 x 10^5 certificates an issuer fills more than one), as a
        # verifier holding the issuer's lists has them
        numbers = StatusList.all_objects.filter(issuer__slug=slug).values_list("number", flat=True)
        lists = [
            files.status_file(slug, f"{n}-{p}").read_text()
            for n in sorted(numbers)
            for p in ("suspension", "revocation")
        ]
        ring = files.keyring(slug)
        tokens = [deferred.credential_of(search.find(s, x.number)) for s, x in picks[:200] if s == slug] or [
            deferred.credential_of(search.find(slug, e.number))
        ]
        figures["verify by number, HTTP"] = _http(picks, workdir)
        # the read paths (issue 19): under 32 connections against the floor, offline interleaved, sizes
        figures["verify by number, HTTP, 32 connections"] = registry_read.verify_http(
            picks, workdir, _free_port, seconds=10
        )
        figures["offline verifications/s, interleaved with bare Ed25519"] = registry_read.offline(
            tokens, ring, lists
        )
        figures["bytes per attestation"] = registry_read.sizes(rows)
        # a body's update into the full registry, file by file: the indexes kept up as it goes
        update = max(1, min(UPDATE_ROWS, rows // issuers))
        updates = [
            (cb, registry_ingest.csv_file(_entries(rng, update, f"{cb.slug.upper()}-U"))) for cb in cbs[:3]
        ]
        upd = registry_ingest.ingest_files(updates, defer_indexes=defer_indexes)
        figures["update files into the full registry"] = {
            "casys": round(len(updates) * update / upd["total"]),
            "unit": "rows/s",
            "files": len(updates),
            "rows_per_file": update,
        }
    return {
        "rows": rows,
        "database": database,
        "database_version": str(connection.pg_version)  # type: ignore[attr-defined]
        if connection.vendor == "postgresql"
        else __import__("sqlite3").sqlite_version,
        "issuers": issuers,
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "figures": figures,
    }


def _http(picks: list[tuple[str, Any]], workdir: Path) -> dict[str, Any]:
    port = _free_port()
    import casys

    root = str(Path(casys.__file__).resolve().parents[1])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casys.project.settings", "PYTHONPATH": root}
    # as `casys serve` starts it (uvicorn on the ASGI app: casys.project.serving)
    server = subprocess.Popen(serving.command("127.0.0.1", port), env=env, cwd=workdir)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60  # two workers importing Django on a busy machine take a while
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"casys serve: no answer at {base}/api/v1/health in 60 s") from None
                time.sleep(0.1)
        lat = []
        for slug, e in picks:
            t = time.perf_counter()
            with urllib.request.urlopen(
                f"{base}/api/v1/registry/certificates/{slug}/{e.number}", timeout=10
            ) as r:
                r.read()
            lat.append(time.perf_counter() - t)
        return {"casys": _ms(lat), "requests": len(lat)}
    finally:
        server.terminate()
        server.wait(timeout=20)

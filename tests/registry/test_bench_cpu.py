"""The registry bench's CPU split of an import: the writer process, the reader processes and the
database server, each read where it runs (this process, its reaped children, the cluster's processes
in ``/proc``)."""

import random
import time

import pytest
from django.db import connection

from casys.accounts.scoping import unscoped
from casys.bench import registry as bench
from casys.bench import registry_ingest
from casys.registry.services import stream

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_the_server_side_is_the_cluster_s_cpu_and_grows_with_a_query_it_runs():
    before = registry_ingest.Cpu.now()
    t = time.process_time()
    count = (
        "SELECT sum(i) FROM generate_series(1, 4000000) AS i"
        if connection.vendor == "postgresql"
        else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
        "SELECT sum(i) FROM n"
    )
    with connection.cursor() as cur:
        cur.execute(count)
        cur.fetchone()
    used = registry_ingest.Cpu.now() - before
    here = time.process_time() - t
    if connection.vendor == "postgresql":
        assert used.server >= 0.1  # the backend summed 4 million rows; this process waited
        assert here < used.server
    else:
        assert used.server == 0.0  # SQLite runs in this process: its time is the writer's
        assert used.main >= 0.1


def test_an_import_s_cpu_a_row_is_split_between_writer_readers_and_server(body_a, monkeypatch):
    monkeypatch.setattr(stream, "READER", "process")
    rng = random.Random(5)
    with unscoped():
        data = registry_ingest.csv_file(bench._entries(rng, 3000, "CPU"))
        took = registry_ingest.ingest_batch([(body_a, data)], rows=3000)
    split = took["cpu us a row"]
    assert split["writer process"] > 0
    assert split["reader processes"] > 5  # the forked reader screened and keyed every row
    if connection.vendor == "postgresql":
        assert split["database server"] > 1
    else:
        assert split["database server"] == 0
    total = sum(split.values()) * 3000 / 1e6
    assert took["cores busy"] == pytest.approx(total / took["total"], rel=0.02)
    # the ceiling of this CPU a row on this machine's cores: no import runs faster than it, so a
    # side whose CPU went uncounted (a reader not reaped, the server not read) would show here
    ceiling = took["rows/s with every core busy"]
    assert ceiling == pytest.approx(registry_ingest.cores() * 3000 / total, rel=0.02)
    assert 3000 / took["total"] <= ceiling * 1.02

"""On PostgreSQL a holder-name search is counted and ordered from the word table alone, then reads
only the page's rows: the same rows, in the same order, with the same count as the full query."""

import re

import pytest
from django.db import connection

from casys.attestations.models import Attestation
from casys.registry.services import search
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = [
    ("ООО «Газпромснаб-Тест»", "Gazpromsnab-Test LLC"),
    ("Gazprom Gaz Service", ""),
    ("Газпром нефть", "Gazprom Neft"),
    ("Befort Gazelle AG", ""),
    ("Βέφορτ Ελλάς", "Befort Hellas"),
    ("Zeta Gazprom Gazprom", ""),
]


@pytest.fixture
def rows(accredited):
    entries = [
        entry(f"W-{i}", holder_name=name, holder_name_en=en)
        for i, (name, en) in enumerate(NAMES * 3)  # duplicate names: ties ordered by id
    ]
    entries.append(entry("W-hidden", holder_name="Gazprom Hidden", holder_name_en="", public=False))
    publish(accredited, *entries)
    return accredited


QUERIES = [
    "gaz",
    "Газ",
    "gazprom",
    "gaz gazprom",
    "befort",
    "бефорт",
    "zeta gaz",
    "gazprom hidden",
    "nothing",
]


def _index_order(rows: list[Attestation], words: tuple[str, ...]) -> list[str]:
    """The numbers of ``rows`` in the word table's order: by the first word of the name that starts
    with the lead query word, then holder key, then id."""
    lead, _rest = search.lead_word(words)

    def key(a: Attestation) -> tuple[str, str, int]:
        match = min(w for w in re.split("[^a-z0-9]+", a.holder_key) if w.startswith(lead))
        return (match, a.holder_key, a.pk)

    return [a.number for a in sorted(rows, key=key)]


@pytest.mark.parametrize("q", QUERIES)
def test_the_word_table_pages_are_the_rows_of_the_full_query(rows, q) -> None:
    query = search.Query(q=q)
    fast = search.paginator(query, 4)
    full = search.CappedPaginator(search.search(query), 4)
    assert fast.words == (search.search_keys.tokens(q) if connection.vendor == "postgresql" else None)
    assert fast.count == full.count
    assert fast.num_pages == full.num_pages
    got = []
    for n in fast.page_range:
        page = fast.page(n).object_list
        assert all(a.public for a in page)
        got += [a.number for a in page]
    everything = [a for n in full.page_range for a in full.page(n).object_list]
    if fast.words is None:  # SQLite: the full query's own order
        assert got == [a.number for a in everything]
    else:  # the same rows, each once, in the word table's index order
        assert got == _index_order(everything, fast.words)


def test_a_name_search_finds_a_name_across_scripts_and_never_a_hidden_row(rows) -> None:
    found = [a.number for a in search.paginator(search.Query(text="газпром hidden"), 25).page(1).object_list]
    assert found == []
    numbers = {a.number for a in search.paginator(search.Query(text="Gazprom"), 25).page(1).object_list}
    assert numbers == {
        a.number for a in Attestation.registry.filter(public=True, holder_key__contains="gazprom")
    }
    assert "W-hidden" not in numbers and len(numbers) == 12


def test_a_search_with_another_filter_does_not_use_the_word_table(rows) -> None:
    assert search.word_hits(search.Query(q="gaz", country="RU")) is None
    assert search.word_hits(search.Query(q="gaz", status="active")) is None
    assert (
        search.paginator(search.Query(q="gaz", country="RU"), 25).count
        == search.search(search.Query(q="gaz", country="RU")).count()
    )


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_count_and_the_page_ids_are_an_index_only_scan_of_the_word_table(rows) -> None:
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE registry_holder_word")
        # a table this small would be sorted in memory: forbid the sort and the heap scan, so the plan
        # shows whether the index alone gives the rows in the page's order
        cur.execute("SET enable_seqscan = off")
        cur.execute("SET enable_sort = off")
        sql, params = search._hits_sql(("gaz", "gazprom"))
        cur.execute("EXPLAIN " + sql + " LIMIT 25", params)
        plan = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("RESET enable_seqscan")
        cur.execute("RESET enable_sort")
    assert "Index Only Scan using registry_holder_word_prefix" in plan
    assert "Index Only Scan using registry_holder_word_att" in plan
    # the page is the first rows of the index range in its order: no sort of every hit
    assert "Sort" not in plan
    assert "registry_attestation" not in plan


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_one_word_count_counts_each_name_once_and_a_long_range_as_more(rows) -> None:
    """One query word is counted from its index range alone: "gaz" is the prefix of two words of
    "Gazprom Gaz Service", so its range has more entries than names."""
    pages = search.paginator(search.Query(q="gaz"), 25)
    names = search.search(search.Query(q="gaz")).count()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_holder_word WHERE word LIKE 'gaz%'")
        entries = cur.fetchone()[0]
    assert names == 15 and entries > names
    assert pages._count_hits(entries + 1) == names  # the whole range read: exact
    assert pages._count_hits(entries) == entries  # the range is not shorter than the limit: "more"

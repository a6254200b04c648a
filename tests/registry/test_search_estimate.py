"""Beyond a threshold the search shows an estimated count, and says so ("about N")."""

import pytest
from django.db import connection  # noqa: F401  (the skipif condition reads it)

from casys.registry.services import search
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rows(accredited):
    publish(accredited, entry("Q-1"), entry("Q-2"), entry("Q-3"))
    return accredited


def test_a_count_past_the_exact_threshold_is_shown_as_an_estimate(rows, client, monkeypatch) -> None:
    monkeypatch.setattr(search, "EXACT_UP_TO", 2)
    monkeypatch.setattr(search, "estimate", lambda qs: 40)  # SQLite's count, and filtered searches
    monkeypatch.setattr(search, "word_estimate", lambda words: 40)  # PostgreSQL's word table
    page = client.get("/registry/", {"q": "gazprom"})
    assert page.status_code == 200
    assert "about 40 certificates" in " ".join(page.content.decode().split())
    api = client.get("/api/v1/registry/certificates", {"q": "gazprom"}).json()
    assert (api["count"], api["count_estimated"], api["count_capped"]) == (40, True, False)
    assert len(api["results"]) == 3


def test_a_count_within_the_threshold_is_exact_and_not_called_an_estimate(rows, client) -> None:
    page = client.get("/registry/", {"q": "gazprom"})
    text = " ".join(page.content.decode().split())
    assert "3 certificates" in text and "about 3" not in text
    api = client.get("/api/v1/registry/certificates", {"q": "газпром"}).json()
    assert (api["count"], api["count_estimated"]) == (3, False)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_word_table_estimate_is_the_planners_and_never_below_what_was_counted(rows, monkeypatch) -> None:

    with connection.cursor() as cur:
        cur.execute("ANALYZE registry_holder_word")
    monkeypatch.setattr(search, "EXACT_UP_TO", 2)
    pages = search.paginator(search.Query(q="gazprom"), 25)
    assert pages.words == ("gazprom",)
    assert pages.estimated is False  # not yet counted
    assert pages.count >= 3 and pages.estimated is True
    assert search.word_estimate(("gazprom",)) >= 1
    assert [a.number for a in pages.page(1).object_list] == ["Q-1", "Q-2", "Q-3"]

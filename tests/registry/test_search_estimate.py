"""Beyond a threshold the search shows an estimated count, and says so ("about N")."""

import pytest

from casys.registry.services import search
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rows(accredited):
    publish(accredited, entry("Q-1"), entry("Q-2"), entry("Q-3"))
    return accredited


def test_a_count_past_the_exact_threshold_is_shown_as_an_estimate(rows, client, monkeypatch) -> None:
    monkeypatch.setattr(search, "EXACT_UP_TO", 2)
    monkeypatch.setattr(search, "estimate", lambda qs: 40)
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

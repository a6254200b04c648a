"""Public search, confidentiality, exports and the rate limit."""

import json
from datetime import date

import pytest

from casys import clock
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rows(accredited):
    publish(
        accredited,
        entry("Q-1"),
        entry(
            "Q-2", holder_name="Société Générale de Test", holder_name_en="", country="FR", iaf_codes=("28",)
        ),
        entry("Q-3", holder_name="Secret Holder Ltd", holder_name_en="", public=False, country="LV"),
    )
    return accredited


def _numbers(client, **params):
    r = client.get("/api/v1/registry/certificates", params)
    assert r.status_code == 200
    return [x["number"] for x in r.json()["results"]]


def test_gazprom_and_its_cyrillic_spelling_find_the_same_certificate(rows, client):
    assert _numbers(client, q="Gazprom") == _numbers(client, q="Газпром") == ["Q-1"]


def test_the_search_ignores_accents_and_case(rows, client):
    assert _numbers(client, q="societe generale") == ["Q-2"]
    assert _numbers(client, q="GÉNÉRALE") == ["Q-2"]


def test_filters_by_country_standard_iaf_code_issuer_and_status(rows, client):
    assert _numbers(client, country="fr") == ["Q-2"]
    assert _numbers(client, iaf="28") == ["Q-2"]
    assert sorted(_numbers(client, standard="ISO 9001")) == ["Q-1", "Q-2"]
    assert sorted(_numbers(client, issuer="alpha-cert", status="active")) == ["Q-1", "Q-2"]
    assert _numbers(client, ab="nordic-ab", q="gaz") == ["Q-1"]


def test_a_confidential_certificate_verifies_by_number_but_never_appears_in_a_name_search(rows, client):
    assert _numbers(client, q="Secret") == []
    assert _numbers(client, country="LV") == []
    r = client.get("/api/v1/registry/certificates", {"number": "Q-3"}).json()
    assert r["results"][0]["holder_name"] is None and r["results"][0]["status"] == "active"
    with clock.travel_to(date(2025, 6, 1)):
        page = client.get("/registry/verify/alpha-cert/Q-3/").content.decode()
        api = client.get("/api/v1/registry/certificates/alpha-cert/Q-3").json()
    assert "Secret Holder" not in page and "Secret Holder" not in str(api)
    assert client.get("/api/v1/registry/certificates/alpha-cert/Q-3/credential").status_code == 404
    assert client.get("/registry/credential/alpha-cert/Q-3/").status_code == 404


def test_no_export_or_search_page_reveals_a_confidential_certificate(rows, client):
    for url in ("/registry/export.csv", "/registry/export.json", "/registry/"):
        for params in ({"issuer": "alpha-cert"}, {"q": "secret"}, {"country": "LV"}):
            r = client.get(url, params)
            body = b"".join(r.streaming_content) if r.streaming else r.content
            assert b"Secret Holder" not in body and b"Q-3" not in body


def test_the_csv_export_uses_the_import_template(rows, client):
    r = client.get("/registry/export.csv", {"q": "gazprom"})
    lines = b"".join(r.streaming_content).decode().splitlines()
    assert lines[0].startswith("certificate_number,status,issue_date,original_issue_date,expiry_date")
    assert lines[1].startswith("Q-1,active,2024-03-01,2024-03-01,2027-02-28,ООО «Газпромснаб-Тест»")


def test_the_json_export_lists_the_search(rows, client):
    response = client.get("/registry/export.json", {"country": "FR"})
    doc = json.loads(b"".join(response.streaming_content))
    assert doc["count"] == 1 and doc["certificates"][0]["certificate_number"] == "Q-2"


def test_the_public_api_answers_429_over_the_limit(rows, client, settings):
    settings.CASYS_REGISTRY_RATE = "3/m"
    codes = [client.get("/api/v1/registry/certificates", {"q": "gaz"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_an_unknown_certificate_is_a_404_page(client, db):
    assert client.get("/registry/verify/alpha-cert/NOPE/").status_code == 404
    assert client.get("/api/v1/registry/certificates/alpha-cert/NOPE").status_code == 404


def test_the_search_page_paginates_and_links_to_verification(rows, client):
    page = client.get("/registry/", {"q": "gazprom"}).content.decode()
    assert "/registry/verify/alpha-cert/Q-1/" in page and "1 certificate" in page

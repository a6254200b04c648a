from datetime import date

import pytest

from casys import clock
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_publishes_and_verifies(accredited, client):
    publish(accredited, entry())
    with clock.travel_to(date(2025, 6, 1)):
        r = client.get("/registry/verify/alpha-cert/Q-1/")
    assert r.status_code == 200, r.content
    print(r.content.decode()[:3000])
    r = client.get("/registry/", {"q": "Gazprom"})
    assert "Q-1" in r.content.decode()
    r = client.get("/registry/", {"q": "газпром"})
    assert "Q-1" in r.content.decode()
    r = client.get("/api/v1/registry/certificates/alpha-cert/Q-1/credential")
    tok = r.json()["credential"]
    r = client.post(
        "/api/v1/registry/verify", {"credential": tok, "on": "2025-06-01"}, content_type="application/json"
    )
    print(r.json())
    assert r.json()["verdict"] == "valid"

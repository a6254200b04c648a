"""The demo shows a recognized certificate, one failing at the accreditation and a suspended one."""

from datetime import date

import pytest

from casys import clock
from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_registry_shows_each_verdict_and_loading_twice_changes_nothing(client):
    from casys.auditlog.models import AuditEntry
    from casys.demo import load

    load()
    with unscoped():
        rows = Attestation.all_objects.count()
        entries = AuditEntry.objects.count()
    load()
    with unscoped():
        assert (Attestation.all_objects.count(), AuditEntry.objects.count()) == (rows, entries)
    with clock.travel_to(date(2025, 6, 1)):
        ok = client.get("/api/v1/registry/certificates/baltcert/BC-Q-24-0101").json()["chain"]
        lapsed = client.get("/api/v1/registry/certificates/eurasia-cert/EA-QMS-24-0007").json()["chain"]
        suspended = client.get("/api/v1/registry/certificates/baltcert/BC-S-23-0077").json()["chain"]
    assert (ok["recognized"], lapsed["failed"], suspended["failed"]) == (True, "accreditation", "certificate")
    found = client.get("/api/v1/registry/certificates", {"q": "Gazprom"}).json()["results"]
    assert [r["number"] for r in found] == ["EA-QMS-24-0007"]

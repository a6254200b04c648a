"""The lifecycle applied by the clock (issue 20): ``casys daily`` expires certificates past their
expiry date and brings lapsed accreditations to their status, through the attestations layer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casys import clock
from casys.accounts.models import BodyKind
from casys.accounts.scoping import unscoped
from casys.accreditation.services import accreditations as acc_services
from casys.attestations.models import Attestation, Kind
from casys.auditlog.models import AuditEntry
from casys.certification.models import Certificate
from casys.jobs import daily
from tests.conftest import make_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_certificate_past_its_expiry_date_expires_once_and_its_attestation_says_so(
    certified, settings, tmp_path
):
    with unscoped():
        cert = Certificate.all_objects.get(application=certified)
        expiry = cert.expiry_date
    assert (
        daily.run(expiry, only=["certificate-expiry"]).changes["certificate-expiry"] == []
    )  # still valid that day
    first = daily.run(expiry + timedelta(days=2), only=["certificate-expiry"]).changes["certificate-expiry"]
    again = daily.run(expiry + timedelta(days=3), only=["certificate-expiry"]).changes["certificate-expiry"]
    assert first == [
        {
            "body": cert.body.slug,
            "certificate": cert.number,
            "expired_on": (expiry + timedelta(days=1)).isoformat(),
        }
    ]
    assert again == []
    with unscoped():
        cert.refresh_from_db()
        row = Attestation.all_objects.get(issuer=cert.body, kind=Kind.CERTIFICATE, number=cert.number)
        entry = AuditEntry.objects.filter(action="certification.certificate.expired").get()
    assert (cert.status, row.status) == ("expired", "expired")
    assert entry.actor_label == "system" and "certificate-expiry" in entry.data["why"]


def test_an_accreditation_past_its_end_reads_expired_in_its_attestation():
    ab = make_body("nordic-ab", kind=BodyKind.ACCREDITATION_BODY, name="Nordic AB", country="SE")
    cb = make_body("alpha-cert")
    with unscoped(), clock.travel_to(date(2024, 6, 1)):  # granted while it ran
        acc_services.grant(
            ab,
            acc_services.GrantInput(
                cab=cb,
                number="NAB-001",
                standard="ISO/IEC 17021-1",
                valid_from=date(2020, 1, 1),
                valid_until=date(2024, 12, 31),
                scope=(acc_services.ScopeInput("ISO 9001:2015", ("17",)),),
            ),
        )
    assert daily.run(date(2024, 12, 31), only=["accreditation-status"]).changes["accreditation-status"] == []
    changed = daily.run(date(2025, 1, 1), only=["accreditation-status"]).changes["accreditation-status"]
    assert changed == [{"body": "nordic-ab", "accreditation": "NAB-001", "status": "expired"}]
    assert daily.run(date(2025, 1, 2), only=["accreditation-status"]).changes["accreditation-status"] == []
    with unscoped():
        row = Attestation.all_objects.get(issuer=ab, kind=Kind.ACCREDITATION, number="NAB-001")
        logged = AuditEntry.objects.filter(action="attestations.attestation.status_changed", body=ab).get()
    assert row.status == "expired" and logged.data["rule"] == "accreditation-status"

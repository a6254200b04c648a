"""The certification app's certificate_changed signal publishes, updates and flags certificates."""

from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation
from casys.attestations.services import keys as files
from casys.auditlog.models import AuditEntry
from casys.certification.services import publication
from casys.certification.signals import CertificateRecord, Site, StatusChange
from casys.core import status_list

pytestmark = pytest.mark.django_db(transaction=True)


def _record(issuer, **over):
    fields = dict(
        issuer=issuer,
        number="C-100",
        status="active",
        holder_name="Müller Präzisionsteile GmbH",
        holder_name_en="Mueller Precision Parts GmbH",
        holder_country="DE",
        holder_address="Stuttgart",
        standards=("ISO 9001:2015",),
        scheme_ids=("iso9001",),
        iaf_codes=(17,),
        scope="Machining",
        original_issue_date=date(2024, 1, 1),
        issue_date=date(2024, 1, 1),
        expiry_date=date(2026, 12, 31),
        public=True,
        sites=(Site("Plant 1", "Stuttgart", "DE"),),
    )
    fields.update(over)
    return CertificateRecord(**fields)


def _bit(slug, purpose, index):
    import json

    token = files.status_file(slug, f"1-{purpose}").read_text()
    payload = token.split(".")[1]
    import base64

    cred = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return status_list.read_bit(status_list.decode(cred["credentialSubject"]["encodedList"], purpose), index)


def _send(record):
    from django.db import transaction

    with unscoped(), transaction.atomic():
        publication.publish(record)


def test_a_certificate_issued_is_published_signed_and_logged(body_a):
    _send(_record(body_a))
    with unscoped():
        row = Attestation.all_objects.get(number="C-100")
        assert AuditEntry.objects.filter(action="registry.attestation.published").count() == 1
    assert (row.issuer_slug, row.iaf_code_list, row.sites[0]["name"]) == ("alpha-cert", ["17"], "Plant 1")
    assert row.holder_key == "muller prazisionsteile | mueller precision parts"
    assert row.credential.count(".") == 2
    assert (files.static_root() / "keys" / "alpha-cert" / "jwks.json").exists()
    assert not (files.key_store("alpha-cert").directory / "keyring.json").read_text().count('"d"')


def test_a_suspension_sets_the_bit_and_a_restoration_clears_it(body_a):
    _send(_record(body_a))
    _send(
        _record(body_a, status="suspended", history=(StatusChange(date(2025, 1, 5), "suspended", "audit"),))
    )
    with unscoped():
        row = Attestation.all_objects.get(number="C-100")
    assert _bit("alpha-cert", "suspension", row.status_index) is True
    assert _bit("alpha-cert", "revocation", row.status_index) is False
    _send(_record(body_a, status="active"))
    assert _bit("alpha-cert", "suspension", row.status_index) is False


def test_a_withdrawal_sets_the_revocation_bit(body_a):
    _send(_record(body_a))
    _send(_record(body_a, status="withdrawn"))
    with unscoped():
        row = Attestation.all_objects.get(number="C-100")
    assert _bit("alpha-cert", "revocation", row.status_index) is True


def test_two_certificates_take_two_indexes(body_a):
    _send(_record(body_a))
    _send(_record(body_a, number="C-101"))
    with unscoped():
        assert sorted(Attestation.all_objects.values_list("status_index", flat=True)) == [0, 1]


def test_the_keys_live_in_files_not_in_the_database(body_a, settings):
    _send(_record(body_a))
    key_dir = settings.DATA_DIR / "keys" / "alpha-cert"
    pems = list(key_dir.glob("*.pem"))
    assert len(pems) == 1 and oct(pems[0].stat().st_mode & 0o777) == "0o600"
    with unscoped():
        row = Attestation.all_objects.get()
    assert "PRIVATE" not in row.credential


def test_the_verification_page_shows_the_date_of_a_suspension(body_a, client):
    _send(
        _record(body_a, status="suspended", history=(StatusChange(date(2025, 1, 5), "suspended", "audit"),))
    )
    page = client.get("/registry/verify/alpha-cert/C-100/").content.decode()
    assert "5 Jan 2025: suspended — audit" in page
    assert 'class="link-certificate" data-state="fail"' in page


def test_the_registry_names_the_accreditation_body_that_covered_the_certificate(accredited):
    # body_a is accredited by "nordic-ab" for ISO 9001:2015 / IAF 17 from 2020 to 2030 (conftest).
    _send(_record(accredited, number="C-AB", iaf_codes=(17,)))
    _send(_record(accredited, number="C-NONE", iaf_codes=(5,)))  # IAF 5 is not in the scope
    _send(_record(accredited, number="C-EARLY", issue_date=date(2019, 6, 1)))  # before the accreditation
    with unscoped():
        ab = dict(Attestation.registry.values_list("number", "accreditation_body"))
    assert ab == {"C-AB": "nordic-ab", "C-NONE": "", "C-EARLY": ""}

"""A certificate for several standards is signed with every standard, and its chain (on the page and
offline) looks at each of them, not at the first only (issue 14)."""

import base64
import json
from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation
from casys.core import credentials
from casys.registry.services import verification
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db


def _payload(token: str) -> dict:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _row(number: str) -> Attestation:
    with unscoped():
        return Attestation.all_objects.get(number=number)


def test_the_signed_credential_of_a_multi_standard_certificate_lists_every_standard(accredited):
    publish(accredited, entry(standards=("ISO 9001:2015", "ISO 14001:2015")))
    cred = _payload(_row("Q-1").credential)
    assert credentials.standards_of(cred) == ("ISO 9001:2015", "ISO 14001:2015")
    assert credentials.certificate_from_credential(cred).standards == ("ISO 9001:2015", "ISO 14001:2015")
    assert [a["id"].rsplit("#", 1)[1] for a in cred["credentialSubject"]["assessment"]] == [
        "assessment-1",
        "assessment-2",
    ]
    assert cred["credentialSubject"]["assessmentLevel"] == "Accredited"


def test_the_registry_chain_fails_on_a_standard_the_accreditation_does_not_cover(accredited):
    # the accreditation covers ISO 9001 only: before issue 14 this certificate showed as accredited
    publish(accredited, entry(standards=("ISO 9001:2015", "ISO 14001:2015")))
    verdict = verification.chain_of(_row("Q-1"), date(2025, 6, 1))
    assert verdict.failed == "accreditation"
    assert "does not cover ISO 14001:2015" in verdict.links[1].reason
    publish(accredited, entry("Q-2"))
    assert verification.chain_of(_row("Q-2"), date(2025, 6, 1)).recognized

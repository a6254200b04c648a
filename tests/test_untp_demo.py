"""Every credential the demo signs that names UNTP DCC 0.6.1 validates against the vendored schema
(issue 14: a demo certificate failed the published schema with 13 errors)."""

import base64
import json

import pytest
from casys.registry.models import Attestation

from casys.accounts.scoping import unscoped
from casys.core import credentials
from casys.demo import load
from casys.laboratory.models import TestReport
from casys.proficiency.models import Participation
from tests.core.test_untp_schema import claims_untp, errors

pytestmark = pytest.mark.django_db


def _payload(token: str) -> dict:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_every_demo_credential_that_names_untp_validates_with_no_error() -> None:
    load()
    with unscoped():
        tokens = {
            "certificate": [a.credential for a in Attestation.all_objects.all()],
            "test report": [r.credential for r in TestReport.all_objects.exclude(credential="")],
            "pt performance": [p.credential for p in Participation.all_objects.exclude(credential="")],
        }
    # the demo publishes 13 certificates, issues a test report and scores PT participants
    assert all(tokens.values()), {k: len(v) for k, v in tokens.items()}
    for kind, found in tokens.items():
        for token in found:
            cred = _payload(token)
            if kind == "pt performance":
                assert not claims_untp(cred)
                continue
            assert claims_untp(cred) and cred["@context"][1] == credentials.UNTP_DCC
            assert errors(cred) == [], (kind, cred["id"])

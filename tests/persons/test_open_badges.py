"""A person certificate's signed credential reads as an Open Badges 3.0 achievement credential: its
payload is validated against 1EdTech's published JSON Schema (vendored with its provenance in
``casys/persons/schemas/``) with ``jsonschema`` — 0 errors.

One documented difference: the OB 3.0 schema gives ``credentialStatus`` as one object, while casys
publishes two entries (W3C VC Data Model 2.0 §4.10 allows a list): a suspension and a revocation
entry of the Bitstring Status List (ISO/IEC 17024 needs both a suspension and a withdrawal). Each
entry is validated against the schema's ``CredentialStatus`` definition instead."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, Kind
from tests.persons.test_pages import certified  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
SCHEMA_PATH = Path(__file__).parents[2] / "casys/persons/schemas/ob_v3p0_achievementcredential_schema.json"
SCHEMA_SHA256 = "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a"
SCHEMA = json.loads(SCHEMA_PATH.read_text())
VALIDATOR = Draft201909Validator(SCHEMA, format_checker=Draft201909Validator.FORMAT_CHECKER)
STATUS = Draft201909Validator({**SCHEMA["$defs"]["CredentialStatus"], "$defs": SCHEMA["$defs"]})


def payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def ob3_errors(credential: dict[str, Any]) -> list[str]:
    body = {k: v for k, v in credential.items() if k != "credentialStatus"}
    found = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in VALIDATOR.iter_errors(body)
    ]
    status = credential.get("credentialStatus", [])
    for entry in status if isinstance(status, list) else [status]:
        found += [f"credentialStatus: {e.message}" for e in STATUS.iter_errors(entry)]
    return found


def test_the_vendored_schema_is_the_published_one() -> None:
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert SCHEMA["$id"].startswith("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/")


def test_an_issued_person_certificate_is_a_valid_open_badges_3_achievement_credential(
    certified: Any,  # noqa: F811
) -> None:
    with unscoped():
        row = Attestation.all_objects.get(kind=Kind.PERSON_CERTIFICATE, number=certified.number)
    credential = payload(row.credential)
    assert ob3_errors(credential) == []
    assert "OpenBadgeCredential" in credential["type"]
    subject = credential["credentialSubject"]
    assert subject["achievement"]["achievementType"] == "Certification"
    assert {"id", "type", "name", "description", "criteria"} <= set(subject["achievement"])
    assert len(credential["credentialStatus"]) == 2


def test_the_checker_finds_a_wrong_field_name() -> None:
    bad = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "x", "type": ["VerifiableCredential"],
           "issuer": {"id": "did:web:x"}, "issuanceDate": "2026-01-01T00:00:00Z",
           "credentialSubject": {"type": ["AchievementSubject"], "achievment": {}}}  # fmt: skip
    found = ob3_errors(bad)
    assert any("validFrom" in e for e in found) and any("achievement" in e for e in found)

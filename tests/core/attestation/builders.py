"""Shared builders for the attestation tests: two issuers, a certificate, an accreditation, status lists.

The scenario: accreditation body AB (did:web:ab.example) accredits certification body CB
(did:web:cb.example) to ISO/IEC 17021-1 for ISO 9001 (IAF codes 17, 28) and ISO 45001 (IAF 28);
AB is an EA MLA signatory for main scope ISO/IEC 17021-1 with sub-scope ISO 9001 only.
CB certifies Газпром to ISO 9001:2015 on 2024-03-01, expiring 2027-02-28.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from casys.core import credentials, recognition, signing, status_list
from casys.core.credentials import AccreditationFacts, CertificateFacts, Party

CB = "did:web:cb.example"
AB = "did:web:ab.example"
CB_KEY = signing.private_key_from_seed(bytes([1]) * 32, CB)
CB_KEY_2 = signing.private_key_from_seed(bytes([2]) * 32, CB)
AB_KEY = signing.private_key_from_seed(bytes([3]) * 32, AB)
CB_RING = signing.Keyring(CB, (CB_KEY.public,), CB_KEY.kid)
AB_RING = signing.Keyring(AB, (AB_KEY.public,), AB_KEY.kid)
SUSPENSION_URL = "https://cb.example/status/suspension/1"
REVOCATION_URL = "https://cb.example/status/revocation/1"
AB_SUSPENSION_URL = "https://ab.example/status/suspension/1"
ACC_ID = "https://ab.example/accreditations/A-17"
ON = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def certificate_facts(**changes: object) -> CertificateFacts:
    base = {
        "id": "https://cb.example/certificates/Q-0001",
        "number": "Q-0001",
        "issuer": Party(CB, "CB Example"),
        "holder": Party("urn:casys:client:1", "ПАО «Газпром»", "1027700070518"),
        "standards": ("ISO 9001:2015",),
        "scheme_id": "iso9001",
        "scheme_name": "ISO 9001 management-system certification",
        "issue_date": date(2024, 3, 1),
        "expiry_date": date(2027, 2, 28),
        "scope": "Extraction and transport of natural gas",
        "iaf_codes": ("28",),
        "accreditation_id": ACC_ID,
        "accreditation_body": Party(AB, "AB Example"),
        "status": (
            status_list.status_list_entry(SUSPENSION_URL, 7, "suspension"),
            status_list.status_list_entry(REVOCATION_URL, 7, "revocation"),
        ),
    }
    base.update(changes)
    return CertificateFacts(**base)  # type: ignore[arg-type]


def accreditation_facts(**changes: object) -> AccreditationFacts:
    base = {
        "id": ACC_ID,
        "number": "A-17",
        "body": Party(AB, "AB Example"),
        "cab": Party(CB, "CB Example"),
        "activity": "certification-management-systems",
        "standard": "ISO/IEC 17021-1:2015",
        "scopes": (
            recognition.AccreditationScope("ISO 9001:2015", iaf_codes=("17", "28")),
            recognition.AccreditationScope("ISO 45001:2018", iaf_codes=("28",)),
        ),
        "valid_from": date(2020, 1, 1),
        "valid_until": date(2029, 12, 31),
        "status": (status_list.status_list_entry(AB_SUSPENSION_URL, 3, "suspension"),),
    }
    base.update(changes)
    return AccreditationFacts(**base)  # type: ignore[arg-type]


def signed_list(url: str, purpose: str, issuer_key: signing.PrivateKey, flagged: tuple[int, ...] = ()) -> str:
    lst = status_list.empty(purpose)
    for i in flagged:
        lst = status_list.set_bit(lst, i)
    cred = status_list.status_list_credential(url, issuer_key.issuer, lst, "2025-01-01T00:00:00Z")
    return credentials.sign(cred, issuer_key)


def ea_statuses(sub_scopes: tuple[str, ...] = ("ISO 9001",)) -> tuple[recognition.SignatoryStatus, ...]:
    return tuple(
        recognition.SignatoryStatus(
            body=AB,
            arrangement="EA-MLA",
            activity="certification-management-systems",
            normative_document="ISO/IEC 17021-1",
            sub_scope=s,
            valid_from=date(2010, 1, 1),
        )
        for s in sub_scopes
    )


DCC_060 = "https://test.uncefact.org/vocabulary/untp/dcc/0.6.0/"


def dcc_060_certificate() -> dict[str, Any]:
    """A certificate credential field for field as casys built it for UNTP DCC 0.6.0, before
    certificates stated every standard: one ``assessment``, the IAF codes on it, ``accredited``."""
    return {
        "@context": [credentials.VC_V2, DCC_060],
        "id": "https://cb.example/certificates/Q-0001",
        "type": ["VerifiableCredential", "DigitalConformityCredential"],
        "issuer": {"type": ["CredentialIssuer"], "id": CB, "name": "CB Example"},
        "name": "ISO 9001:2015 certificate Q-0001",
        "validFrom": "2024-03-01T00:00:00Z",
        "validUntil": "2027-02-28T23:59:59Z",
        "credentialSubject": {
            "type": ["ConformityAttestation"],
            "id": "https://cb.example/certificates/Q-0001#attestation",
            "name": "ISO 9001:2015 certificate Q-0001",
            "certificateNumber": "Q-0001",
            "assessorLevel": "3rdParty",
            "attestationType": "certification",
            "issuedToParty": {"id": "urn:casys:client:1", "name": "Acme"},
            "scope": {
                "type": ["ConformityAssessmentScheme"],
                "id": "iso9001",
                "name": "ISO 9001 certification",
            },
            "assessment": [
                {
                    "type": ["ConformityAssessment"],
                    "referenceStandard": {"type": ["Standard"], "name": "ISO 9001:2015"},
                    "assessedOrganisation": {"id": "urn:casys:client:1", "name": "Acme"},
                    "conformance": True,
                    "iafCodes": ["28"],
                }
            ],
            "assessmentLevel": "accredited",
            "authorisation": [
                {
                    "type": ["Endorsement"],
                    "name": "Accreditation of CB Example",
                    "issuingAuthority": {"id": AB, "name": "AB Example"},
                    "accreditationCertificate": {"linkURL": ACC_ID, "linkType": "accreditation"},
                }
            ],
        },
        "credentialStatus": [
            status_list.status_list_entry(SUSPENSION_URL, 7, "suspension"),
            status_list.status_list_entry(REVOCATION_URL, 7, "revocation"),
        ],
    }


def dcc_060_accreditation() -> dict[str, Any]:
    """An accreditation credential as casys built it before 0.6.1 (then named a UNTP DCC)."""
    cab = {"id": CB, "name": "CB Example"}
    return {
        "@context": [credentials.VC_V2, DCC_060],
        "id": ACC_ID,
        "type": ["VerifiableCredential", "DigitalConformityCredential"],
        "issuer": {"type": ["CredentialIssuer"], "id": AB, "name": "AB Example"},
        "name": "Accreditation A-17 to ISO/IEC 17021-1:2015",
        "validFrom": "2020-01-01T00:00:00Z",
        "validUntil": "2029-12-31T23:59:59Z",
        "credentialSubject": {
            "type": ["ConformityAttestation"],
            "id": f"{ACC_ID}#attestation",
            "name": "Accreditation A-17 to ISO/IEC 17021-1:2015",
            "accreditationNumber": "A-17",
            "assessorLevel": "3rdParty",
            "attestationType": "accreditation",
            "issuedToParty": cab,
            "activity": "certification-management-systems",
            "assessment": [
                {
                    "type": ["ConformityAssessment"],
                    "referenceStandard": {"type": ["Standard"], "name": "ISO/IEC 17021-1:2015"},
                    "assessedOrganisation": cab,
                    "conformance": True,
                }
            ],
            "accreditationScope": [
                {"normativeDocument": "ISO 9001:2015", "iafCodes": ["17", "28"], "methods": []},
                {"normativeDocument": "ISO 45001:2018", "iafCodes": ["28"], "methods": []},
            ],
        },
        "credentialStatus": [status_list.status_list_entry(AB_SUSPENSION_URL, 3, "suspension")],
    }

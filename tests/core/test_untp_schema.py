"""Every casys credential kind that names UNTP DCC 0.6.1 in ``@context`` validates against the
vendored UNTP DCC 0.6.1 JSON Schema (uncefact/spec-untp v0.6.1,
data-models/untp-dcc/artefacts/untp-dcc-schema.json) with 0 errors, checked with ``jsonschema``
(Draft 2020-12), formats included."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from casys.core import credentials as vc
from casys.core import recognition, status_list, untp
from casys.core.credentials import CertificateFacts, Party
from casys.core.report_credentials import (
    ConformityStatement,
    PerformanceFacts,
    PerformanceScore,
    ReportFacts,
    performance_credential,
    report_statement_credential,
)
from tests.core.attestation import builders as b

SCHEMA_SHA256 = "2ecb7a4aa86e3e85fd4fccbcb4afb408cbf7e1f6964bfafd0793bed570a0e2bc"
#: RFC 3986 §3: a URI begins with a scheme and a colon; no white space anywhere.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")


def _format_checker() -> FormatChecker:
    """jsonschema's 2020-12 checker checks ``date`` itself; ``uri`` and ``date-time`` need optional
    packages casys does not install, so they are checked here (RFC 3986 scheme, RFC 3339)."""
    checker = Draft202012Validator.FORMAT_CHECKER
    extra = FormatChecker()
    for name, check in checker.checkers.items():
        extra.checkers[name] = check

    @extra.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or bool(_URI.match(value))

    @extra.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    return extra


VALIDATOR = Draft202012Validator(untp.dcc_schema(), format_checker=_format_checker())


def errors(credential: dict[str, Any]) -> list[str]:
    found = sorted(VALIDATOR.iter_errors(credential), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in found]


def claims_untp(credential: dict[str, Any]) -> bool:
    return vc.UNTP_DCC in credential.get("@context", [])


# --- the vendored schema ----------------------------------------------------------------------------


def test_the_vendored_schema_is_the_released_file_named_in_its_provenance() -> None:
    raw = resources.files("casys.core.data.untp").joinpath("untp-dcc-schema.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256
    readme = resources.files("casys.core.data.untp").joinpath("README.md").read_text(encoding="utf-8")
    assert SCHEMA_SHA256 in readme and "v0.6.1" in readme
    assert "f6778df272a524a6a74d8afcd0b764b92e0198fc" in readme  # the release commit
    Draft202012Validator.check_schema(untp.dcc_schema())
    assert untp.dcc_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_context_casys_names_is_the_one_the_schema_requires() -> None:
    prefix = untp.dcc_schema()["properties"]["@context"]["prefixItems"]
    assert [p["const"] for p in prefix] == [vc.VC_V2, vc.UNTP_DCC]
    assert vc.UNTP_DCC == "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/"
    assert untp.dcc_instance()["@context"] == [vc.VC_V2, vc.UNTP_DCC]


def test_the_specifications_own_sample_credential_validates() -> None:
    assert errors(untp.dcc_instance()) == []


def test_the_code_lists_casys_uses_are_the_schemas() -> None:
    defs = untp.dcc_schema()["$defs"]
    attestation = defs["ConformityAttestation"]["properties"]
    assert tuple(attestation["attestationType"]["enum"]) == untp.ATTESTATION_TYPES
    assert tuple(attestation["assessmentLevel"]["enum"]) == untp.ASSESSMENT_LEVELS
    topics = defs["ConformityAssessment"]["properties"]["conformityTopic"]["enum"]
    assert tuple(topics) == untp.CONFORMITY_TOPICS


# --- certificates -----------------------------------------------------------------------------------


def full_certificate() -> dict[str, Any]:
    """A realistic, fully populated certificate: three standards, two sites, accredited, a versioned
    scheme with its owner, status entries."""
    return vc.certificate_credential(
        b.certificate_facts(
            standards=("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018"),
            scheme_id="https://cb.example/schemes/integrated-qhse",
            scheme_name="Integrated QHSE management-system certification",
            scheme_version="3.2.0",
            scheme_valid_from=date(2023, 7, 1),
            scheme_owner=Party("did:web:cb.example", "CB Example"),
            iaf_codes=("28", "29"),
            sites=(
                Party("https://cb.example/certificates/Q-0001#site-1", "Новый Уренгой gas plant"),
                Party("https://cb.example/certificates/Q-0001#site-2", "Moscow head office", "77-001"),
            ),
        )
    )


def minimal_certificate() -> dict[str, Any]:
    """The least a certificate carries: one standard, no accreditation, no scope text, codes or sites."""
    return vc.certificate_credential(
        CertificateFacts(
            id="https://cb.example/certificates/M-1",
            number="M-1",
            issuer=Party("did:web:cb.example", "CB Example"),
            holder=Party("https://cb.example/certificates/M-1#holder", "Acme"),
            standards=("ISO 9001:2015",),
            scheme_id="iso9001",
            scheme_name="ISO 9001:2015 certification",
            issue_date=date(2025, 1, 1),
            expiry_date=date(2027, 12, 31),
        )
    )


def test_a_fully_populated_multi_standard_certificate_validates_with_no_error() -> None:
    cred = full_certificate()
    assert claims_untp(cred)
    assert errors(cred) == []
    subject = cred["credentialSubject"]
    assert subject["assessmentLevel"] == "Accredited"
    assert subject["scope"]["owner"]["name"] == "CB Example"
    assert [a["conformityTopic"] for a in subject["assessment"]] == [
        "governance.compliance",
        "governance.compliance",
        "social.safety",
    ]


def test_a_minimal_certificate_validates_with_no_error() -> None:
    cred = minimal_certificate()
    assert errors(cred) == []
    subject = cred["credentialSubject"]
    assert subject["assessmentLevel"] == "Unspecified"
    assert "scope" not in subject  # UNTP's scope needs a scheme version and date casys was not given
    assert subject["scheme"] == {"id": "iso9001", "name": "ISO 9001:2015 certification"}


def test_the_demo_shaped_certificate_of_the_builders_validates_with_no_error() -> None:
    assert errors(vc.certificate_credential(b.certificate_facts())) == []


# --- test reports -----------------------------------------------------------------------------------

LAB = Party("did:web:lab.example", "Lab Example")


def _statement(sample: str, statement: str, lower: float | None, upper: float | None) -> ConformityStatement:
    return ConformityStatement(
        sample, "EN 71-3:2019", "Pb", 12.4, "mg/kg", 1.1, 2.0, lower, upper,
        "guarded acceptance", "ILAC G8:09/2019 4.2.3", statement,
    )  # fmt: skip


def test_a_fully_populated_test_report_credential_validates_with_no_error() -> None:
    facts = ReportFacts(
        "https://lab.example/reports/LAB-2025-0002", "LAB-2025-0002", "Migration of elements from toys",
        LAB, Party("urn:casys:body:acme", "Acme", "FR-123"), date(2025, 3, 1),
        (_statement("S-1", "conditional pass", None, 13.5), _statement("S-2", "fail", 1.0, 2.0),
         _statement("S-3", "pass", 0.0, 20.0)),
        supersedes="LAB-2025-0001",
    )  # fmt: skip
    cred = report_statement_credential(facts)
    assert claims_untp(cred)
    assert errors(cred) == []
    assert [a["id"] for a in cred["credentialSubject"]["assessment"]][-1].endswith("#assessment-3")


def test_a_minimal_test_report_credential_validates_with_no_error() -> None:
    facts = ReportFacts(
        "https://lab.example/reports/L-1",
        "L-1",
        "Toys",
        LAB,
        Party("urn:c", "Acme"),
        date(2025, 3, 1),
        (_statement("S-1", "pass", None, None),),
    )
    assert errors(report_statement_credential(facts)) == []


# --- kinds that do not claim UNTP -------------------------------------------------------------------


def accreditation() -> dict[str, Any]:
    return vc.accreditation_credential(b.accreditation_facts())


def performance() -> dict[str, Any]:
    score = PerformanceScore("A", "Pb", "µg/L", 10.0, 0.12, 0.5, 11.3, "z", 2.6, "questionable")
    return performance_credential(
        PerformanceFacts(
            "https://pt.example/p/1", Party("did:web:pt.example", "PT"), LAB, "L07", "pt-metals",
            "Metals in water", "R-2025-1", date(2025, 6, 1), (score,),
        )
    )  # fmt: skip


def status_list_credential() -> dict[str, Any]:
    return status_list.status_list_credential(
        b.SUSPENSION_URL, b.CB, status_list.empty("suspension"), "2025-01-01T00:00:00Z"
    )


@pytest.mark.parametrize(
    "build",
    [full_certificate, minimal_certificate, accreditation, performance, status_list_credential],
    ids=["certificate", "minimal-certificate", "accreditation", "pt-performance", "status-list"],
)
def test_every_kind_that_names_untp_validates_and_the_others_do_not_name_it(build: Any) -> None:
    cred = build()
    if claims_untp(cred):
        assert "DigitalConformityCredential" in cred["type"]
        assert errors(cred) == []
    else:
        assert not any("untp" in c for c in cred["@context"])
        assert "DigitalConformityCredential" not in cred["type"]


def test_accreditation_and_pt_performance_credentials_do_not_claim_untp() -> None:
    # UNTP 0.6.1's attestationType list has neither accreditation nor proficiency testing.
    for cred in (accreditation(), performance()):
        assert cred["@context"] == [vc.VC_V2]
        assert cred["credentialSubject"]["attestationType"] not in untp.ATTESTATION_TYPES
    assert accreditation()["type"] == ["VerifiableCredential", "AccreditationCredential"]


# --- the validator does fail ----------------------------------------------------------------------


def test_a_broken_certificate_gets_the_errors_named() -> None:
    cred = full_certificate()
    subject = cred["credentialSubject"]
    subject["assessmentLevel"] = "accredited"
    subject["type"] = ["ConformityAttestation"]
    del subject["assessment"][1]["conformityTopic"]
    subject["scope"]["id"] = "integrated qhse"  # not a URI
    cred["validFrom"] = "2024-03-01"  # a date, not a date-time
    assert errors(cred) == [
        "credentialSubject/assessment/1: 'conformityTopic' is a required property",
        "credentialSubject/assessmentLevel: 'accredited' is not one of "
        "['GovtApproval', 'GlobalMRA', 'Accredited', 'Verified', 'Validated', 'Unspecified']",
        "credentialSubject/scope/id: 'integrated qhse' is not a 'uri'",
        "credentialSubject/type: ['ConformityAttestation'] does not contain items matching the given schema",
        "validFrom: '2024-03-01' does not match "
        + repr(untp.dcc_schema()["properties"]["validFrom"]["pattern"]),
        "validFrom: '2024-03-01' is not a 'date-time'",
    ]


def test_the_060_certificate_shape_fails_the_061_schema_with_thirteen_errors() -> None:
    # the defect of issue 14: the 13 errors the issue counted on a demo certificate (no format
    # checks), and one more when formats are checked: the scheme id "iso9001" is not a URI
    plain = list(Draft202012Validator(untp.dcc_schema()).iter_errors(b.dcc_060_certificate()))
    assert len(plain) == 13, [e.message for e in plain]
    found = errors(b.dcc_060_certificate())
    assert len(found) == 14
    assert "credentialSubject/scope/id: 'iso9001' is not a 'uri'" in found
    assert "credentialSubject/assessmentLevel: 'accredited' is not one of" in " ".join(found)


def test_a_certificate_accredited_by_a_recognised_body_reads_back_from_the_validated_credential() -> None:
    # the validated shape is also the one the chain reads: standards and IAF codes round-trip
    cert = vc.certificate_from_credential(full_certificate())
    assert cert.standards == ("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018")
    assert cert.iaf_codes == ("28", "29")
    verdict = recognition.chain(
        cert, [recognition.Accreditation(
            "A", b.AB, b.CB, "certification-management-systems", "ISO/IEC 17021-1:2015",
            date(2020, 1, 1), date(2030, 1, 1),
            tuple(recognition.AccreditationScope(s, ("28", "29")) for s in cert.standards),
        )],
        b.ea_statuses(("ISO 9001", "ISO 14001", "ISO 45001")), datetime(2025, 6, 1, tzinfo=UTC).date(),
    )  # fmt: skip
    assert verdict.recognized

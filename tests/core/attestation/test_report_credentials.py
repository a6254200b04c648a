"""Test report and PT performance credentials: built, signed and verified with casys.core.credentials."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import pytest

from casys.core import credentials, signing
from casys.core.credentials import CredentialError, Party
from casys.core.report_credentials import (
    ConformityStatement,
    PerformanceFacts,
    PerformanceScore,
    ReportFacts,
    performance_credential,
    report_statement_credential,
)

LAB = "did:web:lab.example"
PT = "did:web:pt.example"
LAB_KEY = signing.private_key_from_seed(bytes([7]) * 32, LAB)
PT_KEY = signing.private_key_from_seed(bytes([8]) * 32, PT)
RINGS = [
    signing.Keyring(LAB, (LAB_KEY.public,), LAB_KEY.kid),
    signing.Keyring(PT, (PT_KEY.public,), PT_KEY.kid),
]
AT = datetime(2025, 7, 1, tzinfo=UTC)


def _statement(statement: str = "conditional pass") -> ConformityStatement:
    return ConformityStatement(
        sample="S-12",
        method="EN 71-3",
        measurand="lead",
        y=13.2,
        unit="mg/kg",
        U=1.1,
        k=2.0,
        lower=None,
        upper=13.5,
        rule_name="simple acceptance",
        rule_reference="ILAC G8:09/2019 4.2.1; JCGM 106:2012 8.2",
        statement=statement,
    )


def _report(*statements: ConformityStatement, supersedes: str | None = None) -> ReportFacts:
    return ReportFacts(
        id="https://lab.example/reports/LAB-2025-0002",
        number="LAB-2025-0002",
        title="Toys: migration of elements",
        laboratory=Party(LAB, "Lab"),
        customer=Party("urn:casys:body:acme", "Acme"),
        issue_date=date(2025, 6, 1),
        statements=statements or (_statement(),),
        supersedes=supersedes,
    )


def _performance() -> PerformanceFacts:
    return PerformanceFacts(
        id="https://pt.example/p/7",
        provider=Party(PT, "PT provider"),
        participant=Party(LAB, "Lab"),
        participant_code="L07",
        scheme_id="pt-3",
        scheme_name="Metals in water",
        round_code="2025-1",
        issue_date=date(2025, 6, 20),
        scores=(PerformanceScore("A", "Pb", "µg/L", 10.0, 0.12, 0.5, 11.3, "z", 2.6, "questionable"),),
    )


def _tamper(token: str) -> str:
    head, body, sig = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[len(raw) // 2] ^= 0x01
    return ".".join([head, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode(), sig])


def test_a_signed_test_report_credential_verifies_and_keeps_its_statement() -> None:
    token = credentials.sign(report_statement_credential(_report(supersedes="LAB-2025-0001")), LAB_KEY)
    result = credentials.verify(token, RINGS, AT)
    assert result.ok
    assert result.credential is not None
    subject = result.credential["credentialSubject"]
    assert subject["issuedToParty"] == {"id": "urn:casys:body:acme", "name": "Acme"}
    assert subject["supersedes"] == "LAB-2025-0001"
    assessment = subject["assessment"][0]
    assert assessment["statementOfConformity"] == "conditional pass"
    assert assessment["expandedUncertainty"] == {"U": 1.1, "k": 2.0, "unit": "mg/kg"}
    assert assessment["specificationLimits"] == {"lower": None, "upper": 13.5, "unit": "mg/kg"}
    # ISO/IEC 17025:2017 7.8.6: the reference for a statement of conformity.
    assert assessment["referenceStandard"]["name"] == "ISO/IEC 17025:2017"
    assert assessment["referenceClause"] == "7.8.6"
    assert "validUntil" not in result.credential


def test_a_one_byte_tamper_of_a_test_report_credential_fails_the_signature() -> None:
    token = credentials.sign(report_statement_credential(_report()), LAB_KEY)
    result = credentials.verify(_tamper(token), RINGS, AT)
    assert result.check("signature").state == "fail"
    assert not result.ok


@pytest.mark.parametrize(
    ("statement", "conforms"),
    [("pass", True), ("conditional pass", True), ("conditional fail", False), ("fail", False)],
)
def test_only_a_pass_or_conditional_pass_conforms(statement: str, conforms: bool) -> None:
    # ILAC G8:09/2019 4.2.1-4.2.3.
    c = report_statement_credential(_report(_statement(statement)))
    assert c["credentialSubject"]["assessment"][0]["conformance"] is conforms


def test_an_unknown_statement_is_refused_naming_its_position() -> None:
    with pytest.raises(CredentialError, match=r"statements\[1\]\.statement"):
        report_statement_credential(_report(_statement(), _statement("maybe")))


def test_a_signed_performance_credential_verifies_with_its_scores() -> None:
    token = credentials.sign(performance_credential(_performance()), PT_KEY)
    result = credentials.verify(token, RINGS, AT)
    assert result.ok
    assert result.credential is not None
    subject = result.credential["credentialSubject"]
    assert subject["issuedToParty"]["id"] == LAB
    assert result.credential["issuer"]["id"] == PT
    assert subject["referenceStandard"] == ["ISO/IEC 17043:2023", "ISO 13528:2022"]
    # not a UNTP DCC: UNTP 0.6.1 has no attestationType for proficiency testing
    assert result.credential["@context"] == [credentials.VC_V2]
    assert result.credential["type"] == ["VerifiableCredential", "ProficiencyTestingPerformanceCredential"]
    assert subject["assessment"][0]["assignedValue"] == {"x_pt": 10.0, "u_x_pt": 0.12, "unit": "µg/L"}
    assert subject["assessment"][0]["score"] == {"type": "z", "value": 2.6, "classification": "questionable"}
    assert subject["assessment"][0]["conformance"] is False


def test_a_one_byte_tamper_of_a_performance_credential_fails_the_signature() -> None:
    token = credentials.sign(performance_credential(_performance()), PT_KEY)
    assert credentials.verify(_tamper(token), RINGS, AT).check("signature").state == "fail"


def test_a_report_signed_with_another_issuers_key_is_refused() -> None:
    with pytest.raises(CredentialError, match="issuer"):
        credentials.sign(report_statement_credential(_report()), PT_KEY)

"""Test reports and PT performance reports as W3C Verifiable Credentials 2.0.

Companion of :mod:`casys.core.credentials` (signed and verified with its ``sign`` and
``verify``). Sources:

- W3C *Verifiable Credentials Data Model v2.0* (Recommendation, 15 May 2025): ``@context``
  (§4.3), ``type`` (§4.5), ``issuer`` (§4.7), ``validFrom`` (§4.9). A report has no expiry,
  so these credentials carry no ``validUntil``.
- UN/CEFACT UNTP *Digital Conformity Credential* 0.6.1 (schema vendored in
  ``casys/core/data/untp``), for a test report only: the subject is a ``ConformityAttestation``
  with ``issuedToParty`` and ``assessment[]`` (``referenceStandard``, ``conformityTopic``,
  ``conformance``), ``attestationType`` ``testing``. A PT performance credential does not claim
  UNTP: UNTP 0.6.1's ``attestationType`` code list has no proficiency testing (ISO/IEC 17043).
- ISO/IEC 17025:2017, 7.8.2.1 (report content), 7.8.3.1 c) (uncertainty), 7.8.6 (statements
  of conformity: the decision rule and the statement), 7.8.8 (amendment: the new report
  identifies the one it replaces); ILAC G8:09/2019, 4.2 (pass / conditional pass /
  conditional fail / fail); JCGM 106:2012, clause 8 (acceptance intervals).
- ISO/IEC 17043:2023, 7.4 (PT reports); ISO 13528:2022, clauses 7–9 (assigned value
  ``x_pt`` and its standard uncertainty ``u(x_pt)``, ``sigma_pt``, the scores) and 9.4–9.7
  (classification of z, z', zeta and En scores).

The casys extensions (terms outside UNTP, under the VC v2 ``@vocab``) are listed in
``docs/attestations.md (UNTP)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from casys.core import untp
from casys.core.credentials import UNTP_DCC, VC_V2, CredentialError, Party, issuer_json

__all__ = [
    "ISO_13528",
    "ISO_17025",
    "ISO_17043",
    "STATEMENTS",
    "ConformityStatement",
    "PerformanceFacts",
    "PerformanceScore",
    "ReportFacts",
    "performance_credential",
    "report_statement_credential",
]

#: The standards the attestations are made against (editions in force).
ISO_17025 = "ISO/IEC 17025:2017"
ISO_17043 = "ISO/IEC 17043:2023"
ISO_13528 = "ISO 13528:2022"
#: ILAC G8:09/2019, 4.2.1 to 4.2.3: the statements of conformity.
STATEMENTS = ("pass", "conditional pass", "conditional fail", "fail")


@dataclass(frozen=True)
class ConformityStatement:
    """One result of a report judged under one agreed decision rule (ISO/IEC 17025:2017 7.8.6)."""

    sample: str
    method: str
    measurand: str
    y: float
    unit: str
    U: float
    k: float
    lower: float | None
    upper: float | None
    rule_name: str
    rule_reference: str
    statement: str


@dataclass(frozen=True)
class ReportFacts:
    """What a test report credential states; ``supersedes`` is the number of the report it amends."""

    id: str
    number: str
    title: str
    laboratory: Party
    customer: Party
    issue_date: date
    statements: tuple[ConformityStatement, ...]
    supersedes: str | None = None
    #: ``credentialStatus`` entries (the issuer's status lists), set by the attestations layer
    status: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class PerformanceScore:
    """One item × measurand of a participant's PT report (ISO 13528:2022, clauses 7–9)."""

    item: str
    measurand: str
    unit: str
    x_pt: float
    u_x_pt: float
    sigma_pt: float
    x: float
    score_type: str
    score: float | None
    classification: str


@dataclass(frozen=True)
class PerformanceFacts:
    """What a PT performance credential states: one participant's scores in one round."""

    id: str
    provider: Party
    participant: Party
    participant_code: str
    scheme_id: str
    scheme_name: str
    round_code: str
    issue_date: date
    scores: tuple[PerformanceScore, ...]
    #: ``credentialStatus`` entries (the issuer's status lists), set by the attestations layer
    status: tuple[Mapping[str, str], ...] = ()


DCC = ([VC_V2, UNTP_DCC], ["VerifiableCredential", "DigitalConformityCredential"])
_PT = ([VC_V2], ["VerifiableCredential", "ProficiencyTestingPerformanceCredential"])


def envelope(
    cid: str,
    issuer: Party,
    name: str,
    on: date,
    subject: dict[str, Any],
    kind: tuple[list[str], list[str]],
    status: Sequence[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """The credential around ``subject``; ``kind`` = (contexts, types), e.g. :data:`DCC` for a UNTP
    Digital Conformity Credential (test reports, inspection reports, verification statements)."""
    out: dict[str, Any] = {
        "@context": list(kind[0]),
        "id": cid,
        "type": list(kind[1]),
        "issuer": issuer_json(issuer),
        "name": name,
        "validFrom": f"{on.isoformat()}T00:00:00Z",
        "credentialSubject": subject,
    }
    if status:
        out["credentialStatus"] = [dict(e) for e in status]
    return out


def _statement(i: int, s: ConformityStatement, facts: ReportFacts) -> dict[str, Any]:
    if s.statement not in STATEMENTS:
        raise CredentialError(f"statements[{i}].statement: {s.statement!r} is not one of {STATEMENTS}")
    return {
        "type": ["ConformityAssessment", "Declaration"],
        "id": f"{facts.id}#assessment-{i + 1}",
        "name": f"{s.sample}: {s.measurand}",
        "referenceStandard": untp.reference_standard(ISO_17025),
        "referenceClause": "7.8.6",
        # the specification is the customer's, its subject unknown here: no sustainability topic
        "conformityTopic": untp.DEFAULT_TOPIC,
        "assessedOrganisation": facts.customer.as_json(),
        "description": f"{s.sample}: {s.measurand} ({s.method})",
        "sample": s.sample,
        "method": s.method,
        "measurand": s.measurand,
        "measuredValue": {"value": s.y, "unit": s.unit},
        "expandedUncertainty": {"U": s.U, "k": s.k, "unit": s.unit},
        "specificationLimits": {"lower": s.lower, "upper": s.upper, "unit": s.unit},
        "decisionRule": {"name": s.rule_name, "reference": s.rule_reference},
        "statementOfConformity": s.statement,
        # ILAC G8:09/2019 4.2: a (conditional) pass conforms, a (conditional) fail does not.
        "conformance": s.statement in STATEMENTS[:2],
    }


def report_statement_credential(facts: ReportFacts) -> dict[str, Any]:
    """The unsigned credential of an issued test report (attestationType ``testing``).

    One ``assessment`` entry per result and decision rule, each with the value and unit,
    U and k, the specification limits, the rule's name and reference and the statement.

    >>> s = ConformityStatement("S-1", "M-7", "lead", 0.8, "mg/kg", 0.1, 2.0, None, 1.0,
    ...     "guarded acceptance", "ILAC G8:09/2019 4.2.3", "pass")
    >>> f = ReportFacts("https://lab.example/r/L-1", "L-1", "Toys", Party("did:web:lab.example", "Lab"),
    ...     Party("urn:c", "Acme"), date(2025, 3, 1), (s,), supersedes="L-0")
    >>> c = report_statement_credential(f)
    >>> a = c["credentialSubject"]["assessment"][0]
    >>> a["statementOfConformity"], a["conformance"], c["credentialSubject"]["supersedes"]
    ('pass', True, 'L-0')
    """
    if not facts.statements:
        raise CredentialError("statements: a test report credential states at least one result")
    subject: dict[str, Any] = {
        "type": ["ConformityAttestation", "Attestation"],
        "id": f"{facts.id}#attestation",
        "name": f"Test report {facts.number}: {facts.title}",
        "reportNumber": facts.number,
        "issueDate": facts.issue_date.isoformat(),
        "assessorLevel": "3rdParty",
        # the report facts carry no accreditation yet (docs/attestations.md (UNTP))
        "assessmentLevel": "Unspecified",
        "attestationType": "testing",
        "issuedToParty": facts.customer.as_json(),
        "assessment": [_statement(i, s, facts) for i, s in enumerate(facts.statements)],
    }
    if facts.supersedes:
        subject["supersedes"] = facts.supersedes
    return envelope(facts.id, facts.laboratory, subject["name"], facts.issue_date, subject, DCC, facts.status)


def _score(s: PerformanceScore, participant: Party) -> dict[str, Any]:
    return {
        "type": ["PerformanceEvaluation"],
        "referenceStandard": {"type": ["Standard"], "name": ISO_13528},
        "assessedOrganisation": participant.as_json(),
        "description": f"{s.item}: {s.measurand}",
        "item": s.item,
        "measurand": s.measurand,
        "assignedValue": {"x_pt": s.x_pt, "u_x_pt": s.u_x_pt, "unit": s.unit},
        "sigma_pt": s.sigma_pt,
        "result": {"value": s.x, "unit": s.unit},
        "score": {"type": s.score_type, "value": s.score, "classification": s.classification},
        # ISO 13528:2022 9.4–9.7: acceptable / satisfactory performance.
        "conformance": s.classification in ("satisfactory", "acceptable"),
    }


def performance_credential(facts: PerformanceFacts) -> dict[str, Any]:
    """The unsigned credential of one participant's PT performance report (ISO/IEC 17043:2023 7.4).

    Not a UNTP DCC (UNTP 0.6.1 has no ``attestationType`` for proficiency testing): the VC
    context only, type ``ProficiencyTestingPerformanceCredential``.

    >>> s = PerformanceScore("A", "Pb", "mg/kg", 10.0, 0.1, 0.5, 10.6, "z", 1.2, "satisfactory")
    >>> f = PerformanceFacts("https://pt.example/p/1", Party("did:web:pt.example", "PT"),
    ...     Party("did:web:lab.example", "Lab"), "L07", "pt-1", "Metals in water", "R-2025-1",
    ...     date(2025, 6, 1), (s,))
    >>> c = performance_credential(f)
    >>> c["credentialSubject"]["referenceStandard"], c["credentialSubject"]["assessment"][0]["score"]
    (['ISO/IEC 17043:2023', 'ISO 13528:2022'], {'type': 'z', 'value': 1.2, 'classification': 'satisfactory'})
    """
    if not facts.scores:
        raise CredentialError("scores: a performance credential states at least one score")
    subject: dict[str, Any] = {
        "type": ["ProficiencyTestingPerformance"],
        "id": f"{facts.id}#attestation",
        "name": f"PT performance {facts.round_code} {facts.participant_code}",
        "assessorLevel": "3rdParty",
        "attestationType": "proficiencyTesting",
        "issuedToParty": facts.participant.as_json(),
        "participantCode": facts.participant_code,
        "referenceStandard": [ISO_17043, ISO_13528],
        "scheme": {"id": facts.scheme_id, "name": facts.scheme_name},
        "round": facts.round_code,
        "assessment": [_score(s, facts.participant) for s in facts.scores],
    }
    return envelope(facts.id, facts.provider, subject["name"], facts.issue_date, subject, _PT, facts.status)

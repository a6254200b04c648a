"""An inspection report or certificate as a W3C Verifiable Credential 2.0 (ISO/IEC 17020:2012 7.4).

The subject is a UN/CEFACT UNTP *Digital Conformity Credential* 0.6.1 ``ConformityAttestation``
with ``attestationType`` ``inspection``; it carries every element 17020 7.4.2 lists (issuing body,
unique identification and date of issue, dates of inspection, items inspected, approval, statement
of conformity, results), each result marked when a subcontractor supplied it (7.4.4), and the
number of the report a correction supersedes (7.4.4: a new report, never an edit). A report has no
expiry: no ``validUntil``. Signed and verified with :mod:`casys.core.credentials`.

>>> r = InspectionResult("crane-12", "hook-latch", "EN 13155 5.1", "Hook latch", True, "pass")
>>> f = InspectionReportFacts("https://ib.example/r/1", "IB-1", Party("did:web:ib.example", "IB"),
...     Party("urn:c", "Acme"), date(2026, 3, 3), (date(2026, 3, 2),), ("crane-12",), "Ines Inspector",
...     "The item conforms.", True, (r,), "lifting-equipment-periodic", "Lifting", supersedes="IB-0")
>>> c = inspection_report_credential(f)
>>> s = c["credentialSubject"]
>>> s["attestationType"], s["inspectionDates"], s["supersedes"], s["assessment"][0]["conformance"]
('inspection', ['2026-03-02'], 'IB-0', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casys.core import untp
from casys.core.credentials import CredentialError, Party
from casys.core.report_credentials import DCC, envelope

ISO_17020 = "ISO/IEC 17020:2012"


@dataclass(frozen=True)
class InspectionResult:
    """One checklist answer for one item; ``subcontractor`` names who supplied it (7.4.4)."""

    item: str
    check: str
    requirement: str
    text: str
    passed: bool
    detail: str
    subcontractor: str = ""


@dataclass(frozen=True)
class InspectionReportFacts:
    """What an inspection report credential states (the 7.4.2 elements a) to g))."""

    id: str
    number: str
    body: Party
    client: Party
    issue_date: date
    inspected_on: tuple[date, ...]
    items: tuple[str, ...]
    approved_by: str
    statement: str
    conforms: bool
    results: tuple[InspectionResult, ...]
    scheme_id: str
    scheme_name: str
    supersedes: str | None = None
    #: ``credentialStatus`` entries (the issuer's status lists), set by the attestations layer
    status: tuple[Mapping[str, str], ...] = ()


def _result(i: int, r: InspectionResult, facts: InspectionReportFacts) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": ["ConformityAssessment", "Declaration"],
        "id": f"{facts.id}#result-{i + 1}",
        "name": f"{r.item}: {r.text}",
        "referenceStandard": untp.reference_standard(ISO_17020),
        "referenceClause": "7.4.2 g)",
        "conformityTopic": untp.DEFAULT_TOPIC,
        "assessedOrganisation": facts.client.as_json(),
        "description": f"{r.item}: {r.text} ({r.requirement}): {r.detail}",
        "item": r.item,
        "check": r.check,
        "requirement": r.requirement,
        "result": r.detail,
        "conformance": r.passed,
    }
    if r.subcontractor:
        out["suppliedBySubcontractor"] = r.subcontractor  # 17020 7.4.4
    return out


def inspection_report_credential(facts: InspectionReportFacts) -> dict[str, Any]:
    """The unsigned credential of an issued inspection report."""
    if not facts.results:
        raise CredentialError("results: an inspection report credential states its results (7.4.2 g))")
    if not facts.inspected_on:
        raise CredentialError("inspected_on: the dates of inspection are missing (7.4.2 c))")
    name = f"Inspection report {facts.number}"
    subject: dict[str, Any] = {
        "type": ["ConformityAttestation", "Attestation"],
        "id": f"{facts.id}#attestation",
        "name": name,
        "reportNumber": facts.number,
        "issueDate": facts.issue_date.isoformat(),
        "assessorLevel": "3rdParty",
        "assessmentLevel": "Unspecified",
        "attestationType": "inspection",
        "issuedToParty": facts.client.as_json(),
        "scheme": {"id": facts.scheme_id, "name": facts.scheme_name},
        "inspectionDates": [d.isoformat() for d in facts.inspected_on],
        "itemsInspected": list(facts.items),
        "approvedBy": facts.approved_by,
        "statementOfConformity": facts.statement,
        "conformance": facts.conforms,
        "assessment": [_result(i, r, facts) for i, r in enumerate(facts.results)],
    }
    if facts.supersedes:
        subject["supersedes"] = facts.supersedes
    return envelope(facts.id, facts.body, name, facts.issue_date, subject, DCC, facts.status)

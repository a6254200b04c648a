"""A validation or verification statement (ISO/IEC 17029, ISO 14064-3) as a W3C Verifiable Credential.

Shaped like UN/CEFACT UNTP's Digital Conformity Credential where it fits: the
subject is a ``ConformityAttestation`` with ``attestationType`` ``verification``
(or ``validation``), ``issuedToParty`` (the client) and one ``assessment``
against ISO 14064-3 whose ``conformityTopic`` is ``environment.emissions``. The
verified figures (t CO2e by category and in total, the period, the level of
assurance, the materiality levels, the opinion) are casys terms under the VC v2
``@vocab``. A correction is a new statement that names the one it supersedes.

>>> f = StatementFacts("https://vv.example/s/V-1", "V-1", Party("did:web:vv.example", "VV"),
...     Party("urn:c", "Acme"), date(2026, 3, 1), "verification", "reasonable", "2025-01-01", "2025-12-31",
...     "AR6", 1000.0, {"1": 900.0, "2": 100.0}, (("total emissions", 50.0, "t CO2e", "5 %"),),
...     "unmodified", ())
>>> c = statement_credential(f)
>>> s = c["credentialSubject"]
>>> s["attestationType"], s["assessment"][0]["conformance"], s["verifiedEmissions"]["total_tco2e"]
('verification', True, 1000.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casys.core import untp
from casys.core.credentials import CredentialError, Party
from casys.core.report_credentials import DCC, envelope

ISO_14064_3 = "ISO 14064-3:2019"
TYPES = ("verification", "validation")
ASSURANCE = ("reasonable", "limited")
OPINIONS = ("unmodified", "modified", "adverse", "disclaimer")


@dataclass(frozen=True)
class StatementFacts:
    """What a statement credential states. ``materiality``: (base, level, unit, rule) per base."""

    id: str
    number: str
    body: Party
    client: Party
    issue_date: date
    engagement_type: str
    assurance: str
    period_start: str
    period_end: str
    gwp: str
    total_tco2e: float
    by_category: Mapping[str, float]
    materiality: tuple[tuple[str, float, str, str], ...]
    opinion: str
    reasons: tuple[str, ...]
    programme: str = ""
    supersedes: str | None = None
    #: removals reported apart from emissions (ISO 14064-1:2018 9.3.1), t CO2e by category
    removals: Mapping[str, float] | None = None
    #: the base year: year, t CO2e, threshold and whether it was recalculated (ISO 14064-1:2018 6.4)
    base_year: Mapping[str, Any] | None = None
    #: a claim other than an inventory (ISO 14064-2 project): claim type, result by period, total
    claim: Mapping[str, Any] | None = None
    #: ``credentialStatus`` entries (the issuer's status lists), set by the attestations layer
    status: tuple[Mapping[str, str], ...] = ()


def statement_credential(facts: StatementFacts) -> dict[str, Any]:
    """The unsigned credential of an issued validation/verification statement."""
    if facts.engagement_type not in TYPES:
        raise CredentialError(f"engagement_type: {facts.engagement_type!r} is not one of {TYPES}")
    if facts.assurance not in ASSURANCE:
        raise CredentialError(f"assurance: {facts.assurance!r} is not one of {ASSURANCE}")
    if facts.opinion not in OPINIONS:
        raise CredentialError(f"opinion: {facts.opinion!r} is not one of {OPINIONS}")
    name = f"{facts.engagement_type.capitalize()} statement {facts.number}"
    assessment = {
        "type": ["ConformityAssessment", "Declaration"],
        "id": f"{facts.id}#assessment-1",
        "name": f"GHG statement of {facts.client.name}, {facts.period_start} to {facts.period_end}",
        "referenceStandard": untp.reference_standard(ISO_14064_3),
        "conformityTopic": untp.conformity_topic(ISO_14064_3),
        "assessedOrganisation": facts.client.as_json(),
        "description": f"{facts.assurance} assurance; opinion: {facts.opinion}",
        # an unmodified opinion: the statement is fairly stated (free of material misstatement)
        "conformance": facts.opinion == "unmodified",
    }
    subject: dict[str, Any] = {
        "type": ["ConformityAttestation", "Attestation"],
        "id": f"{facts.id}#attestation",
        "name": name,
        "statementNumber": facts.number,
        "issueDate": facts.issue_date.isoformat(),
        "assessorLevel": "3rdParty",
        "assessmentLevel": "Unspecified",
        "attestationType": facts.engagement_type,
        "issuedToParty": facts.client.as_json(),
        "assessment": [assessment],
        "levelOfAssurance": facts.assurance,
        "programme": facts.programme,
        "reportingPeriod": {"start": facts.period_start, "end": facts.period_end},
        "verifiedEmissions": {
            "gwp": facts.gwp,
            "total_tco2e": facts.total_tco2e,
            "by_category": dict(facts.by_category),
        },
        "materiality": [
            {"base": b, "level": lv, "unit": unit, "rule": rule} for b, lv, unit, rule in facts.materiality
        ],
        "opinion": {"type": facts.opinion, "reasons": list(facts.reasons)},
    }
    if facts.removals:
        subject["verifiedRemovals"] = {
            "total_tco2e": sum(facts.removals.values()),
            "by_category": dict(facts.removals),
        }
    if facts.base_year:
        subject["baseYear"] = dict(facts.base_year)
    if facts.claim:
        subject["verifiedClaim"] = dict(facts.claim)
    if facts.supersedes:
        subject["supersedes"] = facts.supersedes
    return envelope(facts.id, facts.body, name, facts.issue_date, subject, DCC, facts.status)

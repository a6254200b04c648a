"""Person certificates (ISO/IEC 17024:2012 9.4.8) as W3C Verifiable Credentials 2.0 that also read as
Open Badges 3.0 achievement credentials.

Sources:

- W3C *Verifiable Credentials Data Model v2.0* (Recommendation, 15 May 2025): ``@context`` (§4.3,
  the VC v2 context first), ``type`` (§4.5), ``issuer`` (§4.7), ``validFrom``/``validUntil`` (§4.9),
  ``credentialStatus`` (§4.10).
- 1EdTech *Open Badges Specification 3.0*: the credential's ``type`` holds ``OpenBadgeCredential``
  (the spec's alias of ``AchievementCredential``) and its context
  ``https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json``; the issuer is a ``Profile``; the
  subject is an ``AchievementSubject`` with an ``achievement`` (``Achievement``: ``id``, ``name``,
  ``description``, ``criteria.narrative``, ``achievementType`` ``Certification``). Checked against 1EdTech's
  published JSON Schema of the AchievementCredential (vendored in ``casys/persons/schemas/`` with its
  provenance; ``tests/persons/test_open_badges.py``: 0 errors). The schema gives
  ``credentialStatus`` as one object; casys keeps the two entries VC 2.0 §4.10 allows (suspension
  and revocation), each valid as the schema's ``CredentialStatus``.
- ISO/IEC 17024:2012 9.4.8: the certificate names the person, the unique certificate number, the
  certification body, the scheme, the scope, the effective and expiry dates.

The subject states nothing beyond what the certificate states: no date of birth, no results.

>>> f = PersonCertificateFacts("https://cb.example/persons/verify/cb/P-1/", "P-1",
...     Party("did:web:cb.example", "CB"), "Ann Lee", "ndt-iso9712", "NDT personnel", "UT-2",
...     "ISO/IEC 17024:2012", date(2026, 1, 5), date(2031, 1, 4))
>>> c = person_certificate_credential(f)
>>> c["type"], c["credentialSubject"]["achievement"]["achievementType"], c["validUntil"]
(['VerifiableCredential', 'OpenBadgeCredential'], 'Certification', '2031-01-04T23:59:59Z')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casys.core.attestation_credentials import VC_V2, CredentialError, Party

#: Open Badges 3.0 JSON-LD context (1EdTech).
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@dataclass(frozen=True)
class PersonCertificateFacts:
    """What a person certificate credential states (ISO/IEC 17024:2012 9.4.8)."""

    id: str
    number: str
    issuer: Party
    person: str
    scheme_id: str
    scheme_name: str
    scope: str
    standard: str
    issue_date: date
    expiry_date: date
    status: tuple[Mapping[str, str], ...] = ()


def person_certificate_credential(facts: PersonCertificateFacts) -> dict[str, Any]:
    """The unsigned credential of a person certificate."""
    if not facts.person.strip():
        raise CredentialError("person: a person certificate names the certified person")
    if facts.expiry_date < facts.issue_date:
        raise CredentialError("expiry_date: before the issue date")
    achievement = {
        "id": f"{facts.id}#achievement",
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": f"{facts.scheme_name}: {facts.scope}",
        "description": f"Certified under scheme {facts.scheme_id}, scope {facts.scope} ({facts.standard})",
        "criteria": {
            "narrative": f"Examination and certification decision under {facts.standard}, "
            f"scheme {facts.scheme_id}"
        },
    }
    out: dict[str, Any] = {
        "@context": [VC_V2, OB_V3],
        "id": facts.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": facts.issuer.id, "type": ["Profile"], "name": facts.issuer.name},
        "name": f"Person certificate {facts.number}",
        "validFrom": f"{facts.issue_date.isoformat()}T00:00:00Z",
        "validUntil": f"{facts.expiry_date.isoformat()}T23:59:59Z",
        "credentialSubject": {
            "id": f"{facts.id}#holder",
            "type": ["AchievementSubject"],
            "name": facts.person,
            "certificateNumber": facts.number,
            "scope": facts.scope,
            "achievement": achievement,
        },
    }
    if facts.status:
        out["credentialStatus"] = [dict(e) for e in facts.status]
    return out

"""What an attestation credential states: the facts, the unsigned credential, and reading it back.

Companion of :mod:`casys.core.credentials` (which signs and verifies, and re-exports every name
here). Sources:

- W3C *Verifiable Credentials Data Model v2.0* (Recommendation, 15 May 2025): ``@context``
  (§4.3), ``type`` (§4.5), ``issuer`` (§4.7), ``validFrom``/``validUntil`` (§4.9),
  ``credentialStatus`` (§4.10).
- Shape of a certificate: UN/CEFACT UNTP *Digital Conformity Credential* 0.6.1 (JSON Schema
  vendored in ``casys/core/data/untp``; :mod:`casys.core.untp`) — the subject is a
  ``ConformityAttestation`` with ``issuedToParty``, ``scope`` (the scheme), ``assessment[]``
  (one ``ConformityAssessment`` per standard certified to) and ``authorisation`` (the issuer's
  accreditation). An accreditation credential does not claim UNTP (UNTP 0.6.1 has no
  ``attestationType`` for accreditation). Mapping and casys extensions: ``docs/attestations.md (UNTP)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from casys.core import recognition, status_list, untp

__all__ = [
    "MEDIA_TYPE",
    "UNTP_DCC",
    "VC_V2",
    "AccreditationFacts",
    "CertificateFacts",
    "CredentialError",
    "Party",
    "accreditation_credential",
    "accreditation_from_credential",
    "certificate_credential",
    "certificate_from_credential",
    "issuer_id",
    "issuer_json",
    "standards_of",
]

#: VC Data Model 2.0, §4.3: the base context, always first.
VC_V2 = "https://www.w3.org/ns/credentials/v2"
#: UN/CEFACT UNTP Digital Conformity Credential context, version 0.6.1: the second ``@context``
#: entry the 0.6.1 schema requires (``prefixItems``) and its sample instance uses.
UNTP_DCC = "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/"
#: The media type VC-JOSE-COSE registers (IANA considerations section).
MEDIA_TYPE = "application/vc+jwt"


class CredentialError(ValueError):
    """Facts handed in cannot make a credential, or a credential lacks a field; the message names it."""


# --- building ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A party (UNTP ``Party``): an identifier (a DID or URL), a name and an optional register number."""

    id: str
    name: str
    registered_id: str | None = None

    def as_json(self) -> dict[str, str]:
        """The party as UNTP JSON."""
        out = {"id": self.id, "name": self.name}
        if self.registered_id:
            out["registeredId"] = self.registered_id
        return out


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate credential states: a management-system, product or person certificate.

    ``standards``: every standard the certificate is for (at least one), each stated as its own
    UNTP ``ConformityAssessment``; the certificate has one scheme (``scheme_id``, ``scheme_name``).
    UNTP's ``scope`` (``ConformityScheme``) requires the scheme's version, the date that version
    applies from and its owner: it is stated when ``scheme_version`` and ``scheme_valid_from``
    are given (owner ``scheme_owner``, else the issuer); otherwise the scheme goes in the casys
    extension ``scheme {id, name}`` (docs/attestations.md (UNTP)).
    """

    id: str
    number: str
    issuer: Party
    holder: Party
    standards: tuple[str, ...]
    scheme_id: str
    scheme_name: str
    issue_date: date
    expiry_date: date
    scope: str = ""
    iaf_codes: tuple[str, ...] = ()
    sites: tuple[Party, ...] = ()
    accreditation_id: str | None = None
    accreditation_body: Party | None = None
    status: tuple[Mapping[str, str], ...] = ()
    scheme_version: str = ""
    scheme_valid_from: date | None = None
    scheme_owner: Party | None = None


@dataclass(frozen=True)
class AccreditationFacts:
    """What an accreditation credential states (issued by the accreditation body to a CAB)."""

    id: str
    number: str
    body: Party
    cab: Party
    activity: str
    standard: str
    scopes: tuple[recognition.AccreditationScope, ...]
    valid_from: date
    valid_until: date
    status: tuple[Mapping[str, str], ...] = ()


def _start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _end(day: date) -> str:
    return f"{day.isoformat()}T23:59:59Z"


def _envelope(
    cid: str,
    issuer: Party,
    name: str,
    valid: tuple[date, date],
    subject: dict[str, Any],
    status: Sequence[Mapping[str, str]],
    kind: tuple[list[str], list[str]] | None = None,
) -> dict[str, Any]:
    """The credential around ``subject``; ``kind`` = (contexts, types), a UNTP DCC when None."""
    if valid[1] < valid[0]:
        raise CredentialError(f"validUntil: {valid[1]} is before validFrom {valid[0]}")
    contexts, types = kind or ([VC_V2, UNTP_DCC], ["VerifiableCredential", "DigitalConformityCredential"])
    credential: dict[str, Any] = {
        "@context": contexts,
        "id": cid,
        "type": types,
        "issuer": issuer_json(issuer),
        "name": name,
        "validFrom": _start(valid[0]),
        "validUntil": _end(valid[1]),
        "credentialSubject": subject,
    }
    if status:
        credential["credentialStatus"] = [dict(s) for s in status]
    return credential


def issuer_json(issuer: Party) -> dict[str, Any]:
    """UNTP ``CredentialIssuer``: ``{type, id, name}`` — the schema allows no other member, so a
    register number of the issuer is not stated (``issuerAlsoKnownAs`` would need a URI for it)."""
    return {"type": ["CredentialIssuer"], "id": issuer.id, "name": issuer.name}


def _certificate_assessment(facts: CertificateFacts, i: int, standard: str) -> dict[str, Any]:
    assessment: dict[str, Any] = {
        "type": ["ConformityAssessment", "Declaration"],
        "id": f"{facts.id}#assessment-{i + 1}",
        "name": f"{standard} certification of {facts.holder.name}",
        "referenceStandard": untp.reference_standard(standard),
        "conformityTopic": untp.conformity_topic(standard),
        "assessedOrganisation": facts.holder.as_json(),
        "conformance": True,
    }
    if facts.scope:
        assessment["description"] = facts.scope
    if facts.iaf_codes:
        assessment["iafCodes"] = list(facts.iaf_codes)
    if facts.sites:
        assessment["assessedFacility"] = [
            {"type": ["FacilityVerification"], "facility": s.as_json()} for s in facts.sites
        ]
    return assessment


def _scheme(facts: CertificateFacts) -> dict[str, Any]:
    if bool(facts.scheme_version) != (facts.scheme_valid_from is not None):
        raise CredentialError("scheme_version, scheme_valid_from: give both or neither")
    if facts.scheme_valid_from is None:
        return {"scheme": {"id": facts.scheme_id, "name": facts.scheme_name}}
    owner = facts.scheme_owner or facts.issuer
    return {
        "scope": {
            "type": ["ConformityScheme"],
            "id": untp.uri(facts.scheme_id, "scheme"),
            "name": facts.scheme_name,
            "description": facts.scheme_name,
            "version": facts.scheme_version,
            "validFrom": facts.scheme_valid_from.isoformat(),
            "owner": owner.as_json(),
        }
    }


def _authorisation(facts: CertificateFacts) -> dict[str, Any]:
    if facts.accreditation_id is None:
        return {"assessmentLevel": "Unspecified"}
    if facts.accreditation_body is None:
        raise CredentialError("accreditation_body: required with accreditation_id")
    return {
        "assessmentLevel": "Accredited",
        "authorisation": [
            {
                "type": ["Endorsement"],
                "id": untp.uri(facts.accreditation_id, "accreditation"),
                "name": f"Accreditation of {facts.issuer.name}",
                "issuingAuthority": facts.accreditation_body.as_json(),
                "endorsementEvidence": {
                    "type": ["Link"],
                    "linkURL": facts.accreditation_id,
                    "linkName": f"Accreditation credential ({MEDIA_TYPE})",
                },
            }
        ],
    }


def certificate_credential(facts: CertificateFacts) -> dict[str, Any]:
    """The unsigned credential of a certificate (UNTP DCC 0.6.1 ``ConformityAttestation``,
    attestationType ``certification``), one ``assessment`` per standard; its validity is the
    certificate's, issue day 00:00 to expiry day 23:59:59 UTC.

    >>> f = CertificateFacts(id="https://cb.example/c/Q-1", number="Q-1",
    ...     issuer=Party("did:web:cb.example", "CB"), holder=Party("urn:x", "Acme"),
    ...     standards=("ISO 9001:2015", "ISO 14001:2015"), scheme_id="iso9001-14001",
    ...     scheme_name="Integrated QMS and EMS certification",
    ...     issue_date=date(2024, 3, 1), expiry_date=date(2027, 2, 28))
    >>> c = certificate_credential(f)
    >>> c["validUntil"], [a["referenceStandard"]["name"] for a in c["credentialSubject"]["assessment"]]
    ('2027-02-28T23:59:59Z', ['ISO 9001:2015', 'ISO 14001:2015'])
    """
    if isinstance(facts.standards, str) or not facts.standards or not all(facts.standards):
        raise CredentialError(f"standards: a non-empty tuple of standard references, not {facts.standards!r}")
    if len(set(facts.standards)) != len(facts.standards):
        raise CredentialError(f"standards: {facts.standards!r} names a standard twice")
    subject: dict[str, Any] = {
        "type": ["ConformityAttestation", "Attestation"],
        "id": f"{facts.id}#attestation",
        "name": f"{', '.join(facts.standards)} certificate {facts.number}",
        "certificateNumber": facts.number,
        "assessorLevel": "3rdParty",
        "attestationType": "certification",
        "issuedToParty": facts.holder.as_json(),
        **_authorisation(facts),
        **_scheme(facts),
        "assessment": [_certificate_assessment(facts, i, s) for i, s in enumerate(facts.standards)],
    }
    if facts.scope:
        subject["description"] = facts.scope
    return _envelope(
        facts.id, facts.issuer, subject["name"], (facts.issue_date, facts.expiry_date), subject, facts.status
    )


def accreditation_credential(facts: AccreditationFacts) -> dict[str, Any]:
    """The unsigned credential of an accreditation (attestationType ``accreditation``), issued by the AB.

    Not a UNTP DCC: UNTP 0.6.1 has no ``attestationType`` for accreditation (ISO/IEC 17000:2020
    keeps accreditation apart from certification) and states an accreditation as the
    ``authorisation`` of the certificates the CAB issues. So the credential names only the VC
    context and the type ``AccreditationCredential``; its subject keeps the DCC-like members
    casys reads. The scope lines go in ``accreditationScope`` (docs/attestations.md (UNTP)).
    """
    if facts.activity not in recognition.ACTIVITIES:
        raise CredentialError(f"activity: {facts.activity!r} is not one of {tuple(recognition.ACTIVITIES)}")
    scopes = [
        {"normativeDocument": s.normative_document, "iafCodes": list(s.iaf_codes), "methods": list(s.methods)}
        for s in facts.scopes
    ]
    subject: dict[str, Any] = {
        "type": ["Accreditation"],
        "id": f"{facts.id}#attestation",
        "name": f"Accreditation {facts.number} to {facts.standard}",
        "accreditationNumber": facts.number,
        "assessorLevel": "3rdParty",
        "attestationType": "accreditation",
        "issuedToParty": facts.cab.as_json(),
        "activity": facts.activity,
        "assessment": [
            {
                "type": ["ConformityAssessment"],
                "referenceStandard": {"type": ["Standard"], "name": facts.standard},
                "assessedOrganisation": facts.cab.as_json(),
                "conformance": True,
            }
        ],
        "accreditationScope": scopes,
    }
    kind = ([VC_V2], ["VerifiableCredential", "AccreditationCredential"])
    valid = (facts.valid_from, facts.valid_until)
    return _envelope(facts.id, facts.body, subject["name"], valid, subject, facts.status, kind)


# --- reading ----------------------------------------------------------------------------------


def issuer_id(credential: Mapping[str, Any]) -> str:
    """The issuer's identifier: ``issuer`` itself or its ``id``."""
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    if not isinstance(issuer, str):
        raise CredentialError("issuer: missing, or an object without id")
    return issuer


def _day(credential: Mapping[str, Any], member: str) -> date:
    value = credential.get(member)
    if value is None:
        raise CredentialError(f"{member}: missing")
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise CredentialError(f"{member}: {value!r} is not an XML Schema dateTimeStamp") from exc
    if when.tzinfo is None:
        raise CredentialError(f"{member}: {value!r} has no time zone")
    return when.astimezone(UTC).date()


def _subject(credential: Mapping[str, Any]) -> Mapping[str, Any]:
    subject = credential.get("credentialSubject")
    if not isinstance(subject, Mapping):
        raise CredentialError("credentialSubject: missing or not an object")
    return subject


def standards_of(credential: Mapping[str, Any]) -> tuple[str, ...]:
    """The standards a credential's assessments reference (``assessment[i].referenceStandard.name``),
    in order, each once; ``()`` when it states none (a status list). Reads every shape casys has
    signed: one assessment (UNTP DCC 0.6.0 certificates) or one per standard (0.6.1).

    >>> ref = lambda name: {"referenceStandard": {"name": name}}
    >>> standards_of({"credentialSubject": {"assessment": [ref("ISO 9001:2015"), ref("ISO 14001:2015"),
    ...     ref("ISO 9001:2015")]}})
    ('ISO 9001:2015', 'ISO 14001:2015')
    """
    subject = credential.get("credentialSubject")
    assessments = subject.get("assessment") if isinstance(subject, Mapping) else None
    if not isinstance(assessments, list):
        return ()
    names = (a.get("referenceStandard") for a in assessments if isinstance(a, Mapping))
    found = (r.get("name") for r in names if isinstance(r, Mapping))
    return tuple(dict.fromkeys(n for n in found if isinstance(n, str) and n))


def _standards(subject: Mapping[str, Any]) -> tuple[str, ...]:
    """Strict: every assessment names its standard (a string); at least one assessment."""
    assessments = subject.get("assessment")
    if not isinstance(assessments, list) or not assessments:
        raise CredentialError("credentialSubject.assessment: missing, empty or not a list")
    out: list[str] = []
    for i, a in enumerate(assessments):
        where = f"credentialSubject.assessment[{i}].referenceStandard.name"
        try:
            name = a["referenceStandard"]["name"]
        except (KeyError, TypeError) as exc:
            raise CredentialError(f"{where}: missing") from exc
        if not isinstance(name, str) or not name:
            raise CredentialError(f"{where}: not a string")
        if name not in out:
            out.append(name)
    return tuple(out)


def _iaf_codes(subject: Mapping[str, Any]) -> tuple[str, ...]:
    """The certificate's IAF codes: every assessment's ``iafCodes`` (0.6.0 certificates carry
    them on the one assessment; 0.6.1 ones repeat them on each), each once."""
    codes: dict[str, None] = {}
    for i, a in enumerate(subject["assessment"]):
        raw = a.get("iafCodes", [])
        if not isinstance(raw, list):
            raise CredentialError(f"credentialSubject.assessment[{i}].iafCodes: not a list")
        codes.update(dict.fromkeys(str(c) for c in raw))
    return tuple(codes)


def certificate_from_credential(
    credential: Mapping[str, Any], flagged: Sequence[status_list.EntryStatus] = (), on: date | None = None
) -> recognition.Certificate:
    """The chain's view of a certificate credential (every standard it names); a set status bit
    becomes an event dated ``on``."""
    subject = _subject(credential)
    if subject.get("attestationType") != "certification":
        raise CredentialError(
            f"credentialSubject.attestationType: {subject.get('attestationType')!r}, expected 'certification'"
        )
    events = tuple(
        recognition.CertificateEvent(
            on or _day(credential, "validFrom"),
            "suspended" if f.purpose == "suspension" else "withdrawn",
            f"status list {f.list_url}, bit {f.index}; a list gives no date",
        )
        for f in flagged
    )
    standards = _standards(subject)
    return recognition.Certificate(
        number=str(subject.get("certificateNumber", credential.get("id"))),
        issuer=issuer_id(credential),
        standards=standards,
        issue_date=_day(credential, "validFrom"),
        expiry_date=_day(credential, "validUntil"),
        iaf_codes=_iaf_codes(subject),
        events=events,
    )


def accreditation_from_credential(
    credential: Mapping[str, Any], flagged: Sequence[status_list.EntryStatus] = (), on: date | None = None
) -> recognition.Accreditation:
    """The chain's view of an accreditation credential; a set status bit becomes an event dated ``on``."""
    subject = _subject(credential)
    if subject.get("attestationType") != "accreditation":
        raise CredentialError(
            f"credentialSubject.attestationType: {subject.get('attestationType')!r}, expected 'accreditation'"
        )
    party = subject.get("issuedToParty")
    if not isinstance(party, Mapping) or not isinstance(party.get("id"), str):
        raise CredentialError("credentialSubject.issuedToParty.id: missing")
    raw = subject.get("accreditationScope", [])
    if not isinstance(raw, list):
        raise CredentialError("credentialSubject.accreditationScope: not a list")
    try:
        scopes = tuple(
            recognition.scope_from_json(s, f"credentialSubject.accreditationScope[{i}]")
            for i, s in enumerate(raw)
        )
    except recognition.RecognitionError as exc:
        raise CredentialError(str(exc)) from exc
    events = tuple(
        recognition.AccreditationEvent(
            on or _day(credential, "validFrom"),
            "suspended" if f.purpose == "suspension" else "withdrawn",
            reason=f"status list {f.list_url}, bit {f.index}; a list gives no date",
        )
        for f in flagged
    )
    return recognition.Accreditation(
        id=str(credential.get("id")),
        body=issuer_id(credential),
        cab=party["id"],
        activity=str(subject.get("activity")),
        standard=_standards(subject)[0],
        valid_from=_day(credential, "validFrom"),
        valid_until=_day(credential, "validUntil"),
        scopes=scopes,
        events=events,
    )

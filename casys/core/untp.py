"""UN/CEFACT UNTP *Digital Conformity Credential* 0.6.1: the code lists and parts casys fills in.

Source: uncefact/spec-untp, tag ``v0.6.1`` (commit ``f6778df2``),
``data-models/untp-dcc/artefacts/untp-dcc-schema.json`` — JSON Schema draft 2020-12,
vendored in ``casys/core/data/untp/`` with its provenance. Names below are the schema's:
``ConformityAttestation.attestationType`` and ``assessmentLevel``,
``ConformityAssessment.conformityTopic``, ``Standard.issuingParty``.

The mapping of each casys credential kind onto the schema, and what does not fit, is
``docs/attestations.md (UNTP)``.

>>> conformity_topic("ISO 45001:2018"), conformity_topic("ISO 9001:2015")
('social.safety', 'governance.compliance')
>>> reference_standard("ISO/IEC 17025:2017")["issuingParty"]["name"]
'International Organization for Standardization (ISO)'
>>> uri("iso9001", "scheme"), uri("https://cb.example/schemes/iso9001", "scheme")
('urn:casys:scheme:iso9001', 'https://cb.example/schemes/iso9001')
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any
from urllib.parse import quote

__all__ = [
    "ASSESSMENT_LEVELS",
    "ATTESTATION_TYPES",
    "CONFORMITY_TOPICS",
    "DEFAULT_TOPIC",
    "conformity_topic",
    "dcc_instance",
    "dcc_schema",
    "issuing_party",
    "reference_standard",
    "uri",
]

#: ``ConformityAttestation.attestationType`` (schema enum). No accreditation, no proficiency testing.
ATTESTATION_TYPES = (
    "certification",
    "declaration",
    "inspection",
    "testing",
    "verification",
    "validation",
    "calibration",
)
#: ``ConformityAttestation.assessmentLevel`` (schema enum; note the capital A of ``Accredited``).
ASSESSMENT_LEVELS = ("GovtApproval", "GlobalMRA", "Accredited", "Verified", "Validated", "Unspecified")
#: ``ConformityAssessment.conformityTopic`` (schema enum): sustainability topics only.
CONFORMITY_TOPICS = (
    "environment.energy",
    "environment.emissions",
    "environment.water",
    "environment.waste",
    "environment.deforestation",
    "environment.biodiversity",
    "circularity.content",
    "circularity.design",
    "social.labour",
    "social.rights",
    "social.community",
    "social.safety",
    "governance.ethics",
    "governance.compliance",
    "governance.transparency",
)
#: The topic of an attestation of conformity to requirements that name no sustainability topic
#: of the list (quality, information security, a laboratory's test against a specification...).
DEFAULT_TOPIC = "governance.compliance"

#: Standards whose subject is one topic of the list (reference without edition → topic). A
#: standard not listed gets :data:`DEFAULT_TOPIC`. ISO 14001 is not listed on purpose: it covers
#: every environmental aspect, and no single ``environment.*`` code says that.
_TOPICS: Mapping[str, str] = {
    "ISO 50001": "environment.energy",  # energy management systems
    "ISO 45001": "social.safety",  # occupational health and safety management systems
    "ISO 46001": "environment.water",  # water efficiency management systems
    "ISO 14064-1": "environment.emissions",  # GHG inventories of organisations
    "ISO 14064-2": "environment.emissions",  # GHG projects
    "ISO 14064-3": "environment.emissions",  # validation and verification of GHG statements
    "ISO 14065": "environment.emissions",  # bodies validating and verifying environmental information
    "ISO 14067": "environment.emissions",  # carbon footprint of products
    "ISO 37001": "governance.ethics",  # anti-bribery management systems
    "ISO 37301": "governance.compliance",  # compliance management systems
    "SA8000": "social.labour",  # Social Accountability International's workplace standard
}

_ISO = {"id": "https://www.iso.org", "name": "International Organization for Standardization (ISO)"}
#: Publishers by the designation prefix of a reference. ISO/IEC joint deliverables (the CASCO
#: toolbox, ISO/IEC 27001) are published by ISO, CASCO's secretariat: ISO is their issuing party.
_PUBLISHERS: Mapping[str, Mapping[str, str]] = {
    "ISO": _ISO,
    "ISO/IEC": _ISO,
    "ISO/TS": _ISO,
    "ISO/IEC TS": _ISO,
    "IEC": {"id": "https://www.iec.ch", "name": "International Electrotechnical Commission (IEC)"},
    "IAF": {"id": "https://iaf.nu", "name": "International Accreditation Forum (IAF)"},
    "ILAC": {"id": "https://ilac.org", "name": "International Laboratory Accreditation Cooperation (ILAC)"},
    "JCGM": {"id": "https://www.bipm.org", "name": "Joint Committee for Guides in Metrology (JCGM)"},
}

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_PREFIX = re.compile(r"^(?P<prefix>[A-Za-z]+(?:/[A-Za-z]+)*(?: TS)?)[\s\d]")


def _reference(standard: str) -> str:
    """``"iso  9001:2015"`` → ``"ISO 9001"``: upper case, single spaces, no edition year."""
    return re.sub(r":\d{4}$", "", " ".join(standard.upper().split()))


def conformity_topic(standard: str) -> str:
    """The ``conformityTopic`` of an assessment against ``standard`` (edition ignored)."""
    return _TOPICS.get(_reference(standard), DEFAULT_TOPIC)


def issuing_party(standard: str) -> dict[str, str]:
    """``Standard.issuingParty`` (required by the schema): the publisher named by the designation
    prefix. A prefix casys does not know is named as it stands, with a ``urn:casys:`` id.

    >>> issuing_party("GOST R 58139-2018")
    {'id': 'urn:casys:standards-body:gost', 'name': 'GOST'}
    """
    ref = " ".join(standard.split())
    match = _PREFIX.match(ref + " ")
    prefix = match["prefix"] if match else ref.split(" ")[0]
    known = _PUBLISHERS.get(prefix.upper())
    if known is not None:
        return dict(known)
    return {"id": f"urn:casys:standards-body:{quote(prefix.lower(), safe='')}", "name": prefix}


def reference_standard(standard: str) -> dict[str, Any]:
    """A UNTP ``Standard``: ``{type, name, issuingParty}`` (the schema allows no other member)."""
    return {"type": ["Standard"], "name": standard, "issuingParty": issuing_party(standard)}


def uri(value: str, kind: str) -> str:
    """``value`` when it is already a URI (``scheme:rest``); else ``urn:casys:<kind>:<value>``."""
    if _URI.match(value):
        return value
    return f"urn:casys:{kind}:{quote(value, safe='')}"


def _load(name: str) -> dict[str, Any]:
    text = resources.files("casys.core.data.untp").joinpath(name).read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def dcc_schema() -> dict[str, Any]:
    """The vendored UNTP DCC 0.6.1 JSON Schema (draft 2020-12)."""
    return _load("untp-dcc-schema.json")


def dcc_instance() -> dict[str, Any]:
    """The specification's own sample DCC 0.6.1 instance (a test fixture for the schema)."""
    return _load("untp-dcc-instance.json")

"""Third-party marks of conformity (ISO/IEC 17030:2021): the mark's artwork, and the credential of a
licence to use it.

A mark's owner keeps its artwork and its rules of use; a licence lets one client put the mark on
named products, for as long as the certificate behind it stands (a third-party mark rests on a
scheme that includes surveillance: ISO/IEC 17030:2021, scope, note 6 — the scheme loader refuses a
mark on a scheme without surveillance). 17030 also covers marks shown as machine-readable codes:
the licence credential is what such a code, or anyone holding a licence number, checks.

The artwork is SVG, stored and served as an image. An SVG is a document that can carry scripts and
fetch other resources, so only plain drawing is accepted: the XML is parsed without entities or
DTDs (``defusedxml``), and scripts, event handlers, embedded HTML and references outside the file
are refused, each naming what was found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from casys.core.attestation_credentials import VC_V2, CredentialError, Party, issuer_json

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: the largest artwork accepted (bytes): a mark is a small drawing
MAX_ARTWORK_BYTES = 512 * 1024
#: elements that run code or embed another document
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "embed", "object", "handler"})
LICENCE_TYPES = ["VerifiableCredential", "MarkLicenceCredential"]


class MarkError(ValueError):
    """Artwork or licence facts that cannot be used; the message starts with the field."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_svg(data: bytes) -> bytes:
    """``data`` if it is a self-contained SVG drawing, else :class:`MarkError` naming the problem.

    >>> check_svg(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>')[:4]
    b'<svg'
    >>> def problem(data):
    ...     try:
    ...         check_svg(data)
    ...     except MarkError as exc:
    ...         return str(exc)
    >>> problem(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    "artwork: the SVG contains a <script> element; a mark's artwork is a drawing only"
    >>> problem(b'GIF89a')
    'artwork: the file is not SVG (XML does not parse: syntax error: line 1, column 0)'
    """
    if not data:
        raise MarkError("artwork: the file is empty")
    if len(data) > MAX_ARTWORK_BYTES:
        raise MarkError(f"artwork: {len(data)} bytes; a mark's artwork is at most {MAX_ARTWORK_BYTES} bytes")
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise MarkError(
            f"artwork: the SVG declares a DTD or entities ({type(exc).__name__}); none is allowed"
        ) from None
    except ElementTree.ParseError as exc:
        raise MarkError(f"artwork: the file is not SVG (XML does not parse: {exc})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise MarkError(f"artwork: the root element is <{_local(root.tag)}>, not an SVG <svg> element")
    for element in root.iter():
        name = _local(element.tag)
        if name in FORBIDDEN_ELEMENTS:
            raise MarkError(
                f"artwork: the SVG contains a <{name}> element; a mark's artwork is a drawing only"
            )
        for attribute, value in element.attrib.items():
            local = _local(attribute).lower()
            if local.startswith("on"):
                raise MarkError(f"artwork: <{name}> has an event handler ({local}); none is allowed")
            if (local == "href" or attribute == XLINK_HREF) and not value.strip().startswith("#"):
                raise MarkError(
                    f"artwork: <{name}> refers to {value.strip()[:60]!r}; "
                    "the artwork must not refer outside itself"
                )
            if "url(" in value and "url(#" not in value.replace(" ", ""):
                raise MarkError(f"artwork: <{name}> {local} refers outside the file; only url(#…) is allowed")
    return data


@dataclass(frozen=True)
class MarkLicenceFacts:
    """What a mark licence credential states."""

    id: str
    number: str
    owner: Party  #: the mark's owner, who grants the licence (the certification body)
    licensee: Party
    mark_name: str
    mark_url: str  #: where the mark, its artwork and its rules of use are published
    products: tuple[str, ...]
    certificate_number: str
    scheme_id: str
    valid_from: date
    valid_until: date
    status: tuple[Mapping[str, str], ...] = ()


def mark_licence_credential(facts: MarkLicenceFacts) -> dict[str, Any]:
    """The unsigned credential of a licence to use a mark on named products.

    It states the certificate the licence rests on; the licence's own status entries (suspension
    after misuse, revocation) are in ``credentialStatus``.

    >>> f = MarkLicenceFacts("https://cb.example/l/C-1-L", "C-1-L", Party("did:web:cb.example", "CB"),
    ...     Party("urn:x", "Acme"), "CB mark", "https://cb.example/m/cb", ("Kettle K1: EN 60335-2-15",),
    ...     "C-1", "type5-electrical", date(2025, 1, 1), date(2027, 12, 31))
    >>> c = mark_licence_credential(f)
    >>> c["type"], c["credentialSubject"]["licence"]["products"]
    (['VerifiableCredential', 'MarkLicenceCredential'], ['Kettle K1: EN 60335-2-15'])
    """
    if not facts.products:
        raise CredentialError("products: a mark licence names at least one product")
    if facts.valid_until < facts.valid_from:
        raise CredentialError(f"validUntil: {facts.valid_until} is before validFrom {facts.valid_from}")
    credential: dict[str, Any] = {
        "@context": [VC_V2],
        "id": facts.id,
        "type": list(LICENCE_TYPES),
        "issuer": issuer_json(facts.owner),
        "name": f"Licence {facts.number} to use {facts.mark_name}",
        "validFrom": f"{facts.valid_from.isoformat()}T00:00:00Z",
        "validUntil": f"{facts.valid_until.isoformat()}T23:59:59Z",
        "credentialSubject": {
            "id": facts.licensee.id,
            "name": facts.licensee.name,
            "licence": {
                "number": facts.number,
                "mark": {"name": facts.mark_name, "url": facts.mark_url},
                "products": list(facts.products),
                "certificate": facts.certificate_number,
                "scheme": facts.scheme_id,
                "referenceStandard": "ISO/IEC 17030:2021",
            },
        },
    }
    if facts.status:
        credential["credentialStatus"] = [dict(s) for s in facts.status]
    return credential


def licence_status(certificate_status: str, own_status: str) -> str:
    """A licence's status: its own (suspended or withdrawn after misuse) where it has one, else its
    certificate's (a licence never outlives or outranks the certificate it rests on).

    >>> licence_status("active", ""), licence_status("active", "suspended")
    ('active', 'suspended')
    >>> licence_status("withdrawn", "suspended"), licence_status("suspended", "")
    ('withdrawn', 'suspended')
    """
    order: Sequence[str] = ("withdrawn", "expired", "suspended", "active")
    own = own_status or "active"
    for status in order:
        if status in (certificate_status, own):
            return status
    return certificate_status

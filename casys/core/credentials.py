"""Attestations as W3C Verifiable Credentials 2.0, secured with JOSE (VC-JOSE-COSE), verified offline.

- Data model: W3C *Verifiable Credentials Data Model v2.0* (Recommendation, 15 May 2025):
  ``@context`` first ``https://www.w3.org/ns/credentials/v2`` (§4.3), ``type``
  (§4.5), ``issuer`` (§4.7), ``validFrom``/``validUntil`` (§4.9),
  ``credentialStatus`` (§4.10).
- Securing: W3C *Securing Verifiable Credentials using JOSE and COSE*
  (Recommendation, 15 May 2025), §3.1.1: a compact JWS (RFC 7515) whose
  payload is the credential itself (no ``vc`` claim); protected header
  ``typ`` ``vc+jwt`` (media type ``application/vc+jwt``), ``cty`` ``vc``,
  ``kid`` naming the issuer's key; here ``alg`` ``EdDSA`` (RFC 8037).
- Shape: :mod:`casys.core.attestation_credentials` builds and reads the credentials of
  certificates (UN/CEFACT UNTP *Digital Conformity Credential* 0.6.1) and accreditations;
  every name it exports is re-exported here. Mapping: ``docs/attestations.md (UNTP)``.

:func:`verify` runs every check and returns a :class:`Verification` listing
each one (``format``, ``key``, ``signature``, ``validity``, ``status``,
``chain``) as ``pass``, ``fail`` or ``not-checked`` with its reason. Checking many credentials
against the same status lists costs about one Ed25519 verification each: the lists are verified
and expanded once and kept, each token is decoded once (orjson, pybase64), and the checks are
worded only when read (the *lean path* below).

>>> from casys.core.signing import Keyring, private_key_from_seed
>>> key = private_key_from_seed(b"\\x05" * 32, "did:web:cb.example")
>>> token = sign({"@context": [VC_V2], "type": ["VerifiableCredential"], "issuer": "did:web:cb.example",
...               "validFrom": "2024-01-01T00:00:00Z", "credentialSubject": {"id": "urn:x"}}, key)
>>> ring = Keyring("did:web:cb.example", (key.public,), key.kid)
>>> result = verify(token, [ring], at=datetime(2025, 1, 1, tzinfo=UTC))
>>> result.ok, [(c.name, c.state) for c in result.checks][:4]
(True, [('format', 'pass'), ('key', 'pass'), ('signature', 'pass'), ('validity', 'pass')])
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Literal

import orjson
import pybase64

from casys.core import recognition, status_list
from casys.core.attestation_credentials import (
    MEDIA_TYPE,
    UNTP_DCC,
    VC_V2,
    AccreditationFacts,
    CertificateFacts,
    CredentialError,
    Party,
    accreditation_credential,
    accreditation_from_credential,
    certificate_credential,
    certificate_from_credential,
    issuer_id,
    issuer_json,
    standards_of,
)
from casys.core.signing import ALG, Keyring, PrivateKey, PublicKey

__all__ = [
    "CTY",
    "MEDIA_TYPE",
    "TYP",
    "UNTP_DCC",
    "VC_V2",
    "AccreditationFacts",
    "CertificateFacts",
    "Check",
    "CredentialError",
    "Party",
    "Verification",
    "accreditation_credential",
    "accreditation_from_credential",
    "certificate_credential",
    "certificate_from_credential",
    "enveloped",
    "issuer_id",
    "issuer_json",
    "sign",
    "standards_of",
    "unenvelope",
    "verify",
]

#: VC-JOSE-COSE §3.1.1: ``typ`` SHOULD be ``vc+jwt``; when present ``cty`` SHOULD be ``vc``.
TYP = "vc+jwt"
CTY = "vc"

_HEADER_MEMBERS = frozenset({"alg", "kid", "typ", "cty"})


# --- signing ----------------------------------------------------------------------------------


def sign(credential: Mapping[str, Any], key: PrivateKey) -> str:
    """Secure a credential as a compact JWS (VC-JOSE-COSE §3.1.1) with the issuer's key.

    The credential's issuer must be the key's issuer. The payload is the credential as
    UTF-8 JSON; Ed25519 signatures are deterministic (RFC 8032, §5.1.6), so the same
    credential and key always give the same text.
    """
    if issuer_id(credential) != key.issuer:
        raise CredentialError(f"issuer: {issuer_id(credential)!r} is not the key's issuer {key.issuer!r}")
    header = {"alg": ALG, "kid": key.kid, "typ": TYP, "cty": CTY}
    payload = json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # RFC 7515, §7.1: BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature over the two).
    # Built here, not by joserfc, so that the key only has to *sign*: a key on a PKCS#11 token never
    # hands out its secret. Header and payload bytes are the ones joserfc wrote (a test compares).
    signing_input = f"{_b64url(json.dumps(header, separators=(',', ':')).encode('utf-8'))}.{_b64url(payload)}"
    signature = key.key.sign(signing_input.encode("ascii"))
    if len(signature) != 64:  # RFC 8032, §5.1.6: an Ed25519 signature is 64 bytes
        raise CredentialError(f"kid {key.kid}: the key store returned a {len(signature)}-byte signature")
    return f"{signing_input}.{_b64url(signature)}"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def enveloped(token: str) -> dict[str, Any]:
    """A JSON document holding a secured credential (VC Data Model 2.0, §4.13, enveloped credential)."""
    return {"@context": [VC_V2], "id": f"data:{MEDIA_TYPE},{token}", "type": "EnvelopedVerifiableCredential"}


def unenvelope(doc: Any) -> str:
    """The compact JWS inside an ``EnvelopedVerifiableCredential`` (or a bare JSON string)."""
    if isinstance(doc, str):
        return doc
    if not isinstance(doc, Mapping) or doc.get("type") != "EnvelopedVerifiableCredential":
        raise CredentialError("type: expected an EnvelopedVerifiableCredential or a compact JWS string")
    prefix = f"data:{MEDIA_TYPE},"
    value = doc.get("id")
    if not isinstance(value, str) or not value.startswith(prefix):
        raise CredentialError(f"id: expected a data URL starting with {prefix!r}")
    return value[len(prefix) :]


# --- verifying --------------------------------------------------------------------------------

CheckName = Literal["format", "key", "signature", "validity", "status", "chain"]
CheckState = Literal["pass", "fail", "not-checked"]
CHECKS: tuple[CheckName, ...] = ("format", "key", "signature", "validity", "status", "chain")


@dataclass(frozen=True)
class Check:
    """One check of a verification: its name, state and the reason."""

    name: CheckName
    state: CheckState
    reason: str


@dataclass(frozen=True)
class Verification:
    """The record of a verification. ``ok`` is True when no check failed."""

    checks: tuple[Check, ...]
    header: Mapping[str, Any] | None = None
    credential: Mapping[str, Any] | None = None
    chain: recognition.ChainVerdict | None = None
    related: tuple[tuple[str, Verification], ...] = field(default=())
    #: status entries whose bit is set (suspended or withdrawn), from the status lists supplied
    flagged: tuple[status_list.EntryStatus, ...] = ()

    @property
    def ok(self) -> bool:
        """No check failed (checks not made are listed as ``not-checked``)."""
        return all(c.state != "fail" for c in self.checks)

    @property
    def complete(self) -> bool:
        """Every check was made."""
        return all(c.state != "not-checked" for c in self.checks)

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the failing checks, in order."""
        return tuple(c.name for c in self.checks if c.state == "fail")

    def check(self, name: str) -> Check:
        """The check of that name."""
        return next(c for c in self.checks if c.name == name)


class _Bad(Exception):
    """Internal: a check failed; carries its name and reason to :func:`verify`."""

    def __init__(self, name: CheckName, reason: str) -> None:
        super().__init__(reason)
        self.name, self.reason = name, reason


_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")
_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _segment(text: str, what: str) -> bytes:
    """Strict base64url (RFC 7515, §2): a segment whose unused bits are not zero is refused,
    so that no two texts decode to the same bytes."""
    if "+" in text or "/" in text or "=" in text or not text.isascii():
        raise _Bad("format", f"{what}: not base64url")
    rest = len(text) % 4
    try:
        raw = binascii.a2b_base64(
            text.encode("ascii").translate(_FROM_URLSAFE) + b"=" * (-rest % 4), strict_mode=True
        )
    except binascii.Error as exc:
        raise _Bad("format", f"{what}: not base64url ({exc})") from exc
    # the last character of a 2- or 3-character group carries 4 or 2 unused bits: all zero
    if rest and _B64URL.index(text[-1]) & (0xF if rest == 2 else 0x3):
        raise _Bad("format", f"{what}: non-canonical base64url")
    return raw


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Bad("format", f"{what}: not UTF-8 JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise _Bad("format", f"{what}: not a JSON object")
    return value


def _parse(token: str | bytes) -> tuple[str, dict[str, Any], dict[str, Any]]:
    token, header, payload, _signature = _parse_full(token)
    return token, header, payload


def _parse_full(token: str | bytes) -> tuple[str, dict[str, Any], dict[str, Any], bytes]:
    """The token stripped, its header, its payload and its signature bytes, each decoded once."""
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError as exc:
            raise _Bad("format", f"compact JWS: non-ASCII byte at position {exc.start}") from exc
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise _Bad("format", f"compact JWS: {len(parts)} segments, expected 3")
    header = _json_object(_segment(parts[0], "header"), "header")
    payload = _json_object(_segment(parts[1], "payload"), "payload")
    signature = _segment(parts[2], "signature")
    extra = sorted(set(header) - _HEADER_MEMBERS)
    if extra:
        raise _Bad("format", f"header: unexpected member(s) {', '.join(extra)}")
    if header.get("alg") != ALG:
        raise _Bad("format", f"header.alg: {header.get('alg')!r}, expected {ALG!r}")
    if header.get("typ") != TYP:
        raise _Bad("format", f"header.typ: {header.get('typ')!r}, expected {TYP!r}")
    if header.get("cty", CTY) != CTY:
        raise _Bad("format", f"header.cty: {header.get('cty')!r}, expected {CTY!r}")
    if not isinstance(header.get("kid"), str):
        raise _Bad("format", "header.kid: missing")
    if VC_V2 not in (payload.get("@context") or [])[:1]:
        raise _Bad("format", f"payload.@context: must start with {VC_V2}")
    return token, header, payload, signature


def unverified_claims(token: str | bytes) -> dict[str, Any]:
    """The payload of a secured credential, read without verifying it ({} when it cannot be read):
    for an issuer deciding what to do with a token of its own (re-sign it, link to it), never for
    trusting one.

    >>> unverified_claims("not a token")
    {}
    """
    try:
        return _parse(token)[2]
    except _Bad:
        return {}


def _claimed_id(token: str | bytes) -> str | None:
    """The ``id`` an (unverified) secured credential claims, or ``None`` when it cannot be read."""
    try:
        claimed = _parse(token)[2].get("id")
    except _Bad:
        return None
    return claimed if isinstance(claimed, str) else None


def _find_key(
    header: Mapping[str, Any], credential: Mapping[str, Any], keyrings: Sequence[Keyring]
) -> PublicKey:
    kid = header["kid"]
    try:
        issuer = issuer_id(credential)
    except CredentialError as exc:
        raise _Bad("key", str(exc)) from exc
    for ring in keyrings:
        key = ring.get(kid)
        if key is None:
            continue
        if ring.issuer != issuer:
            raise _Bad("key", f"kid {kid} belongs to {ring.issuer}, not to the credential's issuer {issuer}")
        _check_retirement(key, credential)
        return key
    if not keyrings:
        raise _Bad("key", "no issuer keys supplied")
    raise _Bad("key", f"kid {kid} is in none of the key rings supplied")


def _check_retirement(key: PublicKey, credential: Mapping[str, Any]) -> None:
    """A key retired or revoked at T signs nothing valid after T; the signing time a credential
    states is its ``validFrom`` (a credential that states none is refused once its key retired)."""
    if key.retired is None:
        return
    signed = _instant_or_bad(credential, "validFrom", "key")
    if signed is None or not key.signs_at(signed):
        stated = credential.get("validFrom", "no validFrom")
        words = key.retired.words
        raise _Bad("key", f"kid {key.kid} was {words}; this credential was signed after it ({stated})")


def _instant_or_bad(credential: Mapping[str, Any], member: str, check: CheckName) -> datetime | None:
    try:
        return _instant(credential, member)
    except _Bad as bad:
        raise _Bad(check, bad.reason) from bad


def _check_signature(token: str, signature: bytes, key: PublicKey) -> None:
    """RFC 7515, §5.2 with RFC 8037, §3.1: the Ed25519 signature over ``header.payload`` (the two
    segments as sent; :func:`_parse_full` checked them strict base64url and the header's alg)."""
    signing_input = token[: token.rindex(".")].encode("ascii")
    if not key.verifies(signature, signing_input):
        raise _Bad("signature", f"Ed25519 signature does not verify with kid {key.kid}")


def _instant(credential: Mapping[str, Any], member: str) -> datetime | None:
    value = credential.get(member)
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise _Bad("validity", f"{member}: {value!r} is not an XML Schema dateTimeStamp") from exc
    if when.tzinfo is None:
        raise _Bad("validity", f"{member}: {value!r} has no time zone")
    return when


def _check_validity(credential: Mapping[str, Any], at: datetime) -> str:
    start, end = _instant(credential, "validFrom"), _instant(credential, "validUntil")
    if start is not None and at < start:
        raise _Bad("validity", f"not yet valid on {at.isoformat()} (validFrom {credential['validFrom']})")
    if end is not None and at > end:
        raise _Bad("validity", f"expired: validUntil {credential['validUntil']} is before {at.isoformat()}")
    return f"valid on {at.isoformat()}"


def _entries(credential: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = credential.get("credentialStatus")
    entries = raw if isinstance(raw, list) else [] if raw is None else [raw]
    if not all(isinstance(e, Mapping) for e in entries):
        raise _Bad("status", "credentialStatus: an entry is not an object")
    return entries


@dataclass(frozen=True)
class _StatusOutcome:
    check: Check
    flagged: tuple[status_list.EntryStatus, ...]
    related: tuple[tuple[str, Verification], ...]


def _check_status(
    credential: Mapping[str, Any], lists: Mapping[str, Verification], at: datetime
) -> _StatusOutcome:
    entries = _entries(credential)
    if not entries:
        return _StatusOutcome(Check("status", "not-checked", "no credentialStatus entry"), (), ())
    fails: list[str] = [
        f"status list {key} supplied is unreadable ({v.failed[0]}: {v.check(v.failed[0]).reason})"
        for key, v in lists.items()
        if key.startswith("#") and not v.ok
    ]
    unchecked: list[str] = []
    passes: list[str] = []
    flagged: list[status_list.EntryStatus] = []
    related: list[tuple[str, Verification]] = []
    for i, entry in enumerate(entries):
        url = str(entry.get("statusListCredential"))
        found_list = lists.get(url)
        if found_list is None:
            unchecked.append(f"no status list supplied for {url}")
            continue
        related.append((url, found_list))
        if not found_list.ok or found_list.credential is None:
            what = ", ".join(f"{c.name}: {c.reason}" for c in found_list.checks if c.state == "fail")
            fails.append(f"status list {url} does not verify ({what})")
            continue
        if issuer_id(found_list.credential) != issuer_id(credential):
            fails.append(
                f"status list {url} is issued by {issuer_id(found_list.credential)}, not by the issuer"
            )
            continue
        try:
            found = status_list.read_entry(entry, found_list.credential)
        except status_list.StatusListError as exc:
            fails.append(f"credentialStatus[{i}]: {exc}")
            continue
        if found.flagged:
            word = "suspended" if found.purpose == "suspension" else "withdrawn (revoked)"
            fails.append(f"{word}: bit {found.index} is set in {url}")
            flagged.append(found)
        else:
            passes.append(f"{found.purpose} bit {found.index} clear")
    if fails:
        check = Check("status", "fail", "; ".join(fails))
    elif unchecked:
        check = Check("status", "not-checked", "; ".join(unchecked + passes))
    else:
        check = Check("status", "pass", "; ".join(passes))
    return _StatusOutcome(check, tuple(flagged), tuple(related))


def _check_chain(
    credential: Mapping[str, Any],
    flagged: Sequence[status_list.EntryStatus],
    at: datetime,
    accreditations: Sequence[Verification],
    data: recognition.RecognitionData | None,
) -> tuple[Check, recognition.ChainVerdict | None]:
    if data is None and not accreditations:
        return Check("chain", "not-checked", "no accreditation or recognition data supplied"), None
    on = at.astimezone(UTC).date()
    try:
        cert = certificate_from_credential(credential, flagged, on)
    except CredentialError as exc:
        return Check("chain", "fail", f"not a certificate credential: {exc}"), None
    accs = list(data.accreditations if data else ())
    notes = []
    for v in accreditations:
        # Dates and suspensions of an accreditation are the chain's to judge (link 2); only an
        # accreditation credential that is authentic is used.
        if v.credential is None or any(v.check(n).state != "pass" for n in ("format", "key", "signature")):
            what = ", ".join(f"{c.name}: {c.reason}" for c in v.checks if c.state == "fail")
            notes.append(f"accreditation credential rejected ({what})")
            continue
        try:
            accs.append(accreditation_from_credential(v.credential, v.flagged, on))
        except CredentialError as exc:
            notes.append(f"accreditation credential {v.credential.get('id')} unreadable ({exc})")
    verdict = recognition.chain(cert, accs, data.statuses if data else (), on)
    if verdict.recognized:
        return Check(
            "chain", "pass", "recognized: " + "; ".join(link.reason for link in verdict.links)
        ), verdict
    bad = next(link for link in verdict.links if link.state == "fail")
    reason = f"link {bad.n} ({bad.name}) fails: {bad.reason}"
    if notes and bad.n == 2:
        reason += "; " + "; ".join(notes)
    return Check("chain", "fail", reason), verdict


def verify(
    token: str | bytes,
    keyrings: Sequence[Keyring],
    at: datetime,
    status_lists: Sequence[str | bytes] = (),
    accreditations: Sequence[str | bytes] = (),
    recognition_data: recognition.RecognitionData | None = None,
) -> Verification:
    """Verify a secured credential offline and report every check.

    ``keyrings``: the issuers' public keys (from JWKS or DID documents).
    ``at``: the instant asked (time-zone aware). ``status_lists``: secured
    status-list credentials, each verified the same way before use.
    ``accreditations`` (secured accreditation credentials) and
    ``recognition_data`` feed the ``chain`` check (see :func:`casys.core.recognition.chain`);
    without them the chain is ``not-checked``.

    Checks after a failing ``format``, ``key`` or ``signature`` are
    ``not-checked``: the contents of an unverified credential are not trusted.
    """
    if at.tzinfo is None:
        raise CredentialError("at: must be time-zone aware")
    lists = _lists(status_lists, keyrings, at)
    if not accreditations and recognition_data is None:
        passed = _lean(token, keyrings, at, lists)
        if passed is not None:
            return passed
    return _verify(token, keyrings, at, lists.by_url, accreditations, recognition_data)


# --- the lean path: an authentic credential checked at the cost of its signature ----------------
#
# ``verify`` first tries :func:`_lean`. It recognises a credential whose format, key and signature
# pass, whose dates are readable and whose status entries each point into a list that verifies,
# with no chain to check; such a credential may be valid or not on the moment asked, its bits clear
# or set (suspended, withdrawn). Anything else — a malformed or tampered token, an unknown or retired
# key, a missing or failing list, an unreadable entry, odd JSON — makes it answer ``None``, and the
# full path (:func:`_verify`) makes the checks one by one and words the failures. Both say the same
# of every credential the lean path answers for (tests compare them field by field); the lean one
# parses the token once, looks the header up by its text, reads each status bit from a bitset kept
# per list set, and words the checks only when a caller reads them.


@dataclass(frozen=True)
class _Lists:
    """The status lists of a :func:`verify` call, verified: by the URL each claims (as the full path
    reads them) and, for each list that verifies, its issuer, purpose and bitset (``ready``)."""

    rings: tuple[Keyring, ...]
    by_url: Mapping[str, Verification]
    ready: Mapping[str, tuple[str, str, bytes]]
    #: no list was unreadable (one that claims no URL fails the status check of every credential)
    clean: bool


#: Status lists verified for a moment, by their texts, the key rings (by identity) and the moment:
#: a verifier checking many credentials against the same lists verifies and expands them once.
_LISTS: dict[tuple[Any, ...], _Lists] = {}
_LISTS_MAX = 256


def _lists(status_lists: Sequence[str | bytes], keyrings: Sequence[Keyring], at: datetime) -> _Lists:
    mark = (tuple(status_lists), tuple(map(id, keyrings)), at)
    kept = _LISTS.get(mark)
    if kept is not None and all(a is b for a, b in zip(kept.rings, keyrings, strict=True)):
        return kept
    by_url: dict[str, Verification] = {}
    for i, raw in enumerate(status_lists):
        # A list that fails verification is kept under the URL it claims, so that the status
        # check fails on it instead of reporting the list as missing.
        listed = _verify_kept(raw, keyrings, at)
        claimed = listed.credential.get("id") if listed.credential is not None else _claimed_id(raw)
        by_url[claimed if isinstance(claimed, str) else f"#{i}"] = listed
    ready = {}
    for url, listed in by_url.items():
        bits = _ready(url, listed)
        if bits is not None:
            ready[url] = bits
    kept = _Lists(tuple(keyrings), by_url, ready, all(v.ok for k, v in by_url.items() if k.startswith("#")))
    with _KEPT_LOCK:
        if len(_LISTS) >= _LISTS_MAX:
            _LISTS.clear()
        _LISTS[mark] = kept
    return kept


def _ready(url: str, listed: Verification) -> tuple[str, str, bytes] | None:
    """The issuer, purpose and bitset of a status list that verifies and that
    :func:`casys.core.status_list.read_entry` would read, or ``None``."""
    lst = listed.credential
    if not listed.ok or lst is None or lst.get("id") != url:
        return None
    subject = lst.get("credentialSubject")
    if "BitstringStatusListCredential" not in lst.get("type", []) or not isinstance(subject, Mapping):
        return None
    purpose = subject.get("statusPurpose")
    if purpose not in status_list.PURPOSES or not isinstance(lst.get("issuer"), str | Mapping):
        return None
    try:
        return issuer_id(lst), str(purpose), status_list.decode(str(subject.get("encodedList")), purpose).bits
    except (CredentialError, status_list.StatusListError):
        return None


#: Protected headers that passed the format check, by their base64url text (issuers use a few).
_HEADERS: dict[str, dict[str, Any]] = {}
_B64URL_VALUE = {c: i for i, c in enumerate(_B64URL)}


def _lean_segment(text: str) -> bytes | None:
    """The bytes of a strict base64url segment (as :func:`_segment` accepts them), else ``None``."""
    if "+" in text or "/" in text or "=" in text or not text.isascii():
        return None
    rest = len(text) % 4
    if rest == 1 or (rest and _B64URL_VALUE.get(text[-1], 0xF) & (0xF if rest == 2 else 0x3)):
        return None
    try:  # the SIMD decoder of pybase64 (the standard library's takes ten times as long)
        return pybase64.b64decode(text + "=" * (-rest % 4), altchars="-_", validate=True)
    except ValueError:
        return None


def _lean_header(text: str) -> dict[str, Any] | None:
    header = _HEADERS.get(text)
    if header is not None:
        return header
    try:
        header = _json_object(_segment(text, "header"), "header")
    except _Bad:
        return None
    if (
        not header.keys() <= _HEADER_MEMBERS
        or header.get("alg") != ALG
        or header.get("typ") != TYP
        or header.get("cty", CTY) != CTY
        or not isinstance(header.get("kid"), str)
    ):
        return None
    with _KEPT_LOCK:
        if len(_HEADERS) >= KEPT_MAX:
            _HEADERS.clear()
        _HEADERS[text] = header
    return header


def _lean_instant(value: Any) -> datetime | None | Literal[False]:
    """A ``validFrom``/``validUntil`` as :func:`_instant` reads it, ``None`` when absent, ``False``
    when the full path would refuse it (or when it is not a plain string)."""
    if value is None:
        return None
    if type(value) is not str:
        return False
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return False
    return when if when.tzinfo is not None else False


def _lean(
    token: str | bytes, keyrings: Sequence[Keyring], at: datetime, lists: _Lists
) -> Verification | None:
    """The verification of an authentic credential, valid or not on ``at``, its status bits read
    from lists that verify (the chain ``not-checked``), or ``None``: the full path then makes (and
    words) the checks."""
    parsed = _lean_parse(token)
    if parsed is None:
        return None
    header, credential, signing_input, signature = parsed
    issuer = credential.get("issuer")
    if type(issuer) is dict:
        issuer = issuer.get("id")
    kid = header["kid"]
    key = ring = None
    for ring in keyrings:
        key = ring.get(kid)
        if key is not None:
            break
    if key is None or ring is None or type(issuer) is not str or ring.issuer != issuer:
        return None
    start = _lean_instant(credential.get("validFrom"))
    end = _lean_instant(credential.get("validUntil"))
    if start is False or end is False:
        return None
    validity = "early" if start is not None and at < start else "late" if end is not None and at > end else ""
    if key.retired is not None and (start is None or not key.signs_at(start)):
        return None
    if not key.verifies(signature, signing_input):
        return None
    status = _lean_status(credential.get("credentialStatus"), issuer, lists)
    if status is None:
        return None
    bits, related, flagged = status
    return _Lean(dict(header), credential, related, flagged, (kid, issuer, at, validity, bits))


def _lean_parse(token: str | bytes) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes] | None:
    """The header, the payload, the signing input and the signature of a token that passes the
    format check, each decoded once; ``None`` for any other."""
    if type(token) is not str:
        return None
    token = token.strip()
    head, _, rest = token.partition(".")
    body, _, sig_text = rest.partition(".")
    if not sig_text or "." in sig_text:
        return None
    header = _lean_header(head)
    raw, signature = _lean_segment(body), _lean_segment(sig_text)
    if header is None or raw is None or signature is None or raw[:1] != b"{":
        return None  # (a byte-order mark or white space before the payload: the full path judges it)
    try:
        # orjson: strict UTF-8 and JSON (no NaN, no lone surrogate: the full path judges those), in
        # half the time of the json module; it reads an integer beyond 64 bits as a float
        credential = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    context = credential.get("@context") if type(credential) is dict else None
    if type(context) is not list or not context or context[0] != VC_V2:
        return None
    return header, credential, token[: len(head) + 1 + len(body)].encode("ascii"), signature


def _lean_status(
    status: Any, issuer: str, lists: _Lists
) -> (
    tuple[tuple[tuple[str, int, bool, str], ...], tuple[tuple[str, Verification], ...], tuple[Any, ...]]
    | None
):
    """The purpose, index, bit and list of each status entry, the lists read and the entries
    flagged; ``None`` when an entry is unreadable or has no list that verifies (the full path
    says which)."""
    entries = () if status is None else (status,) if type(status) is dict else status
    if type(entries) is not list and type(entries) is not tuple or (entries and not lists.clean):
        return None
    bits_read: list[tuple[str, int, bool, str]] = []
    flagged: list[status_list.EntryStatus] = []
    related: list[tuple[str, Verification]] = []
    for entry in entries:
        if type(entry) is not dict:
            return None
        url = entry.get("statusListCredential")
        ready = lists.ready.get(url) if isinstance(url, str) else None
        if ready is None or ready[0] != issuer or not isinstance(url, str):
            return None
        purpose, bits = ready[1], ready[2]
        index = entry.get("statusListIndex")
        size = entry.get("statusSize", 1)
        if (
            entry.get("type") != "BitstringStatusListEntry"
            or entry.get("statusPurpose") != purpose
            or not (size == "1" or (type(size) is int and size == 1))
            or type(index) is not str
            or not (index.isascii() and index.isdigit())
        ):
            return None
        i = int(index)
        if i >= len(bits) * 8:
            return None
        flag = bool(bits[i >> 3] & (0x80 >> (i & 7)))
        bits_read.append((purpose, i, flag, url))
        related.append((url, lists.by_url[url]))
        if flag:
            flagged.append(status_list.EntryStatus(purpose, i, True, url))  # type: ignore[arg-type]
    return tuple(bits_read), tuple(related), tuple(flagged)


class _Lean(Verification):
    """A verification made by the lean path: its checks are worded when first asked for."""

    def __init__(
        self,
        header: dict[str, Any],
        credential: dict[str, Any],
        related: tuple[tuple[str, Verification], ...],
        flagged: tuple[status_list.EntryStatus, ...],
        facts: tuple[str, str, datetime, str, tuple[tuple[str, int, bool, str], ...]],
    ) -> None:
        state = self.__dict__
        state["header"], state["credential"], state["chain"] = header, credential, None
        state["related"], state["flagged"], state["_facts"] = related, flagged, facts

    @property
    def ok(self) -> bool:
        return not self.__dict__["_facts"][3] and not self.flagged

    @property
    def failed(self) -> tuple[str, ...]:
        return (
            *(("validity",) if self.__dict__["_facts"][3] else ()),
            *(("status",) if self.flagged else ()),
        )

    @cached_property
    def checks(self) -> tuple[Check, ...]:
        kid, issuer, at, validity, bits = self.__dict__["_facts"]
        when, c = at.isoformat(), self.credential or {}
        if validity == "early":
            valid = Check("validity", "fail", f"not yet valid on {when} (validFrom {c['validFrom']})")
        elif validity == "late":
            valid = Check("validity", "fail", f"expired: validUntil {c['validUntil']} is before {when}")
        else:
            valid = Check("validity", "pass", f"valid on {when}")
        if self.flagged:
            words = {"suspension": "suspended", "revocation": "withdrawn (revoked)"}
            reason = "; ".join(
                f"{words[p]}: bit {i} is set in {url}" for p, i, flagged, url in bits if flagged
            )
            status = Check("status", "fail", reason)
        elif bits:
            status = Check("status", "pass", "; ".join(f"{p} bit {i} clear" for p, i, _f, _u in bits))
        else:
            status = Check("status", "not-checked", "no credentialStatus entry")
        return (
            Check("format", "pass", f"compact JWS, typ {TYP}, alg {ALG}"),
            Check("key", "pass", f"kid {kid} of {issuer}"),
            Check("signature", "pass", f"Ed25519 signature verifies with kid {kid}"),
            valid,
            status,
            Check("chain", "not-checked", "no accreditation or recognition data supplied"),
        )


def _verify(
    token: str | bytes,
    keyrings: Sequence[Keyring],
    at: datetime,
    lists: Mapping[str, Verification],
    accreditations: Sequence[str | bytes],
    recognition_data: recognition.RecognitionData | None,
    authentic: tuple[dict[str, Any], dict[str, Any], list[Check]] | None = None,
) -> Verification:
    if authentic is None:
        outcome = _authentic(token, keyrings)
        if isinstance(outcome, Verification):
            return outcome
        authentic = outcome
    header, credential, checks = authentic
    return _verify_contents(
        credential, header, list(checks), at, lists, accreditations, recognition_data, keyrings
    )


def _authentic(
    token: str | bytes, keyrings: Sequence[Keyring]
) -> tuple[dict[str, Any], dict[str, Any], list[Check]] | Verification:
    """Format, key and signature: the header, the credential and the three passing checks, or the
    finished :class:`Verification` of a token that fails one of them."""
    checks: list[Check] = []
    header = None
    try:
        token, header, credential, signature = _parse_full(token)
        checks.append(Check("format", "pass", f"compact JWS, typ {TYP}, alg {ALG}"))
        key = _find_key(header, credential, keyrings)
        checks.append(Check("key", "pass", f"kid {key.kid} of {issuer_id(credential)}"))
        _check_signature(token, signature, key)
        checks.append(Check("signature", "pass", f"Ed25519 signature verifies with kid {key.kid}"))
    except _Bad as bad:
        checks.append(Check(bad.name, "fail", bad.reason))
        done = {c.name for c in checks}
        checks += [Check(n, "not-checked", f"{bad.name} failed") for n in CHECKS if n not in done]
        return Verification(tuple(checks), header, None)
    return header, credential, checks


class _Kept(OrderedDict[tuple[bytes, tuple[Any, ...]], tuple[dict[str, Any], dict[str, Any], list[Check]]]):
    """Forgetting what was found authentic forgets what the lean path drew from it (the lists
    verified for a moment, the headers read)."""

    def clear(self) -> None:
        super().clear()
        _LISTS.clear()
        _HEADERS.clear()


#: Status lists and accreditation credentials found authentic, by the SHA-256 of their text and the
#: keys they were checked with: a verifier checking many credentials against the same few lists
#: verifies each list's signature once. Only authentic results are kept; the moment-dependent checks
#: (validity, status) are made again on every use.
_KEPT = _Kept()
KEPT_MAX = 1024
_KEPT_LOCK = threading.Lock()


def _ring_marks(keyrings: Sequence[Keyring]) -> tuple[Any, ...]:
    return tuple((r.issuer, tuple((k.kid, k.jwk.get("x"), k.retired) for k in r.keys)) for r in keyrings)


def _verify_kept(raw: str | bytes, keyrings: Sequence[Keyring], at: datetime) -> Verification:
    """:func:`verify` of a status list (or an accreditation credential), its authenticity kept."""
    text = raw.encode("utf-8") if isinstance(raw, str) else raw
    mark = (hashlib.sha256(text.strip()).digest(), _ring_marks(keyrings))
    with _KEPT_LOCK:
        authentic = _KEPT.get(mark)
        if authentic is not None:
            _KEPT.move_to_end(mark)
    if authentic is None:
        outcome = _authentic(raw, keyrings)
        if isinstance(outcome, Verification):
            return outcome
        done = _verify(raw, keyrings, at, {}, (), None, outcome)
        if done.related or done.flagged or done.chain is not None:
            return done  # not a plain list or accreditation credential: nothing kept
        authentic = (
            outcome[0],
            outcome[1],
            [*outcome[2], *(c for c in done.checks if c.name in ("status", "chain"))],
        )
        with _KEPT_LOCK:
            _KEPT[mark] = authentic
            while len(_KEPT) > KEPT_MAX:
                _KEPT.popitem(last=False)
    header, credential, checks = authentic
    try:
        validity = Check("validity", "pass", _check_validity(credential, at))
    except _Bad as bad:
        validity = Check("validity", "fail", bad.reason)
    return Verification((*checks[:3], validity, *checks[3:]), header, credential, None, (), ())


def _verify_contents(
    credential: dict[str, Any],
    header: dict[str, Any],
    checks: list[Check],
    at: datetime,
    lists: Mapping[str, Verification],
    accreditations: Sequence[str | bytes],
    data: recognition.RecognitionData | None,
    keyrings: Sequence[Keyring],
) -> Verification:
    try:
        checks.append(Check("validity", "pass", _check_validity(credential, at)))
    except _Bad as bad:
        checks.append(Check("validity", "fail", bad.reason))
    try:
        outcome = _check_status(credential, lists, at)
    except _Bad as bad:
        outcome = _StatusOutcome(Check("status", "fail", bad.reason), (), ())
    checks.append(outcome.check)
    accs = tuple(_verify_kept(a, keyrings, at) for a in accreditations)
    accs = tuple(_with_lists(v, lists, at) for v in accs)
    chain_check, verdict = _check_chain(credential, outcome.flagged, at, accs, data)
    checks.append(chain_check)
    return Verification(tuple(checks), header, credential, verdict, outcome.related, outcome.flagged)


def _with_lists(v: Verification, lists: Mapping[str, Verification], at: datetime) -> Verification:
    """Re-check an accreditation credential's status against the lists supplied."""
    if v.credential is None or v.check("signature").state != "pass":
        return v
    outcome = _check_status(v.credential, lists, at)
    checks = tuple(outcome.check if c.name == "status" else c for c in v.checks)
    return Verification(checks, v.header, v.credential, None, outcome.related, outcome.flagged)

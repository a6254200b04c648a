"""An issuer's transparency log: what a leaf says, the signed tree head, and their checks.

Following Certificate Transparency (RFC 9162), every attestation event of an issuer — issue,
re-issue (a change of scope or facts), suspension, restoration, withdrawal, expiry,
replacement — is appended as a leaf to the issuer's append-only Merkle tree
(:mod:`casys.core.merkle`); the issuer signs the tree's size and root hash from time to time
(a *signed tree head*, RFC 9162 §4.10 in spirit). A registry can then no longer quietly drop,
back-date or rewrite a record: an inclusion proof shows a record is in the tree a head
commits to, a consistency proof shows a later head extends an earlier one.

The leaf is the canonical JSON of the event (UTF-8, sorted keys, no whitespace), so anyone
holding the attestation can rebuild it; it names the credential by its SHA-256 when there is one.
The tree head is a compact JWS (RFC 7515) signed with the issuer's Ed25519 key (RFC 8037): header
``{"alg": "EdDSA", "kid", "typ": "tree-head+jws"}``, payload ``{"issuer", "tree_size",
"root_hash" (base64), "timestamp" (milliseconds since the epoch, as RFC 9162 §4.10)}``.

>>> from casys.core.signing import private_key_from_seed, Keyring
>>> key = private_key_from_seed(b"\\x07" * 32, "did:web:cb.example")
>>> leaf = LeafEvent("did:web:cb.example", "certificate", "C-1", "issue", "2026-01-02", "ab" * 32)
>>> leaf.data()
b'{"credential":"abababababababababababababababababababababababababababababababab","date":"2026-01-02","event":"issue","issuer":"did:web:cb.example","kind":"certificate","number":"C-1"}'
>>> head = TreeHead("did:web:cb.example", 1, merkle.leaf_hash(leaf.data()), 1767312000000)
>>> ring = Keyring(issuer=key.issuer, keys=(key.public,), active=key.kid)
>>> verify_tree_head(sign_tree_head(head, key), [ring]) == (head, key.kid)
True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from casys.core import merkle
from casys.core.signing import ALG, Keyring, PrivateKey

__all__ = [
    "EVENTS",
    "TYP",
    "LeafEvent",
    "LogCheck",
    "LogError",
    "TreeHead",
    "canonical",
    "check_consistency",
    "check_inclusion",
    "credential_hash",
    "check_record",
    "facts_hash",
    "sign_tree_head",
    "verify_tree_head",
]

TYP = "tree-head+jws"
#: the events a leaf records: issue and re-issue (changed facts or scope) from issuing, the rest
#: from a status change
EVENTS = ("issue", "reissue", "suspend", "restore", "withdraw", "expire", "supersede")


class LogError(ValueError):
    """A leaf or tree head that does not check out; the message starts with the check's name
    (``tree-head``, ``leaf``, ``inclusion``, ``consistency``)."""


def credential_hash(token: str) -> str:
    """SHA-256 of a signed credential's compact serialisation, hex: how a leaf names it.

    >>> credential_hash("a.b.c")[:16]  # sha256(b"a.b.c")
    '845e30448809e2bc'
    """
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class LeafEvent:
    """One event of one attestation, as the log records it."""

    issuer: str
    kind: str
    number: str
    event: str
    date: str
    credential: str = ""  # credential_hash of the credential, when the event signed one
    #: facts_hash of the attestation's public facts, when the event issued it without signing its
    #: credential yet (a bulk import: the credential is signed when first asked for)
    facts: str = ""

    def as_dict(self) -> dict[str, str]:
        out = {
            "issuer": self.issuer,
            "kind": self.kind,
            "number": self.number,
            "event": self.event,
            "date": self.date,
        }
        if self.credential:
            out["credential"] = self.credential
        if self.facts:
            out["facts"] = self.facts
        return out

    def data(self) -> bytes:
        """The leaf's bytes: canonical JSON (sorted keys, no whitespace, UTF-8)."""
        return canonical(self.as_dict())

    @classmethod
    def from_data(cls, data: bytes | str) -> LeafEvent:
        """Parse a leaf; refuses anything but the canonical form of the known members."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            doc = orjson.loads(raw)
        except ValueError as exc:  # (orjson.JSONDecodeError is one)
            raise LogError(f"leaf: not JSON ({exc})") from exc
        if not isinstance(doc, dict):
            raise LogError("leaf: not a JSON object")
        members = {"issuer", "kind", "number", "event", "date"}
        if not members <= doc.keys() or not doc.keys() <= members | {"credential", "facts"}:
            raise LogError(f"leaf: members must be {sorted(members)} and optionally credential, facts")
        if not all(isinstance(v, str) for v in doc.values()):
            raise LogError("leaf: every member is a string")
        leaf = cls(**doc)
        if leaf.data() != raw:
            raise LogError("leaf: not in canonical form")
        return leaf


def canonical(doc: Mapping[str, Any]) -> bytes:
    """Canonical JSON: keys sorted, no white space, UTF-8; what
    ``json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` encodes, for the
    text, integers and nested objects a log writes (no floats), written by orjson in a fraction of
    the time (a test compares both for every code point). What orjson refuses (a lone surrogate, an
    integer beyond 64 bits, a key that is not text) goes the standard library's way, as before."""
    try:
        return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


#: the members of a certificate's public record a ``facts`` leaf commits to: the import template's
#: columns (the registry's CSV/JSON export) but its status and publication flag, which change with
#: later events (a status change is a leaf of its own; status lists carry it to verifiers)
FACT_KEYS = (
    "certificate_number",
    "issue_date",
    "original_issue_date",
    "expiry_date",
    "certified_entity_name",
    "certified_entity_name_en",
    "address",
    "country",
    "scope",
    "standards",
    "iaf_codes",
    "sites",
    "accreditation_body",
)


def facts_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a record's :data:`FACT_KEYS` (missing ones count as ""), hex.

    >>> facts_hash({"certificate_number": "C-1"}) == facts_hash({"certificate_number": "C-1", "status": "x"})
    True
    """
    return hashlib.sha256(canonical({k: str(record.get(k, "")) for k in FACT_KEYS})).hexdigest()


def _day(value: Any) -> str:
    return str(value)[:10] if isinstance(value, str) else ""


def facts_disagree(claims: Mapping[str, Any], record: Mapping[str, Any]) -> str | None:
    """What a certificate credential's claims state otherwise than the record (``None`` if they
    agree): its number, holder, standards, scope and validity, the facts a verifier reads."""
    subject = claims.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    party = subject.get("issuedToParty")
    party = party if isinstance(party, dict) else {}
    standards = [
        str((a.get("referenceStandard") or {}).get("name", ""))
        for a in subject.get("assessment") or []
        if isinstance(a, dict)
    ]
    stated = {
        "certificate_number": str(subject.get("certificateNumber", "")),
        "certified_entity_name": str(party.get("name", "")),
        "standards": "; ".join(standards),
        "scope": str(subject.get("description", "")),
        "issue_date": _day(claims.get("validFrom")),
        "expiry_date": _day(claims.get("validUntil")),
    }
    for key, value in stated.items():
        if value != str(record.get(key, "")):
            return f"{key}: the credential states {value!r}, the logged record {record.get(key, '')!r}"
    return None


@dataclass(frozen=True)
class TreeHead:
    """What a signed tree head states: the issuer's tree of ``size`` leaves has root ``root``."""

    issuer: str
    size: int
    root: bytes
    timestamp: int  # milliseconds since 1970-01-01T00:00Z

    @property
    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp / 1000, tz=UTC)

    def as_dict(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "tree_size": self.size,
            "root_hash": base64.b64encode(self.root).decode("ascii"),
            "timestamp": self.timestamp,
        }


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    if any(c in text for c in "+/="):
        raise LogError("tree-head: not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, binascii.Error) as exc:
        raise LogError(f"tree-head: not base64url ({exc})") from exc


def sign_tree_head(head: TreeHead, key: PrivateKey) -> str:
    """The tree head as a compact JWS signed by ``key`` (RFC 7515 §7.1; Ed25519, RFC 8037)."""
    if head.issuer != key.issuer:
        raise LogError(f"tree-head: issuer {head.issuer!r} is not the key's issuer {key.issuer!r}")
    header = {"alg": ALG, "kid": key.kid, "typ": TYP}
    signing_input = f"{_b64url(canonical(header))}.{_b64url(canonical(head.as_dict()))}"
    return f"{signing_input}.{_b64url(key.key.sign(signing_input.encode('ascii')))}"


def _parse(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise LogError("tree-head: not a compact JWS (three dot-separated parts)")
    try:
        header, payload = (json.loads(_b64url_decode(p)) for p in parts[:2])
    except ValueError as exc:
        raise LogError(f"tree-head: header or payload is not JSON ({exc})") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise LogError("tree-head: header and payload must be JSON objects")
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), _b64url_decode(parts[2])


def _head(payload: Mapping[str, Any]) -> TreeHead:
    size, ts, issuer = payload.get("tree_size"), payload.get("timestamp"), payload.get("issuer")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise LogError("tree-head: tree_size is not a non-negative integer")
    if not isinstance(ts, int) or isinstance(ts, bool):
        raise LogError("tree-head: timestamp is not an integer")
    if not isinstance(issuer, str):
        raise LogError("tree-head: issuer is not a string")
    try:
        root = base64.b64decode(str(payload.get("root_hash")), validate=True)
    except (ValueError, binascii.Error) as exc:
        raise LogError("tree-head: root_hash is not base64") from exc
    if len(root) != merkle.HASH_SIZE:
        raise LogError(f"tree-head: root_hash is {len(root)} bytes, not {merkle.HASH_SIZE}")
    return TreeHead(issuer, size, root, ts)


#: Tree heads whose signature held, by the SHA-256 of their text and the keys they were checked
#: with: a verifier checking many inclusion proofs against one head verifies it once.
_KEPT_HEADS: OrderedDict[tuple[bytes, tuple[Any, ...]], tuple[TreeHead, str]] = OrderedDict()
_KEPT_LOCK = threading.Lock()
#: the same, by the head's text and the identity of the key rings (kept alive with it)
_QUICK_HEADS: dict[tuple[str, tuple[int, ...]], tuple[tuple[Keyring, ...], tuple[TreeHead, str]]] = {}


def verify_tree_head(token: str, rings: Sequence[Keyring]) -> tuple[TreeHead, str]:
    """The head a token states and the kid that signed it, if its signature holds under the
    issuer's keys (a key retired before the head's timestamp does not count)."""
    # first by the text and the rings' identity (the same head checked for many records costs a
    # dict lookup), then by the text's SHA-256 and the rings' keys (key rings read again)
    quick = (token, tuple(map(id, rings)))
    kept_quick = _QUICK_HEADS.get(quick)
    if kept_quick is not None and all(a is b for a, b in zip(kept_quick[0], rings, strict=True)):
        return kept_quick[1]
    mark = (
        hashlib.sha256(token.strip().encode("utf-8")).digest(),
        tuple((r.issuer, tuple((k.kid, k.jwk.get("x"), k.retired) for k in r.keys)) for r in rings),
    )
    with _KEPT_LOCK:
        kept = _KEPT_HEADS.get(mark)
    if kept is None:
        kept = _verify_tree_head(token, rings)
    with _KEPT_LOCK:
        _KEPT_HEADS[mark] = kept
        while len(_KEPT_HEADS) > 256:
            _KEPT_HEADS.popitem(last=False)
        if len(_QUICK_HEADS) >= 256:
            _QUICK_HEADS.clear()
        _QUICK_HEADS[quick] = (tuple(rings), kept)
    return kept


def _verify_tree_head(token: str, rings: Sequence[Keyring]) -> tuple[TreeHead, str]:
    header, payload, signing_input, signature = _parse(token)
    if header.get("alg") != ALG or header.get("typ") != TYP:
        raise LogError(f"tree-head: header must have alg {ALG} and typ {TYP}")
    head = _head(payload)
    kid = header.get("kid")
    ring = next((r for r in rings if r.issuer == head.issuer), None)
    key = ring.get(kid) if ring is not None and isinstance(kid, str) else None
    if key is None or not isinstance(kid, str):
        raise LogError(f"tree-head: no key {kid!r} of {head.issuer} among the keys given")
    if not key.signs_at(head.moment):
        raise LogError(f"tree-head: key {kid} was {key.retired.words if key.retired else ''} before the head")
    if not key.verifies(signature, signing_input):
        raise LogError("tree-head: the signature does not verify")
    return head, kid


# --- what a verifier checks ------------------------------------------------------------------------


@dataclass(frozen=True)
class LogCheck:
    """One check of a log verification: ``tree-head``, ``log-leaf``, ``inclusion`` or ``consistency``."""

    name: str
    state: str  # pass, fail, not-checked
    reason: str


def _hashes(values: Any, what: str) -> list[bytes]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LogError(f"{what}: a list of base64 hashes")
    try:  # strict: only the alphabet, padding at the end (a hash's 44 characters: binascii is
        # the quickest decoder at that length, pybase64's call costs more than its work)
        return [binascii.a2b_base64(v, strict_mode=True) for v in values]
    except (ValueError, binascii.Error) as exc:
        raise LogError(f"{what}: not base64 ({exc})") from exc


def check_inclusion(
    token: str, issuer: str, inclusion: Mapping[str, Any], head_token: str, rings: Sequence[Keyring]
) -> tuple[LogCheck, ...]:
    """Whether the credential ``token`` of ``issuer`` is in the issuer's log as the signed tree head
    ``head_token`` commits to it: the head's signature (``tree-head``), the leaf naming this very
    credential (``log-leaf``), the inclusion proof from that leaf to the head's root (``inclusion``,
    RFC 9162 §2.1.3.2). ``inclusion`` is the document the registry's API serves."""
    return _check_inclusion(issuer, inclusion, head_token, rings, token=token)


def _check_inclusion(
    issuer: str,
    inclusion: Mapping[str, Any],
    head_token: str,
    rings: Sequence[Keyring],
    *,
    token: str = "",
    leaf: LeafEvent | None = None,
    record: Mapping[str, Any] | None = None,
    claims: Mapping[str, Any] | None = None,
) -> tuple[LogCheck, ...]:
    """:func:`check_inclusion` of a credential (``token``) or of a record (``record``, with the
    ``claims`` its credential will state and its ``leaf`` already read from ``inclusion``)."""
    checks: list[LogCheck] = []
    try:
        head, kid = verify_tree_head(head_token, rings)
        if head.issuer != issuer:
            raise LogError(f"tree-head: signed for {head.issuer}, the credential's issuer is {issuer}")
        checks.append(LogCheck("tree-head", "pass", f"signed by {kid}: {head.size} leaves at {head.moment}"))
    except LogError as exc:
        return (
            LogCheck("tree-head", "fail", str(exc)),
            LogCheck("log-leaf", "not-checked", ""),
            LogCheck("inclusion", "not-checked", ""),
        )
    data = str(inclusion.get("leaf", ""))
    try:
        leaf = _leaf_check(
            LeafEvent.from_data(data) if leaf is None else leaf, issuer, inclusion, token, record, claims
        )
        checks.append(
            LogCheck("log-leaf", "pass", f"{leaf.event} of {leaf.kind} {leaf.number} on {leaf.date}")
        )
    except LogError as exc:
        checks.append(LogCheck("log-leaf", "fail", str(exc).removeprefix("leaf: ")))
        return (*checks, LogCheck("inclusion", "not-checked", ""))
    try:
        index, size = inclusion.get("leaf_index"), inclusion.get("tree_size")
        if not isinstance(index, int) or not isinstance(size, int):
            raise LogError("inclusion: leaf_index and tree_size must be integers")
        if size != head.size:
            raise LogError(f"inclusion: the proof is for a tree of {size} leaves, the head signs {head.size}")
        proof = _hashes(inclusion.get("proof"), "inclusion")
        # the leaf's text is its canonical form (LeafEvent.from_data refuses any other): its bytes
        merkle.verify_inclusion(index, head.size, merkle.leaf_hash(data.encode("utf-8")), proof, head.root)
        checks.append(LogCheck("inclusion", "pass", f"leaf {index} of {head.size}"))
    except (LogError, merkle.ProofError) as exc:
        checks.append(LogCheck("inclusion", "fail", str(exc).removeprefix("inclusion: ")))
    return tuple(checks)


def _leaf_check(
    leaf: LeafEvent,
    issuer: str,
    inclusion: Mapping[str, Any],
    token: str,
    record: Mapping[str, Any] | None,
    claims: Mapping[str, Any] | None,
) -> LeafEvent:
    """The leaf, if it logs this credential (or these facts) of ``issuer``; else :class:`LogError`."""
    if leaf.issuer != issuer:
        raise LogError(f"leaf: logs an attestation of {leaf.issuer}, not of {issuer}")
    if leaf.facts and not leaf.credential:
        # issued by a bulk import, its credential signed later: the leaf commits to the record's
        # facts, which the inclusion document carries, and the credential must state the same
        if record is None:
            record = inclusion.get("record")
        if not isinstance(record, dict) or facts_hash(record) != leaf.facts:
            raise LogError("leaf: names other facts (the record's SHA-256 differs from the leaf's)")
        wrong = facts_disagree(_claims(token) if claims is None else claims, record)
        if wrong is not None:
            raise LogError(f"leaf: {wrong}")
    elif leaf.credential != credential_hash(token):
        raise LogError("leaf: names another credential (its SHA-256 differs from this one's)")
    return leaf


def _claims(token: str) -> dict[str, Any]:
    parts = token.strip().split(".")
    try:
        doc = (
            json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
            if len(parts) == 3
            else None
        )
    except (ValueError, binascii.Error):
        doc = None
    if not isinstance(doc, dict):
        raise LogError("leaf: the credential's payload is not a JSON object")
    return doc


def check_record(
    record: Mapping[str, Any],
    issuer: str,
    inclusion: Mapping[str, Any],
    head_token: str,
    rings: Sequence[Keyring],
) -> tuple[LogCheck, ...]:
    """Whether a certificate's public record (its row in the registry's export) is in the issuer's
    log as the signed tree head commits to it — how an imported attestation is checked offline before
    its credential is signed: the head's signature, the leaf's ``facts`` against the record, the
    inclusion proof."""
    try:
        leaf = LeafEvent.from_data(str(inclusion.get("leaf", "")))
    except LogError as exc:
        return (LogCheck("tree-head", "not-checked", ""), LogCheck("log-leaf", "fail", str(exc)))
    if not leaf.facts:
        return (LogCheck("log-leaf", "fail", "the leaf names a signed credential: verify the credential"),)
    if str(record.get("certificate_number", "")) != leaf.number:
        return (LogCheck("log-leaf", "fail", f"the leaf logs {leaf.number}, not the record's number"),)
    # the record's own facts against the leaf, and what its credential will state (the claims) against
    # the record, as if the credential were signed already
    record = dict(record)
    return _check_inclusion(
        issuer, inclusion, head_token, rings, leaf=leaf, record=record, claims=_record_claims(record)
    )


def _record_claims(record: Mapping[str, Any]) -> dict[str, Any]:
    """The claims of a record's credential that :func:`facts_disagree` reads."""
    return {
        "credentialSubject": {
            "certificateNumber": str(record.get("certificate_number", "")),
            "issuedToParty": {"name": str(record.get("certified_entity_name", ""))},
            "assessment": [
                {"referenceStandard": {"name": s.strip()}}
                for s in str(record.get("standards", "")).split(";")
                if s.strip()
            ],
            **({"description": str(record["scope"])} if record.get("scope") else {}),
        },
        "validFrom": str(record.get("issue_date", "")),
        "validUntil": str(record.get("expiry_date", "")),
    }


def check_consistency(earlier: TreeHead, later: TreeHead, proof: Sequence[bytes]) -> LogCheck:
    """Whether ``later`` extends ``earlier`` (both already verified): never smaller, never older,
    and the consistency proof between them holds (RFC 9162 §2.1.4.2)."""
    if later.issuer != earlier.issuer:
        return LogCheck("consistency", "fail", f"heads of two issuers ({earlier.issuer}, {later.issuer})")
    if later.size < earlier.size:
        return LogCheck("consistency", "fail", f"the log shrank from {earlier.size} to {later.size} leaves")
    if later.timestamp < earlier.timestamp:
        return LogCheck("consistency", "fail", "the later head has an earlier timestamp")
    if earlier.size == 0:
        return LogCheck("consistency", "pass", "the earlier tree was empty")
    try:
        merkle.verify_consistency(earlier.size, later.size, earlier.root, later.root, proof)
    except merkle.ProofError as exc:
        return LogCheck("consistency", "fail", f"{earlier.size} → {later.size} leaves: {exc}")
    return LogCheck("consistency", "pass", f"{earlier.size} → {later.size} leaves")

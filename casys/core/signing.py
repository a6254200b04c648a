"""Issuer signing keys: Ed25519 keys with a key id, key rings, JWKS and ``did:web``.

Every issuing body (certification body, accreditation body, laboratory...) signs
its attestations with its own Ed25519 key (RFC 8032), used in JOSE as an
``OKP`` JSON Web Key (RFC 8037, §2) with ``alg`` ``EdDSA``. The key id
(``kid``) is the RFC 7638 JWK thumbprint of the public key (SHA-256 over the
required members ``crv``, ``kty``, ``x`` in lexicographic order, §3.2), so a
``kid`` names exactly one key and anyone can recompute it.

Rotation: a :class:`Keyring` holds every public key an issuer ever signed with
and names one ``active`` kid. A new key becomes active; old keys stay in the
ring, so every earlier attestation still verifies (issue 6, DESIGN "Invariants").

Retirement: a key that is no longer used is *retired* (reason ``superseded``) with a "not after"
moment, and a key that leaked is *revoked* (reason ``keyCompromise``) with the moment it may
have leaked. A credential whose signing time (its ``validFrom``) is after that moment fails
the key check; every credential signed before it keeps verifying. JWKS carry it as the JWK
parameters ``exp`` and ``revoked`` {``revoked_at``, ``reason``} that OpenID Federation 1.0 uses
for historical keys; DID documents as the verification-method properties ``expires`` and
``revoked`` of W3C Controlled Identifiers v1.0.

Private keys never enter a credential or a database: this module only turns
them into PEM bytes; where those bytes live is a :class:`KeyStore` (a key file,
or an external store). This module is pure: no file I/O, no clock, no RNG — a
new key is made from 32 seed bytes handed in (the CLI passes
``secrets.token_bytes(32)``; tests pass fixed seeds).

>>> key = private_key_from_seed(bytes(range(32)), issuer="did:web:cb.example")
>>> key.kid == jwk_thumbprint(key.public.jwk)
True
>>> ring = Keyring(issuer="did:web:cb.example", keys=(key.public,), active=key.kid)
>>> [k["kid"] for k in jwks(ring)["keys"]] == [key.kid]
True
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal, Protocol
from urllib.parse import quote, unquote

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.bindings import crypto_core_ed25519_is_valid_point, crypto_sign_open
from nacl.exceptions import BadSignatureError

__all__ = [
    "ALG",
    "KeyError_",
    "KeyStore",
    "Keyring",
    "PrivateKey",
    "PublicKey",
    "RawSigner",
    "RetireReason",
    "Retirement",
    "did_document",
    "did_web",
    "jwk_thumbprint",
    "jwks",
    "keyring_from_did_document",
    "keyring_from_jwks",
    "private_key_from_pem",
    "private_key_from_seed",
    "private_key_from_signer",
    "private_key_to_pem",
    "public_key_from_jwk",
    "public_key_from_raw",
    "retire",
    "rotate",
]

#: JWS algorithm for Ed25519 (RFC 8037, §3.1). RFC 9864 (2025) prefers the fully
#: specified name ``Ed25519``; VC-JOSE-COSE examples and the issue use ``EdDSA``.
ALG = "EdDSA"


class KeyError_(ValueError):  # noqa: N801 - the builtin name KeyError is taken
    """A key, key ring, JWKS or DID document is malformed; the message names the field."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str, what: str) -> bytes:
    """Strict base64url without padding (RFC 7515, §2): non-canonical text is refused."""
    if not isinstance(text, str) or any(c in text for c in "+/="):
        raise KeyError_(f"{what}: not base64url text")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:  # binascii.Error is a ValueError
        raise KeyError_(f"{what}: not base64url ({exc})") from exc
    if _b64url(raw) != text:
        raise KeyError_(f"{what}: non-canonical base64url")
    return raw


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url) of an OKP public key.

    Only the required members of an OKP key, ``crv``, ``kty`` and ``x``
    (RFC 8037, §2; RFC 7638, §3.2), enter the hash, in lexicographic order and
    without whitespace. RFC 8037, Appendix A.3 gives the worked example:

    >>> jwk_thumbprint({"kty": "OKP", "crv": "Ed25519",
    ...                 "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})
    'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
    """
    for member in ("kty", "crv", "x"):
        if not isinstance(jwk.get(member), str):
            raise KeyError_(f"jwk.{member}: missing or not a string")
    if jwk["kty"] != "OKP" or jwk["crv"] != "Ed25519":
        raise KeyError_(f"jwk: kty/crv must be OKP/Ed25519, got {jwk['kty']}/{jwk['crv']}")
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


RetireReason = Literal["superseded", "keyCompromise"]


@dataclass(frozen=True)
class Retirement:
    """Since when a key signs nothing valid, and why (RFC 5280 reason names, as OpenID Federation)."""

    not_after: datetime
    reason: RetireReason

    def __post_init__(self) -> None:
        if self.not_after.tzinfo is None:
            raise KeyError_("not_after: must be time-zone aware")
        if self.reason not in ("superseded", "keyCompromise"):
            raise KeyError_(f"reason: {self.reason!r} is not superseded or keyCompromise")

    @property
    def words(self) -> str:
        """How a verification report says it."""
        when = self.not_after.astimezone(UTC).isoformat()
        if self.reason == "keyCompromise":
            return f"revoked (key compromise) on {when}"
        return f"retired on {when}"


@dataclass(frozen=True)
class PublicKey:
    """An issuer's public key: its ``kid``, its public JWK (with ``kid``, ``alg``, ``use``) and, once
    retired or revoked, since when."""

    kid: str
    jwk: Mapping[str, str]
    retired: Retirement | None = None

    def signs_at(self, moment: datetime) -> bool:
        """Whether a signature made at ``moment`` is acceptable (not after a retirement)."""
        return self.retired is None or moment <= self.retired.not_after

    def raw(self) -> Ed25519PublicKey:
        """The key as a ``cryptography`` object (imported once per process)."""
        return _imported(self.jwk["x"], self.kid)

    def verifies(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``data`` (RFC 8032, §5.1.7).

        libsodium checks it (through PyNaCl), in about half the time OpenSSL takes on the machines
        of BENCHMARKS.md. Besides RFC 8032's checks (``S`` below the group order, the equation
        without the cofactor) it refuses a small-order or non-canonical ``R`` and a small-order
        public key, under which anyone can make a "signature" of some messages (OpenSSL's verifier
        accepts one such forgery of any message: a test shows casys refusing it).
        """
        if len(signature) != 64:
            return False
        try:
            crypto_sign_open(signature + data, _key_bytes(self.jwk["x"], self.kid))
        except BadSignatureError:
            return False
        return True

    def raw_bytes(self) -> bytes:
        """The 32 bytes of the public key (RFC 8032, §5.1.5), as a PKCS#11 ``CKA_EC_POINT`` holds them."""
        return _b64url_decode(self.jwk["x"], f"jwk[{self.kid}].x")


@lru_cache(maxsize=1024)
def _imported(x: str, kid: str) -> Ed25519PublicKey:
    """A public key imported from its JWK ``x``: a verifier checking many credentials of one issuer
    imports the key once, not once per signature."""
    return Ed25519PublicKey.from_public_bytes(_b64url_decode(x, f"jwk[{kid}].x"))


@lru_cache(maxsize=1024)
def _key_bytes(x: str, kid: str) -> bytes:
    """The 32 bytes of a public key that imports (a point on the curve), once per process."""
    return _imported(x, kid).public_bytes_raw()


class RawSigner(Protocol):
    """Whatever makes an Ed25519 signature (RFC 8032, §5.1.6) over bytes: a ``cryptography``
    ``Ed25519PrivateKey`` from a key file, or a key held by a PKCS#11 token that signs inside the
    token (mechanism ``CKM_EDDSA``) and never hands out the secret."""

    def sign(self, data: bytes) -> bytes:
        """The 64-byte signature of ``data``."""
        ...


@dataclass(frozen=True)
class PrivateKey:
    """A private signing key with its ``kid`` and issuer. Its ``repr`` never shows the secret.

    ``key`` only has to sign; whether its secret can be exported depends on where it lives
    (:func:`private_key_to_pem` refuses a key that is not a ``cryptography`` key).
    """

    kid: str
    issuer: str
    public: PublicKey
    key: RawSigner = field(repr=False, compare=False)


def public_key_from_raw(x: bytes) -> PublicKey:
    """The public key from its 32 raw bytes (RFC 8032, §5.1.5), its kid the JWK thumbprint.

    >>> k = private_key_from_seed(b"\x03" * 32, "did:web:cb.example")
    >>> public_key_from_raw(k.public.raw_bytes()) == k.public
    True
    """
    if len(x) != 32:
        raise KeyError_(f"public key: an Ed25519 public key is 32 bytes, got {len(x)}")
    return _public_from_raw(Ed25519PublicKey.from_public_bytes(_check_point(x, "public key")))


def _public_from_raw(pub: Ed25519PublicKey) -> PublicKey:
    x = _b64url(pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    base = {"kty": "OKP", "crv": "Ed25519", "x": x}
    kid = jwk_thumbprint(base)
    return PublicKey(kid=kid, jwk={**base, "kid": kid, "alg": ALG, "use": "sig"})


def _private_from_raw(raw: Ed25519PrivateKey, issuer: str) -> PrivateKey:
    if not issuer:
        raise KeyError_("issuer: empty")
    public = _public_from_raw(raw.public_key())
    return PrivateKey(kid=public.kid, issuer=issuer, public=public, key=raw)


def private_key_from_seed(seed: bytes, issuer: str) -> PrivateKey:
    """A private key from 32 seed bytes (RFC 8032, §5.1.5: the private key *is* 32 random bytes).

    RFC 8037, Appendix A.1 (private key ``d``) and A.2/A.3 (its public ``x`` and thumbprint):

    >>> d = base64.urlsafe_b64decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
    >>> key = private_key_from_seed(d, "did:web:ab.example")
    >>> key.public.jwk["x"], key.kid
    ('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k')
    """
    if len(seed) != 32:
        raise KeyError_(f"seed: must be 32 bytes, got {len(seed)}")
    return _private_from_raw(Ed25519PrivateKey.from_private_bytes(seed), issuer)


def private_key_from_signer(signer: RawSigner, public_x: bytes, issuer: str) -> PrivateKey:
    """A private key that lives elsewhere (a PKCS#11 token): its signer and its raw 32-byte public key.

    The kid is the thumbprint of the public key handed in; that the signer really holds the
    matching secret is for the key store to ensure (signatures that do not verify fail verification).

    >>> file_key = private_key_from_seed(b"\x02" * 32, "did:web:cb.example")
    >>> x = file_key.public.raw_bytes()
    >>> private_key_from_signer(file_key.key, x, "did:web:cb.example").kid == file_key.kid
    True
    """
    if not issuer:
        raise KeyError_("issuer: empty")
    public = public_key_from_raw(public_x)
    return PrivateKey(kid=public.kid, issuer=issuer, public=public, key=signer)


def private_key_to_pem(key: PrivateKey) -> bytes:
    """The private key as unencrypted PKCS #8 PEM, for a key file (mode 0600) or a key store.

    Only a key whose secret is in memory can be written; a key held by a token is refused.
    """
    if not isinstance(key.key, Ed25519PrivateKey):
        raise KeyError_(
            f"kid {key.kid}: the private key is held by {type(key.key).__name__}, not in memory; "
            "it cannot be exported as PEM"
        )
    return key.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def private_key_from_pem(pem: bytes, issuer: str) -> PrivateKey:
    """Read a PKCS #8 PEM Ed25519 private key.

    >>> key = private_key_from_seed(b"\\x01" * 32, "did:web:cb.example")
    >>> private_key_from_pem(private_key_to_pem(key), "did:web:cb.example").kid == key.kid
    True
    """
    try:
        raw = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise KeyError_(f"pem: not an unencrypted PKCS #8 private key ({exc})") from exc
    if not isinstance(raw, Ed25519PrivateKey):
        raise KeyError_(f"pem: not an Ed25519 key but {type(raw).__name__}")
    return _private_from_raw(raw, issuer)


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """Read a public OKP/Ed25519 JWK; a ``kid`` present must equal its thumbprint.

    Refuses a JWK that carries the private member ``d``: a published key set
    must never hold one.
    """
    if not isinstance(jwk, Mapping):
        raise KeyError_("jwk: not an object")
    if "d" in jwk:
        raise KeyError_("jwk.d: a private key member in a public key set")
    kid = jwk_thumbprint(jwk)
    if "kid" in jwk and jwk["kid"] != kid:
        raise KeyError_(f"jwk.kid: {jwk['kid']!r} is not the RFC 7638 thumbprint {kid!r}")
    if jwk.get("alg", ALG) != ALG:
        raise KeyError_(f"jwk.alg: expected {ALG}, got {jwk['alg']!r}")
    raw = _check_point(_check_length(_b64url_decode(jwk["x"], "jwk.x")), "jwk.x")
    return _public_from_raw(Ed25519PublicKey.from_public_bytes(raw))


def _check_length(raw: bytes) -> bytes:
    if len(raw) != 32:  # RFC 8032, §5.1.5: an Ed25519 public key is 32 octets
        raise KeyError_(f"jwk.x: an Ed25519 public key is 32 bytes, got {len(raw)}")
    return raw


def _check_point(raw: bytes, what: str) -> bytes:
    """Refuse 32 bytes that are not a canonical point of the prime-order group: every key a signer
    derives (RFC 8032, §5.1.5: ``[s]B``) is one, while a small-order point "verifies" signatures
    that anyone can make."""
    if not crypto_core_ed25519_is_valid_point(raw):
        raise KeyError_(
            f"{what}: not a point of the Ed25519 prime-order group (a small-order or non-canonical key)"
        )
    return raw


@dataclass(frozen=True)
class Keyring:
    """Every public key one issuer has signed with, and the kid of the active one."""

    issuer: str
    keys: tuple[PublicKey, ...]
    active: str | None = None

    def __post_init__(self) -> None:
        kids = [k.kid for k in self.keys]
        if len(set(kids)) != len(kids):
            raise KeyError_(f"keyring[{self.issuer}].keys: duplicate kid")
        if self.active is not None and self.active not in kids:
            raise KeyError_(f"keyring[{self.issuer}].active: {self.active!r} is not one of its keys")

    def get(self, kid: str) -> PublicKey | None:
        """The public key with this kid, or ``None``."""
        return next((k for k in self.keys if k.kid == kid), None)


def rotate(ring: Keyring, new: PublicKey) -> Keyring:
    """Add ``new`` and make it active; the old keys stay so earlier signatures still verify.

    >>> a = private_key_from_seed(b"\\x02" * 32, "did:web:cb.example")
    >>> b = private_key_from_seed(b"\\x03" * 32, "did:web:cb.example")
    >>> ring = rotate(Keyring("did:web:cb.example", (a.public,), a.kid), b.public)
    >>> ring.active == b.kid, ring.get(a.kid) is not None
    (True, True)
    """
    keys = ring.keys if ring.get(new.kid) else (*ring.keys, new)
    return Keyring(issuer=ring.issuer, keys=keys, active=new.kid)


def retire(ring: Keyring, kid: str, not_after: datetime, reason: RetireReason = "superseded") -> Keyring:
    """Retire (``superseded``) or revoke (``keyCompromise``) a key from ``not_after`` on.

    The active key cannot be retired: rotate first. A key already retired may be revoked, and
    the earlier moment wins (a compromise found later can only take more away, never give back).

    >>> a = private_key_from_seed(b"\x05" * 32, "did:web:cb.example")
    >>> b = private_key_from_seed(b"\x06" * 32, "did:web:cb.example")
    >>> ring = rotate(Keyring("did:web:cb.example", (a.public,), a.kid), b.public)
    >>> ring = retire(ring, a.kid, datetime(2026, 1, 1, tzinfo=UTC))
    >>> old = ring.get(a.kid)
    >>> old.signs_at(datetime(2025, 12, 31, tzinfo=UTC)), old.signs_at(datetime(2026, 2, 1, tzinfo=UTC))
    (True, False)
    """
    key = ring.get(kid)
    if key is None:
        raise KeyError_(f"kid: {kid!r} is not a key of {ring.issuer}")
    if kid == ring.active:
        raise KeyError_(f"kid: {kid!r} is the active key; rotate to a new key before retiring it")
    new = Retirement(not_after, reason)
    if key.retired is not None:
        new = Retirement(
            min(new.not_after, key.retired.not_after),
            "keyCompromise" if "keyCompromise" in (reason, key.retired.reason) else "superseded",
        )
    keys = tuple(replace(k, retired=new) if k.kid == kid else k for k in ring.keys)
    return Keyring(issuer=ring.issuer, keys=keys, active=ring.active)


def _numeric_date(moment: datetime) -> int:
    return int(moment.timestamp())


def retirement_members(key: PublicKey) -> dict[str, Any]:
    """The JWK parameters that say a key is retired or revoked (OpenID Federation 1.0 historical keys)."""
    if key.retired is None:
        return {}
    if key.retired.reason == "keyCompromise":
        return {"revoked": {"revoked_at": _numeric_date(key.retired.not_after), "reason": "keyCompromise"}}
    return {"exp": _numeric_date(key.retired.not_after)}


def _retirement_from_jwk(jwk: Mapping[str, Any], where: str) -> Retirement | None:
    revoked, exp = jwk.get("revoked"), jwk.get("exp")
    try:
        if revoked is not None:
            if not isinstance(revoked, Mapping) or not isinstance(revoked.get("revoked_at"), int):
                raise KeyError_("revoked.revoked_at: not a NumericDate")
            return Retirement(datetime.fromtimestamp(revoked["revoked_at"], UTC), "keyCompromise")
        if exp is not None:
            if not isinstance(exp, int):
                raise KeyError_("exp: not a NumericDate")
            return Retirement(datetime.fromtimestamp(exp, UTC), "superseded")
    except (KeyError_, OverflowError, OSError, ValueError) as exc:
        raise KeyError_(f"{where}.{exc}") from exc
    return None


def jwks(ring: Keyring) -> dict[str, Any]:
    """The JWK Set document (RFC 7517, §5) of a key ring, public members only, retirements included."""
    return {"keys": [{**k.jwk, **retirement_members(k)} for k in ring.keys]}


def keyring_from_jwks(doc: Mapping[str, Any], issuer: str) -> Keyring:
    """A key ring from a JWKS document; the issuer is given (a JWKS does not name it)."""
    keys = doc.get("keys") if isinstance(doc, Mapping) else None
    if not isinstance(keys, list):
        raise KeyError_("jwks.keys: missing or not a list")
    out = []
    for i, jwk in enumerate(keys):
        try:
            key = public_key_from_jwk(jwk)
            out.append(replace(key, retired=_retirement_from_jwk(jwk, "jwk")))
        except KeyError_ as exc:
            raise KeyError_(f"jwks.keys[{i}]: {exc}") from exc
    return Keyring(issuer=issuer, keys=tuple(out))


def did_web(domain: str, path: Iterable[str] = ()) -> str:
    """The ``did:web`` identifier of a domain (W3C CCG did:web method, §3.1 "Create").

    A port's colon is percent-encoded; path segments are joined with ``:``.

    >>> did_web("cb.example")
    'did:web:cb.example'
    >>> did_web("localhost:8443", ["issuers", "42"])
    'did:web:localhost%3A8443:issuers:42'
    """
    if not domain or "/" in domain:
        raise KeyError_(f"domain: {domain!r} is not a host name")
    return _did_web(domain, tuple(path))


@lru_cache(maxsize=4096)
def _did_web(domain: str, path: tuple[str, ...]) -> str:
    parts = [quote(domain, safe=".-")] + [quote(p, safe="") for p in path]
    return "did:web:" + ":".join(parts)


def did_web_url(did: str) -> str:
    """Where a ``did:web`` DID document is served (did:web method, §3.2 "Read").

    >>> did_web_url("did:web:cb.example")
    'https://cb.example/.well-known/did.json'
    >>> did_web_url("did:web:localhost%3A8443:issuers:42")
    'https://localhost:8443/issuers/42/did.json'
    """
    if not did.startswith("did:web:"):
        raise KeyError_(f"did: {did!r} is not a did:web identifier")
    parts = [unquote(p) for p in did[len("did:web:") :].split(":")]
    if len(parts) == 1:
        return f"https://{parts[0]}/.well-known/did.json"
    return "https://" + "/".join(parts) + "/did.json"


def did_document(ring: Keyring) -> dict[str, Any]:
    """A DID document for a ``did:web`` issuer (W3C DID v1.0; keys as ``JsonWebKey``).

    Each key is a verification method ``<did>#<kid>`` of type ``JsonWebKey``
    (W3C Controlled Identifiers v1.0, §2.2.3) and may make assertions
    (``assertionMethod``, DID v1.0 §5.3.2), i.e. sign credentials.

    >>> k = private_key_from_seed(b"\\x04" * 32, "did:web:cb.example")
    >>> doc = did_document(Keyring("did:web:cb.example", (k.public,), k.kid))
    >>> doc["assertionMethod"] == ["did:web:cb.example#" + k.kid]
    True
    """
    if not ring.issuer.startswith("did:web:"):
        raise KeyError_(f"keyring.issuer: {ring.issuer!r} is not a did:web identifier")
    methods = [{**_method(ring.issuer, k), **_method_retirement(k)} for k in ring.keys]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": ring.issuer,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def _method(did: str, key: PublicKey) -> dict[str, Any]:
    return {"id": f"{did}#{key.kid}", "type": "JsonWebKey", "controller": did, "publicKeyJwk": dict(key.jwk)}


def _method_retirement(key: PublicKey) -> dict[str, str]:
    """W3C Controlled Identifiers v1.0 verification-method properties ``revoked`` / ``expires``."""
    if key.retired is None:
        return {}
    when = key.retired.not_after.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return {"revoked": when} if key.retired.reason == "keyCompromise" else {"expires": when}


def _retirement_from_method(m: Mapping[str, Any], where: str) -> Retirement | None:
    for member, reason in (("revoked", "keyCompromise"), ("expires", "superseded")):
        value = m.get(member)
        if value is None:
            continue
        try:
            moment = datetime.fromisoformat(str(value))
            return Retirement(moment, reason)  # type: ignore[arg-type]
        except (ValueError, KeyError_) as exc:
            raise KeyError_(f"{where}.{member}: {value!r} is not a date-time with a time zone") from exc
    return None


def keyring_from_did_document(doc: Mapping[str, Any]) -> Keyring:
    """The key ring a DID document publishes: the verification methods listed in ``assertionMethod``."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("id"), str):
        raise KeyError_("did.id: missing or not a string")
    did = doc["id"]
    methods = doc.get("verificationMethod", [])
    if not isinstance(methods, list):
        raise KeyError_("did.verificationMethod: not a list")
    asserting = {m if isinstance(m, str) else m.get("id") for m in doc.get("assertionMethod", [])}
    keys = []
    for i, m in enumerate(methods):
        if not isinstance(m, Mapping) or m.get("id") not in asserting:
            continue
        try:
            key = public_key_from_jwk(m.get("publicKeyJwk", {}))
        except KeyError_ as exc:
            raise KeyError_(f"did.verificationMethod[{i}]: {exc}") from exc
        if m["id"] != f"{did}#{key.kid}":
            raise KeyError_(f"did.verificationMethod[{i}].id: {m['id']!r} is not {did}#<thumbprint>")
        keys.append(replace(key, retired=_retirement_from_method(m, f"did.verificationMethod[{i}]")))
    return Keyring(issuer=did, keys=tuple(keys))


class KeyStore(Protocol):
    """Where private keys live (a key file, an HSM, a cloud KMS) — never a credential or the database.

    casys ships one implementation, ``casys.attestations.keystore.FileKeyStore``: a key directory whose
    private keys are PEM files or keys on a PKCS#11 token;
    the Django apps ask for the active key by issuer and sign with it.
    """

    def save(self, key: PrivateKey) -> None:
        """Store a new private key and make it the issuer's active key."""

    def load(self, kid: str) -> PrivateKey:
        """The private key with this kid; raises ``KeyError_`` naming the kid if unknown."""

    def active(self) -> PrivateKey:
        """The key that signs new attestations."""

    def keyring(self) -> Keyring:
        """The public key ring: every key stored, the active one named."""

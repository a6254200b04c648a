"""Issuer keys and the static files verifiers fetch (JWKS, DID documents, status lists).

- ``DATA_DIR/keys/<issuer>/``: the issuer's key directory (:class:`FileKeyStore`), never in the
  database; a key's private half is a PEM file there or lives on a PKCS#11 token.
- ``DATA_DIR/registry-static/``: signed status lists, JWKS and DID documents, served as they are.

A key is created explicitly — by ``casys keys create ISSUER`` or when an issuing body is created
(:mod:`casys.attestations.receivers`) — never as a side effect of a first signature: signing for an
issuer without a key is refused with :class:`NoKey`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from datetime import datetime
from pathlib import Path

from django.conf import settings

from casys.attestations.identity import did_for
from casys.attestations.keystore import FileKeyStore
from casys.attestations.pkcs11 import Pkcs11Token
from casys.core import signing

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class NoKey(LookupError):
    """The issuer has no signing key yet; the message says how to create one."""


def _safe(slug: str) -> str:
    if not _SLUG.match(slug):
        raise ValueError(f"issuer: {slug!r} is not a slug")
    return slug


def static_root() -> Path:
    return Path(settings.DATA_DIR) / "registry-static"


def key_store(slug: str) -> FileKeyStore:
    return FileKeyStore(Path(settings.DATA_DIR) / "keys" / _safe(slug))


def has_key(slug: str) -> bool:
    return key_store(slug).issuer() is not None


def signing_key(slug: str) -> signing.PrivateKey:
    """The issuer's active key; :class:`NoKey` if it has none (keys are never made on first use)."""
    store = key_store(slug)
    if store.issuer() is None:
        raise NoKey(f"issuer: {slug} has no signing key; create one with `casys keys create {slug}`")
    return store.active()


def on_token() -> bool:
    """Whether new keys are made on the PKCS#11 token (``CASYS_KEY_STORE=pkcs11``) or in files."""
    return str(getattr(settings, "CASYS_KEY_STORE", "file")).lower() == "pkcs11"


def create_key(slug: str, *, hsm: bool | None = None) -> signing.PrivateKey:
    """A new active key for the issuer (its first, or a rotation), published at once.

    ``hsm`` (default: ``CASYS_KEY_STORE``) makes it on the PKCS#11 token named by
    ``CASYS_PKCS11_MODULE``/``CASYS_PKCS11_TOKEN``/``CASYS_PKCS11_PIN``, where the private key is
    generated and stays (not extractable); otherwise it is a PEM file in the key directory.
    Earlier keys stay in the ring and stay published, so what they signed still verifies.
    """
    store = key_store(slug)
    if on_token() if hsm is None else hsm:
        store.create_on_token(did_for(slug), Pkcs11Token.from_env())
    else:
        store.save(signing.private_key_from_seed(secrets.token_bytes(32), did_for(slug)))
    publish_keys(slug)
    return store.active()


def ensure_key(slug: str) -> signing.PrivateKey:
    """The issuer's active key, created if it has none yet (for a newly created issuing body)."""
    return signing_key(slug) if has_key(slug) else create_key(slug)


def rotate_key(slug: str, *, hsm: bool | None = None) -> signing.PrivateKey:
    """A new active key; the old ones stay published so earlier attestations still verify."""
    return create_key(slug, hsm=hsm)


def retire_key(slug: str, kid: str, not_after: datetime, reason: signing.RetireReason) -> signing.Keyring:
    """Retire or revoke one of the issuer's keys and republish its JWKS and DID document.

    A revoked key (``keyCompromise``): what it signed after ``not_after`` fails verification,
    what it signed before still verifies.
    """
    ring = key_store(slug).retire(kid, not_after, reason)
    publish_keys(slug)
    return ring


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so a reader sees the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def publish_keys(slug: str) -> None:
    """Write the issuer's JWKS and did:web document under registry-static."""
    ring = key_store(slug).keyring()
    jwks = {"issuer": ring.issuer, **signing.jwks(ring)}
    write_atomic(static_root() / "keys" / slug / "jwks.json", json.dumps(jwks, indent=2).encode())
    doc = signing.did_document(ring)
    write_atomic(static_root() / "did" / slug / "did.json", json.dumps(doc, indent=2).encode())


def status_file(slug: str, name: str) -> Path:
    return static_root() / "status" / _safe(slug) / f"{name}.jwt"


def keyring(slug: str) -> signing.Keyring | None:
    store = key_store(slug)
    return store.keyring() if store.issuer() is not None else None

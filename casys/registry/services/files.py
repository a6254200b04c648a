"""Where the registry keeps its files: issuer keys and the static files verifiers fetch.

- ``DATA_DIR/keys/<issuer>/``: the issuer's key directory (:class:`FileKeyStore`), never in the database;
- ``DATA_DIR/registry-static/``: signed status lists, JWKS and DID documents, served as they are.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import datetime
from pathlib import Path

from django.conf import settings

from casys.attestations.identity import did_for
from casys.attestations.keystore import FileKeyStore
from casys.core import signing

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def _safe(slug: str) -> str:
    if not _SLUG.match(slug):
        raise ValueError(f"issuer: {slug!r} is not a slug")
    return slug


def static_root() -> Path:
    return Path(settings.DATA_DIR) / "registry-static"


def key_store(slug: str) -> FileKeyStore:
    return FileKeyStore(Path(settings.DATA_DIR) / "keys" / _safe(slug))


def signing_key(slug: str) -> signing.PrivateKey:
    """The issuer's active key; the first use generates one (and publishes the key set)."""
    store = key_store(slug)
    if store.issuer() is None:
        store.save(signing.private_key_from_seed(secrets.token_bytes(32), did_for(slug)))
        publish_keys(slug)
    return store.active()


def rotate_key(slug: str) -> signing.PrivateKey:
    """A new active key; the old ones stay published so earlier attestations still verify."""
    store = key_store(slug)
    store.save(signing.private_key_from_seed(secrets.token_bytes(32), did_for(slug)))
    publish_keys(slug)
    return store.active()


def retire_key(slug: str, kid: str, not_after: datetime, reason: signing.RetireReason) -> signing.Keyring:
    """Retire or revoke one of the issuer's keys and republish its JWKS and DID document."""
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
    import json

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

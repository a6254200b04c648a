"""Issuer signing keys in files: one directory per issuer (never in the database).

A key directory holds ``<kid>.pem`` (private, PKCS #8, mode 0600, created exclusively),
``<kid>.jwk.json`` (public) and ``keyring.json`` (issuer, active kid, every kid, and the
retired or revoked ones with their "not after" moment).
It implements :class:`casys.core.signing.KeyStore`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from casys.core import signing

__all__ = ["BadInput", "FileKeyStore"]


class BadInput(ValueError):
    """A key directory is unusable; the message names the file."""


@dataclass(frozen=True)
class FileKeyStore:
    """A :class:`casys.core.signing.KeyStore` on a directory of key files (one issuer per directory)."""

    directory: Path

    @property
    def _index(self) -> Path:
        return self.directory / "keyring.json"

    def _read_index(self) -> dict[str, Any]:
        if not self._index.exists():
            raise BadInput(f"{self.directory}: no keyring.json (not a key directory)")
        try:
            doc = json.loads(self._index.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise BadInput(f"{self._index}: unreadable ({exc})") from exc
        if (
            not isinstance(doc, dict)
            or not isinstance(doc.get("issuer"), str)
            or not isinstance(doc.get("kids"), list)
        ):
            raise BadInput(f"{self._index}: issuer and kids expected")
        return doc

    def issuer(self) -> str | None:
        """The issuer of the keys in the directory, or ``None`` for a new directory."""
        return self._read_index()["issuer"] if self._index.exists() else None

    def save(self, key: signing.PrivateKey) -> None:
        """Write the key files (private key mode 0600, never overwritten) and make the key active."""
        self.directory.mkdir(parents=True, exist_ok=True)
        doc = self._read_index() if self._index.exists() else {"issuer": key.issuer, "kids": []}
        if doc["issuer"] != key.issuer:
            raise BadInput(f"--issuer: {key.issuer!r}, but {self.directory} holds keys of {doc['issuer']!r}")
        fd = os.open(self.directory / f"{key.kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(signing.private_key_to_pem(key))
        (self.directory / f"{key.kid}.jwk.json").write_text(json.dumps(dict(key.public.jwk), indent=2) + "\n")
        doc["kids"] = [*doc["kids"], key.kid]
        doc["active"] = key.kid
        self._write_index(doc)

    def _write_index(self, doc: dict[str, Any]) -> None:
        tmp = self._index.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        tmp.replace(self._index)  # atomic: the index names only keys whose files exist

    def retire(self, kid: str, not_after: datetime, reason: signing.RetireReason) -> signing.Keyring:
        """Retire or revoke ``kid`` from ``not_after`` on (see :func:`casys.core.signing.retire`)."""
        ring = signing.retire(self.keyring(), kid, not_after, reason)
        retired = ring.get(kid)
        assert retired is not None and retired.retired is not None
        doc = self._read_index()
        doc["retired"] = {
            **doc.get("retired", {}),
            kid: {"not_after": retired.retired.not_after.isoformat(), "reason": retired.retired.reason},
        }
        self._write_index(doc)
        return ring

    def load(self, kid: str) -> signing.PrivateKey:
        """The private key with this kid."""
        doc = self._read_index()
        if kid not in doc["kids"]:
            raise signing.KeyError_(f"kid: {kid!r} is not in {self.directory}")
        return signing.private_key_from_pem((self.directory / f"{kid}.pem").read_bytes(), doc["issuer"])

    def active(self) -> signing.PrivateKey:
        """The key that signs new attestations."""
        return self.load(str(self._read_index()["active"]))

    def keyring(self) -> signing.Keyring:
        """Every public key of the directory, the active one named."""
        doc = self._read_index()
        keys = []
        for kid in doc["kids"]:
            path = self.directory / f"{kid}.jwk.json"
            try:
                key = signing.public_key_from_jwk(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, json.JSONDecodeError, signing.KeyError_) as exc:
                raise BadInput(f"{path}: {exc}") from exc
            keys.append(replace(key, retired=self._retirement(doc, kid)))
        return signing.Keyring(issuer=doc["issuer"], keys=tuple(keys), active=doc.get("active"))

    def _retirement(self, doc: dict[str, Any], kid: str) -> signing.Retirement | None:
        entry = doc.get("retired", {}).get(kid)
        if entry is None:
            return None
        try:
            return signing.Retirement(datetime.fromisoformat(entry["not_after"]), entry["reason"])
        except (KeyError, TypeError, ValueError, signing.KeyError_) as exc:
            raise BadInput(f"{self._index}: retired.{kid}: {exc}") from exc

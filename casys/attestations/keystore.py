"""Issuer signing keys: one directory per issuer (never in the database), private keys in files or on
a PKCS#11 token.

A key directory holds ``<kid>.jwk.json`` (public) for every key and ``keyring.json`` (issuer, active
kid, every kid, the retired or revoked ones with their "not after" moment, and where each private
key lives). A private key has one of two homes:

- a file ``<kid>.pem`` in the directory (PKCS #8, mode 0600, created exclusively): the default,
  for keys made by :meth:`FileKeyStore.save`;
- a PKCS#11 token (a hardware security module), for keys made by :meth:`FileKeyStore.create_on_token`:
  ``keyring.json`` names the token under ``"pkcs11": {"<kid>": {"token": "<label>"}}``; the key pair
  is generated on the token, its private half never leaves it and signs there
  (:mod:`casys.attestations.pkcs11`). Module and PIN come from the settings, not from the file.

A ``keyring.json`` without ``"pkcs11"`` (every key directory written before token keys existed)
means every private key is a PEM file. It implements :class:`casys.core.signing.KeyStore`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from casys.attestations.pkcs11 import Pkcs11Token, TokenKey, temporary_label
from casys.core import signing

__all__ = ["BadInput", "FileKeyStore", "KeyHome"]


@dataclass(frozen=True)
class KeyHome:
    """Where a private key lives: a PEM file in the key directory, or the PKCS#11 token labelled ``token``."""

    kind: Literal["file", "pkcs11"]
    token: str | None = None

    @property
    def words(self) -> str:
        return f"PKCS#11 token {self.token!r}" if self.kind == "pkcs11" else "key file"


class BadInput(ValueError):
    """A key directory is unusable; the message names the file."""


@dataclass(frozen=True)
class FileKeyStore:
    """A :class:`casys.core.signing.KeyStore` on a directory of key files (one issuer per directory)."""

    directory: Path
    #: The token with a given label (module and PIN from the settings); tests hand in their own.
    tokens: Callable[[str], Pkcs11Token] = field(default=Pkcs11Token.from_env, repr=False, compare=False)

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
        homes = doc.get("pkcs11", {})
        if not isinstance(homes, dict):
            raise BadInput(f"{self._index}: pkcs11: an object of kid to token expected")
        for kid, home in homes.items():
            if kid not in doc["kids"]:
                raise BadInput(f"{self._index}: pkcs11.{kid}: not one of the kids")
            if not isinstance(home, dict) or not isinstance(home.get("token"), str) or not home["token"]:
                raise BadInput(f"{self._index}: pkcs11.{kid}.token: the token label expected")
        return doc

    def issuer(self) -> str | None:
        """The issuer of the keys in the directory, or ``None`` for a new directory."""
        return self._read_index()["issuer"] if self._index.exists() else None

    def _open_index(self, issuer: str) -> dict[str, Any]:
        self.directory.mkdir(parents=True, exist_ok=True)
        doc = self._read_index() if self._index.exists() else {"issuer": issuer, "kids": []}
        if doc["issuer"] != issuer:
            raise BadInput(f"--issuer: {issuer!r}, but {self.directory} holds keys of {doc['issuer']!r}")
        return doc

    def save(self, key: signing.PrivateKey) -> None:
        """Write the key files (private key mode 0600, never overwritten) and make the key active."""
        doc = self._open_index(key.issuer)
        pem = signing.private_key_to_pem(key)  # refuses a key held by a token, before any file is made
        fd = os.open(self.directory / f"{key.kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        self._add(doc, key)

    def create_on_token(self, issuer: str, token: Pkcs11Token) -> signing.PrivateKey:
        """Generate a new Ed25519 key pair on ``token``, record it and make it the active key.

        The private half is made on the token as sensitive and not extractable; its label and id
        become the kid (the thumbprint of the public JWK), known only once the token has made the key.
        """
        doc = self._open_index(issuer)
        temporary = temporary_label()
        public = signing.public_key_from_raw(token.generate_ed25519(temporary))
        try:
            token.name_key(temporary, public.kid)
            key = signing.private_key_from_signer(TokenKey(token, public.kid), public.raw_bytes(), issuer)
            doc["pkcs11"] = {**doc.get("pkcs11", {}), key.kid: {"token": token.label}}
            self._add(doc, key)
        except BaseException:
            # Nothing half written: a key pair that keyring.json does not name must not stay on the token.
            token.destroy(temporary)
            token.destroy(public.kid)
            raise
        return key

    def _add(self, doc: dict[str, Any], key: signing.PrivateKey) -> None:
        (self.directory / f"{key.kid}.jwk.json").write_text(json.dumps(dict(key.public.jwk), indent=2) + "\n")
        doc["kids"] = [*doc["kids"], key.kid]
        doc["active"] = key.kid
        self._write_index(doc)

    def home(self, kid: str) -> KeyHome:
        """Where the private key ``kid`` lives."""
        doc = self._read_index()
        if kid not in doc["kids"]:
            raise signing.KeyError_(f"kid: {kid!r} is not in {self.directory}")
        entry = doc.get("pkcs11", {}).get(kid)
        return KeyHome("pkcs11", entry["token"]) if entry else KeyHome("file")

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
        entry = doc.get("pkcs11", {}).get(kid)
        if entry is not None:
            return self._load_from_token(kid, entry["token"], doc["issuer"])
        path = self.directory / f"{kid}.pem"
        try:
            pem = path.read_bytes()
        except FileNotFoundError as exc:
            message = f"kid: {kid!r} has no private key file {path} (retired and deleted?)"
            raise signing.KeyError_(message) from exc
        return signing.private_key_from_pem(pem, doc["issuer"])

    def _load_from_token(self, kid: str, label: str, issuer: str) -> signing.PrivateKey:
        public = self._public(kid)
        token = self.tokens(label)
        x = public.raw_bytes()
        if token.public_x(kid) != x:
            where = self.directory / f"{kid}.jwk.json"
            raise BadInput(f"{where}: token {label!r} holds another key labelled {kid}")
        return signing.private_key_from_signer(TokenKey(token, kid), x, issuer)

    def _public(self, kid: str) -> signing.PublicKey:
        path = self.directory / f"{kid}.jwk.json"
        try:
            key = signing.public_key_from_jwk(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError, signing.KeyError_) as exc:
            raise BadInput(f"{path}: {exc}") from exc
        if key.kid != kid:
            raise BadInput(f"{path}: holds the key {key.kid}, not {kid}")
        return key

    def active(self) -> signing.PrivateKey:
        """The key that signs new attestations."""
        return self.load(str(self._read_index()["active"]))

    def keyring(self) -> signing.Keyring:
        """Every public key of the directory, the active one named."""
        doc = self._read_index()
        keys = []
        for kid in doc["kids"]:
            keys.append(replace(self._public(kid), retired=self._retirement(doc, kid)))
        return signing.Keyring(issuer=doc["issuer"], keys=tuple(keys), active=doc.get("active"))

    def _retirement(self, doc: dict[str, Any], kid: str) -> signing.Retirement | None:
        entry = doc.get("retired", {}).get(kid)
        if entry is None:
            return None
        try:
            return signing.Retirement(datetime.fromisoformat(entry["not_after"]), entry["reason"])
        except (KeyError, TypeError, ValueError, signing.KeyError_) as exc:
            raise BadInput(f"{self._index}: retired.{kid}: {exc}") from exc

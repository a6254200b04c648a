"""Ed25519 keys on a PKCS#11 token (a hardware security module, or SoftHSM2 in tests).

The private key is generated *on* the token and never leaves it: ``CKA_TOKEN`` (kept),
``CKA_PRIVATE`` and ``CKA_SENSITIVE`` true, ``CKA_EXTRACTABLE`` false (OASIS PKCS #11 v3.0 Base
Specification, private key objects). It signs inside the token with ``CKM_EDDSA`` (PKCS #11 v3.0
Current Mechanisms), which without mechanism parameters is pure Ed25519 (RFC 8032, §5.1.6), so a
token key signs exactly what a key file would. The key pair is generated with ``CKM_EC_EDWARDS_KEY_PAIR_GEN``
on the curve named by its RFC 8410 OID (id-Ed25519, 1.3.101.112); both halves carry the key's
``kid`` (the RFC 7638 thumbprint of its public JWK) as ``CKA_LABEL`` and ``CKA_ID``.

Settings (environment variables, as every casys setting):

- ``CASYS_PKCS11_MODULE``: the PKCS#11 library (default Debian's SoftHSM2,
  ``/usr/lib/softhsm/libsofthsm2.so``);
- ``CASYS_PKCS11_TOKEN``: the label of the token that receives new keys;
- ``CASYS_PKCS11_PIN``: the user PIN. Only ever read from the environment, never written to a file
  by casys, never logged, never in a ``repr``.

Every failure is a :class:`TokenError` whose message starts with the setting to fix.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pkcs11
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass
from pkcs11.util.ec import encode_named_curve_parameters

__all__ = [
    "DEFAULT_MODULE",
    "MODULE_ENV",
    "PIN_ENV",
    "TOKEN_ENV",
    "Pkcs11Token",
    "TokenError",
    "TokenKey",
]

MODULE_ENV = "CASYS_PKCS11_MODULE"
TOKEN_ENV = "CASYS_PKCS11_TOKEN"
PIN_ENV = "CASYS_PKCS11_PIN"
#: Debian's softhsm2 package (bookworm: 2.6.1).
DEFAULT_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
#: RFC 8410, §3: id-Ed25519.
ED25519_OID = "1.3.101.112"

T = TypeVar("T")

# A PKCS#11 library is loaded once per process and its login state is shared by every session of a
# token (PKCS #11 v3.0 Base Specification, sessions). Logging in costs milliseconds (SoftHSM2 derives
# its key from the PIN), so each process keeps one logged-in session per token and runs one
# operation at a time on it.
_LOCK = threading.RLock()
# Failures after which the kept session is dropped and the operation tried once more on a new one.
_STALE = (
    pkcs11.SessionHandleInvalid,
    pkcs11.SessionClosed,
    pkcs11.UserNotLoggedIn,
    pkcs11.DeviceRemoved,
    pkcs11.TokenNotPresent,
    pkcs11.SlotIDInvalid,
)


@dataclass(frozen=True)
class _Held:
    """The logged-in session a process keeps for a token, with the PIN it logged in with."""

    pid: int
    pin: str = field(repr=False)
    session: Any = field(repr=False)


_HELD: dict[tuple[str, str], _Held] = {}


class TokenError(RuntimeError):
    """The PKCS#11 module, token, PIN or key is unusable; the message names the setting or the kid."""


@dataclass(frozen=True)
class Pkcs11Token:
    """A PKCS#11 token: the module (shared library) that drives it, its label and the user PIN."""

    module: str
    label: str
    pin: str = field(repr=False)

    @classmethod
    def from_env(cls, label: str | None = None, environ: Mapping[str, str] | None = None) -> Pkcs11Token:
        """The token the settings name (or the one labelled ``label``, with the configured module and PIN)."""
        env = os.environ if environ is None else environ
        module = env.get(MODULE_ENV) or DEFAULT_MODULE
        label = label or env.get(TOKEN_ENV, "")
        if not label:
            raise TokenError(f"{TOKEN_ENV}: not set (the label of the PKCS#11 token that holds the keys)")
        pin = env.get(PIN_ENV, "")
        if not pin:
            raise TokenError(f"{PIN_ENV}: not set (the user PIN of PKCS#11 token {label!r})")
        return cls(module=module, label=label, pin=pin)

    def _token(self) -> Any:
        if not os.path.isfile(self.module):
            raise TokenError(f"{MODULE_ENV}: no PKCS#11 module at {self.module!r}")
        try:
            lib = pkcs11.lib(self.module)
        except pkcs11.PKCS11Error as exc:
            raise TokenError(f"{MODULE_ENV}: {self.module!r} is not a usable PKCS#11 module ({exc})") from exc
        try:
            return lib.get_token(token_label=self.label)
        except pkcs11.NoSuchToken as exc:
            raise TokenError(f"{TOKEN_ENV}: no token labelled {self.label!r} in {self.module}") from exc
        except pkcs11.MultipleTokensReturned as exc:
            raise TokenError(f"{TOKEN_ENV}: several tokens labelled {self.label!r} in {self.module}") from exc

    @contextmanager
    def session(self) -> Iterator[Any]:
        """The process's logged-in read-write session on the token, for one operation at a time."""
        with _LOCK:
            yield self._session()

    def _run(self, operation: Callable[[Any], T]) -> T:
        """Run ``operation`` on the kept session; once more on a new session if the kept one went stale
        (token reinserted, module restarted)."""
        with _LOCK:
            try:
                return operation(self._session())
            except _STALE:
                self._drop()
                return operation(self._session())

    def _session(self) -> Any:
        held = _HELD.get((self.module, self.label))
        if held is not None and held.pid == os.getpid() and held.pin == self.pin:
            return held.session
        if held is not None:
            self._drop()
        session = self._login()
        _HELD[(self.module, self.label)] = _Held(os.getpid(), self.pin, session)
        return session

    def _drop(self) -> None:
        held = _HELD.pop((self.module, self.label), None)
        if held is None:
            return
        if held.pid != os.getpid():
            # A forked child inherits none of its parent's sessions; PKCS #11 has it initialise the
            # module afresh.
            pkcs11.lib(self.module).reinitialize()
            return
        # Logging out also makes a session kept with another PIN ask for this one. Closing a session
        # that already went stale fails, and there is nothing left to release then.
        with suppress(pkcs11.PKCS11Error):
            held.session.close()

    def _login(self) -> Any:
        token = self._token()
        try:
            return token.open(rw=True, user_pin=self.pin)
        except (pkcs11.PinIncorrect, pkcs11.PinInvalid, pkcs11.PinLenRange) as exc:
            # The PIN itself is never repeated in a message.
            raise TokenError(f"{PIN_ENV}: token {self.label!r} refused the PIN") from exc
        except pkcs11.PinLocked as exc:
            raise TokenError(f"{PIN_ENV}: token {self.label!r} has locked its user PIN") from exc
        except pkcs11.PinExpired as exc:
            raise TokenError(f"{PIN_ENV}: the user PIN of token {self.label!r} has expired") from exc

    def generate_ed25519(self, name: str) -> bytes:
        """Generate a key pair labelled ``name`` on the token (see the module docstring); its raw
        public key. The caller renames both halves to the kid once it knows it (:meth:`name_key`)."""

        def generate(s: Any) -> bytes:
            public, _ = s.generate_keypair(
                KeyType.EC_EDWARDS,
                mechanism=Mechanism.EC_EDWARDS_KEY_PAIR_GEN,
                store=True,
                label=name,
                id=name.encode("ascii"),
                public_template={
                    Attribute.EC_PARAMS: encode_named_curve_parameters(ED25519_OID),
                    Attribute.TOKEN: True,
                    Attribute.VERIFY: True,
                },
                private_template={
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: True,
                    Attribute.SENSITIVE: True,
                    Attribute.EXTRACTABLE: False,
                    Attribute.SIGN: True,
                },
            )
            return _raw_point(public[Attribute.EC_POINT], name)

        return self._run(generate)

    def name_key(self, old: str, kid: str) -> None:
        """Give both halves of the key pair labelled ``old`` the label and id ``kid``."""

        def rename(s: Any) -> None:
            for obj in list(s.get_objects({Attribute.LABEL: old})):
                obj[Attribute.LABEL] = kid
                obj[Attribute.ID] = kid.encode("ascii")

        self._run(rename)

    def public_x(self, kid: str) -> bytes:
        """The raw 32-byte public key of the token key ``kid``."""

        def read(s: Any) -> bytes:
            return _raw_point(self._find(s, ObjectClass.PUBLIC_KEY, kid)[Attribute.EC_POINT], kid)

        return self._run(read)

    def sign(self, kid: str, data: bytes) -> bytes:
        """Sign ``data`` inside the token with the private key ``kid`` (``CKM_EDDSA``)."""

        def sign(s: Any) -> bytes:
            return bytes(self._find(s, ObjectClass.PRIVATE_KEY, kid).sign(data, mechanism=Mechanism.EDDSA))

        try:
            return self._run(sign)
        except pkcs11.PKCS11Error as exc:
            why = type(exc).__name__
            raise TokenError(f"kid {kid}: token {self.label!r} refused to sign ({why})") from exc

    def _find(self, session: Any, kind: ObjectClass, kid: str) -> Any:
        try:
            return session.get_key(object_class=kind, key_type=KeyType.EC_EDWARDS, label=kid)
        except pkcs11.NoSuchKey as exc:
            what = "private key" if kind == ObjectClass.PRIVATE_KEY else "public key"
            raise TokenError(f"kid {kid}: token {self.label!r} holds no {what} labelled so") from exc
        except pkcs11.MultipleObjectsReturned as exc:
            raise TokenError(f"kid {kid}: token {self.label!r} holds several keys labelled so") from exc

    def destroy(self, label: str) -> None:
        """Delete every object labelled ``label`` from the token (a key pair that could not be recorded)."""

        def destroy(s: Any) -> None:
            for obj in list(s.get_objects({Attribute.LABEL: label})):
                obj.destroy()

        self._run(destroy)


def temporary_label() -> str:
    """A label for a key pair whose kid is not known yet (it is the thumbprint of the key's public half)."""
    return "casys-new-" + secrets.token_hex(8)


def _raw_point(point: bytes, kid: str) -> bytes:
    """The 32 bytes of an Ed25519 ``CKA_EC_POINT``: the DER OCTET STRING PKCS #11 v3.0 asks for
    (04 20, then RFC 8032's encoding of the public key), or the bare 32 bytes some modules return."""
    if len(point) == 34 and point[:2] == b"\x04\x20":
        return bytes(point[2:])
    if len(point) == 32:
        return bytes(point)
    raise TokenError(f"kid {kid}: CKA_EC_POINT is not an Ed25519 public key ({len(point)} bytes)")


@dataclass(frozen=True)
class TokenKey:
    """The private half of a token key as a :class:`casys.core.signing.RawSigner`: it signs on the
    token and has no private bytes to give."""

    token: Pkcs11Token
    kid: str

    def sign(self, data: bytes) -> bytes:
        return self.token.sign(self.kid, data)

"""Suspension and withdrawal published as W3C Bitstring Status Lists.

W3C *Bitstring Status List v1.0* (Recommendation, 15 May 2025):

- a status list is a bitstring; the credential at index *i* is flagged when bit
  *i* is 1; index 0 is the left-most bit, i.e. the most significant bit of the
  first byte (§4.1, Bitstring Generation Algorithm);
- the uncompressed bitstring is at least 16 KB, 131,072 entries (§2.2,
  ``encodedList``), so that one flag hides among many (herd privacy, §6.1);
- ``encodedList`` is the bitstring GZIP-compressed (RFC 1952), base64url
  encoded without padding (RFC 4648, §5) with the multibase prefix ``u``
  (§2.2);
- a credential points into a list with a ``BitstringStatusListEntry`` in its
  ``credentialStatus`` (§2.1): ``statusPurpose`` (here ``revocation`` for a
  withdrawal, ``suspension`` for a suspension), ``statusListIndex`` (a string
  holding an integer) and ``statusListCredential`` (the URL of the list);
- the list itself is a ``BitstringStatusListCredential`` (§2.2), signed like
  any other credential (see :mod:`casys.core.credentials`).

Only ``statusSize`` 1 is supported (one bit per credential); a list of another
size is refused with a clear error.

>>> lst = set_bit(empty("suspension"), 94567)
>>> read_bit(decode(encode(lst), "suspension"), 94567), read_bit(lst, 94566)
(True, False)
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

__all__ = [
    "MIN_BITS",
    "PURPOSES",
    "StatusList",
    "StatusListError",
    "clear_bit",
    "decode",
    "empty",
    "encode",
    "read_bit",
    "read_entry",
    "set_bit",
    "status_list_credential",
    "status_list_entry",
]

#: Minimum length of the uncompressed bitstring: 16 KB = 131,072 bits
#: (Bitstring Status List v1.0, §2.2, ``encodedList``).
MIN_BITS = 131_072

Purpose = Literal["revocation", "suspension"]
#: The two purposes casys publishes (Bitstring Status List v1.0, §2.1, ``statusPurpose``):
#: ``revocation`` is permanent (ISO/IEC 17000 *withdrawal*), ``suspension`` is reversible.
PURPOSES: tuple[Purpose, ...] = ("revocation", "suspension")

#: Largest decompressed list accepted, a guard against a GZIP bomb (not normative).
MAX_BITS = 8 * 16 * 1024 * 1024


class StatusListError(ValueError):
    """A status list or status entry is malformed; the message names the field or index."""


@dataclass(frozen=True)
class StatusList:
    """A status list: its purpose and its bitstring (``len(bits) * 8`` entries)."""

    purpose: Purpose
    bits: bytes

    @property
    def size(self) -> int:
        """Number of entries (bits)."""
        return len(self.bits) * 8


def _purpose(value: object, where: str) -> Purpose:
    for p in PURPOSES:
        if value == p:
            return p
    raise StatusListError(f"{where}: statusPurpose must be one of {PURPOSES}, got {value!r}")


def empty(purpose: str, size: int = MIN_BITS) -> StatusList:
    """An all-zero list of ``size`` bits (a multiple of 8, at least :data:`MIN_BITS`)."""
    if size < MIN_BITS or size % 8:
        raise StatusListError(f"size: {size} is not a multiple of 8 of at least {MIN_BITS} bits")
    return StatusList(purpose=_purpose(purpose, "purpose"), bits=bytes(size // 8))


def _locate(lst: StatusList, index: int) -> tuple[int, int]:
    if not 0 <= index < lst.size:
        raise StatusListError(f"statusListIndex: {index} is outside 0..{lst.size - 1}")
    # §4.1: index 0 is the left-most bit — the most significant bit of byte 0.
    return index // 8, 0x80 >> (index % 8)


def read_bit(lst: StatusList, index: int) -> bool:
    """Whether the credential at ``index`` is flagged."""
    byte, mask = _locate(lst, index)
    return bool(lst.bits[byte] & mask)


def _with_bit(lst: StatusList, index: int, value: bool) -> StatusList:
    byte, mask = _locate(lst, index)
    bits = bytearray(lst.bits)
    bits[byte] = (bits[byte] | mask) if value else (bits[byte] & ~mask)
    return StatusList(purpose=lst.purpose, bits=bytes(bits))


def set_bit(lst: StatusList, index: int) -> StatusList:
    """A copy of the list with the credential at ``index`` flagged (suspended or withdrawn)."""
    return _with_bit(lst, index, True)


def clear_bit(lst: StatusList, index: int) -> StatusList:
    """A copy of the list with the flag at ``index`` cleared (a suspension lifted)."""
    return _with_bit(lst, index, False)


def encode(lst: StatusList) -> str:
    """The ``encodedList`` value: GZIP, base64url without padding, multibase prefix ``u`` (§2.2).

    The GZIP header carries no time stamp (``mtime`` 0) and level 6, so the
    same list always encodes to the same text; the all-zero 131,072-bit list
    then reproduces the ``encodedList`` of the Recommendation's examples:

    >>> encode(empty("revocation"))
    'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA'
    """
    packed = gzip.compress(lst.bits, compresslevel=6, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


@lru_cache(maxsize=256)
def decode(encoded: str, purpose: str) -> StatusList:
    """Expand an ``encodedList`` (§4.2, Bitstring Expansion Algorithm), checking its minimum size.

    Kept per process (the result is immutable): a verifier checking many credentials against the
    same list expands it once, not on every credential."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList: must be a string with the multibase base64url prefix 'u'")
    body = encoded[1:]
    if any(c in body for c in "+/="):
        raise StatusListError("encodedList: base64url without padding expected (found '+', '/' or '=')")
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error as exc:
        raise StatusListError(f"encodedList: not base64url ({exc})") from exc
    try:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # 16+: GZIP container, RFC 1952
        bits = inflater.decompress(packed, MAX_BITS // 8 + 1)
    except zlib.error as exc:
        raise StatusListError(f"encodedList: not GZIP data ({exc})") from exc
    if len(bits) > MAX_BITS // 8:
        raise StatusListError(f"encodedList: expands beyond {MAX_BITS} bits")
    if not inflater.eof:
        raise StatusListError("encodedList: truncated GZIP data")
    if len(bits) * 8 < MIN_BITS:
        raise StatusListError(f"encodedList: {len(bits) * 8} bits, fewer than the minimum {MIN_BITS} (§2.2)")
    return StatusList(purpose=_purpose(purpose, "purpose"), bits=bits)


def status_list_entry(list_url: str, index: int, purpose: str) -> dict[str, str]:
    """The ``BitstringStatusListEntry`` put in a credential's ``credentialStatus`` (§2.1).

    >>> status_list_entry("https://cb.example/status/suspension/1", 42, "suspension")["statusListIndex"]
    '42'
    """
    if index < 0:
        raise StatusListError(f"statusListIndex: {index} is negative")
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": _purpose(purpose, "statusPurpose"),
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    list_url: str, issuer: str, lst: StatusList, valid_from: str, valid_until: str | None = None
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` (§2.2) for a list; sign it like any credential.

    ``valid_from``/``valid_until`` are XML Schema dateTime strings (VC Data Model 2.0, §4.9).
    """
    credential: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": lst.purpose,
            "encodedList": encode(lst),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = valid_until
    return credential


@dataclass(frozen=True)
class EntryStatus:
    """What a status list says of one credential: ``flagged`` is True when suspended/withdrawn."""

    purpose: Purpose
    index: int
    flagged: bool
    list_url: str


def read_entry(entry: Mapping[str, Any], list_credential: Mapping[str, Any]) -> EntryStatus:
    """Read one ``BitstringStatusListEntry`` against its (already verified) status-list credential.

    Follows the checks of §3.2 (Validate Algorithm) for ``statusSize`` 1: the
    list's URL and purpose must match the entry's, the index must be in the list.
    """
    if entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError(f"credentialStatus.type: {entry.get('type')!r} is not BitstringStatusListEntry")
    purpose = _purpose(entry.get("statusPurpose"), "credentialStatus.statusPurpose")
    if str(entry.get("statusSize", 1)) != "1":
        raise StatusListError(f"credentialStatus.statusSize: {entry['statusSize']!r} unsupported (only 1)")
    raw_index = entry.get("statusListIndex")
    if not isinstance(raw_index, str) or not raw_index.isdigit():
        raise StatusListError(f"credentialStatus.statusListIndex: {raw_index!r} is not a string of digits")
    url = entry.get("statusListCredential")
    if url != list_credential.get("id"):
        raise StatusListError(
            f"credentialStatus.statusListCredential: {url!r} is not the list {list_credential.get('id')!r}"
        )
    types = list_credential.get("type", [])
    if "BitstringStatusListCredential" not in types:
        raise StatusListError(f"statusListCredential.type: {types!r} lacks BitstringStatusListCredential")
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, Mapping):
        raise StatusListError("statusListCredential.credentialSubject: missing")
    where = "statusListCredential.credentialSubject.statusPurpose"
    list_purpose = _purpose(subject.get("statusPurpose"), where)
    if list_purpose != purpose:
        raise StatusListError(f"{where}: {list_purpose!r}, the entry says {purpose!r}")
    lst = decode(str(subject.get("encodedList")), purpose)
    index = int(raw_index)
    return EntryStatus(purpose=purpose, index=index, flagged=read_bit(lst, index), list_url=str(url))

"""Writing and verifying the audit log.

Each entry's hash covers its fields and the previous entry's hash: HMAC-SHA256 over canonical
JSON with the chain key (:mod:`casys.auditlog.chain_key`, a file the database cannot read), so
an entry edited or deleted behind the application's back — even by the application's own
database role, which could recompute plain hashes — breaks the chain, and ``casys audit verify``
names the first entry that fails. Entries written before the chain was keyed keep their plain
SHA-256 and still verify.

An *anchor* (``casys audit anchor``) is the head's number and hash, signed with the key and kept
outside the database; ``casys audit verify --anchor FILE`` then also catches entries cut off the
end of the chain with the head set back, which no chain check alone can see.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from casys.auditlog import chain_key
from casys.auditlog.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
_SECRET_WORDS = ("password", "secret", "token", "private", "api_key", "apikey", "passphrase")


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user, an API token, or the system (CLI, jobs)."""

    user: Any = None
    token: Any = None
    label: str = "system"

    @classmethod
    def from_request(cls, request: Any) -> Actor:
        token = getattr(request, "api_token", None)
        user = getattr(request, "user", None)
        if token is not None:
            return cls(user=token.user, token=token, label=f"{token.user} (API token {token.prefix})")
        if user is not None and user.is_authenticated:
            return cls(user=user, label=str(user))
        return cls(label="anonymous")


SYSTEM = Actor()


def mask_secrets(data: Any) -> Any:
    """Replace values under secret-looking keys, at any depth, before they are stored."""
    if isinstance(data, dict):
        return {
            k: "***" if any(w in str(k).lower() for w in _SECRET_WORDS) else mask_secrets(v)
            for k, v in data.items()
        }
    if isinstance(data, list | tuple):
        return [mask_secrets(v) for v in data]
    return data


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    *,
    seq: int,
    at: datetime,
    body_id: int | None,
    actor_user_id: int | None,
    actor_token_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    data_json: str,
    prev_hash: str,
    key: chain_key.ChainKey | None = None,
) -> str:
    """The entry's hash: HMAC-SHA256 under ``key``, or plain SHA-256 for an entry of before the key."""
    fields = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(),
        "body": body_id,
        "user": actor_user_id,
        "token": actor_token_id,
        "label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "data": data_json,
        "prev": prev_hash,
    }
    if key is not None:
        return key.mac(canonical(fields))
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


def log(
    action: str,
    *,
    actor: Actor = SYSTEM,
    body: Any = None,
    obj: Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry. Must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit log entries must be written inside the transaction of the change")
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    key = chain_key.load_or_create(head.seq)
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        "at": timezone.now(),
        "body_id": getattr(body, "pk", body),
        "actor_user_id": getattr(actor.user, "pk", None),
        "actor_token_id": getattr(actor.token, "pk", None),
        "actor_label": actor.label[:300],
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "data_json": canonical(mask_secrets(data or {})),
        "prev_hash": head.hash,
    }
    digest = entry_hash(**fields, key=key)
    entry = AuditEntry.all_objects.create(hash=digest, key_id=key.kid, **fields)
    AuditChainHead.objects.filter(id=1).update(seq=fields["seq"], hash=digest)
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.all_objects.order_by("seq").iterator(chunk_size=2000)


def _recompute(entry: AuditEntry, key: chain_key.ChainKey | None) -> str:
    return entry_hash(
        seq=entry.seq,
        at=entry.at,
        body_id=entry.body_id,
        actor_user_id=entry.actor_user_id,
        actor_token_id=entry.actor_token_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        data_json=entry.data_json,
        prev_hash=entry.prev_hash,
        key=key,
    )


def _content_problem(entry: AuditEntry, key: chain_key.ChainKey | None) -> str | None:
    """Why ``entry``'s hash is not the one its content and its key give, or None."""
    if not entry.key_id:
        if key is not None and entry.seq > key.legacy_until:
            return f"entry is not keyed although the chain is keyed since entry {key.legacy_until + 1}"
        used = None
    elif key is None:
        return f"entry is keyed ({entry.key_id}) but the audit key file {chain_key.key_path()} is missing"
    elif entry.key_id != key.kid:
        return f"entry names key {entry.key_id}, not the chain's key {key.kid}"
    else:
        used = key
    if _recompute(entry, used) != entry.hash:
        return "content does not match its hash (entry was edited)"
    return None


def verify_chain(anchors: tuple[Anchor, ...] = ()) -> ChainReport:
    """Recompute every hash and link; report edited, deleted, reordered or forged entries, and
    any anchor the chain no longer holds."""
    key = chain_key.load()
    problems: list[ChainProblem] = []
    prev_hash, expected_seq, count = GENESIS, 1, 0
    hashes_at = {a.seq: "" for a in anchors}
    for entry in _entries():
        count += 1
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, f"entries {expected_seq}..{entry.seq - 1} are missing"))
        if entry.prev_hash != prev_hash:
            problems.append(ChainProblem(entry.seq, "link to the previous entry is broken"))
        wrong = _content_problem(entry, key)
        if wrong is not None:
            problems.append(ChainProblem(entry.seq, wrong))
        if entry.seq in hashes_at:
            hashes_at[entry.seq] = entry.hash
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        problems.append(
            ChainProblem(head.seq, f"the chain ends at {expected_seq - 1} but the head records {head.seq}")
        )
    for a in anchors:
        problems.extend(_anchor_problems(a, key, hashes_at[a.seq]))
    return ChainReport(entries=count, problems=tuple(problems))


# --- anchors -----------------------------------------------------------------------------------

ANCHOR_TYPE = "casys-audit-anchor/1"


class AnchorError(ValueError):
    """An anchor file cannot be read; the message names the file."""


@dataclass(frozen=True)
class Anchor:
    """The head of the chain at a moment, signed with the chain key, to be kept off the database."""

    seq: int
    hash: str
    at: str
    kid: str
    mac: str

    def signed_part(self) -> str:
        return canonical({"type": ANCHOR_TYPE, "seq": self.seq, "hash": self.hash, "at": self.at})

    def as_json(self) -> str:
        doc = {"type": ANCHOR_TYPE, "seq": self.seq, "hash": self.hash, "at": self.at}
        return json.dumps({**doc, "kid": self.kid, "mac": self.mac}, indent=2)

    @classmethod
    def from_json(cls, text: str, source: str) -> Anchor:
        try:
            doc = json.loads(text)
            if doc.get("type") != ANCHOR_TYPE:
                raise ValueError(f"type is {doc.get('type')!r}, expected {ANCHOR_TYPE!r}")
            return cls(
                seq=int(doc["seq"]),
                hash=str(doc["hash"]),
                at=str(doc["at"]),
                kid=str(doc["kid"]),
                mac=str(doc["mac"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AnchorError(f"{source}: not an audit anchor ({exc})") from exc


def make_anchor(at: datetime) -> Anchor:
    """Sign the current head of the chain (after at least one entry)."""
    head = AuditChainHead.objects.filter(id=1).first()
    key = chain_key.load()
    if head is None or head.seq == 0 or key is None:
        raise AnchorError("the audit log has no keyed entry yet: nothing to anchor")
    unsigned = Anchor(seq=head.seq, hash=head.hash, at=at.astimezone(UTC).isoformat(), kid=key.kid, mac="")
    return Anchor(**{**unsigned.__dict__, "mac": key.mac(unsigned.signed_part())})


def _anchor_problems(a: Anchor, key: chain_key.ChainKey | None, found: str) -> list[ChainProblem]:
    if key is None or a.kid != key.kid:
        return [ChainProblem(a.seq, f"anchor of {a.at} is signed with key {a.kid}, which is not the chain's")]
    if not hmac.compare_digest(key.mac(a.signed_part()), a.mac):
        return [ChainProblem(a.seq, f"anchor of {a.at} has a bad signature (the anchor file was altered)")]
    if not found:
        return [ChainProblem(a.seq, f"entry {a.seq}, anchored on {a.at}, is no longer in the chain")]
    if found != a.hash:
        return [ChainProblem(a.seq, f"entry {a.seq} differs from the one anchored on {a.at}")]
    return []

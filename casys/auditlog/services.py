"""Writing and verifying the audit log.

Each entry's hash covers its fields and the previous entry's hash (SHA-256 over
canonical JSON), so an entry edited or deleted behind the application's back
breaks the chain and ``casys audit verify`` names the first entry that fails.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

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
) -> str:
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
    digest = entry_hash(**fields)
    entry = AuditEntry.all_objects.create(hash=digest, **fields)
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


def verify_chain() -> ChainReport:
    """Recompute every hash and link; report edited, deleted or reordered entries."""
    problems: list[ChainProblem] = []
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in _entries():
        count += 1
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, f"entries {expected_seq}..{entry.seq - 1} are missing"))
        if entry.prev_hash != prev_hash:
            problems.append(ChainProblem(entry.seq, "link to the previous entry is broken"))
        recomputed = entry_hash(
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
        )
        if recomputed != entry.hash:
            problems.append(ChainProblem(entry.seq, "content does not match its hash (entry was edited)"))
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        problems.append(
            ChainProblem(head.seq, f"the chain ends at {expected_seq - 1} but the head records {head.seq}")
        )
    return ChainReport(entries=count, problems=tuple(problems))

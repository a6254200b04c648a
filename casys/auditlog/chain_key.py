"""The audit chain's key: HMAC-SHA256 over each entry, with a secret kept outside the database.

A plain hash chain stops an outsider, not the application's own database role: that role can
disable the append-only trigger, edit an entry and recompute every later hash. With the key
in a file on the application host (``CASYS_AUDIT_KEY_FILE``, default ``<data dir>/audit-chain.key``,
mode 0600), a role that can write the table but not read the file cannot forge an entry.

The file is created the first time an entry is written, and records ``legacy_until``: the last
entry written before the chain was keyed (plain SHA-256, as casys wrote them before). Entries
after it must carry the key's id; an unkeyed entry after it is reported as forged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings


class AuditKeyError(RuntimeError):
    """The audit key file is missing or unreadable; the message names the file."""


@dataclass(frozen=True)
class ChainKey:
    kid: str
    secret: bytes
    legacy_until: int

    def mac(self, message: str) -> str:
        return hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()


def key_path() -> Path:
    configured = getattr(settings, "CASYS_AUDIT_KEY_FILE", "") or os.environ.get("CASYS_AUDIT_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-chain.key"


def load() -> ChainKey | None:
    """The key, or None when no entry has been keyed yet (no file)."""
    path = key_path()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return ChainKey(
            kid=str(doc["kid"]),
            secret=base64.urlsafe_b64decode(doc["secret"]),
            legacy_until=int(doc["legacy_until"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AuditKeyError(f"{path}: unreadable audit key file ({exc})") from exc


def load_or_create(head_seq: int) -> ChainKey:
    """The key; created (exclusively, mode 0600) with ``legacy_until = head_seq`` if there is none."""
    key = load()
    if key is not None:
        return key
    path = key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "kid": "audit-" + secrets.token_hex(4),
        "secret": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "legacy_until": head_seq,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        key = load()
        if key is None:
            raise AuditKeyError(f"{path}: vanished while being created") from None
        return key
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(doc, out)
    key = load()
    assert key is not None
    return key

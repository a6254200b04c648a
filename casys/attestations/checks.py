"""Deployment checks of the registry (``casys manage check --deploy``).

``CASYS_PUBLIC_HOST`` is written into every issuer DID, key ring and signed credential
(:mod:`casys.attestations.identity`) and can never change once keys exist: a production
install that leaves it unset publishes ``did:web:localhost%3A8000:…`` for good.
"""

from __future__ import annotations

import os
from typing import Any

from django.core import checks

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104  (names compared, not bound)


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


@checks.register(checks.Tags.security, deploy=True)
def public_host_is_set(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    raw = os.environ.get("CASYS_PUBLIC_HOST", "")
    if not raw.strip():
        return [
            checks.Error(
                "CASYS_PUBLIC_HOST is not set: every issuer DID and signed credential would name "
                "localhost:8000, for good.",
                hint="export CASYS_PUBLIC_HOST=<the public host name, e.g. casys.example.org> "
                "before the first key is made.",
                id="casys.E001",
            )
        ]
    name = _host_name(raw)
    if name in LOCAL_HOSTS or name.endswith(".localhost"):
        return [
            checks.Error(
                f"CASYS_PUBLIC_HOST is {raw!r}, a local address: no one else can resolve the "
                "issuer DIDs and verification URLs written into every credential.",
                hint="Set CASYS_PUBLIC_HOST to the host name the public reaches the registry at.",
                id="casys.E002",
            )
        ]
    return []

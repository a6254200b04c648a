"""The client address of a request, believing ``X-Forwarded-For`` only from trusted proxies.

``CASYS_TRUSTED_PROXIES`` lists the reverse proxies in front of casys (addresses or
networks). When the direct peer (``REMOTE_ADDR``) is one of them, the client is the
right-most address of ``X-Forwarded-For`` that is not itself a trusted proxy: each proxy
appends the address it saw, so everything left of that point was written by the client
and proves nothing. When the peer is not trusted, the header is ignored — otherwise
anyone could pick the address that login throttling and rate limits count against.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(raw: str) -> Address | None:
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address) -> bool:
    return any(address in network for network in getattr(settings, "CASYS_TRUSTED_PROXIES", ()))


def client_address(request: Any) -> str:
    """The address of the client that sent ``request`` (``REMOTE_ADDR`` unless a trusted proxy relayed it)."""
    peer = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return "0.0.0.0"  # a Unix-socket peer without a proxy header: one shared bucket, never a crash
    if not _trusted(peer):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _parse(hop)
        if address is None:
            break  # garbage where the client's address should be: keep the last trusted hop
        client = address
        if not _trusted(address):
            break
    return str(client)


def throttle_key(address: str) -> str:
    """The bucket an address counts in: the address itself, or its /64 for IPv6 (one subscriber's block)."""
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)

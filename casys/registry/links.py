"""Public links into the registry (the QR code on a certificate points here)."""

from __future__ import annotations

from urllib.parse import quote


def verification_path(issuer_slug: str, number: str) -> str:
    """The path of a certificate's public verification page: /registry/verify/<issuer>/<number>/."""
    return f"/registry/verify/{quote(issuer_slug, safe='')}/{quote(number, safe='')}/"

"""Public identifiers of issuers and attestations: did:web DIDs and stable URLs.

An issuer's DID is ``did:web:<host>:registry:did:<slug>``, resolved (did:web method,
§3.2) to ``https://<host>/registry/did/<slug>/did.json``, which this registry serves.
The host is ``CASYS_PUBLIC_HOST`` (default ``localhost:8000``); it is written into
every key ring and signed credential, so it must not change once keys exist.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from casys.core import signing


def public_host() -> str:
    """The host name (and port) under which the registry is published."""
    return os.environ.get("CASYS_PUBLIC_HOST", "localhost:8000")


def base_url() -> str:
    host = public_host()
    scheme = "http" if host.startswith(("localhost", "127.0.0.1")) else "https"
    return f"{scheme}://{host}"


def did_for(slug: str) -> str:
    """The did:web identifier of the body ``slug``."""
    return signing.did_web(public_host(), ["registry", "did", slug])


def verification_path(issuer_slug: str, number: str) -> str:
    """The path of a certificate's public verification page: /registry/verify/<issuer>/<number>/."""
    return f"/registry/verify/{quote(issuer_slug, safe='')}/{quote(number, safe='')}/"


def certificate_url(slug: str, number: str) -> str:
    """The credential id of a certificate: its public verification page."""
    return base_url() + verification_path(slug, number)


def status_list_url(slug: str, list_number: int, purpose: str) -> str:
    """URL of a signed status-list credential: /registry/status/<issuer>/<n>-<purpose>.jwt."""
    return f"{base_url()}/registry/status/{quote(slug, safe='')}/{list_number}-{purpose}.jwt"


def accreditation_url(ab_slug: str, number: str) -> str:
    """The credential id of an accreditation: where its signed credential is served."""
    return f"{base_url()}/registry/accreditation/{quote(ab_slug, safe='')}/{quote(number, safe='')}.jwt"


def licence_path(issuer_slug: str, number: str) -> str:
    """The public page of a licence to use a mark: /registry/licence/<issuer>/<number>/."""
    return f"/registry/licence/{quote(issuer_slug, safe='')}/{quote(number, safe='')}/"


def mark_path(issuer_slug: str, code: str) -> str:
    """The public page of a mark (artwork, rules of use, licences): /registry/mark/<issuer>/<code>/."""
    return f"/registry/mark/{quote(issuer_slug, safe='')}/{quote(code, safe='')}/"

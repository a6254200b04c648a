"""Server-side request forgery protection for webhook deliveries.

A body's administrator registers the URL casys POSTs to; without a check, that URL could point the
server at itself or at its private network (``http://127.0.0.1:5432``, ``http://169.254.169.254/``
cloud metadata, ``http://10.0.0.5/admin``). A URL is refused when its host is, or resolves to, an
address that is loopback, private, link-local, multicast, reserved or unspecified — IPv4 and IPv6,
with an IPv4-mapped IPv6 address (``::ffff:127.0.0.1``) judged as the IPv4 address it maps, and
NAT64/6to4/Teredo forms as the IPv4 they carry — unless it lies in a network listed in
``CASYS_WEBHOOK_ALLOWED_NETWORKS`` (for tests and development; empty by default).

The check runs when the URL is registered (the form names the field) and again at each delivery,
because DNS can change between the two: the delivery resolves the host once, checks every address
it resolves to, and connects to the checked address itself (the Host header and, for https, the
TLS server name and certificate check still use the host name), so a second DNS answer cannot slip
in between check and connection. Redirects are not followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: NAT64 well-known prefix (RFC 6052): the last 32 bits are an IPv4 address.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeURL(ValueError):
    """A webhook URL casys must not send to; the message says which address and why."""


class Unresolved(UnsafeURL):
    """The URL's host name does not resolve (now): nothing to check, nothing to connect to."""


def allowed_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    items: Iterable[Any] = getattr(settings, "CASYS_WEBHOOK_ALLOWED_NETWORKS", ()) or ()
    return tuple(ipaddress.ip_network(str(n), strict=False) for n in items)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def problem(ip: IPAddress) -> str | None:
    """Why casys must not connect to ``ip`` (None: a public address, or one in an allowed network).

    >>> problem(ipaddress.ip_address("93.184.215.14")) is None
    True
    >>> problem(ipaddress.ip_address("::ffff:10.0.0.1"))
    'private'
    """
    if any(ip in net for net in allowed_networks() if net.version == ip.version):
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return problem(inner)
    for name in ("unspecified", "loopback", "link_local", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if not ip.is_global:  # e.g. 100.64.0.0/10 (shared address space, RFC 6598)
        return "not global"
    return None


@dataclass(frozen=True)
class Target:
    """Where a webhook goes: the URL's parts and the checked address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _addresses(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolved(f"url: the host {host!r} does not resolve ({exc})") from exc
    # a scope id (fe80::1%eth0) is cut off: the address itself is judged
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def check(url: str) -> Target:
    """The checked target of ``url``, or :class:`UnsafeURL` naming the address and its kind.

    Every address the host resolves to must be allowed (a name with one public and one private
    address is refused: which one a later connection would use is not ours to choose).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL("url: an http or https URL with a host is needed")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL(f"url: {exc}") from exc
    host = parts.hostname
    addresses = _addresses(host, port)
    if not addresses:
        raise Unresolved(f"url: the host {host!r} does not resolve")
    for ip in addresses:
        why = problem(ip)
        if why is not None:
            shown = host if host == str(ip) else f"{host} ({ip})"
            raise UnsafeURL(f"url: {shown} is a {why} address; webhooks go to public addresses only")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, str(addresses[0]))


def check_registration(url: str) -> None:
    """The check when a URL is registered: an address, or a name that resolves, must be allowed; a
    name that does not resolve yet is accepted (each delivery resolves and checks it again)."""
    try:
        check(url)
    except Unresolved:
        pass


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # the certificate is checked against the host name, not the pinned address
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
    """POST ``body`` to ``url`` after the check, connected to the checked address; the HTTP status.

    :class:`UnsafeURL` when the URL is refused; ``OSError`` or ``http.client.HTTPException`` when
    the connection fails."""
    target = check(url)
    cls = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    conn = cls(target, timeout)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        answer = conn.getresponse()
        answer.read(65536)
        return int(answer.status)
    finally:
        conn.close()

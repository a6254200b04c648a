"""Configuration helpers that read environment variables and reject bad values.

Production fails closed: DEBUG is off unless asked for, and without a secret
key the project refuses to start.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable; anything but a clear yes or no is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number; got {raw!r}") from None


def env_int_between(name: str, default: int, low: int, high: int) -> int:
    """A whole number in [low, high]; anything else is an error that names the variable."""
    value = env_int(name, default)
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name}: expected a whole number from {low} to {high}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(debug: bool) -> str:
    """The secret key: required outside DEBUG, at least 50 characters."""
    key = os.environ.get("CASYS_SECRET_KEY", "")
    if not key:
        if debug:
            # Development only: a fixed, obviously insecure key so sessions survive restarts.
            return "insecure-development-key-casys-do-not-use-in-production-0123456789"
        raise ImproperlyConfigured(
            "CASYS_SECRET_KEY is not set. Production refuses to start without a secret key "
            "(set CASYS_DEBUG=1 only for development)."
        )
    if len(key) < 50:
        raise ImproperlyConfigured("CASYS_SECRET_KEY: must be at least 50 characters long")
    return key


def env_networks(name: str) -> tuple[IPNetwork, ...]:
    """A comma-separated list of IP addresses or networks (``10.0.0.1``, ``10.0.0.0/8``, ``::1``).

    Used for ``CASYS_TRUSTED_PROXIES``: a bad item is an error that names it, never skipped,
    because a typo would silently make the proxy untrusted (or, worse, trusted too widely).
    """
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.1 or 10.0.0.0/8)"
            ) from None
    return tuple(networks)


def env_rate(name: str, default: str) -> str:
    """A rate such as ``5/15m`` (count per period of s, m, h or d), as django-ratelimit reads it."""
    raw = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", raw):
        raise ImproperlyConfigured(
            f"{name}: expected a rate like 5/15m (count/period in s, m, h, d); got {raw!r}"
        )
    return raw


def data_dir() -> Path:
    """Where SQLite, keys and generated files live: CASYS_DATA_DIR, or var/ beside the package."""
    return Path(os.environ.get("CASYS_DATA_DIR", Path(__file__).resolve().parents[2] / "var")).resolve()


def demo_secret_key(folder: Path) -> str:
    """The demo's secret key, made once and kept in ``folder`` (never used by a production setup)."""
    path = folder / "demo-secret-key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def env_jobs_cache(name: str, data_dir: Path) -> dict[str, str]:
    """The ``jobs`` cache (progress of running jobs, :mod:`casys.jobs.progress`) from ``name``.

    Unset: files under ``data_dir`` (web server and worker on one machine). ``redis://`` or
    ``rediss://``: Django's Redis cache (the ``redis`` package must be installed). ``memcached://
    host:port``: Django's pymemcache cache (``pymemcache`` installed). Anything else is an error that
    names the variable. Not the database: a job that writes in one transaction keeps SQLite from
    taking another writer, and its own connection's writes stay invisible until it commits.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(data_dir / "cache" / "jobs"),
        }
    scheme, sep, rest = raw.partition("://")
    if sep and rest and scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    if sep and rest and scheme == "memcached":
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": rest}
    raise ImproperlyConfigured(
        f"{name}: expected redis://host:port/db, rediss://…, or memcached://host:port; got {raw!r}"
    )

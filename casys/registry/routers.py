"""Read replicas for the public registry (``CASYS_DATABASE_REPLICA_URL``).

Writes, and every read of a signed-in or staff page, go to the primary (``default``): a member who
has just suspended a certificate sees the suspension on the next page (read-your-writes). Only the
public registry's reads — search, verification by number, the API's certificate and log endpoints —
run inside :func:`replica_reads` and go to the ``replica`` alias when one is configured; a replica
lags by its replication delay, which a public verifier accepts (the signed status lists are the
authority on a suspension's moment). The shared cache (rate-limit counters) always stays on the
primary: it is written on every request.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings

F = TypeVar("F", bound=Callable[..., Any])

_public_read: contextvars.ContextVar[bool] = contextvars.ContextVar("casys_public_read", default=False)

#: apps whose rows the public registry reads
PUBLIC_APPS = frozenset({"registry", "attestations", "accounts", "accreditation"})


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block the public registry's reads may go to the replica."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


def public_read(view: F) -> F:
    """Decorate a public registry view or endpoint: its reads may go to the replica."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    # django-ninja reads an endpoint's parameter types from its signature: give the wrapper the
    # view's, resolved in the view's module (the wrapper's own module knows none of its schemas)
    wrapped.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    wrapped.__annotations__ = typing.get_type_hints(view)
    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """``replica`` for the public registry's reads (inside :func:`replica_reads`), else ``default``."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _public_read.get() and model._meta.app_label in PUBLIC_APPS and "replica" in settings.DATABASES:
            return "replica"
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the primary's rows: the same database, read elsewhere

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"

"""Scoped managers that also work as related managers.

Django builds a related manager (``application.sites``, ``audit.team``, prefetches) by
subclassing the model's default manager and calling it without arguments; the
foundation's :class:`ScopedManager` needs its paths, so each model gets a subclass
that carries them. Related lookups stay scoped to the current request's bodies.
"""

from __future__ import annotations

from typing import Any

from casys.accounts.scoping import ScopedManager


def scoped_manager(*paths: str) -> ScopedManager:
    """A ScopedManager over ``paths`` whose class can be instantiated without arguments."""

    def __init__(self: Any) -> None:
        ScopedManager.__init__(self, *paths)

    cls = type("CertificationScopedManager", (ScopedManager,), {"__init__": __init__, "__module__": __name__})
    return cls()  # type: ignore[no-any-return]

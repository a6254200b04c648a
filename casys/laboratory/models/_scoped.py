"""A ScopedManager that also works as the base of Django's related managers.

Django builds reverse and many-to-many managers by subclassing the default
manager's class and calling ``__init__()`` with no arguments; the foundation's
``ScopedManager`` needs its paths there and raises. Each model here gets a
subclass that remembers its paths, so ``method.budget_rows`` and
``report.results`` stay scoped instead of failing.
"""

from __future__ import annotations

from casys.accounts.scoping import ScopedManager


class _RememberingScopedManager(ScopedManager):
    default_paths: tuple[str, ...] = ()

    def __init__(self, *paths: str) -> None:
        super().__init__(*(paths or self.default_paths))


def scoped_manager(*paths: str) -> ScopedManager:
    """``ScopedManager(*paths)`` whose class can be instantiated without arguments."""
    cls = type("ScopedManager", (_RememberingScopedManager,), {"default_paths": paths})
    return cls(*paths)  # type: ignore[no-any-return]

"""Tenant scoping: one mechanism for every page, API endpoint and service.

Every body-owned model declares ``objects = ScopedManager("<path to Body id>")``.
A query through it filters to the bodies of the current scope, and a query made
outside any scope raises :class:`ScopeError` instead of returning everything: a
view that forgets the tenant fails loudly (the idea of pretix's django-scopes).

The scope is a context variable set per request by
:class:`casys.accounts.middleware.ScopeMiddleware` (session users) and by the API's token
authentication, both from :func:`casys.accounts.services.scopes.scope_for_user`. System
code (migrations, CLI, demo loader, background jobs) opts out explicitly with
:func:`unscoped`. Because the filter runs in the database, a record of another body is
simply not found: ``get_object_or_404`` answers 404 to an outsider who changes an id.

This module is the mechanism only and imports no model: every model module imports it for
:class:`ScopedManager`, so it sits below them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q


class ScopeError(RuntimeError):
    """A scoped model was queried outside any scope."""


@dataclass(frozen=True)
class Scope:
    """The bodies the current actor may reach, with the actor's roles in each."""

    roles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    user_id: int | None = None
    everything: bool = False

    @property
    def body_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    def has_role(self, body_id: int, *roles: str) -> bool:
        held = self.roles.get(body_id, frozenset())
        return bool(held) and (not roles or bool(held.intersection(roles)))


ANONYMOUS = Scope()
EVERYTHING = Scope(everything=True)

_current: ContextVar[Scope | None] = ContextVar("casys_scope", default=None)


def current_scope() -> Scope:
    scope = _current.get()
    if scope is None:
        raise ScopeError("no scope is active: wrap the code in scoped(...) or unscoped()")
    return scope


@contextmanager
def scoped(scope: Scope) -> Iterator[Scope]:
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


@contextmanager
def unscoped() -> Iterator[Scope]:
    """Reach every body's records: for system code only, never in a view."""
    with scoped(EVERYTHING) as scope:
        yield scope


def activate(scope: Scope) -> None:
    """Set the scope for the rest of the current request (used by API authentication)."""
    _current.set(scope)


def _is_forward(model: Any, path: str) -> bool:
    """Whether every step of ``path`` is a forward foreign key (or the final column)."""
    for name in path.split("__")[:-1]:
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or field.auto_created and not field.concrete:
            return False
        model = field.related_model
    return True


class ScopedManager(models.Manager):  # type: ignore[type-arg]
    """A manager that only returns rows of the current scope's bodies.

    ``paths`` are lookups from the model to a Body primary key; a row is in scope
    when any of them is one of the scope's bodies.

    Django builds reverse and many-to-many related managers by subclassing the
    default manager's class and calling it without arguments, so each
    ``ScopedManager(*paths)`` is an instance of its own subclass that remembers
    the paths: ``body.memberships.all()`` is scoped like ``Membership.objects``.
    """

    default_paths: tuple[str, ...] = ()

    def __new__(cls, *args: Any) -> ScopedManager:
        # A related manager is created as RelatedManager(instance): only strings are paths.
        if args and all(isinstance(a, str) for a in args) and args != cls.default_paths:
            cls = type(cls.__name__, (cls,), {"default_paths": args, "__module__": cls.__module__})
        return super().__new__(cls)

    def __init__(self, *paths: str) -> None:
        super().__init__()
        paths = paths or self.default_paths
        if not paths:
            raise ValueError("ScopedManager needs at least one path to a Body id")
        self.paths = paths

    def deconstruct(self) -> tuple[bool, str | None, str | None, tuple[Any, ...], dict[str, Any]]:
        as_manager, _path, qs_class, _args, kwargs = super().deconstruct()
        return as_manager, f"{__name__}.ScopedManager", qs_class, self.paths, kwargs

    def get_queryset(self) -> models.QuerySet:  # type: ignore[type-arg]
        scope = _current.get()
        if scope is None:
            raise ScopeError(
                f"{self.model.__name__} queried outside a scope: use the request's scope or unscoped()"
            )
        queryset = super().get_queryset()
        if scope.everything:
            return queryset
        ids = list(scope.body_ids)
        return queryset.filter(reduce(or_, (self._condition(p, ids) for p in self.paths)))

    def _condition(self, path: str, ids: list[int]) -> Q:
        # A path along forward foreign keys joins one row to one row: filter directly. A path
        # through a reverse or many-to-many relation could repeat rows, so it becomes
        # "pk IN (subquery)" — no DISTINCT, which keeps select_for_update() usable on PostgreSQL.
        if _is_forward(self.model, path):
            return Q(**{f"{path}__in": ids})
        inner = self.model._base_manager.filter(**{f"{path}__in": ids}).values("pk")
        return Q(pk__in=inner)

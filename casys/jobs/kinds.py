"""The kinds of job, registered by the areas that run them (at app start, from their ``ready()``).

A runner takes the :class:`~casys.jobs.models.Job` and a :class:`~casys.jobs.progress.Progress`
and returns the result (a JSON-able dict), or raises :class:`JobFailed` with a message that names
the row or field and, for a bad file, a CSV report of every problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


class JobFailed(Exception):
    """The job cannot complete; ``message`` names the row or field, ``report`` lists every problem."""

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.message, self.report = message, report


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise | str
    run: Callable[..., dict[str, Any]]
    max_attempts: int = 2


KINDS: dict[str, Kind] = {}


def register(code: str, label: Promise | str, *, max_attempts: int = 2) -> Callable[..., Any]:
    """Decorator: ``@register("registry.import", _("Registry import"))`` on a runner."""

    def wrap(run: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        KINDS[code] = Kind(code, label, run, max_attempts)
        return run

    return wrap


def label(code: str) -> str:
    kind = KINDS.get(code)
    return str(kind.label) if kind else code

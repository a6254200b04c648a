"""The daily run (``casys daily``): the registered daily rules, each called with the date passed in.

A rule is ``rule(today) -> list of changes`` (each a JSON-able dict saying what it did); it logs
every automatic change in the audit log itself, with SYSTEM as the actor and its name. Areas
register their rules at app start. The clock is passed in, as in :mod:`casys.core`: running the
same date twice changes nothing the second time (each rule is idempotent per subject).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casys.accounts.scoping import unscoped

Rule = Callable[[date], list[dict[str, Any]]]
RULES: dict[str, Rule] = {}
#: Called after the rules (e.g. the e-mail digest), with the date; answers a count.
AFTER: dict[str, Callable[[date], int]] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Decorator registering a daily rule under ``name`` (the name logged with each change)."""

    def wrap(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return wrap


@dataclass
class DailyRun:
    day: date
    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "rules": {name: {"count": len(c), "changes": c} for name, c in self.changes.items()},
            "after": self.after,
        }


def run(day: date, only: list[str] | None = None) -> DailyRun:
    out = DailyRun(day)
    with unscoped():
        for name, fn in RULES.items():
            if only and name not in only:
                continue
            out.changes[name] = fn(day)
        for name, after in AFTER.items():
            out.after[name] = after(day)
    return out

"""Today's date for the Django layer, with a switch to move it (tests and demonstrations).

``casys.core`` never reads the clock: the Django layer passes ``today()`` in.
Tests that walk a certification cycle move the date forward with
``travel_to(date)``; ``CASYS_TODAY=YYYY-MM-DD`` does the same for a demo.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.utils import timezone

_override: date | None = None


def today() -> date:
    if _override is not None:
        return _override
    fixed = os.environ.get("CASYS_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return timezone.localdate()


def now() -> datetime:
    """The current moment; on a moved date, that date at the current time of day."""
    real = timezone.now()
    moved = today()
    if moved == timezone.localdate(real):
        return real
    return timezone.make_aware(datetime.combine(moved, time(real.hour, real.minute, real.second)))


def set_today(day: date | None) -> None:
    global _override
    _override = day


@contextmanager
def travel_to(day: date) -> Iterator[None]:
    previous = _override
    set_today(day)
    try:
        yield
    finally:
        set_today(previous)

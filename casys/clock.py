"""Today's date for the Django layer, with a switch to move it (tests and demonstrations).

``casys.core`` never reads the clock: the Django layer passes ``today()`` in.
Tests that walk a certification cycle move the date forward with
``travel_to(date)``; ``CASYS_TODAY=YYYY-MM-DD`` does the same for a demo.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, tzinfo
from time import time as epoch_seconds

from django.utils import timezone

_override: date | None = None
#: the local date and the moments it began and ends (seconds since the epoch), in the time zone kept
_day: tuple[tzinfo, float, float, date] | None = None


def today() -> date:
    if _override is not None:
        return _override
    fixed = os.environ.get("CASYS_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return _local_today()


def _local_today() -> date:
    """The date in the body's time zone (``TIME_ZONE``), worked out again only when its day ends: a
    public registry asks it on every request, and converting the moment costs more than the lookup."""
    global _day
    zone = timezone.get_default_timezone()
    moment = epoch_seconds()
    kept = _day
    if kept is not None and kept[0] is zone and kept[1] <= moment < kept[2]:
        return kept[3]
    day = datetime.fromtimestamp(moment, zone).date()
    start, end = day_bounds(day, zone)
    if start <= moment < end:  # (a midnight that does not exist on the local clock: not kept)
        _day = (zone, start, end, day)
    return day


def day_bounds(day: date, zone: tzinfo) -> tuple[float, float]:
    """When ``day`` begins and ends in ``zone``, in seconds since the epoch (23 or 25 hours apart
    on the days the clocks change)."""
    start = datetime.combine(day, time.min, tzinfo=zone).timestamp()
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).timestamp()


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

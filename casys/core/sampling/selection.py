"""Sample selection reproducible from a recorded seed (the seed is passed in, never drawn here).

:func:`select_systematic` is the monetary-unit selection: a random start in
[0, J) and every J-th unit after it (J = total / n); an item is selected once
per point that falls in it (items ≥ J are always selected). :func:`select_random`
draws ``n`` items without replacement (attribute samples).

>>> select_random(["a", "b", "c", "d"], 2, seed=7) == select_random(["a", "b", "c", "d"], 2, seed=7)
True
>>> [s.item for s in select_systematic([("x", 50.0), ("y", 30.0), ("z", 20.0)], 2, seed=1)]
['x', 'y']
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    """An item selected by MUS: the unit (cumulative position) that hit it."""

    item: str
    book_value: float
    hit: float


def select_random(items: Sequence[str], n: int, seed: int) -> list[str]:
    """``n`` of ``items`` drawn without replacement with ``random.Random(seed)``."""
    if not 0 <= n <= len(items):
        raise ValueError("sample size must be between 0 and the number of items")
    return random.Random(seed).sample(list(items), n)


def select_systematic(items: Sequence[tuple[str, float]], n: int, seed: int) -> list[Selection]:
    """Systematic monetary-unit selection of ``n`` units over ``items`` (id, book value ≥ 0)."""
    if n <= 0:
        raise ValueError("sample size must be above 0")
    if any(v < 0 for _, v in items):
        raise ValueError("book values must be zero or more")
    total = sum(v for _, v in items)
    if total <= 0:
        raise ValueError("the population has no value")
    interval = total / n
    start = random.Random(seed).uniform(0, interval)
    points = [start + k * interval for k in range(n)]
    chosen: list[Selection] = []
    cumulative = 0.0
    i = 0
    for item, value in items:
        upper = cumulative + value
        while i < len(points) and points[i] < upper:
            chosen.append(Selection(item, value, points[i]))
            i += 1
        cumulative = upper
    return chosen

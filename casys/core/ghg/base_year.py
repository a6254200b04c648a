"""Base year, its recalculation, and removals reported apart (ISO 14064-1:2018 6.4 and 9.3.1).

ISO 14064-1:2018 6.4.1 asks for a historical base year; 6.4.2 asks the
organisation to recalculate it when structural changes (acquisitions,
divestments, mergers, outsourcing), changes of methodology or discovered
errors shift its emissions significantly. Neither ISO 14064-1 nor the GHG
Protocol Corporate Standard (ch. 5, "significance threshold") sets the
threshold: each organisation or programme chooses one, so casys keeps it as
data (``casys/core/data/base_year.toml``, labelled the body's choice).

Structural changes are summed with their signs (an acquisition adds to the
base year, a divestment takes away); the base year is recalculated when the
cumulative change reaches the threshold, in per cent of the base year.

>>> r = recalculation(100_000, [Change("acquired plant", 4_000), Change("sold depot", -1_500)], 5.0)
>>> r.cumulative, r.percent, r.recalculate, r.recalculated
(2500.0, 2.5, False, 100000.0)
>>> recalculation(100_000, [Change("acquired plant", 6_000)], 5.0).recalculated
106000.0

Removals (ISO 14064-1:2018 9.3.1 c) and 6.2) are quantified and reported apart from
emissions: :func:`net_of` shows both and the net, never the net alone.

>>> net_of(1_000.0, 150.0)
Balance(emissions=1000.0, removals=150.0, net=850.0)
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Change:
    """A structural change's effect on base-year emissions (t CO2e; signed)."""

    description: str
    tco2e: float


@dataclass(frozen=True)
class Recalculation:
    """Whether the base year is recalculated, and its value after the changes."""

    base_tco2e: float
    cumulative: float
    percent: float
    threshold_percent: float
    recalculate: bool
    recalculated: float


@dataclass(frozen=True)
class Threshold:
    """The significance threshold (per cent of the base year) and where it comes from."""

    percent: float
    source: str


def default_threshold() -> Threshold:
    """The threshold casys proposes (``casys/core/data/base_year.toml``): the body's choice."""
    data = tomllib.loads(resources.files("casys.core.data").joinpath("base_year.toml").read_text("utf-8"))
    return Threshold(float(data["threshold_percent"]), str(data["source"]))


def recalculation(base_tco2e: float, changes: Sequence[Change], threshold_percent: float) -> Recalculation:
    """The base year after ``changes``: recalculated when |Σ changes| reaches the threshold."""
    if not math.isfinite(base_tco2e) or base_tco2e <= 0:
        raise ValueError("base year emissions must be above 0")
    if not 0 < threshold_percent <= 100:
        raise ValueError("threshold must be above 0 and at most 100 per cent")
    for c in changes:
        if not math.isfinite(c.tco2e):
            raise ValueError(f"{c.description}: the change must be a finite number")
    cumulative = math.fsum(c.tco2e for c in changes)
    percent = abs(cumulative) / base_tco2e * 100.0
    recalc = percent >= threshold_percent
    base = float(base_tco2e)
    return Recalculation(
        base, cumulative, percent, threshold_percent, recalc, base + cumulative if recalc else base
    )


@dataclass(frozen=True)
class Balance:
    """Emissions and removals side by side, and the net they make (reported with both)."""

    emissions: float
    removals: float
    net: float


def net_of(emissions: float, removals: float) -> Balance:
    """Emissions, removals (a positive figure) and their net."""
    if removals < 0:
        raise ValueError("removals are reported as a positive figure")
    return Balance(emissions, removals, emissions - removals)

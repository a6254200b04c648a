"""Materiality levels as data per GHG programme (ISO 14064-3:2019 5.1.7; the programme's own rules).

A programme file in ``casys/core/data/materiality`` (or a body's own, parsed
from TOML text with :func:`parse_programme`) lists *bands*: a category, the
upper bound of the figure it is chosen on (``up_to``, inclusive; the last band
has none), the percentage and the rule with its source. ``category_basis`` says
which figure chooses the band: ``previous_average`` (EU ETS: the previous
period's average emissions, Regulation (EU) 2018/2066 Art. 19(2)) or ``total``
(this period's figure); the percentage always applies to this period's total.
``decides`` says which aggregate of uncorrected misstatements is compared with
the level: ``net`` or ``gross`` (absolute values added).

Worked cases (research note §3.1, from AVR Art. 23 and MRR Art. 19): an
installation whose previous average was 600 000 t is category C, so 2 % of this
year's 450 000 t:

>>> m = materiality(shipped_programme("eu-ets"), total=450_000, previous_average=600_000)
>>> m.category, m.percent, m.level
('C', 2.0, 9000.0)
>>> materiality(shipped_programme("eu-ets"), total=50_000).category
'A'
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DECIDES: tuple[str, ...] = ("net", "gross")
CATEGORY_BASES: tuple[str, ...] = ("previous_average", "total")


class ProgrammeError(ValueError):
    """A materiality programme that cannot be used (unknown, or its file is malformed)."""


@dataclass(frozen=True)
class Band:
    """A category with its percentage; ``up_to`` is inclusive, ``None`` for the last band."""

    category: str
    percent: float
    rule: str
    up_to: float | None = None


@dataclass(frozen=True)
class Programme:
    """A programme's materiality rules."""

    id: str
    name: str
    unit: str
    category_basis: str
    decides: str
    bands: tuple[Band, ...]

    def band_for(self, figure: float) -> Band:
        """The first band whose ``up_to`` is not below ``figure`` (the last band otherwise)."""
        for band in self.bands:
            if band.up_to is None or figure <= band.up_to:
                return band
        return self.bands[-1]


@dataclass(frozen=True)
class Materiality:
    """A materiality level: ``level`` = ``percent`` % of ``base_value`` (in ``unit``)."""

    programme: str
    base: str
    base_value: float
    unit: str
    category: str
    percent: float
    level: float
    rule: str
    decides: str


def _band(raw: Any, where: str) -> Band:
    if not isinstance(raw, dict):
        raise ProgrammeError(f"{where}: a band must be a table")
    try:
        percent = float(raw["percent"])
        category = str(raw["category"])
        rule = str(raw["rule"])
    except KeyError as exc:
        raise ProgrammeError(f"{where}: missing {exc.args[0]!r}") from exc
    if not 0 < percent <= 100:
        raise ProgrammeError(f"{where}: percent must be above 0 and at most 100")
    up_to = raw.get("up_to")
    return Band(category=category, percent=percent, rule=rule, up_to=None if up_to is None else float(up_to))


def parse_programme(text: str) -> Programme:
    """A programme from its TOML text; :class:`ProgrammeError` naming the field at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProgrammeError(f"not TOML: {exc}") from exc
    for key in ("id", "name", "bands"):
        if key not in data:
            raise ProgrammeError(f"missing {key!r}")
    basis = str(data.get("category_basis", "total"))
    decides = str(data.get("decides", "gross"))
    if basis not in CATEGORY_BASES:
        raise ProgrammeError(f"category_basis must be one of {', '.join(CATEGORY_BASES)}")
    if decides not in DECIDES:
        raise ProgrammeError(f"decides must be one of {', '.join(DECIDES)}")
    bands = tuple(_band(b, f"bands[{i}]") for i, b in enumerate(data["bands"]))
    if not bands:
        raise ProgrammeError("bands: at least one band")
    bounds = [b.up_to for b in bands[:-1]]
    known = [u for u in bounds if u is not None]
    if len(known) != len(bounds) or known != sorted(known):
        raise ProgrammeError("bands: every band but the last needs up_to, in increasing order")
    return Programme(
        id=str(data["id"]), name=str(data["name"]), unit=str(data.get("unit", "t CO2e")),
        category_basis=basis, decides=decides, bands=bands,
    )  # fmt: skip


def shipped_programmes() -> list[str]:
    """Ids of the programmes casys ships."""
    files = resources.files("casys.core.data.materiality").iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


@cache
def shipped_programme(programme_id: str) -> Programme:
    """The shipped programme ``programme_id``; :class:`ProgrammeError` when there is none."""
    if programme_id not in shipped_programmes():
        raise ProgrammeError(
            f"unknown programme {programme_id!r}: choose one of {', '.join(shipped_programmes())}"
        )
    text = resources.files("casys.core.data.materiality").joinpath(f"{programme_id}.toml").read_text("utf-8")
    return parse_programme(text)


def materiality(
    programme: Programme,
    total: float,
    previous_average: float | None = None,
    *,
    base: str = "total emissions",
    unit: str | None = None,
) -> Materiality:
    """The materiality level for ``total`` (this period); the band is chosen per ``category_basis``.

    ``previous_average`` defaults to ``total`` when not given.
    """
    if total < 0 or (previous_average is not None and previous_average < 0):
        raise ValueError("total and previous average must be zero or more")
    chooser = total
    if programme.category_basis == "previous_average" and previous_average is not None:
        chooser = previous_average
    band = programme.band_for(chooser)
    return Materiality(
        programme=programme.id, base=base, base_value=total, unit=unit or programme.unit,
        category=band.category, percent=band.percent, level=total * band.percent / 100.0,
        rule=band.rule, decides=programme.decides,
    )  # fmt: skip


@dataclass(frozen=True)
class Basis:
    """One materiality base of an engagement: a named figure in its unit under a programme."""

    name: str
    value: float
    unit: str
    previous_average: float | None = None


def materiality_levels(programme: Programme, bases: Sequence[Basis]) -> list[Materiality]:
    """One level per base (AVR Art. 23(4): several bases in one engagement, each in its own unit).

    Research note vector 3.7: a baseline report with 200 000 t and two
    product-benchmark sub-installations of 80 000 t and 15 000 t product:

    >>> levels = materiality_levels(shipped_programme("eu-ets-baseline"), [
    ...     Basis("total emissions", 200_000, "t CO2e"), Basis("sub-installation 1", 80_000, "t product"),
    ...     Basis("sub-installation 2", 15_000, "t product")])
    >>> [(m.level, m.unit) for m in levels]
    [(10000.0, 't CO2e'), (4000.0, 't product'), (750.0, 't product')]
    """
    return [materiality(programme, b.value, b.previous_average, base=b.name, unit=b.unit) for b in bases]

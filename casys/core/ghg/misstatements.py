"""Misstatements and their aggregation against each materiality base (ISO 14064-3:2019, AVR Art. 3 and 23).

A misstatement is *factual*, *judgemental* or *projected* (extrapolated from a
sample, e.g. the projected misstatement of a monetary-unit sample evaluation);
its ``amount`` is signed (positive: the claim overstates) and in the unit of its
base. Uncorrected misstatements of a base are aggregated both *net* (signed sum)
and *gross* (sum of absolute values); the programme says which one decides.

Research note vector 3.3: +3 000 t and −1 200 t against 2 400 t are not material
net (1 800 t) but are gross (4 200 t):

>>> ms = [Misstatement(3000, "factual"), Misstatement(-1200, "judgemental")]
>>> a = aggregate(ms, materiality=2400, decides="net")
>>> a.net, a.gross, a.reaches
(1800.0, 4200.0, False)
>>> aggregate(ms, materiality=2400, decides="gross").reaches
True

Each misstatement keeps its unit conversion chain (fuel t → TJ → t CO2):

>>> chain = conversion_chain(234, "t", [(25, "GJ/t", "TJ", "net calorific value"),
...                                     (94.6, "t/TJ", "t", "emission factor CO2")])
>>> [(round(s.value, 2), s.unit) for s in chain]
[(234.0, 't'), (5.85, 'TJ'), (553.41, 't')]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from casys.core.ghg.units import quantity

KINDS: tuple[str, ...] = ("factual", "judgemental", "projected")


@dataclass(frozen=True)
class ConversionStep:
    """One value of a conversion chain: what was applied (``label``, ``factor``) and the result."""

    label: str
    value: float
    unit: str
    factor: str = ""


@dataclass(frozen=True)
class Misstatement:
    """A misstatement: signed ``amount`` in its base's unit; ``corrected`` when the client corrected it."""

    amount: float
    kind: str
    corrected: bool = False
    base: str = "total emissions"
    description: str = ""
    chain: tuple[ConversionStep, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not math.isfinite(self.amount):
            raise ValueError("amount must be a finite number")


@dataclass(frozen=True)
class Aggregate:
    """Uncorrected misstatements of one base against its materiality level."""

    base: str
    materiality: float
    decides: str
    net: float
    gross: float
    count: int

    @property
    def decisive(self) -> float:
        """The figure compared with materiality: |net| or gross, as the programme decides."""
        return abs(self.net) if self.decides == "net" else self.gross

    @property
    def reaches(self) -> bool:
        """Whether the aggregate reaches (≥) the materiality level."""
        return self.decisive >= self.materiality

    @property
    def net_percent(self) -> float:
        return 100.0 * self.net / self.materiality if self.materiality else math.inf

    @property
    def gross_percent(self) -> float:
        return 100.0 * self.gross / self.materiality if self.materiality else math.inf


def aggregate(
    misstatements: Iterable[Misstatement],
    *,
    materiality: float,
    decides: str,
    base: str = "total emissions",
) -> Aggregate:
    """Aggregate the uncorrected misstatements of ``base`` (net and gross) against ``materiality``."""
    if decides not in ("net", "gross"):
        raise ValueError("decides must be 'net' or 'gross'")
    own = [m for m in misstatements if m.base == base and not m.corrected]
    return Aggregate(
        base=base,
        materiality=materiality,
        decides=decides,
        net=math.fsum(m.amount for m in own),
        gross=math.fsum(abs(m.amount) for m in own),
        count=len(own),
    )


def conversion_chain(
    value: float, unit: str, steps: Sequence[tuple[float, str, str, str]]
) -> tuple[ConversionStep, ...]:
    """Apply ``steps`` of (factor, factor unit, result unit, label) to ``value`` ``unit``, keeping each.

    Raises ``ValueError`` (unknown unit) or pint's ``DimensionalityError`` when a
    step's result cannot be expressed in the unit asked for.
    """
    q = quantity(value, unit)
    chain = [ConversionStep("start", float(q.magnitude), unit)]
    for factor, factor_unit, to_unit, label in steps:
        q = (q * quantity(factor, factor_unit)).to(to_unit)
        chain.append(ConversionStep(label, float(q.magnitude), to_unit, f"{factor} {factor_unit}"))
    return tuple(chain)

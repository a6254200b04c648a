"""Global warming potentials (100-year) of the IPCC assessment reports, as data.

Each set is a file in ``casys/core/data/gwp`` whose first line cites its source
table: AR4 WG1 Table 2.14, AR5 WG1 Table 8.A.1, AR6 WG1 Table 7.SM.7 (see the
README there for where the values were read). Gases are named as the IPCC names
them (``HFC-134a``, ``PFC-14``); the formula is accepted as another name.

>>> ar6 = gwp_set("AR6")
>>> ar6.factor("CH4"), ar6.factor("HFC-134a"), ar6.factor("CF4")
(27.9, 1530.0, 7380.0)
>>> gwp_set("ar5").factor("N2O")
265.0
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

SETS: tuple[str, ...] = ("AR4", "AR5", "AR6")


class UnknownGWPSetError(ValueError):
    """The GWP set named is not one casys ships."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown GWP set {name!r}: choose one of {', '.join(SETS)}")
        self.name = name


class UnknownGasError(ValueError):
    """The gas named is not a greenhouse gas casys knows, or the set gives it no GWP."""


def gas_key(name: str) -> str:
    """Spelling-insensitive key of a gas name: case, spaces, hyphens and underscores ignored.

    >>> gas_key("hfc 134a") == gas_key("HFC-134a")
    True
    """
    key = "".join(ch for ch in name.upper() if ch not in " -_")
    return _ALIASES.get(key, key)


# Other IPCC spellings of the same gas (AR5 Table 8.A.1 writes PFC-318 for c-C4F8,
# AR6 Table 7.SM.7 PFC-C-318).
_ALIASES: dict[str, str] = {"PFC318": "PFCC318"}


@dataclass(frozen=True)
class Gas:
    """A greenhouse gas: its IPCC name, family (CO2, CH4, N2O, HFC, PFC, SF6, NF3), formula, GWP."""

    name: str
    family: str
    formula: str
    gwp100: float


@dataclass(frozen=True)
class GWPSet:
    """One report's 100-year GWPs; ``source`` is the citation line of its data file."""

    name: str
    source: str
    gases: tuple[Gas, ...]

    def gas(self, name: str) -> Gas:
        """The gas called ``name`` (IPCC name or formula); :class:`UnknownGasError` otherwise."""
        key = gas_key(name)
        for gas in self.gases:
            if key in (gas_key(gas.name), gas_key(gas.formula)):
                return gas
        if key in _all_gas_keys():
            raise UnknownGasError(f"{self.name} (the source table) gives no GWP for {name!r}")
        raise UnknownGasError(
            f"unknown gas {name!r}: use an IPCC name such as CO2, CH4, N2O, HFC-134a, PFC-14, SF6, NF3"
        )

    def factor(self, name: str) -> float:
        """GWP100 of the gas called ``name``."""
        return self.gas(name).gwp100


def _parse(name: str, text: str) -> GWPSet:
    lines = text.splitlines()
    source = lines[0].lstrip("# ").strip()
    body = "\n".join(line for line in lines if not line.startswith("#"))
    gases = tuple(
        Gas(row["gas"], row["family"], row["formula"], float(row["gwp100"]))
        for row in csv.DictReader(io.StringIO(body))
    )
    return GWPSet(name=name, source=source, gases=gases)


@cache
def gwp_set(name: str) -> GWPSet:
    """The GWP set ``AR4``, ``AR5`` or ``AR6`` (case-insensitive); :class:`UnknownGWPSetError` else."""
    key = name.strip().upper()
    if key not in SETS:
        raise UnknownGWPSetError(name)
    text = resources.files("casys.core.data.gwp").joinpath(f"{key.lower()}.csv").read_text(encoding="utf-8")
    return _parse(key, text)


@cache
def _all_gas_keys() -> frozenset[str]:
    return frozenset(k for s in SETS for g in gwp_set(s).gases for k in (gas_key(g.name), gas_key(g.formula)))

"""Units of activity data and emission factors, parsed by pint.

One registry for the GHG core, with the spellings inventories use: ``kt`` is
the kilotonne (pint's default reads it as the knot), ``m3`` is the cubic metre,
``Nm3`` a normal cubic metre (its own dimension: converting it to m3 needs the
reference conditions, which the factor must carry), ``tkm`` a tonne-kilometre.

>>> round(quantity(100, "TJ").to("GJ").magnitude, 6)
100000.0
>>> float(quantity(2, "kt").to("t").magnitude)
2000.0
"""

from __future__ import annotations

import re
from typing import Any

import pint

_EXPONENT = re.compile(r"(?<=[A-Za-z])([23])\b")


def _preprocess(text: str) -> str:
    # "m3", "km2" → "m^3", "km^2" (exponent written without a caret)
    return _EXPONENT.sub(r"^\1", text)


REGISTRY: Any = pint.UnitRegistry(on_redefinition="ignore", preprocessors=[_preprocess])
REGISTRY.define("kilotonne = 1000 * metric_ton = kt")
REGISTRY.define("normal_cubic_metre = [normal_volume] = Nm^3")
REGISTRY.define("tonne_kilometre = metric_ton * kilometer = tkm")

UnitError = (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, ValueError, TypeError)
DimensionalityError = pint.errors.DimensionalityError


def parse_unit(text: str) -> Any:
    """The pint unit written ``text``; raises ``ValueError`` with the reason when it is not one."""
    if not text.strip():
        raise ValueError("no unit given")
    try:
        unit = REGISTRY.parse_units(text.strip())
    except Exception as exc:  # pint raises several unrelated types for one bad string
        raise ValueError(f"unknown unit {text!r}") from exc
    return unit


def quantity(value: float, unit: str) -> Any:
    """``value`` in ``unit`` as a pint quantity."""
    return REGISTRY.Quantity(value, parse_unit(unit))


def is_mass(q: Any) -> bool:
    """Whether ``q`` is a mass (what activity × factor must give)."""
    return bool(q.check("[mass]"))

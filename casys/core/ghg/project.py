"""Claims beyond an organisation's inventory: their quantities and arithmetic as data (ISO 14064-2:2019).

A *claim type* (``casys/core/data/claims/<id>.toml``, or a body's own TOML
parsed with :func:`parse_claim_type`) names the quantities the client reports
per period (``terms``, each with its sign) and the result they make: the
result of a period is Σ sign × value. ISO 14064-2:2019 6.8 and 6.10 (the CDM
methodologies write it ER_y = BE_y − PE_y − LE_y):
GHG emission reductions of a project in a year are the baseline emissions less
the project emissions less the leakage. Removals enhancements follow the same
shape with their own terms. Another claim (a product carbon footprint as the
sum of its life-cycle stages) is another file: no code.

The worked case below is built from the definition (no published example is
typed in): baseline 10 000 t, project 1 500 t, leakage 250 t give 8 250 t.

>>> claim = shipped_claim_type("iso14064-2-project")
>>> r = result_of(claim, {"baseline": 10_000, "project": 1_500, "leakage": 250})
>>> r.value, [s.term for s in r.steps]
(8250.0, ['baseline', 'project', 'leakage'])
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


class ClaimTypeError(ValueError):
    """A claim type that cannot be used, or figures that do not fit it (the message names the field)."""


@dataclass(frozen=True)
class Term:
    """A reported quantity: ``sign`` +1 adds it to the result, −1 subtracts it."""

    key: str
    label: str
    sign: int


@dataclass(frozen=True)
class ClaimType:
    """A claim's quantities per period and the result they make (in ``unit``)."""

    id: str
    name: str
    standard: str
    unit: str
    period: str
    result_key: str
    result_label: str
    terms: tuple[Term, ...]
    source: str


@dataclass(frozen=True)
class Step:
    """One term of a result: its value and the sign it enters with."""

    term: str
    value: float
    sign: int


@dataclass(frozen=True)
class ClaimResult:
    """The result of one period (e.g. a vintage year) with the terms it was made of."""

    period: str
    value: float
    steps: tuple[Step, ...]


def _term(raw: Any, where: str) -> Term:
    if not isinstance(raw, dict):
        raise ClaimTypeError(f"{where}: a term must be a table")
    try:
        key, label, sign = str(raw["key"]), str(raw["label"]), int(raw["sign"])
    except KeyError as exc:
        raise ClaimTypeError(f"{where}: missing {exc.args[0]!r}") from exc
    if sign not in (1, -1):
        raise ClaimTypeError(f"{where}: sign must be 1 or -1")
    return Term(key, label, sign)


def parse_claim_type(text: str) -> ClaimType:
    """A claim type from its TOML text; :class:`ClaimTypeError` naming the field at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimTypeError(f"not TOML: {exc}") from exc
    for key in ("id", "name", "result", "terms"):
        if key not in data:
            raise ClaimTypeError(f"missing {key!r}")
    result = data["result"]
    terms = tuple(_term(t, f"terms[{i}]") for i, t in enumerate(data["terms"]))
    if not terms:
        raise ClaimTypeError("terms: at least one term")
    keys = [t.key for t in terms]
    if len(set(keys)) != len(keys):
        raise ClaimTypeError("terms: each key once")
    return ClaimType(
        id=str(data["id"]), name=str(data["name"]), standard=str(data.get("standard", "")),
        unit=str(data.get("unit", "t CO2e")), period=str(data.get("period", "vintage")),
        result_key=str(result.get("key", "result")), result_label=str(result.get("label", "result")),
        terms=terms, source=str(data.get("source", "")),
    )  # fmt: skip


def shipped_claim_types() -> list[str]:
    """Ids of the claim types casys ships."""
    files = resources.files("casys.core.data.claims").iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


@cache
def shipped_claim_type(claim_id: str) -> ClaimType:
    """The shipped claim type ``claim_id``; :class:`ClaimTypeError` when there is none."""
    if claim_id not in shipped_claim_types():
        raise ClaimTypeError(
            f"unknown claim type {claim_id!r}: choose one of {', '.join(shipped_claim_types())}"
        )
    text = resources.files("casys.core.data.claims").joinpath(f"{claim_id}.toml").read_text("utf-8")
    return parse_claim_type(text)


def result_of(claim: ClaimType, values: Mapping[str, float], period: str = "") -> ClaimResult:
    """The result of one period: Σ sign × value over the claim's terms; every term required, ≥ 0, finite."""
    unknown = sorted(set(values) - {t.key for t in claim.terms})
    if unknown:
        raise ClaimTypeError(f"{unknown[0]}: not a term of {claim.id}")
    steps: list[Step] = []
    for t in claim.terms:
        if t.key not in values:
            raise ClaimTypeError(f"{t.key}: required ({t.label})")
        v = float(values[t.key])
        if not math.isfinite(v) or v < 0:
            raise ClaimTypeError(f"{t.key}: must be a finite number, zero or more")
        steps.append(Step(t.key, v, t.sign))
    return ClaimResult(period, math.fsum(s.sign * s.value for s in steps), tuple(steps))


def results_by_period(
    claim: ClaimType, periods: Sequence[tuple[str, Mapping[str, float]]]
) -> tuple[list[ClaimResult], float]:
    """The result of each period (each period once) and their sum.

    >>> claim = shipped_claim_type("iso14064-2-project")
    >>> rs, total = results_by_period(claim, [("2024", {"baseline": 100, "project": 20, "leakage": 5}),
    ...                                       ("2025", {"baseline": 120, "project": 25, "leakage": 5})])
    >>> [r.value for r in rs], total
    ([75.0, 90.0], 165.0)
    """
    seen: set[str] = set()
    results = []
    for period, values in periods:
        if period in seen:
            raise ClaimTypeError(f"{claim.period} {period}: given twice")
        seen.add(period)
        results.append(result_of(claim, values, period))
    return results, math.fsum(r.value for r in results)

"""The TOML model file: a measurement model, its input distributions and correlations.

The format is documented in ``docs/uncertainty-model-file.md``. Every error is a
:class:`ModelFileError` whose message starts with the key at fault, e.g.
``inputs.rho_a.high: missing``. The caller reads the file; this module parses text.

>>> text = '''
... [model]
... expression = "a + b"
... [inputs.a]
... distribution = "normal"
... mean = 1.0
... std = 0.1
... [inputs.b]
... distribution = "rectangular"
... low = -1
... '''
>>> parse_model_file(text)
Traceback (most recent call last):
...
casys.core.uncertainty.model_file.ModelFileError: inputs.b.high: missing
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from casys.core.uncertainty.distributions import (
    Arcsine,
    CurvilinearTrapezoidal,
    Distribution,
    DistributionError,
    Exponential,
    Gamma,
    Normal,
    Rectangular,
    StudentT,
    Trapezoidal,
    Triangular,
)
from casys.core.uncertainty.expression import CONSTANTS, Model, ModelSyntaxError, parse

__all__ = ["DISTRIBUTIONS", "ModelFile", "ModelFileError", "parse_model_file"]


class ModelFileError(ValueError):
    """The model file is invalid; the message starts with the key (``inputs.X.low: ...``)."""


@dataclass(frozen=True)
class _Spec:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    build: Callable[..., Distribution]
    clause: str


# JCGM 101:2008 clause 6.4 sub-clauses, one per distribution
DISTRIBUTIONS: Mapping[str, _Spec] = {
    "normal": _Spec(("mean", "std"), ("dof",), Normal, "6.4.7"),
    "rectangular": _Spec(("low", "high"), ("dof",), Rectangular, "6.4.2"),
    "triangular": _Spec(("low", "high"), ("mode", "dof"), Triangular, "6.4.5"),
    "arcsine": _Spec(("low", "high"), ("dof",), Arcsine, "6.4.6"),
    "trapezoidal": _Spec(("low", "high", "beta"), ("dof",), Trapezoidal, "6.4.4"),
    "curvilinear-trapezoidal": _Spec(("low", "high", "d"), ("dof",), CurvilinearTrapezoidal, "6.4.3"),
    "t": _Spec(("mean", "scale", "dof"), (), StudentT, "6.4.9"),
    "exponential": _Spec(("mean",), ("dof",), Exponential, "6.4.10"),
    "gamma": _Spec(("shape", "scale"), ("dof",), Gamma, "6.4.11"),
}


@dataclass(frozen=True)
class ModelFile:
    """A parsed model file: the model, its inputs, the correlations and the coverage probability."""

    model: Model
    inputs: Mapping[str, Distribution]
    correlations: Mapping[tuple[str, str], float]
    p: float


def _number(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelFileError(f"{key}: must be a number, got {value!r}")
    v = float(value)
    if math.isnan(v):
        raise ModelFileError(f"{key}: must be a number, got nan")
    return v


def _table(key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ModelFileError(f"{key}: must be a table")
    return value


def _input(name: str, table: dict[str, Any]) -> Distribution:
    key = f"inputs.{name}"
    kind = table.get("distribution")
    if kind is None:
        raise ModelFileError(f"{key}.distribution: missing")
    if kind not in DISTRIBUTIONS:
        raise ModelFileError(f"{key}.distribution: unknown {kind!r} (known: {', '.join(DISTRIBUTIONS)})")
    spec = DISTRIBUTIONS[kind]
    for param in table:
        if param != "distribution" and param not in spec.required + spec.optional:
            allowed = ", ".join(spec.required + spec.optional)
            raise ModelFileError(f"{key}.{param}: not a parameter of {kind} (parameters: {allowed})")
    args: dict[str, float] = {}
    for param in spec.required:
        if param not in table:
            raise ModelFileError(f"{key}.{param}: missing")
        args[param] = _number(f"{key}.{param}", table[param])
    for param in spec.optional:
        if param in table:
            args[param] = _number(f"{key}.{param}", table[param])
    try:
        return spec.build(**args)
    except DistributionError as exc:
        raise ModelFileError(f"{key}.{exc}") from None


def _correlations(raw: Any, inputs: Mapping[str, Distribution]) -> dict[tuple[str, str], float]:
    if not isinstance(raw, list):
        raise ModelFileError("correlations: must be an array of tables ([[correlations]])")
    out: dict[tuple[str, str], float] = {}
    for i, entry in enumerate(raw):
        key = f"correlations[{i}]"
        entry = _table(key, entry)
        for extra in set(entry) - {"inputs", "coefficient"}:
            raise ModelFileError(f"{key}.{extra}: unknown key (keys: inputs, coefficient)")
        pair = entry.get("inputs")
        if pair is None:
            raise ModelFileError(f"{key}.inputs: missing")
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(n, str) for n in pair)):
            raise ModelFileError(f"{key}.inputs: must be two input names")
        a, b = pair
        for n in (a, b):
            if n not in inputs:
                raise ModelFileError(f"{key}.inputs: {n!r} is not an input")
        if a == b:
            raise ModelFileError(f"{key}.inputs: an input cannot be correlated with itself")
        if "coefficient" not in entry:
            raise ModelFileError(f"{key}.coefficient: missing")
        r = _number(f"{key}.coefficient", entry["coefficient"])
        if not -1.0 <= r <= 1.0:
            raise ModelFileError(f"{key}.coefficient: must lie in [-1, 1], got {r!r}")
        if (a, b) in out or (b, a) in out:
            raise ModelFileError(f"{key}.inputs: ({a}, {b}) is given twice")
        out[(a, b)] = r
    return out


def _model(doc: dict[str, Any]) -> tuple[Model, float]:
    if "model" not in doc:
        raise ModelFileError("model: missing")
    table = _table("model", doc["model"])
    for extra in set(table) - {"expression", "coverage_probability"}:
        raise ModelFileError(f"model.{extra}: unknown key (keys: expression, coverage_probability)")
    text = table.get("expression")
    if text is None:
        raise ModelFileError("model.expression: missing")
    if not isinstance(text, str):
        raise ModelFileError("model.expression: must be a string")
    try:
        model = parse(text)
    except ModelSyntaxError as exc:
        raise ModelFileError(f"model.expression: {exc}") from None
    p = _number("model.coverage_probability", table.get("coverage_probability", 0.95))
    if not 0.0 < p < 1.0:
        raise ModelFileError(f"model.coverage_probability: must lie strictly between 0 and 1, got {p!r}")
    return model, p


def parse_model_file(text: str) -> ModelFile:
    """Parse the TOML text of a model file (see ``docs/uncertainty-model-file.md``)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelFileError(f"TOML: {exc}") from None
    for extra in set(doc) - {"model", "inputs", "correlations"}:
        raise ModelFileError(f"{extra}: unknown section (sections: model, inputs, correlations)")
    model, p = _model(doc)
    raw_inputs = _table("inputs", doc.get("inputs", {}))
    inputs: dict[str, Distribution] = {}
    for name, table in raw_inputs.items():
        if name in CONSTANTS:
            raise ModelFileError(
                f"inputs.{name}: {name!r} is a constant of the model language, not an input name"
            )
        if name not in model.names:
            raise ModelFileError(f"inputs.{name}: not used by model.expression")
        inputs[name] = _input(name, _table(f"inputs.{name}", table))
    for name in sorted(model.names):
        if name not in inputs:
            raise ModelFileError(f"inputs.{name}: missing (model.expression uses it)")
    correlations = _correlations(doc.get("correlations", []), inputs)
    return ModelFile(model=model, inputs=inputs, correlations=correlations, p=p)

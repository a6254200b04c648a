"""A measurement model entered row by row: one row per input quantity, turned into the model file.

The form is another way to write the TOML model file (docs/uncertainty-model-file.md), not
another computation: :func:`model_toml` writes the file and the result is recorded from it
by :func:`casys.laboratory.services.results.record_result`, exactly as a model typed in the
expert (TOML) view. A row gives either

- a value (the estimate x) with a distribution and its parameters — u for ``normal``, ``t``
  (with degrees of freedom) and ``gamma``, the half-width a for the distributions on
  [x − a, x + a] (JCGM 101:2008 6.4.2–6.4.6), ``beta`` or ``d`` where the shape needs it; or
- readings (two or more repeated observations): a Type A evaluation, written as the
  t-distribution of JCGM 101:2008 6.4.9 with mean x̄, scale s/√n and ν = n − 1
  (JCGM 100:2008 4.2.1–4.2.3).

Unit, source and readings are kept in the model file as comments (the model file has no keys
for them), so the stored model says where each number came from.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from dataclasses import dataclass

from casys.core.uncertainty.model_file import ModelFileError, parse_model_file
from casys.laboratory.services import LabInputError

#: distributions the form offers: all of the model file's
DISTRIBUTIONS = (
    "normal",
    "t",
    "rectangular",
    "triangular",
    "arcsine",
    "trapezoidal",
    "curvilinear-trapezoidal",
    "exponential",
    "gamma",
)
SYMMETRIC = ("rectangular", "triangular", "arcsine", "trapezoidal", "curvilinear-trapezoidal")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: which row field a model-file parameter comes from (to point an error at the row's field)
FIELD_OF = {
    "mean": "value",
    "std": "u",
    "scale": "u",
    "shape": "u",
    "low": "half_width",
    "high": "half_width",
    "mode": "value",
    "beta": "beta",
    "d": "d",
    "dof": "dof",
    "distribution": "distribution",
}


class RowError(LabInputError):
    """A refused row: ``row`` (1-based) and ``row_field`` name the cell at fault."""

    def __init__(self, row: int, field: str, message: str) -> None:
        super().__init__(f"row {row}, {field}", message)
        self.row = row
        self.row_field = field


@dataclass(frozen=True)
class InputRow:
    name: str
    distribution: str = "normal"
    value: float | None = None
    readings: tuple[float, ...] = ()
    u: float | None = None
    half_width: float | None = None
    beta: float | None = None
    d: float | None = None
    dof: float | None = None
    unit: str = ""
    source: str = ""


def _positive(n: int, field: str, value: float | None, what: str) -> float:
    if value is None:
        raise RowError(n, field, f"{what} is required for this distribution")
    if not math.isfinite(value) or value <= 0:
        raise RowError(n, field, f"must be a finite number > 0, got {value:g}")
    return value


def _unused(n: int, row: InputRow, used: set[str]) -> None:
    for field in ("u", "half_width", "beta", "d"):
        if getattr(row, field) is not None and field not in used:
            raise RowError(n, field, f"is not a parameter of the {row.distribution} distribution")


def _type_a(n: int, row: InputRow) -> dict[str, float | str]:
    if len(row.readings) < 2:
        raise RowError(n, "readings", "give at least two readings (or a value and its distribution)")
    if row.value is not None or row.u is not None or row.half_width is not None:
        raise RowError(n, "readings", "give either readings or a value with its uncertainty, not both")
    count = len(row.readings)
    s = statistics.stdev(row.readings)
    return {
        "distribution": "t",
        "mean": statistics.fmean(row.readings),
        "scale": s / math.sqrt(count),
        "dof": count - 1,
    }


def table_of(n: int, row: InputRow) -> dict[str, float | str]:
    """The model file's ``[inputs.NAME]`` table of row ``n`` (1-based, for the error messages)."""
    if row.readings:
        return _type_a(n, row)
    if row.distribution not in DISTRIBUTIONS:
        raise RowError(n, "distribution", f"unknown {row.distribution!r}")
    if row.value is None or not math.isfinite(row.value):
        raise RowError(n, "value", "is required (or give readings)")
    x, kind = row.value, row.distribution
    table: dict[str, float | str] = {"distribution": kind}
    if kind in ("normal", "t", "gamma"):
        _unused(n, row, {"u"})
        u = _positive(n, "u", row.u, "the standard uncertainty u")
        if kind == "normal":
            table.update(mean=x, std=u)
        elif kind == "t":
            table.update(mean=x, scale=u, dof=_positive(n, "dof", row.dof, "degrees of freedom"))
        else:  # gamma with mean x and standard deviation u (JCGM 101 6.4.11: x = shape·scale)
            table.update(shape=(x / u) ** 2, scale=u * u / x)
    elif kind in SYMMETRIC:
        extra = {"trapezoidal": "beta", "curvilinear-trapezoidal": "d"}.get(kind)
        _unused(n, row, {"half_width", *([extra] if extra else [])})
        a = _positive(n, "half_width", row.half_width, "the half-width a")
        table.update(low=x - a, high=x + a)
        if extra == "beta":
            table["beta"] = _number_or_missing(n, "beta", row.beta)
        elif extra == "d":
            table["d"] = _number_or_missing(n, "d", row.d)
    else:  # exponential
        _unused(n, row, set())
        table["mean"] = x
    if row.dof is not None and "dof" not in table:
        table["dof"] = _positive(n, "dof", row.dof, "degrees of freedom")
    return table


def _number_or_missing(n: int, field: str, value: float | None) -> float:
    if value is None or not math.isfinite(value):
        raise RowError(n, field, "is required for this distribution")
    return value


def _comment(text: str) -> str:
    return " ".join(text.split())


def model_toml(expression: str, rows: list[InputRow], coverage_probability: float | None = None) -> str:
    """The model file of a measurement function and its input rows; checked as the expert view is."""
    if not expression.strip():
        raise LabInputError("expression", "give the measurement function, e.g. L + dL")
    if not rows:
        raise LabInputError("expression", "add a row for each input quantity")
    seen: dict[str, int] = {}
    lines = ["[model]", f"expression = {json.dumps(expression.strip())}"]
    if coverage_probability is not None:
        lines.append(f"coverage_probability = {coverage_probability!r}")
    for n, row in enumerate(rows, start=1):
        name = row.name.strip()
        if not NAME.match(name):
            raise RowError(n, "name", "letters, digits and _, not starting with a digit (e.g. dL_1)")
        if name in seen:
            raise RowError(n, "name", f"{name} is already the name of row {seen[name]}")
        seen[name] = n
        lines += ["", f"[inputs.{name}]"]
        for label, text in (("unit", row.unit), ("source", row.source)):
            if text.strip():
                lines.append(f"# {label}: {_comment(text)}")
        if row.readings:
            lines.append("# readings (Type A): " + ", ".join(repr(r) for r in row.readings))
        for key, value in table_of(n, row).items():
            lines.append(f"{key} = {json.dumps(value) if isinstance(value, str) else repr(float(value))}")
    text = "\n".join(lines) + "\n"
    _check(text, seen)
    return text


_INPUT_ERROR = re.compile(r"^inputs\.([A-Za-z0-9_]+)(?:\.([a-z_]+))?: (.*)$", re.S)


def _check(text: str, rows: dict[str, int]) -> None:
    """Parse the written file; point a refusal at the row and field it comes from."""
    try:
        parse_model_file(text)
    except ModelFileError as exc:
        message = str(exc)
        found = _INPUT_ERROR.match(message)
        if found is None:
            raise LabInputError("expression", message.removeprefix("model.expression: ")) from None
        name, param, why = found.groups()
        if name not in rows:
            raise LabInputError("expression", f"uses {name}: add a row for it") from None
        if param is None:
            raise RowError(rows[name], "name", f"{name} is {why}") from None
        raise RowError(rows[name], FIELD_OF.get(param, "value"), why) from None


def parse_readings(text: str) -> tuple[float, ...]:
    """Readings typed as numbers separated by blanks or semicolons; a comma inside a number is a
    decimal comma ("10,1 10,3" in French), a comma after one separates ("10.1, 10.3")."""
    out = []
    for word in re.split(r"[\s;]+", text.strip()):
        word = word.rstrip(",")
        if not word:
            continue
        try:
            value = float(word.replace(",", "."))
        except ValueError:
            raise ValueError(f"{word!r} is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"{word!r} is not a finite number")
        out.append(value)
    return tuple(out)

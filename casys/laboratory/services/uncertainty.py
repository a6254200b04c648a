"""Evaluate the uncertainty of a result by calling casys.core (GUM, Monte Carlo, budget rows)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from casys.core.uncertainty import (
    GumResult,
    McmResult,
    ModelEvaluationError,
    ModelFile,
    ModelFileError,
    UncertaintyInputError,
    coverage_factor,
    gum,
    mcm,
    parse_model_file,
    validate,
)
from casys.core.uncertainty.histogram import mcm_histogram
from casys.laboratory.services import LabInputError

MAX_TRIALS = 1_000_000  # a page request stays within about a second
#: The most trials a Monte Carlo run may have as a background job (CASYS_MCM_JOB_TRIALS decides
#: from which size a run goes to the worker).
MAX_JOB_TRIALS = 20_000_000
HISTOGRAM_BINS = 40
# JCGM 101:2008 8.2 compares the GUF and MCM interval end points with the numerical
# tolerance of u(y) to n_dig significant digits (7.9.2); two digits is the usual reporting
# precision of u (JCGM 100:2008 7.2.6) and the value the Supplement's examples use.
VALIDATION_DIGITS = 2


@dataclass(frozen=True)
class BudgetInput:
    """A budget row as entered: quantity, u(x_i), c_i, ν_i (None = infinite)."""

    quantity: str
    u: float
    c: float
    dof: float | None


def finite(value: float | None) -> float | None:
    """JSON has no infinity: infinite and NaN values are stored as null."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def parse_model(text: str, field: str = "model_toml") -> ModelFile:
    """The model file (docs/uncertainty-model-file.md); errors name the key, e.g. ``inputs.x.std``."""
    try:
        return parse_model_file(text)
    except ModelFileError as exc:
        raise LabInputError(field, str(exc)) from None


def _number(row: int, name: str, text: str, *, positive: bool = False, blank: bool = False) -> float | None:
    text = text.strip()
    if not text:
        if blank:
            return None
        raise LabInputError(f"budget row {row}", f"{name} is missing")
    try:
        value = float(text)
    except ValueError:
        raise LabInputError(f"budget row {row}", f"{name} must be a number, got {text!r}") from None
    if not math.isfinite(value) or (positive and value <= 0):
        raise LabInputError(f"budget row {row}", f"{name} must be a finite number > 0, got {text!r}")
    return value


def parse_budget(text: str) -> list[BudgetInput]:
    """Budget rows, one per line: ``quantity; u; c; dof`` (c defaults to 1, dof blank = infinite).

    >>> parse_budget("repeatability; 0.02; 1; 9")[0]
    BudgetInput(quantity='repeatability', u=0.02, c=1.0, dof=9.0)
    """
    rows: list[BudgetInput] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split(";")]
        if len(cells) < 2 or len(cells) > 4:
            raise LabInputError(f"budget row {number}", "expected 'quantity; u; c; dof' (c and dof optional)")
        cells += [""] * (4 - len(cells))
        if not cells[0]:
            raise LabInputError(f"budget row {number}", "the input quantity is missing")
        u = _number(number, "u", cells[1], positive=True)
        c = _number(number, "c", cells[2], blank=True)
        dof = _number(number, "dof", cells[3], positive=True, blank=True)
        assert u is not None
        rows.append(BudgetInput(cells[0][:200], u, 1.0 if c is None else c, dof))
    if not rows:
        raise LabInputError("budget", "enter at least one row")
    return rows


def budget_evaluation(rows: Sequence[BudgetInput], p: float) -> dict[str, Any]:
    """u_c, ν_eff, k and U from budget rows (JCGM 100:2008 eq. (10), G.2b, G.4.1), uncorrelated inputs."""
    cu = [r.c * r.u for r in rows]
    variance = sum(v * v for v in cu)
    uc = math.sqrt(variance)
    denominator = sum(v**4 / r.dof for v, r in zip(cu, rows, strict=True) if r.dof is not None and v != 0)
    nu = uc**4 / denominator if denominator > 0 else math.inf
    k = coverage_factor(p, nu)
    return {
        "u": uc,
        "df": finite(nu),
        "k": k,
        "U": k * uc,
        "p": p,
        "budget": [
            {
                "name": r.quantity,
                "x": None,
                "u": r.u,
                "c": r.c,
                "cu": v,
                "df": finite(r.dof),
                "share": v * v / variance if variance > 0 else 0.0,
            }
            for r, v in zip(rows, cu, strict=True)
        ],
    }


def model_evaluation(
    model_file: ModelFile,
    *,
    mcm_seed: int | None = None,
    trials: int = 100_000,
    max_trials: int = MAX_TRIALS,
    progress: Callable[[int, int], object] | None = None,
) -> dict[str, Any]:
    """GUM (JCGM 100:2008) and, with a seed, Monte Carlo (JCGM 101:2008) of a model file.

    ``progress(blocks done, blocks)`` follows the Monte Carlo blocks (the run, then the histogram's)."""
    try:
        g = gum(model_file.model, model_file.inputs, model_file.correlations, p=model_file.p)
    except (UncertaintyInputError, ModelEvaluationError) as exc:
        raise LabInputError("model_toml", str(exc)) from None
    out: dict[str, Any] = {
        "gum": {
            "y": g.y,
            "u": g.u,
            "df": finite(g.df),
            "k": g.k,
            "U": g.U,
            "p": g.p,
            "low": g.low,
            "high": g.high,
            "budget": [
                {
                    "name": b.name,
                    "x": b.x,
                    "u": b.u,
                    "c": b.c,
                    "cu": b.cu,
                    "df": finite(b.df),
                    "share": b.share,
                }
                for b in g.budget
            ],
        },
        "mcm": None,
    }
    if mcm_seed is not None:
        if not 1_000 <= trials <= max_trials:
            raise LabInputError("trials", f"must lie between 1000 and {max_trials}, got {trials}")
        runs: list[int] = [0, 0]

        def step(which: int) -> Callable[[int, int], None]:
            def report(done: int, total: int) -> None:
                runs[which] = done
                if progress is not None:
                    progress(sum(runs), 2 * total)

            return report

        try:
            m = mcm(
                model_file.model,
                model_file.inputs,
                model_file.correlations,
                seed=mcm_seed,
                trials=trials,
                p=model_file.p,
                progress=step(0),
            )
            h = mcm_histogram(
                model_file.model,
                model_file.inputs,
                model_file.correlations,
                seed=mcm_seed,
                trials=trials,
                bins=HISTOGRAM_BINS,
                progress=step(1),
            )
        except (UncertaintyInputError, ModelEvaluationError) as exc:
            raise LabInputError("model_toml", str(exc)) from None
        out["mcm"] = {
            "y": m.y,
            "u": m.u,
            "M": m.M,
            "p": m.p,
            "seed": m.seed,
            "symmetric": [m.symmetric.low, m.symmetric.high],
            "shortest": [m.shortest.low, m.shortest.high],
            "histogram": {"edges": list(h.edges), "counts": list(h.counts)},
            "validation": validation_record(g, m),
        }
    return out


def validation_record(g: GumResult, m: McmResult) -> dict[str, Any] | None:
    """Whether the GUM interval y ± U_p is validated by Monte Carlo (JCGM 101:2008 8.2).

    JCGM 101 8.2.2 compares y ± U_p with the probabilistically symmetric Monte Carlo
    interval: the GUF is validated when both end-point differences d_low and d_high are
    at most δ, the numerical tolerance of u(y) to ``VALIDATION_DIGITS`` significant digits.
    None when the GUF gives u(y) = 0 (all first-order sensitivities vanish): δ is undefined then.
    """
    if not g.u > 0.0:
        return None
    v = validate(g, m, n_dig=VALIDATION_DIGITS, interval="symmetric")
    return {
        "n_dig": VALIDATION_DIGITS,
        "delta": v.delta,
        "d_low": v.d_low,
        "d_high": v.d_high,
        "validated": v.validated,
    }

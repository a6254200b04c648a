"""The GUM uncertainty framework (JCGM 100:2008, clause 5 and annex G).

The law of propagation of uncertainty (5.1.2 and, with correlations, 5.2.2)
gives the combined standard uncertainty u_c(y) from the sensitivity coefficients
c_i = ∂f/∂x_i at the estimates (computed exactly by automatic differentiation),
the standard uncertainties u(x_i) and the correlation coefficients r(x_i, x_j).
The Welch–Satterthwaite formula (G.4.1, eq. G.2b) gives the effective degrees of
freedom ν_eff, the t-distribution the coverage factor k_p (G.3, G.4.1 note 1:
ν_eff truncated to the next lower integer), and U = k_p u_c(y) (6.2.1).

>>> from casys.core.uncertainty.distributions import Normal, Rectangular
>>> from casys.core.uncertainty.expression import parse
>>> r = gum(parse("a + b"), {"a": Normal(1.0, 0.3, dof=9), "b": Normal(2.0, 0.4)})
>>> r.y, round(r.u, 12), round(r.df, 1), round(r.k, 3), round(r.U, 3)
(3.0, 0.5, 69.4, 1.995, 0.997)
>>> [(line.name, round(line.share, 2)) for line in r.budget]
[('a', 0.36), ('b', 0.64)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

from casys.core.uncertainty.distributions import Distribution
from casys.core.uncertainty.expression import Model, gradient

__all__ = ["BudgetLine", "GumResult", "UncertaintyInputError", "correlation_matrix", "coverage_factor", "gum"]


class UncertaintyInputError(ValueError):
    """Inputs do not match the model (missing input, bad correlation); the message names it."""


@dataclass(frozen=True)
class BudgetLine:
    """One line of the uncertainty budget (JCGM 100:2008, 8 and H.1 Table H.1).

    ``cu`` is the contribution c_i·u(x_i) (5.1.3), ``share`` its part (c_i u_i)²/u_c²
    of the combined variance (with correlations, the shares need not add to one).
    """

    name: str
    x: float
    u: float
    c: float
    cu: float
    df: float
    share: float


@dataclass(frozen=True)
class GumResult:
    """Result of the GUM uncertainty framework: y, u_c(y), ν_eff, k, U and the interval y ± U."""

    y: float
    u: float
    df: float
    k: float
    U: float
    p: float
    low: float
    high: float
    budget: tuple[BudgetLine, ...]

    @property
    def nu_eff(self) -> float:
        """The effective degrees of freedom ν_eff (JCGM 100 G.4.1), same as ``df``."""
        return self.df


def coverage_factor(p: float, df: float) -> float:
    """k_p from the t-distribution with ``df`` degrees of freedom (JCGM 100:2008 G.3.4, G.4.1).

    ``df`` is truncated to the next lower integer (G.4.1 note 1); infinite ``df``
    gives the normal quantile (G.3.3).

    >>> round(coverage_factor(0.95, math.inf), 3), round(coverage_factor(0.99, 16.7), 2)
    (1.96, 2.92)
    """
    if not 0.0 < p < 1.0:
        raise UncertaintyInputError(f"p: must lie strictly between 0 and 1, got {p!r}")
    q = (1.0 + p) / 2.0
    if math.isinf(df):
        return float(stats.norm.ppf(q))
    # float(): floor() of a huge ν is a Python int too large for the t quantile (ν = 1e30 is "infinite")
    return float(stats.t.ppf(q, float(max(1.0, math.floor(df)))))


def correlation_matrix(names: list[str], correlations: Mapping[tuple[str, str], float]) -> np.ndarray:
    """Matrix r(x_i, x_j) in the order of ``names`` (JCGM 100:2008 5.2.2)."""
    index = {name: i for i, name in enumerate(names)}
    r = np.eye(len(names))
    for (a, b), value in correlations.items():
        for name in (a, b):
            if name not in index:
                raise UncertaintyInputError(f"correlations: {name!r} is not an input quantity of the model")
        if a == b:
            raise UncertaintyInputError(f"correlations: {a!r} cannot be correlated with itself")
        if not -1.0 <= float(value) <= 1.0:
            raise UncertaintyInputError(
                f"correlations: coefficient of ({a}, {b}) must lie in [-1, 1], got {value!r}"
            )
        r[index[a], index[b]] = r[index[b], index[a]] = float(value)
    return r


def _check_inputs(model: Model, inputs: Mapping[str, Distribution]) -> list[str]:
    missing = sorted(model.names - set(inputs))
    if missing:
        raise UncertaintyInputError(f"inputs.{missing[0]}: missing (the model uses it)")
    return sorted(model.names)


def gum(
    model: Model,
    inputs: Mapping[str, Distribution],
    correlations: Mapping[tuple[str, str], float] | None = None,
    p: float = 0.95,
) -> GumResult:
    """Evaluate y, u_c(y), ν_eff, k_p, U_p and the budget (JCGM 100:2008, 5.1, 5.2, G.4, 6.2).

    Inputs that the model does not use are ignored. ν_eff follows G.2b with the
    contributions (c_i u_i)²; it is infinite when every ν_i is infinite or u_c = 0.
    """
    names = _check_inputs(model, inputs)
    x = {name: inputs[name].x for name in names}
    y, c = gradient(model, x, names)
    u = np.array([inputs[name].u for name in names])
    df = np.array([inputs[name].df for name in names])
    cu = c * u
    r = correlation_matrix(names, correlations or {})
    variance = float(cu @ r @ cu)  # eq. (13) of 5.2.2 written with r(x_i, x_j)
    uc = math.sqrt(max(variance, 0.0))
    finite = np.isfinite(df) & (cu != 0.0)
    denominator = float(np.sum(cu[finite] ** 4 / df[finite]))
    nu = uc**4 / denominator if denominator > 0.0 and uc > 0.0 else math.inf
    k = coverage_factor(p, nu)
    big_u = k * uc
    budget = tuple(
        BudgetLine(
            name=name,
            x=x[name],
            u=float(u[i]),
            c=float(c[i]),
            cu=float(cu[i]),
            df=float(df[i]),
            share=float(cu[i] ** 2 / variance) if variance > 0.0 else 0.0,
        )
        for i, name in enumerate(names)
    )
    return GumResult(y=y, u=uc, df=nu, k=k, U=big_u, p=p, low=y - big_u, high=y + big_u, budget=budget)

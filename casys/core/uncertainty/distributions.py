"""Probability distributions for input quantities (JCGM 101:2008, clause 6).

Each distribution gives the estimate ``x`` (its expectation, JCGM 101 6.1.1), the
standard uncertainty ``u`` used by the GUM uncertainty framework with its degrees
of freedom ``df`` (infinite unless stated, JCGM 100:2008 G.4.2), the standard
deviation ``std`` of the PDF (equal to ``u`` except for the t-distribution, whose
``u`` is the scale of a Type A evaluation, JCGM 100 4.2.3, and whose PDF is wider,
JCGM 101 6.4.9.4) and a sampler drawing from a NumPy ``Generator`` passed in.

Every sampler consumes its generator one trial at a time in a fixed pattern, so
drawing 10 values at once or twice 5 gives the same values: the Monte Carlo result
does not depend on the chunk size.

>>> import numpy as np
>>> r = Rectangular(1.10, 1.30)
>>> round(r.x, 12), round(r.u, 6)
(1.2, 0.057735)
>>> r.sample(np.random.default_rng(1), 3).shape
(3,)
>>> t = StudentT(mean=0.0, scale=25.0, dof=18)
>>> t.u, t.df, round(t.std, 3)
(25.0, 18.0, 26.517)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = [
    "Arcsine",
    "CurvilinearTrapezoidal",
    "Distribution",
    "DistributionError",
    "Exponential",
    "Gamma",
    "MultivariateNormal",
    "Normal",
    "Rectangular",
    "StudentT",
    "Trapezoidal",
    "Triangular",
]

Array = npt.NDArray[np.float64]
INF = math.inf


class DistributionError(ValueError):
    """A distribution parameter is invalid; the message names the parameter."""


def _finite(name: str, value: float) -> float:
    v = float(value)
    if not math.isfinite(v):
        raise DistributionError(f"{name}: must be a finite number, got {value!r}")
    return v


def _positive(name: str, value: float) -> float:
    v = _finite(name, value)
    if v <= 0.0:
        raise DistributionError(f"{name}: must be positive, got {value!r}")
    return v


def _dof(value: float) -> float:
    v = float(value)
    if math.isnan(v) or v <= 0.0:
        raise DistributionError(f"dof: must be positive (or infinite), got {value!r}")
    return v


def _limits(low: float, high: float) -> tuple[float, float]:
    a, b = _finite("low", low), _finite("high", high)
    if not b > a:
        raise DistributionError(f"high: must exceed low ({b!r} <= {a!r})")
    return a, b


class _TypeB:
    """Members shared by the distributions whose standard deviation is their standard uncertainty.

    ``std`` is ``u`` (JCGM 101:2008 6.4: the standard deviation of the PDF) and ``df`` is the
    degrees of freedom given with the input (infinite unless stated).
    """

    dof: float

    @property
    def u(self) -> float:
        raise NotImplementedError

    @property
    def std(self) -> float:
        return self.u

    @property
    def df(self) -> float:
        return float(self.dof)


@dataclass(frozen=True)
class Normal:
    """Gaussian N(μ, σ²), JCGM 101:2008 6.4.7; ``dof`` feeds Welch–Satterthwaite (JCGM 100 G.4)."""

    mean: float
    std: float
    dof: float = INF

    def __post_init__(self) -> None:
        _finite("mean", self.mean)
        _positive("std", self.std)
        _dof(self.dof)

    @property
    def x(self) -> float:
        return float(self.mean)

    @property
    def u(self) -> float:
        return float(self.std)

    @property
    def df(self) -> float:
        return float(self.dof)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return self.mean + self.std * rng.standard_normal(size)


@dataclass(frozen=True)
class Rectangular(_TypeB):
    """Rectangular R(a, b), JCGM 101:2008 6.4.2: x = (a+b)/2, u² = (b−a)²/12.

    >>> round(Rectangular(-1.0, 1.0).u, 12) == round(1 / 3 ** 0.5, 12)
    True
    """

    low: float
    high: float
    dof: float = INF

    def __post_init__(self) -> None:
        _limits(self.low, self.high)
        _dof(self.dof)

    @property
    def x(self) -> float:
        return (self.low + self.high) / 2.0

    @property
    def u(self) -> float:
        return (self.high - self.low) / math.sqrt(12.0)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return self.low + (self.high - self.low) * rng.random(size)


@dataclass(frozen=True)
class Triangular(_TypeB):
    """Triangular on [a, b] with mode c (symmetric when c is omitted), JCGM 101:2008 6.4.5.

    JCGM 101 6.4.5 treats the symmetric case, u² = (b−a)²/24; for a mode c the
    variance of the triangular PDF is (a² + b² + c² − ab − ac − bc)/18.

    >>> round(Triangular(0.0, 1.0).u ** 2 * 24, 12)
    1.0
    """

    low: float
    high: float
    mode: float | None = None
    dof: float = INF

    def __post_init__(self) -> None:
        a, b = _limits(self.low, self.high)
        if self.mode is not None and not a <= _finite("mode", self.mode) <= b:
            raise DistributionError(f"mode: must lie in [low, high], got {self.mode!r}")
        _dof(self.dof)

    @property
    def c(self) -> float:
        return (self.low + self.high) / 2.0 if self.mode is None else float(self.mode)

    @property
    def x(self) -> float:
        return (self.low + self.high + self.c) / 3.0

    @property
    def u(self) -> float:
        a, b, c = self.low, self.high, self.c
        return math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        # inverse of the CDF, one uniform per trial
        a, b, c = self.low, self.high, self.c
        r = rng.random(size)
        f = (c - a) / (b - a)
        left = a + np.sqrt(r * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - r) * (b - a) * (b - c))
        return np.where(r < f, left, right)


@dataclass(frozen=True)
class Arcsine(_TypeB):
    """Arc sine (U-shaped) U(a, b), JCGM 101:2008 6.4.6: u² = (b−a)²/8.

    Sampled as (a+b)/2 + (b−a)/2 · sin(2πr), r rectangular on [0, 1] (6.4.6.4).
    """

    low: float
    high: float
    dof: float = INF

    def __post_init__(self) -> None:
        _limits(self.low, self.high)
        _dof(self.dof)

    @property
    def x(self) -> float:
        return (self.low + self.high) / 2.0

    @property
    def u(self) -> float:
        return (self.high - self.low) / math.sqrt(8.0)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return self.x + (self.high - self.low) / 2.0 * np.sin(2.0 * math.pi * rng.random(size))


@dataclass(frozen=True)
class Trapezoidal(_TypeB):
    """Trapezoidal Trap(a, b, β), JCGM 101:2008 6.4.4: u² = (b−a)²(1+β²)/24.

    β is the ratio of the top width to the base width; sampled as
    a + (b−a)/2 · ((1+β) r₁ + (1−β) r₂) (6.4.4.4), two uniforms per trial.
    """

    low: float
    high: float
    beta: float
    dof: float = INF

    def __post_init__(self) -> None:
        _limits(self.low, self.high)
        if not 0.0 <= _finite("beta", self.beta) <= 1.0:
            raise DistributionError(f"beta: must lie in [0, 1], got {self.beta!r}")
        _dof(self.dof)

    @property
    def x(self) -> float:
        return (self.low + self.high) / 2.0

    @property
    def u(self) -> float:
        return (self.high - self.low) * math.sqrt((1.0 + self.beta**2) / 24.0)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        r = rng.random((size, 2))
        return self.low + (self.high - self.low) / 2.0 * (
            (1 + self.beta) * r[:, 0] + (1 - self.beta) * r[:, 1]
        )


@dataclass(frozen=True)
class CurvilinearTrapezoidal(_TypeB):
    """Rectangular with inexactly prescribed limits CTrap(a, b, d), JCGM 101:2008 6.4.3.

    The limits are a ± d and b ± d: u² = (b−a)²/12 + d²/9 (6.4.3.3). Sampled as in
    6.4.3.4: a_s = (a − d) + 2d r₁, b_s = (a + b) − a_s, ξ = a_s + (b_s − a_s) r₂.
    """

    low: float
    high: float
    d: float
    dof: float = INF

    def __post_init__(self) -> None:
        a, b = _limits(self.low, self.high)
        d = _finite("d", self.d)
        if not 0.0 < d <= (b - a) / 2.0:
            raise DistributionError(f"d: must lie in (0, (high - low)/2], got {self.d!r}")
        _dof(self.dof)

    @property
    def x(self) -> float:
        return (self.low + self.high) / 2.0

    @property
    def u(self) -> float:
        return math.sqrt((self.high - self.low) ** 2 / 12.0 + self.d**2 / 9.0)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        r = rng.random((size, 2))
        a_s = (self.low - self.d) + 2.0 * self.d * r[:, 0]
        b_s = (self.low + self.high) - a_s
        return a_s + (b_s - a_s) * r[:, 1]


@dataclass(frozen=True)
class StudentT:
    """Scaled and shifted t-distribution t_ν(μ, s²), JCGM 101:2008 6.4.9.

    ``u`` is the scale s with ``df`` = ν, as the GUM uncertainty framework uses a
    Type A evaluation (JCGM 100 4.2, G.3); the PDF's standard deviation is
    s·√(ν/(ν−2)) for ν > 2 (JCGM 101 6.4.9.4), infinite otherwise.
    """

    mean: float
    scale: float
    dof: float

    def __post_init__(self) -> None:
        _finite("mean", self.mean)
        _positive("scale", self.scale)
        if not math.isfinite(_dof(self.dof)):
            raise DistributionError("dof: must be finite for a t-distribution (use normal)")

    @property
    def x(self) -> float:
        return float(self.mean)

    @property
    def u(self) -> float:
        return float(self.scale)

    @property
    def df(self) -> float:
        return float(self.dof)

    @property
    def std(self) -> float:
        return self.scale * math.sqrt(self.dof / (self.dof - 2.0)) if self.dof > 2.0 else INF

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return self.mean + self.scale * rng.standard_t(self.dof, size)


@dataclass(frozen=True)
class Exponential(_TypeB):
    """Exponential Ex(1/x) for a non-negative quantity of known expectation, JCGM 101:2008 6.4.10: u = x."""

    mean: float
    dof: float = INF

    def __post_init__(self) -> None:
        _positive("mean", self.mean)
        _dof(self.dof)

    @property
    def x(self) -> float:
        return float(self.mean)

    @property
    def u(self) -> float:
        return float(self.mean)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return self.mean * rng.standard_exponential(size)


@dataclass(frozen=True)
class Gamma(_TypeB):
    """Gamma G(α, θ) with shape α and scale θ (JCGM 101:2008 6.4.11): x = αθ, u² = αθ²."""

    shape: float
    scale: float
    dof: float = INF

    def __post_init__(self) -> None:
        _positive("shape", self.shape)
        _positive("scale", self.scale)
        _dof(self.dof)

    @property
    def x(self) -> float:
        return self.shape * self.scale

    @property
    def u(self) -> float:
        return math.sqrt(self.shape) * self.scale

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return self.scale * rng.standard_gamma(self.shape, size)


@dataclass(frozen=True)
class MultivariateNormal:
    """Joint Gaussian N(μ, V) for correlated inputs, JCGM 101:2008 6.4.8.

    Sampled as μ + R z with V = R Rᵀ (Cholesky) and z standard normal, one row
    of ``len(mean)`` normals per trial (6.4.8.4).

    >>> mvn = MultivariateNormal(("a", "b"), (0.0, 0.0), ((1.0, 0.9), (0.9, 1.0)))
    >>> mvn.sample(np.random.default_rng(0), 4).shape
    (4, 2)
    """

    names: tuple[str, ...]
    mean: tuple[float, ...]
    cov: tuple[tuple[float, ...], ...]
    _chol: Array = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.names)
        v = np.asarray(self.cov, dtype=np.float64)
        if len(self.mean) != n or v.shape != (n, n):
            raise DistributionError("cov: must be a square matrix matching the names")
        if not np.allclose(v, v.T):
            raise DistributionError("cov: must be symmetric")
        try:
            chol = np.linalg.cholesky(v)
        except np.linalg.LinAlgError:
            raise DistributionError(
                "cov: must be positive definite (check the correlation coefficients)"
            ) from None
        object.__setattr__(self, "_chol", chol)

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        z = rng.standard_normal((size, len(self.names)))
        return np.asarray(self.mean, dtype=np.float64) + z @ self._chol.T


Distribution = (
    Normal
    | Rectangular
    | Triangular
    | Arcsine
    | Trapezoidal
    | CurvilinearTrapezoidal
    | StudentT
    | Exponential
    | Gamma
)
"""Any single-input distribution: each has ``x``, ``u``, ``df``, ``std`` and ``sample``."""

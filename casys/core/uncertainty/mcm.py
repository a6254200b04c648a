"""Propagation of distributions by a Monte Carlo method (JCGM 101:2008, clauses 7 and 8).

M trials are drawn from the input PDFs (7.3), the model is evaluated on them in
vectorised chunks (7.4), and the M model values give the estimate ỹ and standard
uncertainty u(ỹ) (7.6) and the probabilistically symmetric and shortest 100p %
coverage intervals from the order statistics (7.7.1, 7.7.2). The adaptive
procedure of 7.9 runs stages of M = max(⌈100/(1−p)⌉, 10⁴) trials until twice the
standard deviation of the stage estimates is within the numerical tolerance δ
of u(ỹ) held to n_dig significant digits (7.9.2, 7.9.4). :func:`validate`
compares the GUM result with the Monte Carlo result (clause 8).

Bounded memory. The trials are processed in *blocks* of at most ``block_size``
values (the chunks evaluated at once are smaller still). Each block is sorted and
gives its own coverage interval endpoints; the block mean and sum of squared
deviations are merged exactly (pairwise formula of Chan, Golub and LeVeque), so ỹ
and u(ỹ) use all M values. When M exceeds ``block_size`` the reported endpoints
are the means of the block endpoints weighted by block size — the block averages
that JCGM 101 7.9.4 forms stage by stage. When M ≤ ``block_size`` (the default
for M up to 10⁶) the endpoints are the exact order statistics of 7.7. Peak memory
is therefore of order ``block_size`` + ``chunk_size`` × inputs, whatever M is.

Reproducibility. The trials are cut into fixed *streams* of :data:`STREAM` trials
(trial i belongs to stream i // STREAM, whatever M, the block size or the chunk
size). Stream s has its own generators, one per input (or group of correlated
inputs), spawned from the seed: ``SeedSequence(seed).spawn(...)[s].spawn(k)``. Each
sampler consumes its generator trial by trial, so the value of trial i depends on
the seed and i only; sums are taken over each sorted block, so the results do not
depend on ``chunk_size`` either.

Every core. With ``workers`` > 1 the blocks are evaluated in worker processes
(:class:`concurrent.futures.ProcessPoolExecutor`); each returns its block's count,
mean, sum of squared deviations and intervals, and they are merged in block order,
so the result for a seed is the same, bit for bit, for 1, 2 or 4 workers. A block
that starts inside a stream first draws (and drops) the stream's earlier trials.

>>> from casys.core.uncertainty.distributions import Normal
>>> from casys.core.uncertainty.expression import parse
>>> r = mcm(parse("a + b"), {"a": Normal(0.0, 1.0), "b": Normal(0.0, 1.0)}, trials=10**5, seed=1)
>>> r.M, round(r.u, 1), r.symmetric.high > 2.7
(100000, 1.4, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from casys.core.uncertainty.distributions import Distribution, DistributionError, MultivariateNormal, Normal
from casys.core.uncertainty.expression import Model, ModelEvaluationError, evaluate
from casys.core.uncertainty.gum import GumResult, UncertaintyInputError, correlation_matrix

__all__ = [
    "CoverageInterval",
    "McmResult",
    "Validation",
    "coverage_intervals",
    "mcm",
    "mcm_adaptive",
    "numerical_tolerance",
    "validate",
]

Array = npt.NDArray[np.float64]
Sampler = Callable[[np.random.Generator, int], Array]

DEFAULT_TRIALS = 10**6
"""M when none is given (JCGM 101:2008 7.2.1: 10⁶ is often adequate for p = 0.95)."""

STREAM = 2**16
"""Trials per stream: each stream of trials has its own generators spawned from the seed."""


@dataclass(frozen=True)
class CoverageInterval:
    """A coverage interval [low, high] for coverage probability p (JCGM 101:2008 3.12, 7.7)."""

    low: float
    high: float
    p: float

    @property
    def length(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class McmResult:
    """Monte Carlo result: ỹ (``y``), u(ỹ) (``u``), both coverage intervals and M (JCGM 101 7.6, 7.7)."""

    y: float
    u: float
    M: int
    p: float
    symmetric: CoverageInterval
    shortest: CoverageInterval
    blocks: int
    seed: int
    delta: float | None = None
    """Numerical tolerance reached by the adaptive procedure (7.9.2), None if not adaptive."""


@dataclass(frozen=True)
class Validation:
    """Validation of the GUM uncertainty framework by MCM (JCGM 101:2008, 8.2).

    The GUM interval y ± U_p is validated when d_low and d_high are both ≤ δ.
    """

    delta: float
    d_low: float
    d_high: float
    validated: bool


def numerical_tolerance(u: float, n_dig: int) -> float:
    """δ = ½·10^l where u = c·10^l and c has ``n_dig`` significant digits (JCGM 101:2008 7.9.2).

    >>> numerical_tolerance(0.0754, 2)   # u = 75 × 10⁻³
    0.0005
    >>> numerical_tolerance(36.0, 2)
    0.5
    """
    if n_dig < 1:
        raise UncertaintyInputError(f"digits: must be at least 1, got {n_dig!r}")
    if not (u > 0.0 and math.isfinite(u)):
        raise UncertaintyInputError(f"u: the numerical tolerance needs a positive finite u, got {u!r}")
    exponent = math.floor(math.log10(u)) - n_dig + 1
    c = round(u / 10.0**exponent)
    if c >= 10**n_dig:  # rounding carried into a new digit, e.g. 9.96 -> 10
        exponent += 1
    return 0.5 * 10.0**exponent


def coverage_intervals(sorted_values: Array, p: float) -> tuple[CoverageInterval, CoverageInterval]:
    """Probabilistically symmetric (7.7.1) and shortest (7.7.2) intervals from sorted values.

    q = pM if pM is an integer, else ⌊pM + ½⌋; the symmetric interval is
    [y_(r), y_(r+q)] with r = (M − q)/2, or ⌊(M − q + 1)/2⌋ when that is not an
    integer; the shortest is the [y_(r), y_(r+q)] of least length, r = 1 … M − q.

    >>> s, t = coverage_intervals(np.arange(1.0, 101.0), 0.9)
    >>> (s.low, s.high), (t.low, t.high)
    ((5.0, 95.0), (1.0, 91.0))
    """
    m = sorted_values.size
    pm = p * m
    q = int(round(pm)) if abs(pm - round(pm)) < 1e-9 else math.floor(pm + 0.5)
    if q >= m or q < 1:
        raise UncertaintyInputError(f"trials: {m} trials are too few for p = {p}")
    half = (m - q) / 2.0
    r = int(half) if half == int(half) else math.floor((m - q + 1) / 2.0)
    r = max(r, 1)
    symmetric = CoverageInterval(float(sorted_values[r - 1]), float(sorted_values[r + q - 1]), p)
    widths = sorted_values[q:] - sorted_values[: m - q]
    best = int(np.argmin(widths))
    shortest = CoverageInterval(float(sorted_values[best]), float(sorted_values[best + q]), p)
    return symmetric, shortest


# ---------------------------------------------------------------- sampling sources


@dataclass(frozen=True)
class _Source:
    names: tuple[str, ...]
    sample: Sampler


def _sources(
    model: Model, inputs: Mapping[str, Distribution], correlations: Mapping[tuple[str, str], float]
) -> list[_Source]:
    names = sorted(model.names)
    missing = [n for n in names if n not in inputs]
    if missing:
        raise UncertaintyInputError(f"inputs.{missing[0]}: missing (the model uses it)")
    r = correlation_matrix(names, {k: v for k, v in correlations.items() if v != 0.0})
    groups = _correlated_groups(names, r)
    sources: list[_Source] = []
    for group in groups:
        if len(group) == 1:
            sources.append(_Source((group[0],), inputs[group[0]].sample))
            continue
        for name in group:
            if not isinstance(inputs[name], Normal):
                raise UncertaintyInputError(
                    f"inputs.{name}: correlated inputs must be normal"
                    " (JCGM 101:2008 6.4.8 multivariate Gaussian)"
                )
        idx = [names.index(n) for n in group]
        std = np.array([inputs[n].std for n in group])
        cov = r[np.ix_(idx, idx)] * np.outer(std, std)
        try:
            mvn = MultivariateNormal(tuple(group), tuple(inputs[n].x for n in group), tuple(map(tuple, cov)))
        except DistributionError as exc:
            raise UncertaintyInputError(f"correlations: {exc}") from None
        sources.append(_Source(tuple(group), mvn.sample))
    return sources


def _correlated_groups(names: list[str], r: Array) -> list[list[str]]:
    """Connected components of the graph of non-zero correlations, in name order."""
    seen: set[int] = set()
    groups: list[list[str]] = []
    for start in range(len(names)):
        if start in seen:
            continue
        stack, component = [start], []
        seen.add(start)
        while stack:
            i = stack.pop()
            component.append(i)
            for j in np.nonzero(r[i])[0]:
                if int(j) not in seen:
                    seen.add(int(j))
                    stack.append(int(j))
        groups.append([names[i] for i in sorted(component)])
    return groups


# ---------------------------------------------------------------- engine


@dataclass
class _Totals:
    """Running count, mean and sum of squared deviations, merged block by block."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def merge(self, values: Array) -> None:
        mb = float(np.mean(values))
        self.merge_summary(values.size, mb, float(np.sum((values - mb) ** 2)))

    def merge_summary(self, nb: int, mb: float, m2b: float) -> None:
        n = self.n + nb
        delta = mb - self.mean
        self.mean += delta * nb / n
        self.m2 += m2b + delta * delta * self.n * nb / n
        self.n = n

    @property
    def u(self) -> float:
        return math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else 0.0


class _Engine:
    """Model values of trials [start, start + size), the same whichever process computes them."""

    def __init__(
        self,
        model: Model,
        inputs: Mapping[str, Distribution],
        correlations: Mapping[tuple[str, str], float] | None,
        seed: int,
        chunk_size: int,
    ) -> None:
        if chunk_size < 1:
            raise UncertaintyInputError(f"chunk_size: must be positive, got {chunk_size!r}")
        self.model = model
        self.sources = _sources(model, inputs, correlations or {})
        self.seed = seed
        self.chunk_size = chunk_size
        # where the current stream's generators stand: (stream, next trial within it)
        self._at: tuple[int, int] = (-1, 0)
        self._rngs: list[np.random.Generator] = []

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_at": (-1, 0), "_rngs": []}  # a worker starts its own streams

    def _stream(self, stream: int, offset: int) -> list[np.random.Generator]:
        """The generators of ``stream`` positioned at trial ``offset`` within it."""
        if self._at != (stream, offset):
            children = np.random.SeedSequence(self.seed, spawn_key=(stream,)).spawn(len(self.sources))
            self._rngs = [np.random.Generator(np.random.PCG64(child)) for child in children]
            self._at = (stream, 0)
            if offset:
                self._draw(offset)  # the stream's earlier trials, drawn and dropped
        return self._rngs

    def _draw(self, n: int) -> dict[str, Array]:
        env: dict[str, Array] = {}
        for source, rng in zip(self.sources, self._rngs, strict=True):
            drawn = source.sample(rng, n)
            if drawn.ndim == 1:
                env[source.names[0]] = drawn
            else:
                for j, name in enumerate(source.names):
                    env[name] = drawn[:, j]
        self._at = (self._at[0], self._at[1] + n)
        return env

    def block(self, size: int, start: int = 0) -> Array:
        """The model values of trials [start, start + size), sorted (7.4, 7.5)."""
        out = np.empty(size, dtype=np.float64)
        done = 0
        while done < size:
            stream, offset = divmod(start + done, STREAM)
            self._stream(stream, offset)
            n = min(self.chunk_size, size - done, STREAM - offset)
            values = np.broadcast_to(evaluate(self.model, self._draw(n)), (n,))
            bad = int(np.count_nonzero(~np.isfinite(values)))
            if bad:
                raise ModelEvaluationError(
                    f"the model gives a non-finite value in {bad} of {n} trials "
                    "(e.g. a logarithm or square root of a negative number, or a division by zero)"
                )
            out[done : done + n] = values
            done += n
        out.sort()
        return out


@dataclass(frozen=True)
class _BlockSummary:
    """What a block hands back: its count, mean, sum of squared deviations and both intervals."""

    n: int
    mean: float
    m2: float
    symmetric: CoverageInterval
    shortest: CoverageInterval


def _summarise(engine: _Engine, start: int, size: int, p: float) -> _BlockSummary:
    values = engine.block(size, start)
    mean = float(np.mean(values))
    s, t = coverage_intervals(values, p)
    return _BlockSummary(size, mean, float(np.sum((values - mean) ** 2)), s, t)


def _check(trials: int, p: float) -> None:
    if not 0.0 < p < 1.0:
        raise UncertaintyInputError(f"p: must lie strictly between 0 and 1, got {p!r}")
    if trials < math.ceil(1.0 / (1.0 - p)):
        raise UncertaintyInputError(f"trials: at least {math.ceil(1.0 / (1.0 - p))} are needed for p = {p}")


def _averaged(intervals: Sequence[CoverageInterval], weights: Sequence[int], p: float) -> CoverageInterval:
    w = np.asarray(weights, dtype=np.float64)
    low = float(np.dot(w, [i.low for i in intervals]) / w.sum())
    high = float(np.dot(w, [i.high for i in intervals]) / w.sum())
    return CoverageInterval(low, high, p)


def _take_block(
    values: Array, totals: _Totals, sym: list[CoverageInterval], short: list[CoverageInterval], p: float
) -> CoverageInterval:
    """Add one block of model values to the running totals and its intervals; return its symmetric one."""
    totals.merge(values)
    s, t = coverage_intervals(values, p)
    sym.append(s)
    short.append(t)
    return s


def _result(
    totals: _Totals,
    sym: list[CoverageInterval],
    short: list[CoverageInterval],
    sizes: list[int],
    p: float,
    seed: int,
    delta: float | None = None,
) -> McmResult:
    return McmResult(
        y=totals.mean,
        u=totals.u,
        M=totals.n,
        p=p,
        symmetric=_averaged(sym, sizes, p),
        shortest=_averaged(short, sizes, p),
        blocks=len(sizes),
        seed=seed,
        delta=delta,
    )


def mcm(
    model: Model,
    inputs: Mapping[str, Distribution],
    correlations: Mapping[tuple[str, str], float] | None = None,
    *,
    seed: int,
    trials: int = DEFAULT_TRIALS,
    p: float = 0.95,
    chunk_size: int = 100_000,
    block_size: int = 1_000_000,
    workers: int = 1,
    progress: Callable[[int, int], object] | None = None,
) -> McmResult:
    """Run M = ``trials`` Monte Carlo trials (JCGM 101:2008, 7.2 to 7.7), seeded.

    Correlated inputs must be normal and are drawn jointly (6.4.8). See the module
    docstring for the block method that keeps memory bounded and for ``workers``
    (processes evaluating blocks at once; the result does not depend on it).
    ``progress(blocks done, blocks)`` is called after each block (one process only).
    """
    _check(trials, p)
    if block_size < math.ceil(1.0 / (1.0 - p)):
        raise UncertaintyInputError(
            f"block_size: must be at least {math.ceil(1.0 / (1.0 - p))} for p = {p}, got {block_size!r}"
        )
    if workers < 1:
        raise UncertaintyInputError(f"workers: must be at least 1, got {workers!r}")
    engine = _Engine(model, inputs, correlations, seed, chunk_size)
    # equal blocks (sizes differ by at most one) of at most block_size values
    n_blocks = -(-trials // block_size)
    sizes = [trials // n_blocks + (1 if i < trials % n_blocks else 0) for i in range(n_blocks)]
    starts = [sum(sizes[:i]) for i in range(n_blocks)]
    if workers == 1 or n_blocks == 1:
        summaries = []
        for a, n in zip(starts, sizes, strict=True):
            summaries.append(_summarise(engine, a, n, p))
            if progress is not None:
                progress(len(summaries), n_blocks)
    else:
        with ProcessPoolExecutor(max_workers=min(workers, n_blocks)) as pool:
            summaries = list(pool.map(_summarise, [engine] * n_blocks, starts, sizes, [p] * n_blocks))
    totals = _Totals()
    for b in summaries:  # in block order, whichever worker ran which block
        totals.merge_summary(b.n, b.mean, b.m2)
    sym = [b.symmetric for b in summaries]
    short = [b.shortest for b in summaries]
    return _result(totals, sym, short, sizes, p, seed)


def mcm_adaptive(
    model: Model,
    inputs: Mapping[str, Distribution],
    correlations: Mapping[tuple[str, str], float] | None = None,
    *,
    seed: int,
    n_dig: int = 2,
    p: float = 0.95,
    chunk_size: int = 100_000,
    max_trials: int = 10**8,
) -> McmResult:
    """The adaptive Monte Carlo procedure of JCGM 101:2008 7.9.4.

    Stages of M = max(J, 10⁴) trials, J = ⌈100/(1 − p)⌉, run until 2 s_y, 2 s_u,
    2 s_low and 2 s_high (standard deviations of the means of the h stage values)
    are all ≤ δ, the tolerance of u(ỹ) to ``n_dig`` significant digits (7.9.2).
    ỹ and u(ỹ) use all h·M values; the interval endpoints are the means of the h
    stage endpoints (bounded memory, see module docstring). Raises
    :class:`UncertaintyInputError` if ``max_trials`` is reached first.
    """
    _check(10**4, p)
    stage = max(math.ceil(100.0 / (1.0 - p)), 10**4)
    engine = _Engine(model, inputs, correlations, seed, chunk_size)
    totals = _Totals()
    rows: list[tuple[float, float, float, float]] = []
    sym: list[CoverageInterval] = []
    short: list[CoverageInterval] = []
    while True:
        values = engine.block(stage, len(rows) * stage)
        s = _take_block(values, totals, sym, short, p)
        rows.append((float(np.mean(values)), float(np.std(values, ddof=1)), s.low, s.high))
        h = len(rows)
        if h >= 2 and totals.u > 0.0:
            delta = numerical_tolerance(totals.u, n_dig)
            spread = np.std(np.asarray(rows), axis=0, ddof=1) / math.sqrt(h)
            if np.all(2.0 * spread <= delta):
                break
        if totals.u == 0.0 and h >= 2:
            delta = 0.0
            break
        if (h + 1) * stage > max_trials:
            raise UncertaintyInputError(
                f"trials: the adaptive procedure did not stabilise within {max_trials} trials"
            )
    return _result(totals, sym, short, [stage] * len(rows), p, seed, delta)


def validate(
    gum_result: GumResult, mcm_result: McmResult, n_dig: int = 2, interval: str = "symmetric"
) -> Validation:
    """Validate the GUM interval y ± U_p against the Monte Carlo interval (JCGM 101:2008, 8.2).

    d_low = |y − U_p − y_low|, d_high = |y + U_p − y_high|, compared with the
    numerical tolerance δ of u(y) to ``n_dig`` significant digits (7.9.2).
    ``interval`` selects the Monte Carlo interval: "symmetric" or "shortest".
    """
    if interval not in ("symmetric", "shortest"):
        raise UncertaintyInputError(f"interval: must be 'symmetric' or 'shortest', got {interval!r}")
    mc = mcm_result.symmetric if interval == "symmetric" else mcm_result.shortest
    delta = numerical_tolerance(gum_result.u, n_dig)
    d_low = abs(gum_result.low - mc.low)
    d_high = abs(gum_result.high - mc.high)
    return Validation(delta=delta, d_low=d_low, d_high=d_high, validated=d_low <= delta and d_high <= delta)

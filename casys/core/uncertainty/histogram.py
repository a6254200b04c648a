"""Frequency distribution of the Monte Carlo model values (JCGM 101:2008 7.5.1 and 9.x figures).

JCGM 101:2008 7.5.1 describes the discrete representation G of the distribution
function of the output quantity; its figures (e.g. figure 5 of 9.2, figure 9 of
9.3) draw the M model values as a histogram with the coverage interval
endpoints marked. :func:`mcm_histogram` runs the same seeded trials as
:func:`casys.core.uncertainty.mcm.mcm` (same seed and M give the same values) and
counts them into equal-width bins, for a picture.

>>> from casys.core.uncertainty.distributions import Normal
>>> from casys.core.uncertainty.expression import parse
>>> h = mcm_histogram(parse("a"), {"a": Normal(0.0, 1.0)}, seed=3, trials=10_000, bins=20)
>>> len(h.edges), len(h.counts), sum(h.counts)
(21, 20, 10000)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from casys.core.uncertainty.distributions import Distribution
from casys.core.uncertainty.expression import Model
from casys.core.uncertainty.gum import UncertaintyInputError
from casys.core.uncertainty.mcm import _Engine

__all__ = ["Histogram", "mcm_histogram"]

# Above this M the histogram is counted block by block so memory stays bounded.
_BLOCK = 1_000_000


@dataclass(frozen=True)
class Histogram:
    """``counts[i]`` model values fell in [edges[i], edges[i+1]); M = sum(counts)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    M: int
    seed: int


def mcm_histogram(
    model: Model,
    inputs: Mapping[str, Distribution],
    correlations: Mapping[tuple[str, str], float] | None = None,
    *,
    seed: int,
    trials: int,
    bins: int = 40,
    span: tuple[float, float] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Histogram:
    """Histogram of ``trials`` seeded model values in ``bins`` equal bins over ``span``.

    Without ``span`` the bins cover the 0.1 % to 99.9 % quantiles of the first
    block of values (the tails are counted in the end bins), so a few extreme
    values do not squeeze the picture. ``progress(blocks done, blocks)`` after each block.
    """
    if bins < 1:
        raise UncertaintyInputError(f"bins: must be positive, got {bins!r}")
    if trials < 1:
        raise UncertaintyInputError(f"trials: must be positive, got {trials!r}")
    engine = _Engine(model, inputs, correlations, seed, 100_000)
    counts = np.zeros(bins, dtype=np.int64)
    edges: np.ndarray | None = None
    done = 0
    while done < trials:
        size = min(_BLOCK, trials - done)
        values = engine.block(size)
        if edges is None:
            lo, hi = (
                span
                if span is not None
                else (float(np.quantile(values, 0.001)), float(np.quantile(values, 0.999)))
            )
            if not hi > lo:
                lo, hi = lo - 0.5, hi + 0.5
            edges = np.linspace(lo, hi, bins + 1)
        clipped = np.clip(values, edges[0], edges[-1])
        block_counts, _ = np.histogram(clipped, bins=edges)
        counts += block_counts
        done += size
        if progress is not None:
            progress(-(-done // _BLOCK), -(-trials // _BLOCK))
    assert edges is not None
    return Histogram(
        edges=tuple(float(e) for e in edges),
        counts=tuple(int(c) for c in counts),
        M=done,
        seed=seed,
    )

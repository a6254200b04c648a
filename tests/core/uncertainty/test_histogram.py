"""The Monte Carlo histogram counts the same seeded model values as mcm()."""

from __future__ import annotations

import numpy as np
import pytest

from casys.core.uncertainty import Normal, Rectangular, UncertaintyInputError, mcm, parse
from casys.core.uncertainty.histogram import mcm_histogram


def test_it_counts_every_trial_and_is_reproducible() -> None:
    model, inputs = parse("a + b"), {"a": Normal(1.0, 0.1), "b": Rectangular(-0.2, 0.2)}
    first = mcm_histogram(model, inputs, seed=11, trials=30_000, bins=25)
    again = mcm_histogram(model, inputs, seed=11, trials=30_000, bins=25)
    assert first == again
    assert sum(first.counts) == first.M == 30_000
    assert len(first.edges) == 26


def test_its_mean_agrees_with_the_monte_carlo_estimate_of_the_same_values() -> None:
    model, inputs = parse("2 * a"), {"a": Normal(5.0, 0.5)}
    h = mcm_histogram(model, inputs, seed=3, trials=50_000, bins=200, span=(0.0, 20.0))
    result = mcm(model, inputs, seed=3, trials=50_000)
    centres = (np.array(h.edges[:-1]) + np.array(h.edges[1:])) / 2
    # binning moves each value by at most half a bin width (0.05)
    assert float(np.dot(centres, h.counts) / h.M) == pytest.approx(result.y, abs=0.05)


def test_values_outside_the_span_are_counted_in_the_end_bins() -> None:
    h = mcm_histogram(parse("a"), {"a": Normal(0.0, 1.0)}, seed=1, trials=10_000, bins=2, span=(-0.1, 0.1))
    assert sum(h.counts) == 10_000 and min(h.counts) > 4000


def test_it_refuses_no_bins() -> None:
    with pytest.raises(UncertaintyInputError, match="^bins: "):
        mcm_histogram(parse("a"), {"a": Normal(0.0, 1.0)}, seed=1, trials=10, bins=0)

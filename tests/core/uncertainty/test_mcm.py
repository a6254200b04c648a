"""Monte Carlo method (JCGM 101:2008 clause 7 and 8): reproducibility, chunking, memory, adaptivity."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casys.core.uncertainty import (
    ModelEvaluationError,
    Normal,
    Rectangular,
    UncertaintyInputError,
    coverage_intervals,
    gum,
    mcm,
    mcm_adaptive,
    numerical_tolerance,
    parse,
    validate,
)

MODEL = parse("(m_Rc + dm_Rc) * (1 + (rho_a - 1.2) * (1/rho_W - 1/rho_R)) - 100000")
INPUTS = {
    "m_Rc": Normal(100000.0, 0.050),
    "dm_Rc": Normal(1.234, 0.020),
    "rho_a": Rectangular(1.10, 1.30),
    "rho_W": Rectangular(7000.0, 9000.0),
    "rho_R": Rectangular(7950.0, 8050.0),
}


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**63))
def test_a_fixed_seed_reproduces_the_result_exactly(seed):
    a = mcm(MODEL, INPUTS, seed=seed, trials=20_000)
    b = mcm(MODEL, INPUTS, seed=seed, trials=20_000)
    assert a == b


def test_different_seeds_give_different_results():
    assert mcm(MODEL, INPUTS, seed=1, trials=20_000).y != mcm(MODEL, INPUTS, seed=2, trials=20_000).y


@settings(max_examples=15, deadline=None)
@given(chunk=st.integers(min_value=1_000, max_value=60_000))
def test_the_chunk_size_does_not_change_the_result(chunk):
    reference = mcm(MODEL, INPUTS, {("m_Rc", "dm_Rc"): 0.5}, seed=42, trials=50_000, chunk_size=50_000)
    other = mcm(MODEL, INPUTS, {("m_Rc", "dm_Rc"): 0.5}, seed=42, trials=50_000, chunk_size=chunk)
    # the drawn values are identical (one generator per input, consumed trial by trial) and the sums
    # run over each sorted block, so equality holds to the last floating-point digit
    assert other.y == pytest.approx(reference.y, rel=1e-15, abs=1e-15)
    assert other.u == pytest.approx(reference.u, rel=1e-12)
    assert other.symmetric == reference.symmetric and other.shortest == reference.shortest


def _peak(trials: int) -> int:
    tracemalloc.start()
    try:
        mcm(MODEL, INPUTS, seed=3, trials=trials, chunk_size=20_000, block_size=100_000)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_number_of_trials():
    # 4·10⁵ and 1.6·10⁶ trials in blocks of 10⁵: one sorted block (0.8 MB) plus one chunk of the
    # five inputs (0.8 MB) and temporaries are held at a time; holding every value would take
    # 3.2 MB and 12.8 MB. The peak must stay flat and far below what the larger run's values take.
    small, large = _peak(400_000), _peak(1_600_000)
    assert large < 1.2 * small
    assert large < 8 * 1_600_000 / 3


def test_blocks_give_the_same_result_as_one_sort_within_monte_carlo_noise():
    whole = mcm(MODEL, INPUTS, seed=9, trials=400_000, block_size=400_000)
    blocks = mcm(MODEL, INPUTS, seed=9, trials=400_000, block_size=100_000)
    assert blocks.blocks == 4 and whole.blocks == 1
    # y and u use all values in both cases; only the endpoints are block averages
    assert blocks.y == pytest.approx(whole.y, rel=1e-12) and blocks.u == pytest.approx(whole.u, rel=1e-10)
    # the quantile noise at 10⁵ trials is about 0.0005 mg (σ of an endpoint, 7.9.4 logic)
    assert abs(blocks.symmetric.low - whole.symmetric.low) < 0.002
    assert abs(blocks.shortest.high - whole.shortest.high) < 0.002


def test_coverage_intervals_follow_the_order_statistics_of_7_7():
    values = np.arange(1.0, 1001.0)
    sym, short = coverage_intervals(values, 0.95)
    # 7.7.1: q = 950, r = 25 → [y_(25), y_(975)]
    assert (sym.low, sym.high) == (25.0, 975.0)
    skewed = np.sort(np.concatenate([np.zeros(500), np.linspace(1.0, 100.0, 500)]))
    _, short = coverage_intervals(skewed, 0.499)  # q = 499 values fit in the 500 zeros
    assert short.low == 0.0 and short.high == 0.0


def test_the_numerical_tolerance_follows_7_9_2():
    # JCGM 101 7.9.2: u(y) written as c × 10^l with c of n_dig digits; δ = ½ × 10^l
    assert numerical_tolerance(0.0754, 2) == 0.0005
    assert numerical_tolerance(0.0754, 1) == 0.005
    assert numerical_tolerance(36.0, 2) == 0.5
    assert numerical_tolerance(9.97, 2) == 0.5  # two digits: 10, so c = 10, l = 0
    with pytest.raises(UncertaintyInputError):
        numerical_tolerance(0.0, 2)


def test_the_adaptive_procedure_stops_when_the_estimates_are_stable():
    r = mcm_adaptive(parse("a + b"), {"a": Normal(0.0, 1.0), "b": Normal(0.0, 1.0)}, seed=5, n_dig=2)
    assert r.delta == 0.05 and r.M == r.blocks * 10**4 and r.blocks >= 2
    assert abs(r.u - math.sqrt(2.0)) < 2 * r.delta
    with pytest.raises(UncertaintyInputError, match="did not stabilise"):
        mcm_adaptive(parse("a"), {"a": Normal(0.0, 1.0)}, seed=5, n_dig=4, max_trials=50_000)


def test_the_validation_accepts_a_linear_gaussian_model():
    # JCGM 101 8: for a linear model with Gaussian inputs the GUF is exact and validated
    model, inputs = parse("a + 2*b"), {"a": Normal(0.0, 1.0), "b": Normal(0.0, 0.5)}
    v = validate(gum(model, inputs), mcm(model, inputs, seed=8, trials=10**6), n_dig=2)
    assert v.validated and v.delta == 0.05


def test_it_refuses_correlated_non_normal_inputs_and_non_finite_values():
    with pytest.raises(UncertaintyInputError, match=r"inputs\.rho_a: correlated inputs must be normal"):
        mcm(MODEL, INPUTS, {("rho_a", "m_Rc"): 0.3}, seed=1, trials=1000)
    with pytest.raises(ModelEvaluationError, match="non-finite"):
        mcm(parse("log(x)"), {"x": Normal(0.0, 1.0)}, seed=1, trials=1000)
    with pytest.raises(UncertaintyInputError, match="trials"):
        mcm(parse("x"), {"x": Normal(0.0, 1.0)}, seed=1, trials=10)


def test_the_result_for_a_seed_is_identical_for_1_2_and_4_workers():
    # 7 blocks that do not line up with the 2**16-trial streams, correlated inputs drawn jointly
    kwargs = dict(seed=11, trials=350_003, block_size=50_001, chunk_size=30_000)
    results = [mcm(MODEL, INPUTS, {("m_Rc", "dm_Rc"): 0.4}, workers=w, **kwargs) for w in (1, 2, 4)]
    assert results[0].blocks == 7
    assert results[0] == results[1] == results[2]


def test_a_trial_has_the_same_value_whichever_block_computes_it():
    # one block of 200 000 trials against blocks starting inside a stream: the same values, so the
    # same mean to rounding (the endpoints are block averages, the mean and u use all values)
    whole = mcm(MODEL, INPUTS, seed=4, trials=200_000, block_size=200_000)
    split = mcm(MODEL, INPUTS, seed=4, trials=200_000, block_size=70_000, workers=2)
    assert split.blocks == 3
    assert split.y == pytest.approx(whole.y, rel=1e-13) and split.u == pytest.approx(whole.u, rel=1e-10)


def test_workers_must_be_at_least_one():
    with pytest.raises(UncertaintyInputError, match="^workers"):
        mcm(MODEL, INPUTS, seed=1, trials=1000, workers=0)

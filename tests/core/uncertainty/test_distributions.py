"""Input distributions of JCGM 101:2008 clause 6: moments, parameters, samplers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from casys.core.uncertainty.distributions import (
    Arcsine,
    CurvilinearTrapezoidal,
    DistributionError,
    Exponential,
    Gamma,
    MultivariateNormal,
    Normal,
    Rectangular,
    StudentT,
    Trapezoidal,
    Triangular,
)

N = 400_000

CASES = [
    # (distribution, expectation, standard deviation of the PDF) — formulas of JCGM 101:2008 6.4.x
    (Normal(3.0, 0.5), 3.0, 0.5),  # 6.4.7
    (Rectangular(1.1, 1.3), 1.2, 0.2 / math.sqrt(12)),  # 6.4.2.3
    (Triangular(0.0, 6.0), 3.0, 6.0 / math.sqrt(24)),  # 6.4.5.3
    (Triangular(0.0, 6.0, mode=1.0), 7.0 / 3.0, math.sqrt((36 + 1 - 6) / 18)),
    (Arcsine(-0.5, 0.5), 0.0, 1.0 / math.sqrt(8)),  # 6.4.6.3
    (Trapezoidal(-1.0, 1.0, 0.5), 0.0, 2.0 * math.sqrt(1.25 / 24)),  # 6.4.4.3
    (CurvilinearTrapezoidal(-0.05, 0.05, 0.025), 0.0, math.sqrt(0.1**2 / 12 + 0.025**2 / 9)),  # 6.4.3.3
    (StudentT(10.0, 2.0, 8), 10.0, 2.0 * math.sqrt(8 / 6)),  # 6.4.9.4
    (Exponential(2.0), 2.0, 2.0),  # 6.4.10
    (Gamma(3.0, 0.5), 1.5, math.sqrt(3.0) * 0.5),  # 6.4.11
]


@pytest.mark.parametrize(
    ("dist", "mean", "std"), CASES, ids=lambda c: type(c).__name__ if not isinstance(c, float) else ""
)
def test_each_distribution_states_its_moments_and_samples_them(dist, mean, std):
    assert dist.x == pytest.approx(mean)
    assert dist.std == pytest.approx(std)
    values = dist.sample(np.random.default_rng(5), N)
    # 5 standard errors of the sample mean and (conservatively, kurtosis ≤ 9) of the sample SD
    assert abs(values.mean() - mean) <= 5 * std / math.sqrt(N)
    assert abs(values.std(ddof=1) - std) <= 5 * std * math.sqrt(2.0 / N)


@pytest.mark.parametrize(("dist", "mean", "std"), CASES)
def test_each_sampler_gives_the_same_values_whatever_the_chunking(dist, mean, std):
    whole = dist.sample(np.random.default_rng(11), 1000)
    rng = np.random.default_rng(11)
    parts = np.concatenate([dist.sample(rng, n) for n in (1, 299, 700)])
    np.testing.assert_array_equal(whole, parts)


def test_the_gum_uncertainty_of_a_t_distribution_is_its_scale_with_its_degrees_of_freedom():
    # JCGM 100 4.2.3 (Type A: u = s/√n with ν = n − 1) and JCGM 101 6.4.9
    t = StudentT(0.0, 25.0, 18)
    assert (t.u, t.df) == (25.0, 18.0)
    assert StudentT(0.0, 1.0, 2).std == math.inf


def test_type_b_inputs_have_infinite_degrees_of_freedom_unless_stated():
    assert Rectangular(0.0, 1.0).df == math.inf
    assert Rectangular(0.0, 1.0, dof=2).df == 2.0


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Rectangular(1.0, 1.0), "high: must exceed low"),
        (lambda: Normal(0.0, -1.0), "std: must be positive"),
        (lambda: Normal(math.nan, 1.0), "mean: must be a finite number"),
        (lambda: Triangular(0.0, 1.0, mode=2.0), "mode: must lie in"),
        (lambda: Trapezoidal(0.0, 1.0, 1.5), "beta: must lie in"),
        (lambda: CurvilinearTrapezoidal(0.0, 1.0, 0.6), "d: must lie in"),
        (lambda: StudentT(0.0, 1.0, math.inf), "dof: must be finite"),
        (lambda: Gamma(0.0, 1.0), "shape: must be positive"),
        (lambda: Normal(0.0, 1.0, dof=0), "dof: must be positive"),
    ],
)
def test_it_names_the_bad_parameter(build, message):
    with pytest.raises(DistributionError, match=message):
        build()


def test_the_multivariate_normal_reproduces_its_covariance():
    cov = ((4.0, 1.8), (1.8, 1.0))
    mvn = MultivariateNormal(("a", "b"), (1.0, 2.0), cov)
    values = mvn.sample(np.random.default_rng(3), N)
    assert np.cov(values.T) == pytest.approx(np.array(cov), abs=0.03)
    with pytest.raises(DistributionError, match="positive definite"):
        MultivariateNormal(("a", "b"), (0.0, 0.0), ((1.0, 2.0), (2.0, 1.0)))

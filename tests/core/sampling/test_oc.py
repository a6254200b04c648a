"""Operating-characteristic curves (MIL-STD-105E 4.11)."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binom

from casys.core.sampling import SamplingTableError, oc_curve, probability_of_acceptance, single_plan
from casys.core.sampling.plans import DoublePlan
from casys.core.sampling.tables import AQLS

plans = st.builds(
    single_plan,
    lot_size=st.integers(2, 10**6),
    level=st.sampled_from(["S-1", "S-4", "I", "II", "III"]),
    aql=st.sampled_from(AQLS),
    inspection=st.sampled_from(["normal", "tightened"]),
)

DOUBLE = DoublePlan(
    lot_size=1000, level="II", aql="1.0", inspection="normal", code_letter="J", plan_letter="J",
    n1=50, n2=50, Ac1=1, Re1=4, Ac2=4, Re2=5, full_inspection=False, table="test", source="test fixture",
)  # fmt: skip


@given(plan=plans, model=st.sampled_from(["binomial", "poisson"]))
def test_the_oc_curve_never_rises_with_p(plan, model):
    curve = oc_curve(plan, points=15, model=model)
    values = [pt.P_a for pt in curve]
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(values))
    assert values[0] == 1.0


def test_a_single_plan_accepts_with_the_binomial_probability_of_at_most_ac_nonconforming():
    plan = single_plan(5000, "II", 1.0)  # MIL-STD-105E Table II-A: n = 200, Ac = 5
    p = np.array([0.005, 0.02, 0.05])
    assert probability_of_acceptance(plan, p) == pytest.approx(binom.cdf(5, 200, p), rel=1e-12)


def test_a_double_plan_matches_enumeration_of_both_samples():
    p = 0.03
    expected = 0.0
    for d1 in range(DOUBLE.n1 + 1):
        first = binom.pmf(d1, DOUBLE.n1, p)
        if d1 <= DOUBLE.Ac1:
            expected += first
        elif d1 < DOUBLE.Re1:
            expected += first * sum(binom.pmf(d2, DOUBLE.n2, p) for d2 in range(DOUBLE.Re2 - d1))
    assert float(probability_of_acceptance(DOUBLE, p)[0]) == pytest.approx(expected, rel=1e-12)


def test_the_double_oc_curve_never_rises_with_p():
    values = [pt.P_a for pt in oc_curve(DOUBLE, points=40, model="poisson")]
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(values))


def test_the_curve_runs_to_where_acceptance_falls_to_one_percent_by_default():
    curve = oc_curve(single_plan(5000, "II", 1.0), points=11)
    assert curve[-1].P_a == pytest.approx(0.01, abs=1e-9)


def test_poisson_and_binomial_agree_for_a_large_sample_and_small_p():
    plan = single_plan(100000, "II", 0.10)
    assert float(probability_of_acceptance(plan, 0.001, "poisson")[0]) == pytest.approx(
        float(probability_of_acceptance(plan, 0.001, "binomial")[0]), abs=2e-3
    )


@pytest.mark.parametrize(("kwargs", "field"), [({"points": 1}, "points"), ({"model": "normal"}, "model")])
def test_bad_curve_input_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(SamplingTableError, match=field):
        oc_curve(single_plan(5000, "II", 1.0), **kwargs)

"""IAF MD 1:2018 (Issue 2) 6.1 sample sizes and seeded selection."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casys.core.multisite import SamplingError, sample_size, select_sites


def test_it_reproduces_the_ea_faq_examples():
    # EA FAQ 42.6 on IAF MD 1: x = 26 -> 6, x = 24 -> 5 (initial, sqrt(x) rounded up).
    assert sample_size(26, "initial").y == 6
    assert sample_size(24, "initial").y == 5
    # EA FAQ 46.5 (March 2023), x = 2: initial 2, surveillance 1 (0.6 sqrt 2), recertification 2 (0.8 sqrt 2).
    assert [sample_size(2, a).y for a in ("initial", "surveillance", "recertification")] == [2, 1, 2]


def test_it_is_exact_where_floating_point_is_not():
    # 0.6 * sqrt(25) = 3 exactly: the integer arithmetic never rounds it up to 4.
    assert sample_size(25, "surveillance").y == 3
    assert sample_size(25, "recertification").y == 4  # 0.8 * 5 = 4 exactly
    assert sample_size(100, "surveillance").y == 6


@given(st.integers(1, 10**6))
def test_it_agrees_with_a_high_precision_ceiling(x):
    from decimal import Decimal, getcontext

    getcontext().prec = 50
    for factor, audit in (
        (Decimal(1), "initial"),
        (Decimal("0.6"), "surveillance"),
        (Decimal("0.8"), "recertification"),
    ):
        exact = (factor * Decimal(x).sqrt()).to_integral_value(rounding="ROUND_CEILING")
        assert sample_size(x, audit).y_min == min(int(exact), x)


@given(
    st.integers(1, 5000), st.sampled_from(["initial", "surveillance", "recertification"]), st.integers(0, 100)
)
def test_sample_sizes_are_monotone_in_the_number_of_sites(x, audit, risk):
    assert sample_size(x, audit, risk).y <= sample_size(x + 1, audit, risk).y


def test_it_increases_for_risk_and_caps_at_x():
    assert sample_size(25, "initial", 20).y == 6
    assert sample_size(4, "initial", 100).y == 4


def test_it_refuses_bad_input():
    with pytest.raises(SamplingError, match="sites:"):
        sample_size(0, "initial")
    with pytest.raises(SamplingError, match="audit: unknown audit 'annual'"):
        sample_size(5, "annual")


def test_it_selects_mandatory_sites_and_a_replayable_random_draw():
    sites = [f"S{i}" for i in range(1, 26)]
    a = select_sites("HQ", sites, 5, random.Random(7), mandatory=["S3"])
    b = select_sites("HQ", sites, 5, random.Random(7), mandatory=["S3"])
    assert a == b and a.sites[0] == "HQ" and a.mandatory == ("S3",)
    assert len(set(a.sites)) == 6 and "S3" not in a.random
    with pytest.raises(SamplingError, match=r"mandatory\[0\]"):
        select_sites("HQ", sites, 5, random.Random(7), mandatory=["S99"])

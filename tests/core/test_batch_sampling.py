"""The sample a scheme draws from a batch (ISO 2859-1 through casys.core.sampling, all units, fixed)."""

import pytest

from casys.core.batch_sampling import BatchSamplingError, batch_sample
from casys.core.sampling import single_plan
from casys.core.schemes import load_scheme


def test_a_type_1b_scheme_draws_its_sample_by_iso_2859_1():
    plan = load_scheme("type1b-fasteners").lot_sampling
    for lot_size in (50, 1200, 5000, 40000):
        expected = single_plan(lot_size, "II", "1.0")
        s = batch_sample(plan, lot_size)
        assert (s.n, s.Ac, s.Re, s.code_letter) == (
            min(expected.n, lot_size),
            expected.Ac,
            expected.Re,
            expected.code_letter,
        )
    # MIL-STD-105E Table I: 3201-10000 at level II is L; Table II-A: L, AQL 1.0 -> n 200, Ac 5, Re 6
    assert batch_sample(plan, 5000).n == 200


def test_a_single_item_is_tested_in_full_and_a_fixed_plan_never_exceeds_the_batch():
    assert batch_sample(load_scheme("eaeu-4c").lot_sampling, 1).n == 1
    fixed = load_scheme("eaeu-3c").lot_sampling
    assert (batch_sample(fixed, 100).n, batch_sample(fixed, 2).n) == (3, 2)


@pytest.mark.parametrize("lot_size", [0, -5, True, 2.5])
def test_a_lot_size_that_is_not_a_positive_whole_number_is_refused(lot_size):
    with pytest.raises(BatchSamplingError, match="^lot_size:"):
        batch_sample(load_scheme("type1b-fasteners").lot_sampling, lot_size)


def test_a_scheme_without_a_plan_is_refused_naming_the_key():
    with pytest.raises(BatchSamplingError, match="^lot_sampling:"):
        batch_sample(load_scheme("type1a-components").lot_sampling, 10)

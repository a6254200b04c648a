"""Assigned value and its uncertainty (ISO 13528:2022, clause 7)."""

import math

import pytest

from casys.core.proficiency import assigned_value as av
from casys.core.proficiency import robust


def test_the_consensus_uncertainty_is_1_25_s_over_root_p():
    # ISO 13528:2022, 7.7.3: u(x_pt) = 1.25·s*/√p.
    data = [10.0, 10.2, 9.8, 10.1, 9.9, 10.0, 15.0, 10.3, 9.7]
    value, estimate = av.consensus(data, "algorithm-a")
    assert value.x == estimate.x == robust.algorithm_a(data).x
    assert value.u == pytest.approx(1.25 * estimate.s / math.sqrt(9))
    assert value.p == 9


@pytest.mark.parametrize("method", ["algorithm-a", "q-hampel", "median"])
def test_every_consensus_method_names_itself(method):
    value, estimate = av.consensus([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], method)
    assert method in value.method and estimate.method == method


def test_it_refuses_an_unknown_consensus_method():
    with pytest.raises(av.AssignedValueError, match="unknown consensus method 'mode'"):
        av.consensus([1.0, 2.0, 3.0], "mode")


def test_a_certified_value_has_u_equal_to_u_expanded_over_k():
    # ISO 13528:2022, 7.4: u(x_pt) = U_CRM / k.
    value = av.certified_reference_value(50.0, 0.6, k=3.0)
    assert (value.x, value.u) == (50.0, pytest.approx(0.2))


def test_experts_combine_their_uncertainties():
    value = av.expert_laboratories([10.0, 10.2, 10.4], [0.1, 0.2, 0.2])
    assert value.u == pytest.approx(1.25 / 3 * math.sqrt(0.01 + 0.04 + 0.04))
    assert value.x == pytest.approx(10.2)


def test_the_0_3_sigma_check_decides_between_z_and_z_prime():
    # ISO 13528:2022, 9.5.1: z' is needed when u(x_pt) > 0.3·σpt.
    assert av.uncertainty_is_negligible(0.3, 1.0)
    assert not av.uncertainty_is_negligible(0.3001, 1.0)

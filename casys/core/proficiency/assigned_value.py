"""Assigned value x_pt and its standard uncertainty u(x_pt) (ISO 13528:2022, clause 7).

The four ways the standard gives — formulation (7.3), a certified reference value (7.4),
expert laboratories (7.6) and the participants' consensus (7.7) — each return an
:class:`AssignedValue` recording how it was obtained. :func:`uncertainty_is_negligible`
is the check u(x_pt) ≤ 0.3·σpt that decides between z and z' (ISO 13528:2022, 9.5.1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from casys.core.proficiency import robust

# ISO 13528:2022, 7.7.3: u(x_pt) = 1.25·s*/√p for a robust consensus value; 1.25 is the
# ratio of the standard error of the robust mean to that of the arithmetic mean for
# normal data.
CONSENSUS_UNCERTAINTY_FACTOR = 1.25
# ISO 13528:2022, 9.2.1 and 9.5.1: the uncertainty of the assigned value is negligible
# when u(x_pt) ≤ 0.3·σpt; otherwise use z' (or ζ, En) rather than z.
NEGLIGIBLE_FRACTION = 0.3


class AssignedValueError(ValueError):
    """Raised when an assigned value cannot be determined from the values given."""


@dataclass(frozen=True)
class AssignedValue:
    """x_pt (``x``), u(x_pt) (``u``), how it was obtained (``method``) and from how many results (``p``)."""

    x: float
    u: float
    method: str
    p: int = 0


def _finite(value: float, name: str) -> float:
    if not math.isfinite(value):
        raise AssignedValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _uncertainty(u: float, name: str = "u") -> float:
    if not (math.isfinite(u) and u >= 0.0):
        raise AssignedValueError(f"{name} must be a non-negative number, got {u!r}")
    return float(u)


def formulation(x: float, u: float) -> AssignedValue:
    """x_pt from the formulation of the PT item, u from its uncertainty budget (ISO 13528:2022, 7.3).

    >>> formulation(12.5, 0.05)
    AssignedValue(x=12.5, u=0.05, method='formulation (ISO 13528:2022, 7.3)', p=0)
    """
    return AssignedValue(_finite(x, "x"), _uncertainty(u), "formulation (ISO 13528:2022, 7.3)")


def certified_reference_value(x: float, U: float, k: float = 2.0) -> AssignedValue:
    """x_pt = the certified value of a CRM, u(x_pt) = U/k (ISO 13528:2022, 7.4).

    >>> certified_reference_value(50.0, 0.4).u
    0.2
    """
    if not (math.isfinite(k) and k > 0.0):
        raise AssignedValueError(f"coverage factor k must be positive, got {k!r}")
    return AssignedValue(
        _finite(x, "x"), _uncertainty(U, "U") / k, "certified reference value (ISO 13528:2022, 7.4)"
    )


def given(x: float, u: float) -> AssignedValue:
    """A value chosen by the provider and typed in, with its standard uncertainty.

    >>> given(3.0, 0.0).method
    'given by the provider'
    """
    return AssignedValue(_finite(x, "x"), _uncertainty(u), "given by the provider")


def expert_laboratories(x: Sequence[float], u: Sequence[float]) -> AssignedValue:
    """x_pt from expert laboratories (ISO 13528:2022, 7.6).

    x_pt is the robust mean (Algorithm A) of the experts' results when there are at
    least 3, else their mean; u(x_pt) = (1.25/p)·√Σu_i² combines the experts'
    standard uncertainties as ISO 13528:2022, 7.6 describes.

    >>> av = expert_laboratories([10.1, 10.3], [0.1, 0.1])
    >>> round(av.x, 3), round(av.u, 4)
    (10.2, 0.0884)
    """
    if len(x) != len(u) or not x:
        raise AssignedValueError("give one standard uncertainty per expert result, and at least one result")
    values = [_finite(v, f"expert result at position {i}") for i, v in enumerate(x)]
    uncertainties = [_uncertainty(v, f"u at position {i}") for i, v in enumerate(u)]
    p = len(values)
    centre = robust.algorithm_a(values).x if p >= 3 else sum(values) / p
    u_pt = CONSENSUS_UNCERTAINTY_FACTOR / p * math.sqrt(sum(v * v for v in uncertainties))
    return AssignedValue(centre, u_pt, "expert laboratories (ISO 13528:2022, 7.6)", p)


CONSENSUS_METHODS = ("algorithm-a", "q-hampel", "median")


def robust_estimate(results: Sequence[float], method: str) -> robust.RobustEstimate:
    """The robust estimate named ``method``: ``algorithm-a``, ``q-hampel`` or ``median``."""
    if method == "algorithm-a":
        return robust.algorithm_a(results)
    if method == "q-hampel":
        return robust.q_hampel(results)
    if method == "median":
        return robust.median_made(results)
    choices = ", ".join(CONSENSUS_METHODS)
    raise AssignedValueError(f"unknown consensus method {method!r}; choose one of {choices}")


def consensus(
    results: Sequence[float], method: str = "algorithm-a"
) -> tuple[AssignedValue, robust.RobustEstimate]:
    """x_pt = x* of the participants' results, u(x_pt) = 1.25·s*/√p (ISO 13528:2022, 7.7).

    Returns the assigned value and the robust estimate it came from (whose s* may
    serve as σpt).

    >>> av, est = consensus([10.0, 10.2, 9.8, 10.1, 9.9, 10.0, 15.0])
    >>> round(av.x, 3), round(av.u, 4), av.p
    (10.055, 0.1041, 7)
    """
    estimate = robust_estimate(results, method)
    u = CONSENSUS_UNCERTAINTY_FACTOR * estimate.s / math.sqrt(estimate.p)
    method_text = f"consensus of participants, {method} (ISO 13528:2022, 7.7)"
    return AssignedValue(estimate.x, u, method_text, estimate.p), estimate


def uncertainty_is_negligible(u: float, sigma_pt: float) -> bool:
    """True when u(x_pt) ≤ 0.3·σpt, so z may be used instead of z' (ISO 13528:2022, 9.5.1).

    >>> uncertainty_is_negligible(0.03, 0.1), uncertainty_is_negligible(0.031, 0.1)
    (True, False)
    """
    return u <= NEGLIGIBLE_FRACTION * sigma_pt

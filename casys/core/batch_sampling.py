"""The sample a scheme draws from a batch: ISO 2859-1, every unit, or a fixed number.

A scheme that certifies or inspects a batch (ISO/IEC 17067:2013 type 1b; an ISO/IEC 17020
inspection of a consignment) names its plan in ``lot_sampling``; this turns it, for a given lot
size, into the sample size and the acceptance and rejection numbers (``Ac``/``Re`` are those of
the ISO 2859-1 single plan, MIL-STD-105E Table I with Table II-A/B/C via :mod:`casys.core.sampling`;
for the other plans every unit drawn must conform).

>>> from casys.core.schemes import load_scheme
>>> s = batch_sample(load_scheme("type1b-fasteners").lot_sampling, 5000)
>>> s.lot_size, s.n, s.Ac, s.Re, s.code_letter
(5000, 200, 5, 6, 'L')
>>> batch_sample(load_scheme("eaeu-4c").lot_sampling, 1).n
1
"""

from __future__ import annotations

from dataclasses import dataclass

from casys.core.sampling import single_plan
from casys.core.schemes.model import LotSampling


class BatchSamplingError(ValueError):
    """A lot size or plan that gives no sample; the message names the field."""


@dataclass(frozen=True)
class BatchSample:
    """What to draw from a batch of ``lot_size`` units and how to judge it (accept if found <= Ac)."""

    lot_size: int
    n: int
    Ac: int
    Re: int
    plan: str
    code_letter: str = ""
    source: str = ""


def batch_sample(plan: LotSampling | None, lot_size: int) -> BatchSample:
    """The sample for a batch of ``lot_size`` units under ``plan`` (a scheme's ``lot_sampling``)."""
    if plan is None:
        raise BatchSamplingError("lot_sampling: the scheme names no plan for drawing a sample from a batch")
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size <= 0:
        raise BatchSamplingError(f"lot_size: a batch has a positive whole number of units, got {lot_size!r}")
    if plan.plan == "iso2859-1":
        p = single_plan(lot_size, plan.level, plan.aql, plan.severity)
        n = min(p.n, lot_size)
        text = f"ISO 2859-1 single sampling, level {p.level}, AQL {p.aql}, {p.inspection} inspection"
        return BatchSample(lot_size, n, p.Ac, p.Re, text, p.code_letter, p.source)
    n = lot_size if plan.plan == "all-units" or plan.n is None else min(plan.n, lot_size)
    text = "every unit" if plan.plan == "all-units" else f"{n} units"
    return BatchSample(lot_size, n, 0, 1, text, source=plan.source)

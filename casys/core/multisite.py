"""Multi-site sampling, IAF MD 1:2018 (Issue 2), clause 6.1.

Minimum number of sites to visit per audit, with ``x`` the number of sites other
than the central function (IAF MD 1:2018 6.1; EA FAQ 46.5, March 2023):

* initial audit: y = sqrt(x), rounded up;
* surveillance: y = 0.6 * sqrt(x), rounded up;
* recertification: y = 0.8 * sqrt(x), rounded up;

increased where the body's risk analysis says so; the central function is audited
in addition, at every audit. The computation is exact (integer square roots): the
smallest whole y with y >= (a/b)*sqrt(x) is the smallest y with (b*y)^2 >= a^2*x, so
0.6*sqrt(25) is 3, not 3.0000000000000004 rounded up to 4.

>>> sample_size(26, "initial").y, sample_size(24, "initial").y      # EA FAQ 42.6
(6, 5)
>>> sample_size(25, "surveillance").y
3
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

#: IAF MD 1:2018 6.1: the factor of sqrt(x) per audit, as exact fractions.
FACTORS = {"initial": Fraction(1), "surveillance": Fraction(6, 10), "recertification": Fraction(8, 10)}


class SamplingError(ValueError):
    """Bad input to site sampling; the message names the field."""


@dataclass(frozen=True)
class SiteSample:
    """Sample size ``y`` for ``x`` sites (central function not counted), with the rule applied."""

    x: int
    audit: str
    y_min: int
    risk_increase: float
    y: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SiteSelection:
    """The sites to visit: the central function, the mandatory sites and the random ones."""

    central: str
    mandatory: tuple[str, ...]
    random: tuple[str, ...]

    @property
    def sites(self) -> tuple[str, ...]:
        """Every site visited, central function first."""
        return (self.central, *self.mandatory, *self.random)


def ceil_sqrt_times(x: int, factor: Fraction) -> int:
    """The smallest whole y with y >= factor * sqrt(x), in exact integer arithmetic.

    >>> [ceil_sqrt_times(x, Fraction(6, 10)) for x in (1, 2, 25, 26, 100)]
    [1, 1, 3, 4, 6]
    """
    if x < 0 or factor < 0:
        raise SamplingError(f"x: must not be negative, got {x}")
    a, b = factor.numerator, factor.denominator
    m = a * a * x  # y >= (a/b) sqrt(x)  <=>  b*y >= sqrt(a^2 x)  <=>  b*y >= ceil(sqrt(a^2 x))
    root = 0 if m == 0 else math.isqrt(m - 1) + 1
    return -(-root // b)


def sample_size(x: int, audit: str, risk_increase: float = 0) -> SiteSample:
    """Minimum number of sites to visit besides the central function (IAF MD 1:2018 6.1).

    ``risk_increase`` (percent, >= 0) is the body's increase for risk; the result is
    rounded up and never exceeds ``x``.

    >>> sample_size(25, "initial", risk_increase=20).y
    6
    """
    if isinstance(x, bool) or not isinstance(x, int) or x < 1:
        raise SamplingError(
            f"sites: the number of sites other than the central function must be >= 1, got {x!r}"
        )
    if audit not in FACTORS:
        raise SamplingError(f"audit: unknown audit {audit!r} (expected one of: {', '.join(FACTORS)})")
    if risk_increase < 0:
        raise SamplingError(f"risk_increase: must not be negative, got {risk_increase:g}")
    f = FACTORS[audit]
    y_min = min(ceil_sqrt_times(x, f), x)
    label = "" if f == 1 else f"{float(f):g} x "
    lines = [
        f"x = {x} sites besides the central function; {audit}: y = {label}sqrt({x}) rounded up = {y_min} "
        "(IAF MD 1:2018 6.1)"
    ]
    y = y_min
    if risk_increase:
        inc = Fraction(str(risk_increase))
        y = min(math.ceil(y_min * (1 + inc / 100)), x)
        lines.append(f"risk increase +{risk_increase:g} %: {y_min} -> {y} (rounded up, at most x)")
    lines.append("the central function is audited in addition (IAF MD 1:2018)")
    return SiteSample(x, audit, y_min, float(risk_increase), y, tuple(lines))


def select_sites(
    central: str, sites: Sequence[str], size: int, rng: random.Random, mandatory: Sequence[str] = ()
) -> SiteSelection:
    """Choose ``size`` sites: the mandatory ones, then a random draw from the rest with ``rng``.

    The random generator is passed in (seeded by the caller), so a selection can be replayed.
    If the mandatory sites exceed ``size`` they are all visited.

    >>> sel = select_sites("HQ", [f"S{i}" for i in range(1, 11)], 3, random.Random(7), mandatory=["S4"])
    >>> sel.mandatory, len(sel.random), sel.central
    (('S4',), 2, 'HQ')
    """
    if central in sites:
        raise SamplingError(f"sites: the central function {central!r} is not one of the sampled sites")
    if len(set(sites)) != len(sites):
        raise SamplingError("sites: duplicate site names")
    for i, m in enumerate(mandatory):
        if m not in sites:
            raise SamplingError(f"mandatory[{i}]: {m!r} is not one of the sites")
    if not 0 <= size <= len(sites):
        raise SamplingError(f"size: must be between 0 and {len(sites)}, got {size}")
    rest = [s for s in sites if s not in mandatory]
    k = max(size - len(mandatory), 0)
    return SiteSelection(central, tuple(mandatory), tuple(rng.sample(rest, k)))

"""Attribute sampling for tests of controls: sample size for a tolerable deviation rate and risk.

With no deviation expected, the smallest n for which finding none bounds the
deviation rate below the tolerable rate ``p`` at risk ``β``:
n = ⌈ln β / ln(1 − p)⌉ (research note §3 vector 3.4: β = 5 %, p = 5 % → 59).

The general case allows ``x = ⌈n·p_e⌉`` deviations at the expected rate
``p_e``: the smallest n for which the Clopper–Pearson (binomial) upper bound
B⁻¹(1 − β; x + 1, n − x) lies below ``p`` — the rule that reproduces the AICPA
Audit Guide *Audit Sampling* (2017) Tables A-1 and A-2, as jfa's
``planning(likelihood = "binomial")`` does.

>>> attribute_sample_size(risk=0.05, tolerable_rate=0.05)
59
>>> attribute_sample_size(risk=0.05, tolerable_rate=0.05, expected_rate=0.01)
93
"""

from __future__ import annotations

import math

from scipy.special import betaincinv


def attribute_sample_size(
    risk: float, tolerable_rate: float, expected_rate: float = 0.0, *, max_n: int = 100_000
) -> int:
    """Sample size for a control test (risk of overreliance ``risk``, rates as fractions)."""
    if not 0 < risk < 1:
        raise ValueError("risk must lie strictly between 0 and 1")
    if not 0 < tolerable_rate < 1:
        raise ValueError("tolerable deviation rate must lie strictly between 0 and 1")
    if not 0 <= expected_rate < tolerable_rate:
        raise ValueError("expected deviation rate must be zero or more and below the tolerable rate")
    if expected_rate == 0:
        return math.ceil(math.log(risk) / math.log(1 - tolerable_rate))
    for n in range(1, max_n + 1):
        x = math.ceil(n * expected_rate)
        if x >= n:
            continue
        if float(betaincinv(x + 1.0, n - x, 1 - risk)) < tolerable_rate:
            return n
    raise ValueError(f"no sample size up to {max_n} reaches that precision")


def upper_deviation_rate(sample_size: int, deviations: int, risk: float) -> float:
    """The upper bound on the deviation rate at risk ``risk`` after ``deviations`` in ``sample_size``.

    Clopper–Pearson: B⁻¹(1 − β; x + 1, n − x) (the evaluation that matches the
    AICPA guide's Table A-3 for a 5 % risk). With no deviation in 59 items at
    β = 5 %, the bound is just under 5 %:

    >>> round(upper_deviation_rate(59, 0, 0.05), 4)
    0.0495
    """
    if not 0 < risk < 1:
        raise ValueError("risk must lie strictly between 0 and 1")
    if sample_size <= 0:
        raise ValueError("sample size must be above 0")
    if not 0 <= deviations <= sample_size:
        raise ValueError("deviations must be between 0 and the sample size")
    if deviations == sample_size:
        return 1.0
    return float(betaincinv(deviations + 1.0, sample_size - deviations, 1 - risk))


def controls_relied_on(sample_size: int, deviations: int, risk: float, tolerable_rate: float) -> bool:
    """The control is relied on when the upper deviation rate stays below the tolerable rate.

    >>> controls_relied_on(59, 0, 0.05, 0.05), controls_relied_on(59, 1, 0.05, 0.05)
    (True, False)
    """
    return upper_deviation_rate(sample_size, deviations, risk) < tolerable_rate

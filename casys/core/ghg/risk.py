"""Risk assessment per emission source and the assurance work it calls for (ISO 14064-3:2019 6.1.3, 6.1.4).

The verifier assesses, per source, the *inherent* risk (that the data could be
misstated before any control) and the *control* risk (that the organisation's
controls would not prevent or detect it). The *detection* risk the verifier can
accept follows from the audit risk model AR = IR × CR × DR (ISA 200 A36–A44 and
ISAE 3410 A69 use the same model; ISO 14064-3:2019 6.1.4 asks for a
verification plan responsive to the assessed risks): the higher the inherent and
control risks, the lower the acceptable detection risk and the more substantive
work is planned. casys uses the usual three-level qualitative form of the model
(each level 1 = low, 2 = medium, 3 = high): the acceptable detection risk is the
"inverse" of the combined level, ``4 − ⌈(IR + CR) / 2⌉``, and each detection-risk
level maps to the planned assurance work below.

>>> a = assess("high", "medium")
>>> a.detection, a.work
('low', 'extended')
>>> assess("low", "low").detection
'high'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("low", "medium", "high")

#: Planned assurance work per acceptable detection risk (the body's wording of ISO 14064-3 6.1.4 responses).
WORK: dict[str, str] = {
    "low": "extended",  # detailed data testing on samples, tests of controls, recalculation
    "medium": "standard",  # analytical procedures plus targeted data testing
    "high": "analytical",  # analytical procedures and recalculation of totals
}

WORK_DESCRIPTIONS: dict[str, str] = {
    "extended": "detailed data testing on a sample, tests of controls, recalculation",
    "standard": "analytical procedures with targeted data testing",
    "analytical": "analytical procedures and recalculation of totals",
}


@dataclass(frozen=True)
class RiskAssessment:
    """The assessed inherent and control risks, the acceptable detection risk and the planned work."""

    inherent: str
    control: str
    detection: str
    work: str


def _level(value: str, name: str) -> int:
    if value not in LEVELS:
        raise ValueError(f"{name} risk must be one of {', '.join(LEVELS)}, not {value!r}")
    return LEVELS.index(value) + 1


def assess(inherent: str, control: str) -> RiskAssessment:
    """The acceptable detection risk and the planned work for ``inherent`` and ``control`` risk levels."""
    combined = math.ceil((_level(inherent, "inherent") + _level(control, "control")) / 2)
    detection = LEVELS[3 - combined]
    return RiskAssessment(inherent, control, detection, WORK[detection])

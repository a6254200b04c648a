"""Conformity decisions from measured values: decision rules, conformance probability, risks.

Sources: ILAC G8:09/2019 (decision rules and statements of conformity) and
JCGM 106:2012 (the role of measurement uncertainty in conformity assessment).
"""

from casys.core.conformity.decision_rules import (
    AcceptanceInterval,
    Decision,
    Rule,
    Statement,
    acceptance_interval,
    decide,
)
from casys.core.conformity.probability import (
    ConformityInputError,
    ToleranceInterval,
    conformance_probability,
    nonconformance_probability,
)
from casys.core.conformity.risks import (
    GlobalRisks,
    acceptance_limits_for_global_risk,
    acceptance_limits_for_specific_risk,
    global_risks,
    global_risks_with_prior,
)

__all__ = [
    "AcceptanceInterval",
    "ConformityInputError",
    "Decision",
    "GlobalRisks",
    "Rule",
    "Statement",
    "ToleranceInterval",
    "acceptance_interval",
    "acceptance_limits_for_global_risk",
    "acceptance_limits_for_specific_risk",
    "conformance_probability",
    "nonconformance_probability",
    "decide",
    "global_risks",
    "global_risks_with_prior",
]

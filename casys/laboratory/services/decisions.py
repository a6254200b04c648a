"""Statements of conformity of a result under agreed decision rules (calls casys.core.conformity)."""

from __future__ import annotations

from typing import Any

from casys.core.conformity import ToleranceInterval, decide
from casys.laboratory.models import DecisionRuleAgreement, TestMethod
from casys.laboratory.services.uncertainty import finite


def tolerance_of(method: TestMethod) -> ToleranceInterval:
    return ToleranceInterval(method.lower_limit, method.upper_limit)


def decision(
    y: float, u: float, k: float, method: TestMethod, agreement: DecisionRuleAgreement
) -> dict[str, Any]:
    """The decision of ILAC G8:09/2019 4.2 / JCGM 106:2012 8 for one result and one agreed rule."""
    d = decide(y, u, tolerance_of(method), agreement.rule, r=agreement.r, k=k, binary=agreement.binary)
    return {
        "agreement": agreement.pk,
        "rule": d.rule.value,
        "rule_name": d.rule_name,
        "reference": d.reference,
        "r": d.r,
        "binary": d.binary,
        "w": d.w,
        "A_L": finite(d.acceptance.A_L),
        "A_U": finite(d.acceptance.A_U),
        "accepted": d.accepted,
        "statement": d.statement.value,
        "p_c": d.p_c,
        "R_C": d.R_C,
        "R_P": d.R_P,
    }

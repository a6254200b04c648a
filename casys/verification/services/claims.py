"""Figures of a claim other than an organisation's inventory (ISO 14064-2 project claims), by period.

The claim type is data (``casys/core/data/claims``): the terms each period
reports and the result they make; :mod:`casys.core.ghg.project` computes it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from casys.auditlog.services import Actor, log
from casys.core.ghg.project import ClaimType, ClaimTypeError, result_of, shipped_claim_type
from casys.verification.models import ClaimFigure, Engagement, EngagementStatus
from casys.verification.services import VerificationInputError


def claim_type_of(engagement: Engagement) -> ClaimType | None:
    """The claim type of the engagement's figures (``None`` for an organisation's inventory)."""
    first = engagement.claim_figures.first()
    return shipped_claim_type(first.claim_type) if first is not None else None


def claim_total(engagement: Engagement) -> float | None:
    """The sum of the claim's results over its periods (``None`` for an organisation's inventory)."""
    results = list(engagement.claim_figures.values_list("result", flat=True))
    return math.fsum(results) if results else None


@transaction.atomic
def record_claim_figures(
    engagement: Engagement, *, actor: Actor, claim_type: str, period: str, values: Mapping[str, float]
) -> ClaimFigure:
    """One period of the claim (a vintage of a project): every term of the claim type, result computed."""
    if engagement.status in (EngagementStatus.DECIDED, EngagementStatus.ISSUED):
        raise VerificationInputError("status", "the opinion is decided: the engagement is no longer changed")
    if engagement.lines.exists():
        raise VerificationInputError("claim_type", "this engagement verifies an organisation's inventory")
    try:
        claim = shipped_claim_type(claim_type)
    except ClaimTypeError as exc:
        raise VerificationInputError("claim_type", str(exc)) from exc
    current = claim_type_of(engagement)
    if current is not None and current.id != claim.id:
        raise VerificationInputError("claim_type", f"the engagement's claim is {current.id}")
    period = period.strip()
    if not period:
        raise VerificationInputError("period", "is required")
    if engagement.claim_figures.filter(period=period).exists():
        raise VerificationInputError("period", f"{claim.period} {period} is recorded already")
    try:
        result = result_of(claim, values, period)
    except ClaimTypeError as exc:
        field = str(exc).split(":", 1)[0]
        raise VerificationInputError(field, str(exc).split(": ", 1)[-1]) from exc
    figure = ClaimFigure.all_objects.create(
        engagement=engagement, claim_type=claim.id, period=period,
        values={s.term: s.value for s in result.steps}, result=result.value,
    )  # fmt: skip
    if engagement.status == EngagementStatus.PLANNING:
        engagement.status = EngagementStatus.EXECUTION
        engagement.save(update_fields=["status"])
    log(
        "verification.claim.recorded",
        actor=actor,
        body=engagement.body,
        obj=figure,
        data={"claim_type": claim.id, "period": period, "values": figure.values, "result": result.value},
    )
    return figure


def claim_table(engagement: Engagement) -> dict[str, Any] | None:
    """The claim's figures for pages and the statement: terms, periods and the total."""
    claim = claim_type_of(engagement)
    if claim is None:
        return None
    figures = list(engagement.claim_figures.all())
    return {
        "id": claim.id,
        "name": claim.name,
        "unit": claim.unit,
        "period": claim.period,
        "result_label": claim.result_label,
        "terms": [[t.key, t.label, t.sign] for t in claim.terms],
        "periods": [[f.period, [f.values[t.key] for t in claim.terms], f.result] for f in figures],
        "total": math.fsum(f.result for f in figures),
    }

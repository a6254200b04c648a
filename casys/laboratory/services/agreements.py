"""Record decision rules agreed with customers (ISO/IEC 17025:2017 7.1.3) and the lab's customers."""

from __future__ import annotations

import math
from datetime import date

from django.db import transaction

from casys.accounts.models import Body, BodyKind
from casys.accounts.services.bodies import create_body
from casys.auditlog.services import Actor, log
from casys.laboratory.models import DecisionRule, DecisionRuleAgreement, TestMethod
from casys.laboratory.services import LabInputError


@transaction.atomic
def add_customer(lab: Body, *, actor: Actor, name: str, country: str, city: str = "") -> Body:
    """A customer's record kept by the laboratory (a client body managed by it)."""
    name = name.strip()
    if not name:
        raise LabInputError("name", "is required")
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise LabInputError("country", "give the ISO 3166-1 alpha-2 code, e.g. FR")
    from django.utils.text import slugify

    base = slugify(name)[:60] or "customer"
    slug, n = base, 1
    while Body.all_objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return create_body(
        actor=actor,
        name=name,
        name_en=name,
        slug=slug,
        kind=BodyKind.CLIENT,
        country=country,
        city=city,
        managed_by=lab,
    )


@transaction.atomic
def record_agreement(
    lab: Body,
    *,
    actor: Actor,
    customer: Body,
    method: TestMethod | None,
    rule: str,
    r: float,
    binary: bool,
    agreed_on: date,
    customer_representative: str,
    notes: str = "",
) -> DecisionRuleAgreement:
    """Record the decision rule agreed with ``customer`` (for ``method``, or all methods when None)."""
    if customer.managed_by_id != lab.id:
        raise LabInputError("customer", "is not a customer of this laboratory")
    if method is not None and method.body_id != lab.id:
        raise LabInputError("method", "is not a method of this laboratory")
    if rule not in DecisionRule.values:
        raise LabInputError("rule", f"unknown decision rule {rule!r}")
    # Simple acceptance with a binary statement has no guard band; a non-binary statement
    # still marks the conditional zone within w = r·U of a limit (ILAC G8:09/2019 4.2.3).
    needs_r = rule != DecisionRule.SIMPLE or not binary
    if not math.isfinite(r) or r < 0 or (needs_r and r == 0):
        raise LabInputError("r", "the guard band multiplier must be a number > 0 (w = r·U)")
    if not customer_representative.strip():
        raise LabInputError("customer_representative", "name who agreed for the customer")
    agreement = DecisionRuleAgreement.all_objects.create(
        body=lab,
        customer=customer,
        method=method,
        rule=rule,
        r=r if needs_r else 0.0,
        binary=binary,
        agreed_on=agreed_on,
        customer_representative=customer_representative.strip(),
        agreed_by=actor.user,
        notes=notes.strip(),
    )
    log(
        "laboratory.agreement.recorded",
        actor=actor,
        body=lab,
        obj=agreement,
        data={
            "customer": customer.slug,
            "method": method.code if method else None,
            "rule": rule,
            "r": agreement.r,
            "binary": binary,
            "agreed_on": agreed_on.isoformat(),
            "customer_representative": agreement.customer_representative,
        },
    )
    return agreement


def agreements_for(result_customer_id: int, method_id: int) -> list[DecisionRuleAgreement]:
    """Agreements with the customer that cover the method (or every method)."""
    from django.db.models import Q

    return list(
        DecisionRuleAgreement.objects.filter(customer_id=result_customer_id)
        .filter(Q(method_id=method_id) | Q(method__isnull=True))
        .select_related("agreed_by", "method")
        .order_by("agreed_on", "id")
    )

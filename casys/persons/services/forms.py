"""Examination forms assembled from the blueprint by stratified random selection with a recorded seed.

Each examination part draws its ``items`` from the blueprint elements of the part, in proportion to
their weights (largest remainder), at random among the approved items of the element that were not
used within the scheme's exposure window (ISO/IEC 17024:2012 7.4: security of the examination
material). The seed is recorded, so the same bank and seed give the same form.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.persons.models import Form, FormItem, Item, ReviewState
from casys.persons.services import PersonsInputError, persons_part


def allocation(weights: dict[str, float], n: int) -> dict[str, int]:
    """Items per element: ``n`` shared in proportion to the weights, by largest remainder.

    >>> allocation({"a": 0.4, "b": 0.35, "c": 0.25}, 12)
    {'a': 5, 'b': 4, 'c': 3}
    """
    total = sum(weights.values())
    exact = {k: n * w / total for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[: n - sum(out.values())]:
        out[k] += 1
    return out


@transaction.atomic
def assemble_form(body: Body, *, actor: Actor, scheme_id: str, code: str, seed: int, on: date) -> Form:
    p = persons_part(scheme_id)
    if not code.strip():
        raise PersonsInputError("code", "is required")
    if Form.all_objects.filter(body=body, code=code).exists():
        raise PersonsInputError("code", f"a form {code} exists")
    window_start = on - timedelta(days=round(p.exposure_window_months * 30.44))
    rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    chosen: list[tuple[str, Item]] = []
    for part in p.parts:
        weights = {e.id: e.weight for e in p.elements if e.part == part.id}
        for element, n in allocation(weights, part.items).items():
            pool = list(
                Item.all_objects.filter(
                    body=body, scheme_id=scheme_id, element=element, state=ReviewState.APPROVED
                )
                .exclude(last_used_on__gte=window_start)
                .order_by("code", "version")
            )
            if len(pool) < n:
                raise PersonsInputError(
                    "scheme_id",
                    f"element {element!r} needs {n} approved items not used since "
                    f"{window_start.isoformat()}, "
                    f"the bank has {len(pool)}",
                )
            chosen.extend((part.id, item) for item in rng.sample(pool, n))
    form = Form.all_objects.create(
        body=body, scheme_id=scheme_id, code=code.strip(), seed=seed, assembled_on=on, assembled_by=actor.user
    )
    FormItem.all_objects.bulk_create(
        FormItem(form=form, item=item, part=part, position=i + 1) for i, (part, item) in enumerate(chosen)
    )
    log(
        "persons.form.assembled",
        actor=actor,
        body=body,
        obj=form,
        data={
            "code": form.code,
            "scheme": scheme_id,
            "seed": seed,
            "items": [f"{i.code}v{i.version}" for _p, i in chosen],
        },
    )
    return form

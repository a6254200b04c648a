"""The modified Angoff panel of a form (Angoff 1971; Cizek & Bunch 2007, ch. 6): each judge rates, for
each objective item of the form, the probability that a minimally competent candidate answers it
correctly, in one or more rounds. The cut score, its SD and SE across judges are computed by
``casys.core.psychometrics.angoff`` (see :func:`casys.persons.services.psychometrics.angoff_panel`).

Ratings CSV (docs/persons.md): ``judge,round,<item code>,<item code>…``, one row per judge and
round, probabilities 0–1; every objective item of the form has a column. A file replaces the rounds
it holds; all or nothing, an error names row and column.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from casys.auditlog.services import Actor, log
from casys.core.psychometrics.responses import ExamInputError, parse_ratings
from casys.persons.models import AngoffRating, Form, FormItem
from casys.persons.services import PersonsInputError

#: a panel of fewer judges gives no usable SE (Cizek & Bunch 2007 recommend larger panels); casys
#: accepts any panel of at least 2 and shows the SE
MIN_JUDGES = 2


def record_ratings(form: Form, *, actor: Actor, text: str, on: date) -> int:
    """Record the ratings of ``text``; answers how many were recorded."""
    try:
        parsed = parse_ratings(text)
    except ExamInputError as exc:
        raise PersonsInputError("ratings", exc.errors[0]) from None
    header = [c.strip() for c in text.lstrip("\ufeff").splitlines()[0].split(",")]
    if "round" not in header:
        raise PersonsInputError("ratings", "row 1: missing column 'round' (1 for the first round)")
    objective = {
        fi.item.code: fi.item
        for fi in FormItem.all_objects.filter(form=form).select_related("item")
        if not fi.item.rubric_kind
    }
    for code in parsed.items:
        if code not in objective:
            column = header.index(code) + 1
            raise PersonsInputError(
                "ratings", f"row 1, column {column} ('{code}'): not an objective item of form {form.code}"
            )
    missing = sorted(set(objective) - set(parsed.items))
    if missing:
        raise PersonsInputError("ratings", f"row 1: no column for the item(s) {', '.join(missing[:10])}")
    rounds = []
    for label in parsed.rounds:
        if not label.isdigit() or int(label) < 1:
            raise PersonsInputError("ratings", f"column 'round': {label!r} is not a round number (1, 2 …)")
        rounds.append(int(label))
    for label, judges in zip(parsed.rounds, parsed.judges, strict=True):
        if len(judges) < MIN_JUDGES:
            raise PersonsInputError(
                "ratings", f"round {label}: {len(judges)} judge(s); a panel has at least {MIN_JUDGES}"
            )
    rows = [
        AngoffRating(
            body=form.body,
            form=form,
            item=objective[code],
            judge=judge[:120],
            round=n,
            probability=float(table[i, j]),
            recorded_on=on,
        )  # fmt: skip
        for n, judges, table in zip(rounds, parsed.judges, parsed.ratings, strict=True)
        for i, judge in enumerate(judges)
        for j, code in enumerate(parsed.items)
    ]
    with transaction.atomic():
        AngoffRating.all_objects.filter(form=form, round__in=rounds).delete()
        AngoffRating.all_objects.bulk_create(rows)
        log(
            "persons.angoff.recorded",
            actor=actor,
            body=form.body,
            obj=form,
            data={"rounds": rounds, "judges": sorted({r.judge for r in rows}), "ratings": len(rows)},
        )
    return len(rows)

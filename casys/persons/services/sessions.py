"""Examination sessions: candidates, identity and adjustments, responses imported from CSV, objective
items scored automatically, rubric items marked by an examiner, borderline results second-marked."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.persons.models import (
    Application,
    ApplicationStatus,
    ExamSession,
    Form,
    FormItem,
    Item,
    ItemKind,
    Outcome,
    Response,
    Sitting,
)
from casys.persons.services import PersonsInputError, persons_part
from casys.persons.services.impartiality import check_examiner
from casys.persons.services.items import LETTERS

COLUMNS = ("candidate", "item", "response")


@transaction.atomic
def create_session(
    body: Body,
    *,
    actor: Actor,
    form: Form,
    held_on: date,
    place: str,
    invigilator: Any = None,
    examiner: Any = None,
    second_examiner: Any = None,
    capacity: int | None = None,
    booking_closes_on: date | None = None,
) -> ExamSession:
    if not place.strip():
        raise PersonsInputError("place", "is required")
    if capacity is not None and capacity < 1:
        raise PersonsInputError("capacity", "give at least one seat, or leave empty to keep booking closed")
    if booking_closes_on is not None and booking_closes_on >= held_on:
        raise PersonsInputError("booking_closes_on", "booking closes before the day of the session")
    if second_examiner is not None and second_examiner == examiner:
        raise PersonsInputError("second_examiner", "the second marker is another examiner than the first")
    s = ExamSession.all_objects.create(
        body=body, form=form, held_on=held_on, place=place.strip(), invigilator=invigilator,
        examiner=examiner, second_examiner=second_examiner, capacity=capacity,
        booking_closes_on=booking_closes_on,
    )  # fmt: skip
    log(
        "persons.session.created",
        actor=actor,
        body=body,
        obj=s,
        data={"form": form.code, "on": held_on.isoformat()},
    )
    return s


@transaction.atomic
def add_sitting(
    session: ExamSession, *, actor: Actor, application: Application, adjustments: str = ""
) -> Sitting:
    """Seat an eligible candidate (17024 9.2); the session's examiner is checked against their relations."""
    if application.status != ApplicationStatus.ELIGIBLE:
        raise PersonsInputError(
            "application",
            f"{application.candidate} is not eligible: {application.eligibility_note or 'not checked yet'}",
        )
    if application.scheme_id != session.form.scheme_id:
        raise PersonsInputError(
            "application", "the application is for another scheme than the session's form"
        )
    check_examiner(session.examiner, application.candidate)
    check_examiner(session.second_examiner, application.candidate, field="second_examiner")
    check_examiner(session.invigilator, application.candidate, field="invigilator")
    if Sitting.all_objects.filter(session=session, application=application).exists():
        raise PersonsInputError("application", f"{application.candidate} sits this session already")
    sitting = Sitting.all_objects.create(
        body=session.body, session=session, application=application, adjustments=adjustments.strip()
    )
    log(
        "persons.sitting.added",
        actor=actor,
        body=session.body,
        obj=sitting,
        data={"candidate": application.candidate.full_name, "adjustments": sitting.adjustments},
    )
    return sitting


@transaction.atomic
def record_identity(sitting: Sitting, *, actor: Actor, document: str) -> Sitting:
    if not document.strip():
        raise PersonsInputError("identity_document", "name the identity document checked")
    sitting.identity_checked, sitting.identity_document = True, document.strip()
    sitting.save(update_fields=["identity_checked", "identity_document"])
    log(
        "persons.sitting.identity",
        actor=actor,
        body=sitting.body,
        obj=sitting,
        data={"document": sitting.identity_document},
    )
    return sitting


def score(item: Item, response: str) -> float | None:
    """Points of a response to an objective item; None for a rubric item (marked by an examiner).

    >>> i = Item(kind="numeric", key="2.5", tolerance=0.1, points=1)
    >>> score(i, "2.58"), score(i, "2.7")
    (1.0, 0.0)
    """
    r = response.strip()
    if item.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE):
        got = ",".join(sorted({x.strip().upper() for x in r.split(",") if x.strip()}))
        return float(item.points) if got == item.key else 0.0
    if item.kind == ItemKind.TRUE_FALSE:
        return float(item.points) if r.lower() == item.key else 0.0
    if item.kind == ItemKind.NUMERIC:
        return float(item.points) if abs(float(r) - float(item.key)) <= (item.tolerance or 0) else 0.0
    return None


def _check_value(item: Item, value: str) -> str | None:
    """Why ``value`` is not a possible response to ``item`` (None when it is)."""
    v = value.strip()
    if item.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE):
        letters = [x.strip().upper() for x in v.split(",") if x.strip()]
        allowed = LETTERS[: len(item.options)]
        if not letters or any(x not in allowed for x in letters):
            return f"{value!r} is not one of the item's options ({', '.join(allowed)})"
        if item.kind == ItemKind.SINGLE and len(letters) > 1:
            return f"{value!r}: a single-choice item takes one option"
    elif item.kind == ItemKind.TRUE_FALSE and v.lower() not in ("true", "false"):
        return f"{value!r} is not true or false"
    elif item.kind == ItemKind.NUMERIC:
        try:
            float(v)
        except ValueError:
            return f"{value!r} is not a number"
    return None


def import_responses(session: ExamSession, *, actor: Actor, text: str) -> int:
    """Import ``candidate,item,response`` rows (candidate: the candidate's id or e-mail; item: the
    item code); objective items are scored at once. All or nothing: an error names row and column."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(c.strip().lower() for c in rows[0]) != COLUMNS:
        raise PersonsInputError("file", f"row 1: the header must be {','.join(COLUMNS)}")
    sittings = {}
    for s in Sitting.all_objects.filter(session=session).select_related("application__candidate"):
        c = s.application.candidate
        sittings[str(c.pk)] = s
        if c.email:
            sittings[c.email.lower()] = s
    form_items = {
        fi.item.code: fi for fi in FormItem.all_objects.filter(form=session.form).select_related("item")
    }
    seen: set[tuple[int, int]] = set()
    new: list[Response] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in row):
            continue
        if len(row) != 3:
            raise PersonsInputError(
                "file", f"row {n}: expected 3 columns ({','.join(COLUMNS)}), got {len(row)}"
            )
        who, code, value = (x.strip() for x in row)
        sitting = sittings.get(who.lower())
        if sitting is None:
            raise PersonsInputError("file", f"row {n}, column candidate: {who!r} does not sit this session")
        fi = form_items.get(code)
        if fi is None:
            raise PersonsInputError(
                "file", f"row {n}, column item: {code!r} is not an item of form {session.form.code}"
            )
        problem = _check_value(fi.item, value) if not fi.item.rubric_kind else None
        if problem:
            raise PersonsInputError("file", f"row {n}, column response: {problem}")
        if (sitting.pk, fi.pk) in seen or Response.all_objects.filter(sitting=sitting, form_item=fi).exists():
            raise PersonsInputError("file", f"row {n}: a second response of {who} to {code}")
        seen.add((sitting.pk, fi.pk))
        new.append(Response(sitting=sitting, form_item=fi, response=value, points=score(fi.item, value)))
    with transaction.atomic():
        Response.all_objects.bulk_create(new)
        _use_form(session)
        for sitting in {r.sitting for r in new}:
            compute_results(sitting)
        log(
            "persons.responses.imported",
            actor=actor,
            body=session.body,
            obj=session,
            data={"responses": len(new)},
        )
    return len(new)


def _use_form(session: ExamSession) -> None:
    """A form is frozen once used; its items' exposure counts and last use are recorded once."""
    form = Form.all_objects.select_for_update().get(pk=session.form_id)
    if (
        form.frozen
        and Item.all_objects.filter(form_items__form=form, last_used_on__gte=session.held_on).exists()
    ):
        return
    form.frozen = True
    form.save(update_fields=["frozen"])
    items = list(Item.all_objects.filter(form_items__form=form))
    for item in items:
        item.exposure_count += 1
        item.last_used_on = max(item.last_used_on or session.held_on, session.held_on)
    Item.all_objects.bulk_update(items, ["exposure_count", "last_used_on"])


def compute_results(sitting: Sitting) -> Sitting:
    """Points and percentage per part, pass rule per part, the composite rule, borderline flags."""
    p = persons_part(sitting.application.scheme_id)
    responses = {r.form_item_id: r for r in Response.all_objects.filter(sitting=sitting)}
    parts: dict[str, dict[str, Any]] = {}
    complete = True
    for fi in FormItem.all_objects.filter(form=sitting.session.form).select_related("item"):
        acc = parts.setdefault(fi.part, {"points": 0.0, "max": 0.0})
        acc["max"] += fi.item.points
        r = responses.get(fi.pk)
        pts = r.final_points if r is not None else 0.0
        if r is not None and pts is None:
            complete = False
        acc["points"] += pts or 0.0
    weighted, total_w = 0.0, 0.0
    for part in p.parts:
        acc = parts.setdefault(part.id, {"points": 0.0, "max": 0.0})
        pct = 100 * acc["points"] / acc["max"] if acc["max"] else 0.0
        acc |= {
            "percent": round(pct, 2),
            "passed": pct >= part.pass_percent,
            "borderline": part.pass_percent - part.borderline_band <= pct < part.pass_percent,
        }
        weighted += pct * part.items
        total_w += part.items
    composite = round(weighted / total_w, 2) if total_w else 0.0
    passed = all(parts[x.id]["passed"] for x in p.parts) and (
        p.composite_percent is None or composite >= p.composite_percent
    )
    sitting.results = {"parts": parts, "composite": composite, "complete": complete}
    sitting.outcome = Outcome.PENDING if not complete else (Outcome.PASS if passed else Outcome.FAIL)
    sitting.save(update_fields=["results", "outcome"])
    return sitting


def needs_second_marking(sitting: Sitting) -> bool:
    return any(v.get("borderline") for v in sitting.results.get("parts", {}).values())


@transaction.atomic
def mark(response: Response, *, actor: Actor, points: list[int], second: bool = False) -> Response:
    """Mark a rubric response: the points given on each criterion (each at most the criterion's).
    A second marking (borderline result) is by another examiner than the first."""
    item = response.form_item.item
    if not item.rubric_kind:
        raise PersonsInputError("points", "an objective item is scored automatically")
    if len(points) != len(item.rubric):
        raise PersonsInputError("points", f"give points for each of the {len(item.rubric)} criteria")
    for i, (got, crit) in enumerate(zip(points, item.rubric, strict=True)):
        if not 0 <= got <= int(crit["points"]):
            raise PersonsInputError(f"points_{i}", f"{crit['criterion']}: between 0 and {crit['points']}")
    check_examiner(actor.user, response.sitting.application.candidate, field="marked_by")
    total = float(sum(points))
    if second:
        if response.points is None:
            raise PersonsInputError("points", "a second marking follows the first")
        if response.marked_by_id == actor.user.pk:
            raise PersonsInputError("marked_by", "a second marking is by another examiner than the first")
        response.second_points, response.second_marked_by = total, actor.user
    else:
        response.points, response.marked_by = total, actor.user
    response.save()
    compute_results(response.sitting)
    log(
        "persons.response.marked",
        actor=actor,
        body=response.sitting.body,
        obj=response,
        data={"item": item.code, "points": points, "second": second},
    )
    return response

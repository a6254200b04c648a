"""Schemes, rounds, measurands, items, homogeneity, invitations and the round's status."""

from __future__ import annotations

import math
from datetime import date

from django.db import IntegrityError, transaction

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core.proficiency import homogeneity
from casys.core.proficiency.csv_input import CsvInputError, parse_items
from casys.proficiency.models import (
    HomogeneityStudy,
    Item,
    Measurand,
    Participation,
    PTScheme,
    Round,
    RoundStatus,
)
from casys.proficiency.services import ProficiencyError
from casys.proficiency.services.reports import sign_performance

REPORT_LANGUAGES = ("en", "fr", "ru")


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ProficiencyError(f"{field}: required")
    return value


@transaction.atomic
def create_scheme(provider: Body, *, name: str, description: str = "", actor: Actor = SYSTEM) -> PTScheme:
    if provider.kind != BodyKind.PT_PROVIDER:
        raise ProficiencyError("provider: only a proficiency-testing provider runs PT schemes")
    scheme = PTScheme.all_objects.create(
        provider=provider, name=_required(name, "name"), description=description.strip()
    )
    log("proficiency.scheme.created", actor=actor, body=provider, obj=scheme, data={"name": scheme.name})
    return scheme


@transaction.atomic
def create_round(
    scheme: PTScheme,
    *,
    code: str,
    opens_on: date,
    deadline: date,
    title: str = "",
    report_due: date | None = None,
    actor: Actor = SYSTEM,
) -> Round:
    code = _required(code, "code")
    if deadline < opens_on:
        raise ProficiencyError("deadline: must not be before the dispatch date")
    if report_due is not None and report_due < deadline:
        raise ProficiencyError("report_due: must not be before the deadline")
    if Round.all_objects.filter(scheme=scheme, code=code).exists():
        raise ProficiencyError(f"code: the scheme already has a round {code}")
    pt_round = Round.all_objects.create(
        scheme=scheme,
        code=code,
        title=title.strip(),
        opens_on=opens_on,
        deadline=deadline,
        report_due=report_due,
    )
    log(
        "proficiency.round.created",
        actor=actor,
        body=scheme.provider_id,
        obj=pt_round,
        data={"code": code, "opens_on": opens_on, "deadline": deadline},
    )
    return pt_round


def _editable(pt_round: Round) -> None:
    if pt_round.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise ProficiencyError("status: the round is closed; its design can no longer change")


def _optional_positive(value: float | None, field: str) -> float | None:
    if value is None:
        return None
    if not (math.isfinite(value) and value > 0.0):
        raise ProficiencyError(f"{field}: must be a positive number")
    return value


@transaction.atomic
def add_measurand(
    pt_round: Round,
    *,
    name: str,
    unit: str,
    sigma_pt: float | None = None,
    mass_fraction_per_unit: float | None = None,
    actor: Actor = SYSTEM,
) -> Measurand:
    _editable(pt_round)
    name = _required(name, "name")
    if Measurand.all_objects.filter(round=pt_round, name=name).exists():
        raise ProficiencyError(f"name: the round already has a measurand {name}")
    measurand = Measurand.all_objects.create(
        round=pt_round,
        name=name,
        unit=_required(unit, "unit"),
        sigma_pt=_optional_positive(sigma_pt, "sigma_pt"),
        mass_fraction_per_unit=_optional_positive(mass_fraction_per_unit, "mass_fraction_per_unit"),
    )
    log(
        "proficiency.measurand.added",
        actor=actor,
        body=pt_round.scheme.provider_id,
        obj=measurand,
        data={"round": pt_round.code, "name": name, "unit": measurand.unit, "sigma_pt": sigma_pt},
    )
    return measurand


@transaction.atomic
def add_item(pt_round: Round, *, code: str, description: str = "", actor: Actor = SYSTEM) -> Item:
    _editable(pt_round)
    code = _required(code, "code")
    if Item.all_objects.filter(round=pt_round, code=code).exists():
        raise ProficiencyError(f"code: the round already has an item {code}")
    item = Item.all_objects.create(round=pt_round, code=code, description=description.strip())
    log(
        "proficiency.item.added",
        actor=actor,
        body=pt_round.scheme.provider_id,
        obj=item,
        data={"round": pt_round.code, "code": code},
    )
    return item


@transaction.atomic
def record_homogeneity(
    item: Item, measurand: Measurand, *, csv_text: str, sigma_pt: float | None = None, actor: Actor = SYSTEM
) -> HomogeneityStudy:
    """Check ``item,replicate,result`` data against 0.3·σpt (ISO 13528:2022, B.2.2 and B.2.3)."""
    sigma = sigma_pt if sigma_pt is not None else measurand.sigma_pt
    if sigma is None:
        raise ProficiencyError("sigma_pt: give σpt, or set it on the measurand")
    _optional_positive(sigma, "sigma_pt")
    try:
        rows = parse_items(csv_text)
    except CsvInputError as exc:
        raise ProficiencyError("; ".join(exc.errors)) from exc
    groups: dict[str, list[float]] = {}
    for row in rows:
        groups.setdefault(row.item, []).append(row.x)
    try:
        check = homogeneity.check(list(groups.values()), sigma)
    except homogeneity.HomogeneityError as exc:
        raise ProficiencyError(f"homogeneity data: {exc}") from exc
    study = HomogeneityStudy.all_objects.create(
        round=item.round,
        item=item,
        measurand=measurand,
        sigma_pt=sigma,
        data_csv=csv_text,
        g=check.g,
        m=check.m,
        s_x=check.s_x,
        s_w=check.s_w,
        s_s=check.s_s,
        limit=check.limit,
        c=check.c,
        passes=check.passes,
        passes_allowing_repeatability=check.passes_allowing_repeatability,
    )
    log(
        "proficiency.homogeneity.checked",
        actor=actor,
        body=item.round.scheme.provider_id,
        obj=study,
        data={
            "item": item.code,
            "measurand": measurand.name,
            "sigma_pt": sigma,
            "s_s": check.s_s,
            "limit": check.limit,
            "passes": check.passes,
        },
    )
    return study


def laboratories_to_invite(pt_round: Round) -> list[Body]:
    """The laboratories the provider may invite: a directory of laboratories, by name only.

    Invitation needs to name laboratories outside the provider's own scope, so this reads
    the directory of active laboratories explicitly (names and countries are public).
    """
    invited = Participation.all_objects.filter(round=pt_round).values_list("participant_id", flat=True)
    return list(
        Body.all_objects.filter(kind=BodyKind.LABORATORY, is_active=True)
        .exclude(id__in=list(invited))
        .order_by("name")
    )


def next_code(pt_round: Round) -> str:
    taken = set(Participation.all_objects.filter(round=pt_round).values_list("code", flat=True))
    number = len(taken) + 1
    while f"L{number:02d}" in taken:
        number += 1
    return f"L{number:02d}"


@transaction.atomic
def invite(
    pt_round: Round, laboratory: Body, *, code: str = "", language: str = "en", actor: Actor = SYSTEM
) -> Participation:
    if pt_round.status in (RoundStatus.CLOSED, RoundStatus.EVALUATED, RoundStatus.PUBLISHED):
        raise ProficiencyError("status: the round is closed to new participants")
    if laboratory.kind != BodyKind.LABORATORY:
        raise ProficiencyError("laboratory: only laboratories take part in PT rounds")
    if language not in REPORT_LANGUAGES:
        raise ProficiencyError(f"language: choose one of {', '.join(REPORT_LANGUAGES)}")
    if Participation.all_objects.filter(round=pt_round, participant=laboratory).exists():
        raise ProficiencyError("laboratory: already invited to this round")
    code = code.strip() or next_code(pt_round)
    try:
        with transaction.atomic():
            participation = Participation.all_objects.create(
                round=pt_round, participant=laboratory, code=code, language=language
            )
    except IntegrityError as exc:
        raise ProficiencyError(f"code: {code} is already used in this round") from exc
    log(
        "proficiency.participation.invited",
        actor=actor,
        body=pt_round.scheme.provider_id,
        obj=participation,
        data={"round": pt_round.code, "laboratory": laboratory.slug, "code": code},
    )
    return participation


@transaction.atomic
def set_language(participation: Participation, language: str, *, actor: Actor = SYSTEM) -> None:
    if language not in REPORT_LANGUAGES:
        raise ProficiencyError(f"language: choose one of {', '.join(REPORT_LANGUAGES)}")
    participation.language = language
    participation.save(update_fields=["language"])
    log(
        "proficiency.participation.language_set",
        actor=actor,
        body=participation.participant_id,
        obj=participation,
        data={"language": language},
    )


def _move(pt_round: Round, expected: tuple[str, ...], new: str, action: str, actor: Actor) -> Round:
    locked = Round.all_objects.select_for_update().get(pk=pt_round.pk)
    if locked.status not in expected:
        raise ProficiencyError(f"status: the round is {locked.get_status_display()}")
    locked.status = new
    fields = ["status"]
    if new == RoundStatus.CLOSED:
        locked.closed_at = clock.now()
        fields.append("closed_at")
    if new == RoundStatus.PUBLISHED:
        locked.published_at = clock.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    log(action, actor=actor, body=locked.scheme.provider_id, obj=locked, data={"code": locked.code})
    pt_round.status = locked.status
    pt_round.closed_at, pt_round.published_at = locked.closed_at, locked.published_at
    return locked


@transaction.atomic
def open_round(pt_round: Round, *, actor: Actor = SYSTEM) -> Round:
    if (
        not Measurand.all_objects.filter(round=pt_round).exists()
        or not Item.all_objects.filter(round=pt_round).exists()
    ):
        raise ProficiencyError("design: add at least one measurand and one PT item before opening the round")
    return _move(pt_round, (RoundStatus.DRAFT,), RoundStatus.OPEN, "proficiency.round.opened", actor)


@transaction.atomic
def close_round(pt_round: Round, *, actor: Actor = SYSTEM) -> Round:
    return _move(pt_round, (RoundStatus.OPEN,), RoundStatus.CLOSED, "proficiency.round.closed", actor)


@transaction.atomic
def publish_round(pt_round: Round, *, actor: Actor = SYSTEM) -> Round:
    """Publish the reports: each participant's performance credential is signed in the same transaction."""
    locked = _move(
        pt_round, (RoundStatus.EVALUATED,), RoundStatus.PUBLISHED, "proficiency.round.published", actor
    )
    sign_performance(locked)
    return locked

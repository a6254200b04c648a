"""Engagements: open, team and reviewer (impartiality), import the claim, misstatements, review, opinion.

The rules are casys.core.ghg's: the inventory is recomputed from the imported
rows; materiality comes from the programme file; the opinion from the facts
(an unmodified opinion is refused while an aggregate reaches materiality or a
material non-conformity is open). ISO/IEC 17029: the reviewer was not on the
team; the decision follows the review.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from casys import clock
from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.auditlog.services import Actor, log
from casys.core.ghg import misstatements as core_ms
from casys.core.ghg.gwp import SETS, UnknownGWPSetError, gwp_set
from casys.core.ghg.inventory import Inventory, InventoryError, InventoryLine, read_inventory
from casys.core.ghg.materiality import Materiality, ProgrammeError, materiality, shipped_programme
from casys.core.ghg.opinion import OpinionFacts, OpinionRefused, check_opinion
from casys.core.ghg.workbook import WorkbookError, read_workbook
from casys.verification.models import (
    ConsultancyDeclaration,
    Engagement,
    EngagementStatus,
    Misstatement,
    NonConformity,
    StatementLine,
)
from casys.verification.services import StatementRefused, VerificationInputError, checklist
from casys.verification.services.claims import claim_total
from casys.verification.services.competence import check_team_competence, keeps_register

STAFF_ROLES = (Role.VERIFIER, Role.ADMIN)


def _editable(engagement: Engagement) -> None:
    if engagement.status in (EngagementStatus.DECIDED, EngagementStatus.ISSUED):
        raise VerificationInputError("status", "the opinion is decided: the engagement is no longer changed")


@transaction.atomic
def open_engagement(
    body: Body,
    *,
    actor: Actor,
    client_name: str,
    title: str,
    programme: str,
    period_start: date,
    period_end: date,
    engagement_type: str = "verification",
    assurance: str = "reasonable",
    gwp: str = "AR6",
    previous_average_tco2e: float | None = None,
    reported_total_tco2e: float | None = None,
    cooling_off_years: int = 2,
    client: Body | None = None,
) -> Engagement:
    """A new engagement in planning; ``client``: the client record (kept by the body) whose contacts
    upload the statement on the portal (its name is the client's name when none is given)."""
    if body.kind != BodyKind.VALIDATION_VERIFICATION_BODY:
        raise VerificationInputError("body", "is not a validation/verification body")
    if client is not None:
        if client.kind != BodyKind.CLIENT or client.managed_by_id != body.pk:
            raise VerificationInputError("client", "is not a client of this body")
        client_name = client_name.strip() or client.name
    for field, value in (("client_name", client_name), ("title", title)):
        if not value.strip():
            raise VerificationInputError(field, "is required")
    try:
        shipped_programme(programme)
    except ProgrammeError as exc:
        raise VerificationInputError("programme", str(exc)) from exc
    try:
        gwp_set(gwp)
    except UnknownGWPSetError as exc:
        raise VerificationInputError("gwp", f"choose one of {', '.join(SETS)}") from exc
    if period_end < period_start:
        raise VerificationInputError("period_end", "ends before the period starts")
    engagement = Engagement.all_objects.create(
        body=body, client_name=client_name.strip(), title=title.strip(), programme=programme,
        engagement_type=engagement_type, assurance=assurance, period_start=period_start,
        period_end=period_end, gwp=gwp.upper(), previous_average_tco2e=previous_average_tco2e,
        reported_total_tco2e=reported_total_tco2e, cooling_off_years=cooling_off_years, client=client,
    )  # fmt: skip
    log(
        "verification.engagement.created",
        actor=actor,
        body=body,
        obj=engagement,
        data={"client": engagement.client_name, "programme": programme, "assurance": assurance},
    )
    return engagement


def _member(body: Body, user: User, *roles: str) -> bool:
    return Membership.all_objects.filter(body=body, user=user, role__in=roles, is_active=True).exists()


def consulted_within_cooling_off(
    engagement: Engagement, user: User, on: date
) -> ConsultancyDeclaration | None:
    """A consultancy of ``user`` for the client, ongoing or ended within the cooling-off period."""
    years = engagement.cooling_off_years
    limit = on.replace(year=on.year - years, day=min(on.day, 28) if on.month == 2 else on.day)
    for d in ConsultancyDeclaration.all_objects.filter(body=engagement.body, user=user):
        if d.client_name.strip().casefold() != engagement.client_name.strip().casefold():
            continue
        if d.ended_on is None or d.ended_on > limit:
            return d
    return None


def _impartial(engagement: Engagement, user: User, field: str) -> None:
    found = consulted_within_cooling_off(engagement, user, clock.today())
    if found is not None:
        ended = found.ended_on.isoformat() if found.ended_on else "ongoing"
        raise VerificationInputError(
            field,
            f"{user.email} consulted for {engagement.client_name} ({ended}) within the cooling-off period of "
            f"{engagement.cooling_off_years} years",
        )


@transaction.atomic
def declare_consultancy(
    body: Body, *, actor: Actor, user: User, client_name: str, ended_on: date | None, description: str = ""
) -> ConsultancyDeclaration:
    """Record a person's consultancy for a client (checked when teams and reviewers are assigned)."""
    if not client_name.strip():
        raise VerificationInputError("client_name", "is required")
    d = ConsultancyDeclaration.all_objects.create(
        body=body,
        user=user,
        client_name=client_name.strip(),
        ended_on=ended_on,
        description=description.strip(),
    )
    log(
        "verification.consultancy.declared",
        actor=actor,
        body=body,
        obj=d,
        data={
            "user": user.email,
            "client": d.client_name,
            "ended_on": ended_on.isoformat() if ended_on else None,
        },
    )
    return d


@transaction.atomic
def assign_team(engagement: Engagement, *, actor: Actor, members: Sequence[User]) -> Engagement:
    """The verification team: verifiers of the body; the reviewer may not be on it (ISO/IEC 17029)."""
    _editable(engagement)
    if not members:
        raise VerificationInputError("team", "choose at least one verifier")
    for user in members:
        if not _member(engagement.body, user, Role.VERIFIER):
            raise VerificationInputError("team", f"{user.email} is not a verifier of {engagement.body.name}")
        if engagement.reviewer_id == user.pk:
            raise VerificationInputError("team", f"{user.email} is the independent reviewer")
        _impartial(engagement, user, "team")
    if keeps_register(engagement.body):
        plan = getattr(engagement, "plan", None)
        check_team_competence(engagement, members, plan.sector if plan else "")
    engagement.team.set(members)
    log(
        "verification.team.assigned",
        actor=actor,
        body=engagement.body,
        obj=engagement,
        data={"team": sorted(u.email for u in members)},
    )
    return engagement


@transaction.atomic
def assign_reviewer(engagement: Engagement, *, actor: Actor, reviewer: User) -> Engagement:
    """The independent reviewer: staff of the body who is not on the team (ISO/IEC 17029 review)."""
    _editable(engagement)
    if not _member(engagement.body, reviewer, *STAFF_ROLES):
        raise VerificationInputError(
            "reviewer", f"{reviewer.email} is not a verifier of {engagement.body.name}"
        )
    if engagement.team.filter(pk=reviewer.pk).exists():
        raise VerificationInputError(
            "reviewer", f"{reviewer.email} is on the team: the review must be independent"
        )
    _impartial(engagement, reviewer, "reviewer")
    engagement.reviewer = reviewer
    engagement.save(update_fields=["reviewer"])
    log(
        "verification.reviewer.assigned",
        actor=actor,
        body=engagement.body,
        obj=engagement,
        data={"reviewer": reviewer.email},
    )
    return engagement


def inventory_of(engagement: Engagement) -> Inventory:
    """The recomputed inventory of the imported statement (from the stored lines)."""
    lines = list(engagement.lines.all())
    by_category: dict[str, float] = {}
    by_gas: dict[str, float] = {}
    for ln in lines:
        by_category[ln.category] = by_category.get(ln.category, 0.0) + ln.tco2e
        by_gas[ln.gas] = by_gas.get(ln.gas, 0.0) + ln.tco2e
    gwps = gwp_set(engagement.gwp)
    return Inventory(
        gwp=gwps.name,
        gwp_source=gwps.source,
        lines=(),
        total_tco2e=sum(ln.tco2e for ln in lines),
        by_category=dict(sorted(by_category.items())),
        by_gas=by_gas,
    )


#: The largest statement file accepted on a page (CSV or XLSX).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def statement_text(data: bytes, filename: str) -> tuple[str, str | None]:
    """The CSV text of an uploaded statement file and the name of the sheet read (None for CSV).

    A workbook's first sheet is read row for row, so an error names the row the spreadsheet shows.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise VerificationInputError("file", f"{filename}: larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            sheet = read_workbook(data)
        except WorkbookError as exc:
            raise VerificationInputError("file", f"{filename}: {exc}") from exc
        return sheet.csv_text, sheet.name
    if name.endswith(".csv") or name.endswith(".txt"):
        try:
            return data.decode("utf-8-sig"), None
        except UnicodeDecodeError as exc:
            raise VerificationInputError("file", f"{filename}: not UTF-8 text (byte {exc.start})") from exc
    raise VerificationInputError("file", f"{filename}: expected a .csv or .xlsx file")


@transaction.atomic
def import_statement(
    engagement: Engagement,
    *,
    actor: Actor,
    text: str,
    sheet: str | None = None,
    field: str = "statement",
    by_client: bool = False,
) -> Inventory:
    """Import the client's GHG statement (CSV text); every bad cell named; nothing saved on a refusal.

    ``sheet``: the workbook's sheet the text was read from, named in the errors. A difference
    between the client's reported total and the recomputed one is recorded as a factual misstatement.
    """
    _editable(engagement)
    try:
        inventory = read_inventory(text, gwp_set(engagement.gwp))
    except InventoryError as exc:
        where = f"sheet {sheet!r}, " if sheet else ""
        raise StatementRefused(field, [where + str(e) for e in exc.errors]) from exc
    # all_objects: a client's contact (scoped to the client) replaces the lines and the misstatement too
    StatementLine.all_objects.filter(engagement=engagement).delete()
    StatementLine.all_objects.bulk_create(_line(engagement, ln) for ln in inventory.lines)
    Misstatement.all_objects.filter(engagement=engagement, description__startswith=REPORTED_TOTAL).delete()
    if engagement.reported_total_tco2e is not None:
        diff = engagement.reported_total_tco2e - inventory.total_tco2e
        if abs(diff) > 1e-6:
            Misstatement.all_objects.create(
                engagement=engagement, kind="factual", amount=diff,
                description=f"{REPORTED_TOTAL} {engagement.reported_total_tco2e:g} t CO2e, "
                f"recomputed {inventory.total_tco2e:.3f} t CO2e",
            )  # fmt: skip
    if engagement.status == EngagementStatus.PLANNING:
        engagement.status = EngagementStatus.EXECUTION
        engagement.save(update_fields=["status"])
    log(
        "verification.statement.imported",
        actor=actor,
        body=engagement.body,
        obj=engagement,
        data={
            "rows": len(inventory.lines),
            "total_tco2e": round(inventory.total_tco2e, 6),
            **({"sheet": sheet} if sheet else {}),
            **({"by": "client"} if by_client else {}),
        },
    )
    return inventory


REPORTED_TOTAL = "Reported total differs from the recomputed total:"


def _line(engagement: Engagement, ln: InventoryLine) -> StatementLine:
    r = ln.row
    return StatementLine(
        engagement=engagement, row=r.row, source=r.source, category=r.category, gas=ln.gas,
        activity=r.activity, activity_unit=r.activity_unit, factor=r.factor, factor_unit=r.factor_unit,
        emission_t=ln.emission_t, tco2e=ln.tco2e,
    )  # fmt: skip


@transaction.atomic
def record_misstatement(
    engagement: Engagement,
    *,
    actor: Actor,
    kind: str,
    amount: float,
    description: str,
    corrected: bool = False,
    base: str = "total emissions",
    chain: Sequence[tuple[float, str, str, str]] = (),
    start: tuple[float, str] | None = None,
    upper_limit: float | None = None,
) -> Misstatement:
    """Record a misstatement; its conversion chain (fuel t → TJ → t CO2) is kept when given."""
    _editable(engagement)
    if not description.strip():
        raise VerificationInputError("description", "is required")
    try:
        core_ms.Misstatement(amount, kind)
        steps = core_ms.conversion_chain(start[0], start[1], chain) if start else ()
    except ValueError as exc:
        raise VerificationInputError("kind" if "kind" in str(exc) else "chain", str(exc)) from exc
    ms = Misstatement.all_objects.create(
        engagement=engagement, kind=kind, amount=amount, description=description.strip(), corrected=corrected,
        base=base, upper_limit=upper_limit,
        chain=[{"label": s.label, "value": s.value, "unit": s.unit, "factor": s.factor} for s in steps],
    )  # fmt: skip
    log(
        "verification.misstatement.recorded",
        actor=actor,
        body=engagement.body,
        obj=ms,
        data={"kind": kind, "amount": amount, "base": base, "corrected": corrected},
    )
    return ms


@transaction.atomic
def record_nonconformity(
    engagement: Engagement, *, actor: Actor, description: str, material: bool, closed: bool = False
) -> NonConformity:
    _editable(engagement)
    if not description.strip():
        raise VerificationInputError("description", "is required")
    nc = NonConformity.all_objects.create(
        engagement=engagement, description=description.strip(), material=material, closed=closed
    )
    log(
        "verification.nonconformity.recorded",
        actor=actor,
        body=engagement.body,
        obj=nc,
        data={"material": material, "closed": closed},
    )
    return nc


def materiality_of(engagement: Engagement) -> Materiality:
    """The materiality level on the recomputed total (category from the previous average, if any);
    for a claim other than an inventory (a project's reductions), on the claim's total."""
    claimed = claim_total(engagement)
    total = claimed if claimed is not None else inventory_of(engagement).total_tco2e
    return materiality(shipped_programme(engagement.programme), total, engagement.previous_average_tco2e)


def facts_of(engagement: Engagement) -> tuple[OpinionFacts, Materiality, core_ms.Aggregate]:
    """The facts the opinion rules need, from the engagement's records."""
    level = materiality_of(engagement)
    found = [
        core_ms.Misstatement(m.amount, m.kind, corrected=m.corrected, base=m.base)
        for m in engagement.misstatements.all()
    ]
    agg = core_ms.aggregate(found, materiality=level.level, decides=level.decides, base="total emissions")
    open_material = tuple(
        nc.description for nc in engagement.nonconformities.filter(material=True, closed=False)
    )
    facts = OpinionFacts(
        aggregates=(agg,),
        open_material_nonconformities=open_material,
        insufficient_evidence=engagement.insufficient_evidence,
        pervasive=engagement.pervasive,
    )
    return facts, level, agg


@transaction.atomic
def complete_review(engagement: Engagement, *, actor: Actor, on: date, comment: str = "") -> Engagement:
    """The independent review, by the assigned reviewer only (not on the team)."""
    _editable(engagement)
    if engagement.reviewer_id is None:
        raise VerificationInputError("reviewer", "assign an independent reviewer first")
    if actor.user is None or actor.user.pk != engagement.reviewer_id:
        raise VerificationInputError(
            "reviewer", "only the assigned independent reviewer completes the review"
        )
    if engagement.team.filter(pk=engagement.reviewer_id).exists():
        raise VerificationInputError(
            "reviewer", "the reviewer is on the team: the review must be independent"
        )
    if not engagement.lines.exists() and not engagement.claim_figures.exists():
        raise VerificationInputError("statement", "import the GHG statement (or record the claim) first")
    engagement.reviewed_on = on
    engagement.review_comment = comment.strip()
    engagement.status = EngagementStatus.REVIEW
    engagement.save(update_fields=["reviewed_on", "review_comment", "status"])
    log("verification.review.completed", actor=actor, body=engagement.body, obj=engagement, data={})
    return engagement


@transaction.atomic
def decide_opinion(engagement: Engagement, *, actor: Actor, opinion: str) -> Engagement:
    """Decide the opinion after the review; the core rules refuse what the facts do not allow."""
    if engagement.status != EngagementStatus.REVIEW:
        raise VerificationInputError("status", "the opinion is decided after the independent review")
    unanswered = checklist.blocking(engagement)
    if unanswered:
        raise VerificationInputError("checklist", unanswered)
    facts, _level, _agg = facts_of(engagement)
    try:
        decided = check_opinion(facts, opinion)
    except OpinionRefused as exc:
        raise VerificationInputError("opinion", str(exc)) from exc
    except ValueError as exc:
        raise VerificationInputError("opinion", str(exc)) from exc
    engagement.opinion = decided.kind
    engagement.opinion_reasons = [{"code": r.code, "message": r.message} for r in decided.reasons]
    engagement.status = EngagementStatus.DECIDED
    engagement.save(update_fields=["opinion", "opinion_reasons", "status"])
    log(
        "verification.opinion.decided",
        actor=actor,
        body=engagement.body,
        obj=engagement,
        data={"opinion": decided.kind, "reasons": [r.code for r in decided.reasons]},
    )
    return engagement


def summary(engagement: Engagement) -> dict[str, Any]:
    """Figures for pages and the statement: totals, materiality, aggregates."""
    inv = inventory_of(engagement)
    facts, level, agg = facts_of(engagement)
    return {
        "total_tco2e": inv.total_tco2e,
        "by_category": inv.by_category,
        "by_gas": inv.by_gas,
        "materiality": level,
        "aggregate": agg,
        "facts": facts,
    }

"""The engagement's middle (ISO 14064-3:2019 6.1): competence and time, risk per source, sampling
plans and their evaluation, control tests, base year and removals.

Every rule is casys.core's: the detection risk and planned work from the risk
model (:mod:`casys.core.ghg.risk`), MUS sizes, seeded selection and the Stringer
evaluation (:mod:`casys.core.sampling`), control-test sizes and their evaluation
(:mod:`casys.core.sampling.attributes`), the base-year recalculation
(:mod:`casys.core.ghg.base_year`). An evaluated sample becomes a *projected*
misstatement on the engagement, with its chain and upper misstatement limit.
"""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal
from typing import Any

from django.db import transaction

from casys.auditlog.services import Actor, log
from casys.core.ghg.base_year import Change, Recalculation, recalculation
from casys.core.ghg.inventory import CATEGORIES
from casys.core.ghg.risk import LEVELS, assess
from casys.core.sampling.attributes import attribute_sample_size, upper_deviation_rate
from casys.core.sampling.monetary_unit import SampleItem, mus_evaluate, mus_sample_size
from casys.core.sampling.selection import select_systematic
from casys.verification.models import (
    BaseYear,
    ControlTest,
    Engagement,
    EngagementPlan,
    Removal,
    SamplingPlan,
    SourceRisk,
    StructuralChange,
)
from casys.verification.services import VerificationInputError
from casys.verification.services.competence import check_team_competence
from casys.verification.services.engagements import _editable, record_misstatement


@transaction.atomic
def plan_engagement(
    engagement: Engagement, *, actor: Actor, sector: str, days: Decimal | float, justification: str
) -> EngagementPlan:
    """The plan's header: sector and time allocated with its justification; the team's competence checked."""
    _editable(engagement)
    sector = sector.strip()
    if not sector:
        raise VerificationInputError("sector", "is required")
    days = Decimal(str(days))
    if not days.is_finite() or days <= 0:
        raise VerificationInputError("days", "must be above 0")
    if not justification.strip():
        raise VerificationInputError("justification", "say why this time is enough")
    team = list(engagement.team.all())
    if not team:
        raise VerificationInputError("team", "assign the team first")
    check_team_competence(engagement, team, sector)
    plan, _created = EngagementPlan.all_objects.update_or_create(
        engagement=engagement,
        defaults={"sector": sector, "days": days, "justification": justification.strip()},
    )
    log(
        "verification.plan.recorded",
        actor=actor,
        body=engagement.body,
        obj=engagement,
        data={"sector": sector, "days": str(days)},
    )
    return plan


# --- risk per source (ISO 14064-3:2019 6.1.3, 6.1.4) --------------------------------------------


@transaction.atomic
def assess_source(
    engagement: Engagement, *, actor: Actor, source: str, inherent: str, control: str, justification: str
) -> SourceRisk:
    """Record (or revise) the risks of one source; detection risk and planned work follow from the model."""
    _editable(engagement)
    source = source.strip()
    if not source:
        raise VerificationInputError("source", "is required")
    known = set(engagement.lines.values_list("source", flat=True))
    if known and source not in known:
        raise VerificationInputError("source", f"{source!r} is not a source of the imported statement")
    for name, value in (("inherent", inherent), ("control", control)):
        if value not in LEVELS:
            raise VerificationInputError(name, f"choose one of {', '.join(LEVELS)}")
    if not justification.strip():
        raise VerificationInputError("justification", "is required")
    a = assess(inherent, control)
    risk, _created = SourceRisk.all_objects.update_or_create(
        engagement=engagement, source=source,
        defaults={"inherent": inherent, "control": control, "detection": a.detection, "work": a.work,
                  "justification": justification.strip()},
    )  # fmt: skip
    log(
        "verification.risk.assessed",
        actor=actor,
        body=engagement.body,
        obj=risk,
        data={"source": source, "inherent": inherent, "control": control, "detection": a.detection},
    )
    return risk


# --- sampling plans (MUS) ------------------------------------------------------------------------


def _csv_rows(text: str, field: str, value_column: str) -> list[tuple[str, float]]:
    """Rows ``item,<value_column>`` of a CSV; the first bad cell named by row and column."""
    reader = csv.DictReader(io.StringIO(text.strip().lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    for column in ("item", value_column):
        if column not in header:
            raise VerificationInputError(field, f"row 1, column {column}: column missing from the header")
    reader.fieldnames = header
    rows: list[tuple[str, float]] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        item = (raw.get("item") or "").strip()
        cell = (raw.get(value_column) or "").strip()
        if not item and not cell:
            continue
        if not item:
            raise VerificationInputError(field, f"row {line}, column item: empty")
        if item in seen:
            raise VerificationInputError(field, f"row {line}, column item: {item!r} given twice")
        try:
            value = float(cell)
        except ValueError:
            raise VerificationInputError(
                field, f"row {line}, column {value_column}: {cell!r} is not a number"
            ) from None
        if not math.isfinite(value) or value < 0:
            raise VerificationInputError(field, f"row {line}, column {value_column}: must be zero or more")
        seen.add(item)
        rows.append((item, value))
    if not rows:
        raise VerificationInputError(field, "no rows")
    return rows


@transaction.atomic
def create_sampling_plan(
    engagement: Engagement,
    *,
    actor: Actor,
    name: str,
    population: str,
    tolerable: float,
    confidence: float,
    seed: int,
    expected: float = 0.0,
) -> SamplingPlan:
    """A MUS plan over ``population`` (CSV item,book_value): size, interval and the seeded selection."""
    _editable(engagement)
    if not name.strip():
        raise VerificationInputError("name", "is required")
    items = _csv_rows(population, "population", "book_value")
    value = math.fsum(v for _i, v in items)
    if value <= 0:
        raise VerificationInputError("population", "the population has no value")
    if not 0 < confidence < 1:
        raise VerificationInputError("confidence", "must lie strictly between 0 and 1 (e.g. 0.95)")
    if not 0 < tolerable <= value:
        raise VerificationInputError(
            "tolerable", f"must be above 0 and at most the population value {value:g}"
        )
    if not 0 <= expected < tolerable:
        raise VerificationInputError("expected", "must be zero or more and below the tolerable misstatement")
    if seed < 0:
        raise VerificationInputError("seed", "must be zero or more")
    try:
        size = mus_sample_size(value, tolerable, confidence, expected)
    except ValueError as exc:
        raise VerificationInputError("tolerable", str(exc)) from exc
    chosen = select_systematic(items, size.sample_size, seed)
    plan = SamplingPlan.all_objects.create(
        engagement=engagement, name=name.strip(), items=[[i, v] for i, v in items], population_value=value,
        tolerable=tolerable, confidence=confidence, expected=expected, sample_size=size.sample_size,
        sampling_interval=size.sampling_interval, reliability_factor=size.reliability_factor, seed=seed,
        selection=[[s.item, s.book_value, s.hit] for s in chosen],
    )  # fmt: skip
    log(
        "verification.sampling.planned",
        actor=actor,
        body=engagement.body,
        obj=plan,
        data={
            "name": plan.name,
            "population": value,
            "tolerable": tolerable,
            "confidence": confidence,
            "expected": expected,
            "sample_size": size.sample_size,
            "seed": seed,
        },
    )
    return plan


def selected_items(plan: SamplingPlan) -> list[tuple[str, float]]:
    """The distinct items the selection hit, in population order (an item hit twice is tested once)."""
    seen: dict[str, float] = {}
    for item, book, _hit in plan.selection:
        seen.setdefault(item, book)
    return list(seen.items())


def reselect(plan: SamplingPlan) -> list[list[Any]]:
    """The selection recomputed from the recorded seed (equal to the stored one: reproducible)."""
    chosen = select_systematic([(i, v) for i, v in plan.items], plan.sample_size, plan.seed)
    return [[s.item, s.book_value, s.hit] for s in chosen]


@transaction.atomic
def evaluate_sample(plan: SamplingPlan, *, actor: Actor, audited: str) -> SamplingPlan:
    """Evaluate the sample with the audited values (CSV item,audited_value): Stringer bound, and the
    projected misstatement recorded on the engagement with its chain."""
    engagement = plan.engagement
    _editable(engagement)
    if plan.misstatement_id is not None:
        raise VerificationInputError("audited", "the sample is evaluated already")
    values = dict(_csv_rows(audited, "audited", "audited_value"))
    selected = selected_items(plan)
    names = {i for i, _v in selected}
    for item in values:
        if item not in names:
            raise VerificationInputError("audited", f"item {item!r} is not in the selection")
    for item, _book in selected:
        if item not in values:
            raise VerificationInputError("audited", f"item {item!r}: audited value missing")
    ev = mus_evaluate(
        [SampleItem(i, b, values[i]) for i, b in selected], plan.population_value, plan.confidence,
        sample_size=plan.sample_size,
    )  # fmt: skip
    taint = math.fsum(ev.taintings)
    ms = record_misstatement(
        engagement, actor=actor, kind="projected", amount=round(ev.projected_misstatement, 6),
        upper_limit=round(ev.upper_misstatement_limit, 6),
        description=f"Projected from the monetary-unit sample {plan.name!r} (n = {plan.sample_size}, "
        f"seed {plan.seed}); upper misstatement limit {ev.upper_misstatement_limit:.1f} (Stringer)",
    )  # fmt: skip
    ms.chain = [
        {"label": "population value", "value": plan.population_value, "unit": "t CO2e", "factor": ""},
        {"label": "sampling interval", "value": ev.sampling_interval, "unit": "t CO2e",
         "factor": f"/ {plan.sample_size}"},
        {"label": "sum of taintings", "value": taint, "unit": "", "factor": ""},
        {"label": "top stratum misstatement", "value": ev.top_stratum_misstatement, "unit": "t CO2e",
         "factor": ""},
        {"label": "projected misstatement", "value": ev.projected_misstatement, "unit": "t CO2e",
         "factor": "taintings × interval + top stratum"},
        {"label": "upper misstatement limit", "value": ev.upper_misstatement_limit, "unit": "t CO2e",
         "factor": f"Stringer, confidence {plan.confidence:g}"},
    ]  # fmt: skip
    ms.save(update_fields=["chain"])
    plan.audited = values
    plan.projected = ev.projected_misstatement
    plan.basic_precision = ev.basic_precision
    plan.upper_limit = ev.upper_misstatement_limit
    plan.misstatement = ms
    plan.save(update_fields=["audited", "projected", "basic_precision", "upper_limit", "misstatement"])
    log(
        "verification.sampling.evaluated",
        actor=actor,
        body=engagement.body,
        obj=plan,
        data={"projected": ev.projected_misstatement, "upper_limit": ev.upper_misstatement_limit},
    )
    return plan


# --- control tests (attribute sampling) ----------------------------------------------------------


@transaction.atomic
def plan_control_test(
    engagement: Engagement,
    *,
    actor: Actor,
    control: str,
    tolerable_rate: float,
    risk: float,
    expected_rate: float = 0.0,
) -> ControlTest:
    """A control test with its attribute sample size (rates and risk as fractions)."""
    _editable(engagement)
    if not control.strip():
        raise VerificationInputError("control", "is required")
    if not 0 < tolerable_rate < 1:
        raise VerificationInputError("tolerable_rate", "must lie strictly between 0 and 1 (e.g. 0.05)")
    if not 0 < risk < 1:
        raise VerificationInputError("risk", "must lie strictly between 0 and 1 (e.g. 0.05)")
    if not 0 <= expected_rate < tolerable_rate:
        raise VerificationInputError("expected_rate", "must be zero or more and below the tolerable rate")
    n = attribute_sample_size(risk, tolerable_rate, expected_rate)
    test = ControlTest.all_objects.create(
        engagement=engagement, control=control.strip(), tolerable_rate=tolerable_rate, risk=risk,
        expected_rate=expected_rate, sample_size=n,
    )  # fmt: skip
    log(
        "verification.control.planned",
        actor=actor,
        body=engagement.body,
        obj=test,
        data={"control": test.control, "sample_size": n},
    )
    return test


@transaction.atomic
def record_control_result(test: ControlTest, *, actor: Actor, deviations: int) -> ControlTest:
    """Deviations found in the sample; the control is relied on when the upper rate stays below tolerable."""
    _editable(test.engagement)
    if not 0 <= deviations <= test.sample_size:
        raise VerificationInputError(
            "deviations", f"must be between 0 and the sample size {test.sample_size}"
        )
    upper = upper_deviation_rate(test.sample_size, deviations, test.risk)
    test.deviations = deviations
    test.upper_rate = upper
    test.relied_on = upper < test.tolerable_rate
    test.save(update_fields=["deviations", "upper_rate", "relied_on"])
    log(
        "verification.control.tested",
        actor=actor,
        body=test.engagement.body,
        obj=test,
        data={"deviations": deviations, "upper_rate": upper, "relied_on": test.relied_on},
    )
    return test


# --- base year and removals (ISO 14064-1:2018 6.4, 9.3.1) ---------------------------------------


@transaction.atomic
def set_base_year(
    engagement: Engagement, *, actor: Actor, year: int, tco2e: float, threshold_percent: float, source: str
) -> BaseYear:
    """The base year, its emissions and the recalculation threshold (with where the threshold comes from)."""
    _editable(engagement)
    if year > engagement.period_end.year:
        raise VerificationInputError("year", "the base year lies after the reporting period")
    if not math.isfinite(tco2e) or tco2e <= 0:
        raise VerificationInputError("tco2e", "must be above 0")
    if not 0 < threshold_percent <= 100:
        raise VerificationInputError("threshold_percent", "must be above 0 and at most 100")
    if not source.strip():
        raise VerificationInputError("source", "say where the threshold comes from")
    by, _created = BaseYear.all_objects.update_or_create(
        engagement=engagement,
        defaults={"year": year, "tco2e": tco2e, "threshold_percent": threshold_percent,
                  "threshold_source": source.strip()},
    )  # fmt: skip
    log(
        "verification.base_year.set",
        actor=actor,
        body=engagement.body,
        obj=by,
        data={"year": year, "tco2e": tco2e, "threshold_percent": threshold_percent},
    )
    return by


@transaction.atomic
def record_structural_change(
    engagement: Engagement, *, actor: Actor, description: str, tco2e: float
) -> StructuralChange:
    """A structural change since the base year (signed: an acquisition adds, a divestment takes away)."""
    _editable(engagement)
    if not hasattr(engagement, "base_year"):
        raise VerificationInputError("description", "record the base year first")
    if not description.strip():
        raise VerificationInputError("description", "is required")
    if not math.isfinite(tco2e) or tco2e == 0:
        raise VerificationInputError("tco2e", "must be a number other than 0")
    change = StructuralChange.all_objects.create(
        engagement=engagement, description=description.strip(), tco2e=tco2e
    )
    log(
        "verification.structural_change.recorded",
        actor=actor,
        body=engagement.body,
        obj=change,
        data={"description": change.description, "tco2e": tco2e},
    )
    return change


def base_year_recalculation(engagement: Engagement) -> Recalculation | None:
    """The base year after the recorded structural changes (``None`` without a base year)."""
    by = BaseYear.all_objects.filter(engagement=engagement).first()
    if by is None:
        return None
    changes = [Change(c.description, c.tco2e) for c in engagement.structural_changes.all()]
    return recalculation(by.tco2e, changes, by.threshold_percent)


@transaction.atomic
def record_removal(
    engagement: Engagement, *, actor: Actor, source: str, category: str, tco2e: float
) -> Removal:
    """Removals of a source, reported apart from emissions (never netted into the total)."""
    _editable(engagement)
    if not source.strip():
        raise VerificationInputError("source", "is required")
    if category not in CATEGORIES:
        raise VerificationInputError("category", f"{category!r} is not an ISO 14064-1 category (1 to 6)")
    if not math.isfinite(tco2e) or tco2e <= 0:
        raise VerificationInputError("tco2e", "removals are a positive figure")
    removal = Removal.all_objects.create(engagement=engagement, source=source.strip(), category=category,
                                         tco2e=tco2e)  # fmt: skip
    log(
        "verification.removal.recorded",
        actor=actor,
        body=engagement.body,
        obj=removal,
        data={"source": removal.source, "category": category, "tco2e": tco2e},
    )
    return removal

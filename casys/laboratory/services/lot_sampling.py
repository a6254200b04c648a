"""Lot-by-lot acceptance inspection: the plan for the current severity, the decision, the switching rules.

The severity for the next lot is recomputed from the recorded lots by the
switching rules of casys core (:mod:`casys.core.sampling.switching`,
MIL-STD-105E 4.7), folding :func:`next_state` over the lots and applying
:func:`resume` where an inspection was resumed after discontinuation. The core's
``run`` stops at discontinuation and knows no resumption, hence the fold here.

Reduced inspection is never entered: the normal → reduced rule (MIL-STD-105E
4.7.3) needs the limit numbers of Table VIII, which casys does not ship, and the
approval of the responsible authority (4.7.3 d). The decision logic for reduced
plans (4.9.4) is here all the same, for the day a body loads Table VIII.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.clock import today
from casys.core.sampling import (
    LotResult,
    SamplingTableError,
    SwitchingRules,
    SwitchingState,
    TableNotLoadedError,
    double_plan,
    next_state,
    single_plan,
)
from casys.core.sampling import Severity as CoreSeverity
from casys.core.sampling.code_letters import normalise_level
from casys.core.sampling.switching import resume
from casys.core.sampling.tables import aql_key
from casys.laboratory.models import (
    Basis,
    SampledLot,
    Sampling,
    SamplingResumption,
    SamplingScheme,
    Severity,
)
from casys.laboratory.services import LabInputError

# No Table VIII shipped (casys/core/data/iso2859/README.md): reduced inspection is never used.
RULES = SwitchingRules(reduced=None)


class LotSamplingError(LabInputError):
    """A lot cannot be inspected now (discontinued, table not shipped); names no form field."""

    def __init__(self, message: str) -> None:
        super().__init__("__all__", message)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class LotPlan:
    """The plan that applies to a lot: code letter, table and Ac/Re (second sample empty for single)."""

    severity: str
    code_letter: str
    plan_letter: str
    table: str
    source: str
    n1: int
    Ac1: int
    Re1: int
    n2: int | None = None
    Ac2: int | None = None
    Re2: int | None = None
    full_inspection: bool = False

    @property
    def double(self) -> bool:
        return self.n2 is not None


@dataclass(frozen=True)
class LotStep:
    """One recorded lot with the switching state before and after it (``event`` when severity changed)."""

    lot: SampledLot
    before: SwitchingState
    after: SwitchingState
    resumed: SamplingResumption | None

    @property
    def event(self) -> str | None:
        """The reason for a change of severity after this lot, in the reader's language."""
        return reason_text(self.after.reason) if self.after.severity != self.before.severity else None


@dataclass(frozen=True)
class History:
    """The switching state after every lot of a scheme, and for the next lot."""

    steps: tuple[LotStep, ...]
    state: SwitchingState


# The core's reasons (casys/core/sampling/switching.py) in the reader's language; others shown as they are.
REASONS = {
    "start on normal inspection (MIL-STD-105E 4.6.1)": gettext_lazy(
        "start on normal inspection (MIL-STD-105E 4.6.1)"
    ),
    "normal inspection continues (MIL-STD-105E 4.6.1)": gettext_lazy(
        "normal inspection continues (MIL-STD-105E 4.6.1)"
    ),
    "2 of 5 or fewer consecutive lots rejected (MIL-STD-105E 4.7.1)": gettext_lazy(
        "2 of 5 or fewer consecutive lots rejected (MIL-STD-105E 4.7.1)"
    ),
    "tightened inspection continues (MIL-STD-105E 4.7.2)": gettext_lazy(
        "tightened inspection continues (MIL-STD-105E 4.7.2)"
    ),
    "5 consecutive lots accepted on tightened (MIL-STD-105E 4.7.2)": gettext_lazy(
        "5 consecutive lots accepted on tightened (MIL-STD-105E 4.7.2)"
    ),
    "reduced inspection continues (MIL-STD-105E 4.7.4)": gettext_lazy(
        "reduced inspection continues (MIL-STD-105E 4.7.4)"
    ),
    "lot rejected on reduced inspection (MIL-STD-105E 4.7.4 a)": gettext_lazy(
        "lot rejected on reduced inspection (MIL-STD-105E 4.7.4 a)"
    ),
    "count between Ac and Re on reduced inspection (MIL-STD-105E 4.7.4 b, 4.9.4)": gettext_lazy(
        "count between Ac and Re on reduced inspection (MIL-STD-105E 4.7.4 b, 4.9.4)"
    ),
    "inspection resumed on tightened inspection (MIL-STD-105E 4.7.5)": gettext_lazy(
        "inspection resumed on tightened inspection (MIL-STD-105E 4.7.5)"
    ),
}
_DISCONTINUE = re.compile(r"^(\d+) lots not accepted on tightened inspection: discontinue$")


def reason_text(reason: str) -> str:
    """The core's reason for a severity, translated when it is one casys knows."""
    known = REASONS.get(reason)
    if known is not None:
        return str(known)
    match = _DISCONTINUE.match(reason)
    if match:
        return _(
            "%(count)s lots not accepted on tightened inspection: "
            "inspection discontinued (MIL-STD-105E 4.7.5)"
        ) % {"count": match.group(1)}
    return reason


def reduced_unavailable() -> str:
    """Why the scheme never switches to reduced inspection."""
    return _(
        "Reduced inspection is not used: the switch from normal to reduced (MIL-STD-105E 4.7.3) needs the "
        "limit numbers of Table VIII, which are not shipped with casys, and the approval of the responsible "
        "authority."
    )


def lot_result(lot: SampledLot) -> LotResult:
    """What the switching rules need of a recorded lot."""
    return LotResult(
        accepted=lot.accepted,
        nonconforming=lot.found,
        sample_units=lot.sample_units,
        reinstate_normal=lot.reinstate_normal,
    )


def history(scheme: SamplingScheme) -> History:
    """Replay the switching rules over the scheme's lots (in order) and its resumptions."""
    lots = sorted(scheme.lots.all(), key=lambda lot: lot.sequence)  # uses a prefetch when there is one
    resumptions = {r.after_lots: r for r in scheme.resumptions.all()}
    return replay(lots, resumptions)


def replay(lots: Sequence[SampledLot], resumptions: dict[int, SamplingResumption]) -> History:
    state = SwitchingState()
    steps = []
    for index, lot in enumerate(lots):
        resumed = resumptions.get(index) if state.severity is CoreSeverity.DISCONTINUED else None
        if resumed is not None:
            state = resume(state)
        after = next_state(state, lot_result(lot), RULES)
        steps.append(LotStep(lot, state, after, resumed))
        state = after
    if state.severity is CoreSeverity.DISCONTINUED and len(lots) in resumptions:
        state = resume(state)
    return History(tuple(steps), state)


def plan_for(scheme: SamplingScheme, lot_size: int, severity: str) -> LotPlan:
    """The plan of the scheme for a lot of ``lot_size`` under ``severity``; LabInputError names why not."""
    try:
        if scheme.double:
            d = double_plan(lot_size, scheme.level, scheme.aql, severity)
            if d.single is not None:  # Table III asterisk: use the single plan
                s = d.single
                return LotPlan(severity, s.code_letter, s.plan_letter, d.table, d.source, s.n, s.Ac, s.Re,
                               full_inspection=s.full_inspection)  # fmt: skip
            return LotPlan(severity, d.code_letter, d.plan_letter, d.table, d.source, d.n1, d.Ac1, d.Re1,
                           d.n2, d.Ac2, d.Re2, d.full_inspection)  # fmt: skip
        p = single_plan(lot_size, scheme.level, scheme.aql, severity)
    except TableNotLoadedError as exc:
        raise LotSamplingError(
            _("No plan for %(severity)s inspection: %(reason)s. Nothing was recorded.")
            % {"severity": Severity(severity).label, "reason": str(exc).removeprefix("inspection: ")}
        ) from None
    except SamplingTableError as exc:
        raise LabInputError("lot_size", str(exc)) from None
    return LotPlan(severity, p.code_letter, p.plan_letter, p.table, p.source, p.n, p.Ac, p.Re,
                   full_inspection=p.full_inspection)  # fmt: skip


@transaction.atomic
def create_scheme(
    lab: Body,
    *,
    actor: Actor,
    code: str,
    product: str,
    characteristic: str,
    supplier: str,
    level: str,
    aql: str,
    sampling: str,
    basis: str,
    lot_size: int,
) -> SamplingScheme:
    """Define a scheme; the AQL must be a column of the master tables (MIL-STD-105E Table II)."""
    for name, value in (("code", code), ("product", product), ("characteristic", characteristic),
                        ("supplier", supplier)):  # fmt: skip
        if not value.strip():
            raise LabInputError(name, _("is required"))
    try:
        level = normalise_level(level)
    except SamplingTableError:
        raise LabInputError("level", _("is not an inspection level (S-1 to S-4, I, II, III)")) from None
    try:
        aql = aql_key(aql)
    except SamplingTableError:
        raise LabInputError("aql", _("is not a column of the master tables")) from None
    # MIL-STD-105E 4.2: AQLs above 10 are expressed in nonconformities per hundred units only.
    if float(aql) > 10 and basis != Basis.PER_100:
        raise LabInputError("basis", _("an AQL above 10 is expressed in nonconformities per 100 units only"))
    if sampling not in Sampling.values:
        raise LabInputError("sampling", _("must be single or double"))
    if basis not in Basis.values:
        raise LabInputError("basis", _("must be nonconforming items or nonconformities per 100 units"))
    if lot_size < 2:
        raise LabInputError("lot_size", _("must be at least 2"))
    if SamplingScheme.all_objects.filter(body=lab, code=code.strip()).exists():
        raise LabInputError("code", _("a scheme with this code exists already"))
    scheme = SamplingScheme.all_objects.create(
        body=lab, code=code.strip(), product=product.strip(), characteristic=characteristic.strip(),
        supplier=supplier.strip(), level=level, aql=aql, sampling=sampling, basis=basis, lot_size=lot_size,
        created_by=actor.user,
    )  # fmt: skip
    log(
        "laboratory.sampling_scheme.create",
        actor=actor,
        body=lab,
        obj=scheme,
        data={"code": scheme.code, "level": level, "aql": aql, "sampling": sampling, "basis": basis},
    )
    return scheme


def _count(name: str, value: int | None, units: int, per_100: bool) -> int:
    if value is None:
        raise LabInputError(name, _("is required"))
    if value < 0:
        raise LabInputError(name, _("must be 0 or more"))
    if not per_100 and value > units:
        raise LabInputError(
            name, _("%(found)d nonconforming items in a sample of %(n)d") % {"found": value, "n": units}
        )
    return value


def decide(plan: LotPlan, lot_size: int, d1: int | None, d2: int | None, per_100: bool) -> tuple[bool, bool]:
    """(accepted, reinstate normal) for the counts found; LabInputError names the count at fault.

    Single: accept if d <= Ac, reject if d >= Re. Double (MIL-STD-105E Table III):
    accept if d1 <= Ac1, reject if d1 >= Re1, otherwise the second sample decides on
    d1 + d2 against Ac2/Re2. On reduced inspection a count strictly between Ac and
    Re accepts the lot and reinstates normal inspection (MIL-STD-105E 4.9.4).
    """
    d1 = _count("d1", d1, min(plan.n1, lot_size), per_100)
    first_decides = not plan.double or d1 <= plan.Ac1 or d1 >= plan.Re1
    if first_decides:
        if d2 is not None:
            message = (
                _("the plan has no second sample")
                if not plan.double
                else _("the first sample decided the lot (Ac1 = %(ac)d, Re1 = %(re)d): leave it empty")
                % {"ac": plan.Ac1, "re": plan.Re1}
            )
            raise LabInputError("d2", message)
        return _outcome(d1, plan.Ac1, plan.Re1)
    if d2 is None:
        raise LabInputError(
            "d2",
            _(
                "the first sample is between Ac1 and Re1: "
                "inspect the second sample of %(n)d and enter its count"
            )
            % {"n": plan.n2},
        )
    d2 = _count("d2", d2, plan.n2 or 0, per_100)
    return _outcome(d1 + d2, plan.Ac2 or 0, plan.Re2 or 0)


def _outcome(found: int, ac: int, re: int) -> tuple[bool, bool]:
    if found <= ac:
        return True, False
    if found >= re:
        return False, False
    return True, True  # only reduced plans have Re > Ac + 1 (MIL-STD-105E 4.9.4)


def _check_lot(scheme: SamplingScheme, lot: str, lot_size: int, inspected_on: date) -> str:
    lot = lot.strip()
    if not lot:
        raise LabInputError("lot", _("identify the lot"))
    if SampledLot.all_objects.filter(scheme=scheme, lot=lot).exists():
        raise LabInputError("lot", _("lot %(lot)s is recorded already; lots are never edited") % {"lot": lot})
    if lot_size < 2:
        raise LabInputError("lot_size", _("must be at least 2"))
    if inspected_on > today():
        raise LabInputError("inspected_on", _("is in the future"))
    last = SampledLot.all_objects.filter(scheme=scheme).order_by("-sequence").first()
    if last is not None and inspected_on < last.inspected_on:
        raise LabInputError(
            "inspected_on",
            _("is before the last lot's inspection (%(date)s): lots are recorded in order")
            % {"date": date_format(last.inspected_on)},
        )
    return lot


@transaction.atomic
def record_lot(
    scheme: SamplingScheme,
    *,
    actor: Actor,
    lot: str,
    lot_size: int,
    inspected_on: date,
    d1: int | None,
    d2: int | None = None,
    note: str = "",
) -> tuple[SampledLot, History]:
    """Inspect one lot under the current severity; return the lot and the new switching history."""
    scheme = SamplingScheme.all_objects.select_for_update().get(pk=scheme.pk)  # one lot at a time
    before = history(scheme)
    severity = before.state.severity
    if severity is CoreSeverity.DISCONTINUED:
        raise LotSamplingError(
            _("Acceptance inspection is discontinued (%(reason)s). Resume it once the supplier has improved "
              "the quality; no lot is recorded until then.") % {"reason": reason_text(before.state.reason)}
        )  # fmt: skip
    lot = _check_lot(scheme, lot, lot_size, inspected_on)
    plan = plan_for(scheme, lot_size, severity.value)
    accepted, reinstate = decide(plan, lot_size, d1, d2, scheme.basis == Basis.PER_100)
    record = SampledLot.all_objects.create(
        scheme=scheme, sequence=len(before.steps) + 1, lot=lot, lot_size=lot_size, inspected_on=inspected_on,
        severity=severity.value, code_letter=plan.code_letter, plan_letter=plan.plan_letter, table=plan.table,
        n1=plan.n1, Ac1=plan.Ac1, Re1=plan.Re1, n2=plan.n2, Ac2=plan.Ac2, Re2=plan.Re2, d1=d1,
        d2=d2, accepted=accepted, reinstate_normal=reinstate, note=note.strip(), recorded_by=actor.user,
    )  # fmt: skip
    after = next_state(before.state, lot_result(record), RULES)
    log(
        "laboratory.lot.record",
        actor=actor,
        body=scheme.body_id,
        obj=record,
        data=_lot_data(scheme, record, after),
    )
    step = LotStep(record, before.state, after, None)
    return record, History((*before.steps, step), after)


def _lot_data(scheme: SamplingScheme, lot: SampledLot, after: SwitchingState) -> dict[str, Any]:
    return {
        "scheme": scheme.code,
        "lot": lot.lot,
        "severity": lot.severity,
        "plan": {
            "code_letter": lot.code_letter,
            "n1": lot.n1,
            "Ac1": lot.Ac1,
            "Re1": lot.Re1,
            "n2": lot.n2,
            "Ac2": lot.Ac2,
            "Re2": lot.Re2,
        },  # fmt: skip
        "d1": lot.d1,
        "d2": lot.d2,
        "accepted": lot.accepted,
        "next_severity": after.severity.value,
        "reason": after.reason,
    }


@transaction.atomic
def resume_sampling(
    scheme: SamplingScheme, *, actor: Actor, resumed_on: date, reason: str
) -> SamplingResumption:
    """Resume a discontinued inspection on tightened inspection (MIL-STD-105E 4.7.5)."""
    scheme = SamplingScheme.all_objects.select_for_update().get(pk=scheme.pk)
    current = history(scheme)
    if current.state.severity is not CoreSeverity.DISCONTINUED:
        raise LotSamplingError(
            _("Inspection is %(severity)s, not discontinued: there is nothing to resume.")
            % {"severity": Severity(current.state.severity.value).label}
        )
    if not reason.strip():
        raise LabInputError("reason", _("state the supplier's corrective action"))
    if resumed_on > today():
        raise LabInputError("resumed_on", _("is in the future"))
    resumption = SamplingResumption.all_objects.create(
        scheme=scheme,
        after_lots=len(current.steps),
        resumed_on=resumed_on,
        reason=reason.strip(),
        resumed_by=actor.user,
    )
    log(
        "laboratory.lot_sampling.resume",
        actor=actor,
        body=scheme.body_id,
        obj=resumption,
        data={"scheme": scheme.code, "after_lots": resumption.after_lots, "reason": resumption.reason},
    )
    return resumption

"""The generic engine: activities of a phase, review and decision, for any scheme.

ISO/IEC 17000:2020 annex A (functional approach): selection -> determination ->
review and decision -> attestation -> surveillance. Nothing here knows a scheme by
name: what a phase requires comes from the scheme file (its activities, whether a
decision follows, the decision requirements, the minimum on-site share).

Activities are on-site, remote or hybrid (IAF MD 4:2023; ISO/TS 17012:2024); the
scheme's ``onsite.min_share`` (IAF MD 5:2019: 80 % for QMS/EMS/OH&SMS) is checked
over the phase.

>>> from casys.core.schemes import load_scheme
>>> s = load_scheme("type5-electrical")
>>> acts = [Activity("type-test", "on-site", ("L1",), date(2026, 1, 10), 2),
...         Activity("factory-inspection", "on-site", ("I1",), date(2026, 1, 20), 1)]
>>> decide(s, "initial", acts, [], "DM", date(2026, 2, 1)).phase
'initial'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from casys.core.findings import DecisionBlockedError, Finding, open_majors
from casys.core.remote_audit import remote_share_at_decision
from casys.core.schemes.model import MODES, Scheme


class EngineError(ValueError):
    """Malformed activity data; the message names the field."""


@dataclass(frozen=True)
class Activity:
    """A determination activity of a phase (audit, test, inspection ...), as carried out.

    ``days`` is the total in person-days, ``remote_days`` the part done remotely.
    """

    kind: str
    mode: str
    team: tuple[str, ...]
    on: date
    days: float
    remote_days: float = 0.0
    failed: tuple[str, ...] = ()  # items that failed the activity's test (e.g. product types)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise EngineError(
                f"{self.kind}.mode: unknown mode {self.mode!r} (expected one of: {', '.join(MODES)})"
            )
        if self.days <= 0 or not 0 <= self.remote_days <= self.days:
            raise EngineError(f"{self.kind}.days: need days > 0 and 0 <= remote_days <= days")
        if self.mode == "on-site" and self.remote_days:
            raise EngineError(f"{self.kind}.remote_days: an on-site activity has no remote days")
        if self.mode == "remote" and self.remote_days != self.days:
            raise EngineError(f"{self.kind}.remote_days: a remote activity is remote for all its days")
        if not self.team:
            raise EngineError(f"{self.kind}.team: an activity needs a team")


@dataclass(frozen=True)
class Decision:
    """A positive decision after review: phase, who, when, on which activities."""

    scheme: str
    phase: str
    decided_by: str
    on: date
    activities: tuple[str, ...]
    onsite_share: float | None


def onsite_share(activities: Sequence[Activity]) -> Fraction:
    """Share of person-days done on site over the activities."""
    total = sum((Fraction(str(a.days)) for a in activities), Fraction(0))
    remote = sum((Fraction(str(a.remote_days)) for a in activities), Fraction(0))
    return (total - remote) / total if total else Fraction(0)


def _reasons(
    scheme: Scheme,
    phase_id: str,
    activities: Sequence[Activity],
    findings: Sequence[Finding],
    decision_maker: str,
    on: date,
    decision_maker_name: str = "",
) -> list[str]:
    phase = scheme.phase(phase_id)
    reasons: list[str] = []
    if not phase.decision:
        reasons.append(f"phase {phase_id!r} of {scheme.id} is not followed by a decision")
    done = {a.kind for a in activities}
    missing = [k for k in phase.activities if k not in done]
    if missing:
        reasons.append(f"activities not carried out: {', '.join(missing)}")
    if any(a.on > on for a in activities):
        reasons.append("an activity is dated after the decision")
    if scheme.decision.no_open_major_nc:
        majors = open_majors(findings)
        if majors:
            reasons.append(f"open major nonconformities: {', '.join(majors)} (ISO/IEC 17021-1:2015 9.5.3)")
    reasons.extend(_failed_tests(scheme, activities))
    reasons.extend(independence(scheme, activities, decision_maker, decision_maker_name))
    rules = scheme.remote_rules  # IAF MD 4: ICT time is on-site time; the maximum is the scheme's
    remote = remote_share_at_decision(
        [(a.kind, Fraction(str(a.days)), Fraction(str(a.remote_days))) for a in activities], rules
    )
    if rules.max_remote_share is not None and remote is not None and remote > rules.max_remote_share:
        reasons.append(
            f"remote share {float(remote) * 100:g} % is above the scheme's maximum "
            f"{float(rules.max_remote_share) * 100:g} %"
            + (
                f" (activities allowed fully remote not counted: {', '.join(rules.fully_remote)})"
                if rules.fully_remote
                else ""
            )
        )
    for a in activities:  # IAF MD 4; IAQG: no scope extension or new site without on-site auditing
        if a.kind in scheme.remote_rules.onsite_required and a.remote_days >= a.days:
            reasons.append(f"{a.kind} was carried out without an on-site part (IAF MD 4)")
    limit = scheme.decision.max_days_after_stage2
    if limit is not None and phase.kind == "initial" and activities:
        last = max(a.on for a in activities)
        if on > last + timedelta(days=limit):
            reasons.append(f"decision more than {limit} days after the last audit day {last} (body policy)")
    return reasons


def _failed_tests(scheme: Scheme, activities: Sequence[Activity]) -> list[str]:
    if not scheme.decision.no_failed_test:
        return []
    return [f"{a.kind} failed: {', '.join(a.failed)}" for a in activities if a.failed]


def independence(
    scheme: Scheme, activities: Sequence[Activity], decision_maker: str, decision_maker_name: str = ""
) -> list[str]:
    """The impartiality rule alone: the decision maker was not on the team of an activity
    (ISO/IEC 17021-1:2015 9.5.1.2; ISO/IEC 17065:2012 7.6.2). It holds for every decision,
    negative ones (suspension, withdrawal after surveillance) included. ``decision_maker`` and the
    teams are identities (e.g. ``user:7``), compared as such; ``decision_maker_name`` is only for
    the message.

    >>> from casys.core.schemes import load_scheme
    >>> a = Activity("factory-inspection", "on-site", ("Ines",), date(2026, 1, 20), 1)
    >>> independence(load_scheme("type5-electrical"), [a], "Ines")
    ['decision maker Ines was on the team (ISO/IEC 17021-1:2015 9.5.1.2)']
    """
    if not scheme.decision.decision_maker_independent:
        return []
    if decision_maker in {m for a in activities for m in a.team}:
        who = decision_maker_name or decision_maker
        return [f"decision maker {who} was on the team (ISO/IEC 17021-1:2015 9.5.1.2)"]
    return []


def decide(
    scheme: Scheme,
    phase_id: str,
    activities: Sequence[Activity],
    findings: Sequence[Finding],
    decision_maker: str,
    on: date,
    decision_maker_name: str = "",
) -> Decision:
    """Review a phase and decide; :class:`DecisionBlockedError` lists every reason it cannot.

    ``decision_maker`` and the activities' ``team`` are identities compared as they are (the
    caller passes ids of people, never names); ``decision_maker_name`` is only shown.
    """
    reasons = _reasons(scheme, phase_id, activities, findings, decision_maker, on, decision_maker_name)
    if reasons:
        raise DecisionBlockedError(f"{scheme.id} {phase_id}: decision blocked: " + "; ".join(reasons))
    share = float(onsite_share(activities)) if activities else None
    return Decision(scheme.id, phase_id, decision_maker, on, tuple(a.kind for a in activities), share)

"""Remote and hybrid audits: ISO/IEC TS 17012:2024 5.2.2 and the limits scheme owners and
accreditation bodies set (IAF MD 4).

ISO/IEC TS 17012:2024 5.2.2 lists eight conditions to be met before remote auditing methods are
used (in our words): the audit programme's objectives are not compromised; the use is appropriate
and accepted by both parties; the technologies are chosen and their management defined; the
information available is sufficient; the scope and limits of remote use are defined in the
programme; both parties' ability (competence, technical and physical capability) is confirmed;
differences in understanding are resolved; and it is agreed how the method is changed if needed.
Any condition not met blocks remote planning.

ISO 19011:2018 A.16 keeps a *remote* audit of a physical location apart from the audit of a
*virtual site* (work done in a virtual environment); both count as remote time here, and the
activity records which one it is.

ICT-based remote auditing is on-site audit *time* carried out remotely (IAF MD 4:2023): it is not
IAF MD 5's off-site time (planning, document review before the audit, reporting), whose rule is
that off-site time does not reduce the on-site audit time below 80 %. IAF MD 4 sets no maximum
remote share; accreditation bodies and scheme owners may. So the limits are scheme data (the
``onsite`` table of a scheme file), and the shipped schemes' numbers are casys defaults the
certification body sets: a maximum remote share, activities that may be carried out fully remote
(e.g. a stage 1 whose objectives ICT can meet; the audit of a virtual site), a share
above which the accreditation body is notified (e.g. NAH, Hungary, on IAF MD 4: more than 30 % of
the audit time by ICT, notice 30 days before), activities that need an on-site part (IAF MD 4 and
IAQG: no scope extension or new site without on-site auditing) and FSSC 22000's partial remote
audit (Annex 9: on-site part at least one day and at least half the duration, the two parts at
most 30 days apart).

>>> [c.id for c in CONDITIONS][:2]
['objectives', 'acceptance']
>>> check_conditions({c.id: True for c in CONDITIONS})
>>> check_partial_remote(Fraction(2), Fraction(1), date(2026, 3, 1), date(2026, 3, 31), PartialRemote())
>>> try:
...     check_partial_remote(Fraction(2), Fraction(9, 10), None, None, PartialRemote())
... except RemoteAuditError as e:
...     print(e.args[0][:58])
onsite_days: the on-site part is 0.9 day(s), below the 1 d
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction


class RemoteAuditError(ValueError):
    """A remote activity that may not be planned or decided on; the message names the condition or field."""


@dataclass(frozen=True)
class Condition:
    id: str
    text: str


#: ISO/IEC TS 17012:2024 5.2.2, the eight conditions (paraphrased).
CONDITIONS = (
    Condition("objectives", "remote methods do not compromise the objectives of the audit programme"),
    Condition("acceptance", "the use of remote methods is appropriate and accepted by both parties"),
    Condition("technology", "the technologies are selected and their management is defined"),
    Condition("information", "the information available is sufficient for remote auditing"),
    Condition("scope", "the scope and limits of remote use are defined in the audit programme"),
    Condition("capability", "both parties' competence and technical and physical capability are confirmed"),
    Condition("understanding", "differences in understanding between the parties are resolved"),
    Condition("fallback", "it is agreed how the method is modified if necessary (fallback)"),
)
CONDITION_IDS = tuple(c.id for c in CONDITIONS)


def unmet(met: Mapping[str, bool]) -> list[str]:
    """The ids of the conditions not met (a condition not recorded is not met)."""
    return [c.id for c in CONDITIONS if not met.get(c.id, False)]


def check_conditions(met: Mapping[str, bool]) -> None:
    """Refuse remote planning while a condition of ISO/IEC TS 17012:2024 5.2.2 is not met, naming it."""
    missing = unmet(met)
    if missing:
        raise RemoteAuditError(
            f"remote.{missing[0]}: condition of ISO/IEC TS 17012:2024 5.2.2 not met, remote "
            f"activities cannot be planned (not met: {', '.join(missing)})"
        )


@dataclass(frozen=True)
class PartialRemote:
    """FSSC 22000 Annex 9 partial remote audit (NSF summary of FSSC 22000 v6 Annex 9)."""

    min_onsite_days: Fraction = Fraction(1)
    min_onsite_share: Fraction = Fraction(1, 2)
    max_days_apart: int = 30
    source: str = "FSSC 22000 Annex 9"


@dataclass(frozen=True)
class RemoteRules:
    """A scheme's limits on remote auditing (its file's ``onsite`` table)."""

    max_remote_share: Fraction | None = None
    notify_above_share: Fraction | None = None
    onsite_required: tuple[str, ...] = ()  # activity ids that need an on-site part
    fully_remote: tuple[str, ...] = ()  # activity ids the scheme lets be carried out fully remote
    partial_remote: PartialRemote | None = None
    source: str = ""


def check_share(remote: Fraction, rules: RemoteRules, activity: str = "") -> None:
    """Refuse a remote share above the scheme's maximum, unless the scheme lets ``activity`` be
    carried out fully remote.

    >>> rules = RemoteRules(max_remote_share=Fraction(1, 5), fully_remote=("stage1",))
    >>> check_share(Fraction(1), rules, "stage1")
    """
    if activity and activity in rules.fully_remote:
        return
    if rules.max_remote_share is not None and remote > rules.max_remote_share:
        raise RemoteAuditError(
            f"remote_share: {float(remote) * 100:g} % of the audit time is remote, above the scheme's "
            f"maximum {float(rules.max_remote_share) * 100:g} %"
            + (f" ({rules.source})" if rules.source else "")
        )


def remote_share_at_decision(
    activities: Sequence[tuple[str, Fraction, Fraction]], rules: RemoteRules
) -> Fraction | None:
    """The remote share of a phase's activities that the scheme's maximum applies to — those not
    allowed fully remote; ``activities``: (activity id, days, remote days). None when none count.

    >>> rules = RemoteRules(max_remote_share=Fraction(1, 5), fully_remote=("stage1",))
    >>> acts = [("stage1", Fraction(1), Fraction(1)), ("stage2", Fraction(4), Fraction(0))]
    >>> remote_share_at_decision(acts, rules)
    Fraction(0, 1)
    """
    counted = [(d, r) for kind, d, r in activities if kind not in rules.fully_remote]
    total = sum((d for d, _ in counted), Fraction(0))
    if not total:
        return None
    return sum((r for _, r in counted), Fraction(0)) / total


def notice_required(remote: Fraction, rules: RemoteRules) -> bool:
    """Whether the accreditation body is to be notified (a share strictly above the threshold).

    >>> notice_required(Fraction(3, 8), RemoteRules(notify_above_share=Fraction(3, 10)))
    True
    >>> notice_required(Fraction(3, 10), RemoteRules(notify_above_share=Fraction(3, 10)))
    False
    """
    return rules.notify_above_share is not None and remote > rules.notify_above_share


def check_onsite_required(activity: str, onsite_days: Fraction, rules: RemoteRules) -> None:
    """Refuse an activity that needs an on-site part (a scope extension, a new site) planned fully remote."""
    if activity in rules.onsite_required and onsite_days <= 0:
        raise RemoteAuditError(
            f"mode: {activity} needs an on-site audit (no scope extension or new site without on-site "
            "auditing, IAF MD 4); plan an on-site part"
        )


def check_partial_remote(
    total: Fraction, onsite: Fraction, remote_on: date | None, onsite_on: date | None, rule: PartialRemote
) -> None:
    """FSSC 22000 partial remote: on-site part >= 1 day and >= half the duration; parts <= 30 days apart."""
    if onsite < rule.min_onsite_days:
        raise RemoteAuditError(
            f"onsite_days: the on-site part is {float(onsite):g} day(s), below the "
            f"{float(rule.min_onsite_days):g} day(s) of the scheme's partial remote rule ({rule.source})"
        )
    if total and onsite / total < rule.min_onsite_share:
        raise RemoteAuditError(
            f"onsite_days: the on-site part is {float(onsite / total) * 100:g} % of the audit, below "
            f"{float(rule.min_onsite_share) * 100:g} % ({rule.source})"
        )
    if remote_on and onsite_on and abs((onsite_on - remote_on).days) > rule.max_days_apart:
        raise RemoteAuditError(
            f"on: the remote and on-site parts are {abs((onsite_on - remote_on).days)} days apart, more "
            f"than {rule.max_days_apart} ({rule.source})"
        )

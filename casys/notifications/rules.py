"""Daily notices: surveillance due soon → reminders.

The lifecycle rules live with their areas (``casys/certification/daily.py``: expiry;
``casys/certification/daily_overdue.py``: surveillance overdue → suspension proposed, whose notice
to the decision makers is :func:`casys.notifications.receivers.on_suspension_proposed`;
``casys/accreditation/daily.py``: accreditation status; ``casys/persons``: person certificates'
expiry). Here too: an inspected item's next periodic inspection due (ISO/IEC 17020 work planned
from the scheme's interval) and an inspection body's instrument due for calibration (17020 6.2.6).
A laboratory's instruments have no register in casys yet, so they have no rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings

from casys.accounts.models import Membership, Role
from casys.certification.models import Audit
from casys.inspection.models import Instrument, Item
from casys.jobs import daily
from casys.notifications.email import notify, send_digests

#: Who is told that a surveillance audit is due: the people who plan audits.
PLANNERS = (Role.ADMIN, Role.SCHEME_MANAGER)


@daily.rule("surveillance-due")
def surveillance_due(today: date) -> list[dict[str, Any]]:
    """A reminder to each planner of the body for every surveillance audit not yet carried out
    whose due date is within ``CASYS_DAILY_SURVEILLANCE_DAYS`` days (once per audit and due date)."""
    horizon = today + timedelta(days=settings.CASYS_DAILY_SURVEILLANCE_DAYS)
    audits = (
        Audit.all_objects.filter(
            phase="surveillance", done_on__isnull=True, latest__gte=today, latest__lte=horizon
        )
        .select_related("application__client__organisation")
        .order_by("latest", "id")
    )
    changes = []
    for audit in audits:
        client = str(audit.application.client)
        data = {
            "audit": audit.pk,
            "client": client,
            "due": audit.latest.isoformat(),
            "planned": audit.planned_on.isoformat() if audit.planned_on else "",
        }
        planners = Membership.all_objects.filter(
            body_id=audit.body_id, role__in=PLANNERS, is_active=True, user__is_active=True
        ).select_related("user")
        for m in planners:
            key = f"surveillance-due:{audit.pk}:{audit.latest.isoformat()}"
            if notify(m.user, audit.body_id, "surveillance_due", key, data, rule="surveillance-due"):
                changes.append({**data, "to": m.user.email})
    return changes


#: Who is told that an item's inspection or an instrument's calibration is due.
INSPECTION_PLANNERS = (Role.ADMIN, Role.SCHEME_MANAGER)
CALIBRATION_KEEPERS = (Role.ADMIN, Role.SCHEME_MANAGER, Role.INSPECTOR)


def _tell(
    body_id: int, roles: tuple[str, ...], kind: str, key: str, data: dict[str, Any], rule: str
) -> list[str]:
    members = Membership.all_objects.filter(
        body_id=body_id, role__in=roles, is_active=True, user__is_active=True
    ).select_related("user")
    told = []
    for user in {m.user_id: m.user for m in members}.values():
        if notify(user, body_id, kind, key, data, rule=rule):
            told.append(user.email)
    return told


@daily.rule("inspection-due")
def inspection_due(today: date) -> list[dict[str, Any]]:
    """A reminder to each planner of the inspection body for every item whose next periodic
    inspection is due within ``CASYS_DAILY_INSPECTION_DAYS`` days, or overdue (once per item and
    due date). An item out of service is reminded too: it is inspected again before it is used."""
    horizon = today + timedelta(days=settings.CASYS_DAILY_INSPECTION_DAYS)
    items = (
        Item.all_objects.filter(next_due__isnull=False, next_due__lte=horizon)
        .select_related("owner")
        .order_by("next_due", "id")
    )
    changes = []
    for item in items:
        data = {
            "item": item.identifier,
            "description": item.description,
            "owner": str(item.owner) if item.owner_id else "",
            "due": item.next_due.isoformat(),
            "overdue": item.next_due < today,
            "in_service": item.in_service,
        }
        key = f"inspection-due:{item.pk}:{item.next_due.isoformat()}"
        for email in _tell(item.body_id, INSPECTION_PLANNERS, "inspection_due", key, data, "inspection-due"):
            changes.append({**data, "to": email})
    return changes


@daily.rule("calibration-due")
def calibration_due(today: date) -> list[dict[str, Any]]:
    """A reminder to an inspection body's planners and inspectors for every instrument whose
    calibration is due within ``CASYS_DAILY_CALIBRATION_DAYS`` days, or past due (an instrument past
    its date is refused for measured checks: ISO/IEC 17020:2012 6.2.6), once per instrument and date."""
    horizon = today + timedelta(days=settings.CASYS_DAILY_CALIBRATION_DAYS)
    changes = []
    for instrument in Instrument.all_objects.filter(calibration_due__lte=horizon).order_by(
        "calibration_due", "id"
    ):
        data = {
            "instrument": instrument.name,
            "due": instrument.calibration_due.isoformat(),
            "overdue": instrument.calibration_due < today,
        }
        key = f"calibration-due:{instrument.pk}:{instrument.calibration_due.isoformat()}"
        for email in _tell(
            instrument.body_id, CALIBRATION_KEEPERS, "calibration_due", key, data, "calibration-due"
        ):
            changes.append({**data, "to": email})
    return changes


daily.AFTER["digests"] = send_digests

"""Daily notices: surveillance due soon → reminders.

The lifecycle rules live with their areas (``casys/certification/daily.py``: expiry;
``casys/certification/daily_overdue.py``: surveillance overdue → suspension proposed, whose notice
to the decision makers is :func:`casys.notifications.receivers.on_suspension_proposed`;
``casys/accreditation/daily.py``: accreditation status). Not yet a rule: instrument calibrations
due wait for a laboratory instrument register.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings

from casys.accounts.models import Membership, Role
from casys.certification.models import Audit
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


daily.AFTER["digests"] = send_digests

"""Daily rule ``surveillance-overdue`` (``casys daily``; issue 20): a surveillance audit not carried
out past its scheme's limit (``surveillance_overdue`` in the scheme file; :mod:`casys.core.surveillance`)
→ a suspension proposed to the decision maker, or applied at once where the scheme says so
(:mod:`casys.certification.services.suspensions`).

Each change is an audit-log entry with ``system`` as the actor and the rule's name. One proposal per
audit and certificate: running a date twice (or a later date) changes nothing the second time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casys.certification.models import Audit, Certificate
from casys.certification.services import suspensions
from casys.core.surveillance import overdue
from casys.jobs import daily


@daily.rule(suspensions.RULE)
def surveillance_overdue(today: date) -> list[dict[str, Any]]:
    """Every active certificate whose surveillance audit is past its scheme's overdue limit."""
    late = (
        Audit.all_objects.filter(
            done_on__isnull=True, latest__lt=today, phase__in=suspensions.surveillance_phases()
        )
        .select_related("application", "body")
        .order_by("latest", "id")
    )
    changes = []
    for audit in late:
        limit = suspensions.limit_for(list(audit.application.schemes))
        found = overdue(audit.latest, today, limit) if limit else None
        if found is None or not suspensions.is_surveillance(audit):
            continue
        certs = Certificate.all_objects.filter(
            application_id=audit.application_id, status="issued", expiry_date__gte=today
        ).order_by("id")
        for cert in certs:
            proposal = suspensions.propose(audit, cert, found, today)
            if proposal is not None:
                changes.append(
                    {
                        "body": audit.body.slug,
                        "certificate": cert.number,
                        "audit": audit.pk,
                        "due": found.due.isoformat(),
                        "days_late": found.days_late,
                        "state": proposal.state,
                    }
                )
    return changes

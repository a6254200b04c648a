"""Daily rule of the certification of persons, applied by the clock (``casys daily``).

- ``person-certificate-expiry``: a person certificate still active or suspended past its expiry date
  gets its ``expire`` status event through the attestations layer, dated the day after expiry (the
  validity the scheme fixes, ISO/IEC 17024:2012 9.6.1); the issuer's status lists are re-signed.

Running a date twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from casys.accounts.models import Body
from casys.attestations.models import Attestation, Kind, Status
from casys.attestations.services.issue import record_status
from casys.auditlog.services import SYSTEM
from casys.jobs import daily

EXPIRY_RULE = "person-certificate-expiry"


@daily.rule(EXPIRY_RULE)
def person_certificate_expiry(today: date) -> list[dict[str, Any]]:
    due = Attestation.all_objects.filter(
        kind=Kind.PERSON_CERTIFICATE, status__in=(Status.ACTIVE, Status.SUSPENDED), expiry_date__lt=today
    ).order_by("expiry_date", "id")
    changes = []
    for row in due:
        on = row.expiry_date + timedelta(days=1)
        issuer = Body.all_objects.get(pk=row.issuer_id)
        reason = f"expired after {row.expiry_date.isoformat()} (rule {EXPIRY_RULE})"
        record_status(
            issuer, Kind.PERSON_CERTIFICATE, row.number, "expire", on=on, reason=reason, actor=SYSTEM
        )
        changes.append({"body": issuer.slug, "certificate": row.number, "expired_on": on.isoformat()})
    return changes

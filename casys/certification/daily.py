"""Daily rules of certification, applied by the clock (``casys daily``; issue 20).

- ``certificate-expiry``: a certificate still issued or suspended past its expiry date gets its
  ``expired`` event, dated the day after expiry (ISO/IEC 17021-1:2015 8.2.3: a certificate is valid
  until its expiry date). The event is the certification app's own (checked by the lifecycle rules
  in :mod:`casys.core.lifecycle`), so the certificate's attestation is re-issued through the
  attestations layer with the status ``expired`` and its issuer's status lists are re-signed.

Each change is an audit-log entry with ``system`` as the actor and the rule's name as the reason.
Running a date twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from casys.auditlog.services import SYSTEM
from casys.certification.models import Certificate
from casys.certification.services.certificates import add_event
from casys.jobs import daily

EXPIRY_RULE = "certificate-expiry"


@daily.rule(EXPIRY_RULE)
def certificate_expiry(today: date) -> list[dict[str, Any]]:
    """Every issued or suspended certificate whose expiry date is before ``today`` expires."""
    due = Certificate.all_objects.filter(status__in=("issued", "suspended"), expiry_date__lt=today)
    changes = []
    for cert in due.select_related("body").order_by("expiry_date", "id"):
        on = cert.expiry_date + timedelta(days=1)
        with transaction.atomic():
            add_event(
                cert,
                "expired",
                at=on,
                user=None,
                why=f"expired after {cert.expiry_date.isoformat()} (rule {EXPIRY_RULE})",
                actor=SYSTEM,
            )
        changes.append({"body": cert.body.slug, "certificate": cert.number, "expired_on": on.isoformat()})
    return changes

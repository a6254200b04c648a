"""Daily rules of accreditation, applied by the clock (``casys daily``; issue 20).

- ``accreditation-status``: each accreditation's attestation is brought to the status its events
  give for the day (an accreditation past its end reads ``expired``; an event recorded ahead of
  its date takes effect on it). Re-issuing through the attestations layer is idempotent, so only
  accreditations whose status changed are re-signed, and their body's status lists with them; a
  certificate verified against a lapsed accreditation then fails at the chain's second link.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from casys.accreditation.models import Accreditation
from casys.accreditation.services import attestation
from casys.attestations.services.issue import issue_one
from casys.auditlog.services import SYSTEM, log
from casys.jobs import daily

STATUS_RULE = "accreditation-status"


@daily.rule(STATUS_RULE)
def accreditation_status(today: date) -> list[dict[str, Any]]:
    changes = []
    for acc in Accreditation.all_objects.select_related("body", "cab").order_by("pk"):
        row = attestation.stored(acc)
        entry = attestation.entry(acc, today)
        if row is None or row.status == entry.status:
            continue  # not issued yet (casys attestations backfill), or nothing changed
        with transaction.atomic():
            issue_one(acc.body, entry)
            data = {"kind": "accreditation", "number": acc.number, "status": entry.status}
            log(
                "attestations.attestation.status_changed",
                actor=SYSTEM,
                body=acc.body,
                data=data | {"rule": STATUS_RULE},
            )
        changes.append({"body": acc.body.slug, "accreditation": acc.number, "status": entry.status})
    return changes

"""How remote activities of an audit were carried out (IAF MD 4; ISO 19011:2018 A.16): ICT used,
who took part from where, remote or on site (a remote audit of a physical location kept apart from
the audit of a virtual site), interruptions and their effect, and recordings — made only after a
permission logged before them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from casys import clock
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Audit, RecordingConsent, RemoteActivity
from casys.certification.models.plan import LINE_MODES
from casys.certification.services import CertificationError, checked
from casys.certification.services.engine import main_scheme
from casys.core.remote_audit import RemoteRules


def rules_of(app: Any) -> RemoteRules:
    return main_scheme(app).remote_rules


@transaction.atomic
def log_consent(audit: Audit, *, given_by: str, covers: str, actor: Actor = SYSTEM) -> RecordingConsent:
    """Log the auditee's permission to record or take screenshots, before any is made."""
    given_by = checked("given_by", given_by, 200)
    covers = checked("covers", covers, 300)
    if not given_by:
        raise CertificationError("given_by: who gave the permission (name and role)")
    if not covers:
        raise CertificationError("covers: what the permission covers (recording, screenshots …)")
    consent = RecordingConsent.all_objects.create(
        body_id=audit.body_id, audit=audit, given_by=given_by, covers=covers, given_at=clock.now()
    )
    log(
        "certification.remote.consent",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={"given_by": given_by, "covers": covers},
    )
    return consent


@transaction.atomic
def record_activity(
    audit: Audit,
    *,
    activity: str,
    mode: str,
    ict: str,
    participants: str,
    interruptions: str = "",
    recording: str = "",
    actor: Actor = SYSTEM,
) -> RemoteActivity:
    """Record one activity; a recording needs a permission logged before (ISO 19011:2018 A.16)."""
    values = {
        "activity": checked("activity", activity, 300),
        "ict": checked("ict", ict, 300),
        "participants": checked("participants", participants, 2000, multiline=True),
        "interruptions": checked("interruptions", interruptions, 2000, multiline=True),
        "recording": checked("recording", recording, 300),
    }
    if not values["activity"]:
        raise CertificationError("activity: name the activity (process, clause or site)")
    if mode not in {m for m, _ in LINE_MODES}:
        raise CertificationError(f"mode: one of {', '.join(m for m, _ in LINE_MODES)}")
    if not values["participants"]:
        raise CertificationError("participants: who took part, and from where")
    if mode != "on-site" and not values["ict"]:
        raise CertificationError("ict: name the ICT used for a remote activity")
    now = clock.now()
    if values["recording"] and not audit.recording_consents.filter(given_at__lte=now).exists():
        raise CertificationError(
            "recording: no permission to record was logged before; log the auditee's permission first"
        )
    row = RemoteActivity.all_objects.create(
        body_id=audit.body_id, audit=audit, mode=mode, recorded_at=now, **values
    )
    log(
        "certification.remote.activity",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={"activity": row.activity, "mode": mode, "recording": row.recording},
    )
    return row

"""Daily rule of the certification of persons, applied by the clock (``casys daily``).

- ``person-certificate-expiry``: a person certificate still active or suspended past its expiry date
  gets its ``expire`` status event through the attestations layer, dated the day after expiry (the
  validity the scheme fixes, ISO/IEC 17024:2012 9.6.1); the issuer's status lists are re-signed.

- ``person-recertification-due``: the certified person is reminded, in their language, before their
  certificate expires, with the route to recertification (re-examination, or CPD credits with the
  minimum per period and whether their CPD log meets it; ISO/IEC 17024:2012 9.6).

Running a date twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings

from casys.accounts.models import Body
from casys.attestations.models import Attestation, Kind, Status
from casys.attestations.services.issue import record_status
from casys.auditlog.services import SYSTEM
from casys.jobs import daily
from casys.notifications.email import notify
from casys.persons.models import CpdEntry, PersonCertificate
from casys.persons.services import persons_part, scheme

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


RECERTIFICATION_RULE = "person-recertification-due"
#: casys default: a certified person is reminded this many days before their certificate expires
#: (ISO/IEC 17024:2012 9.6 asks for recertification before expiry, without fixing a notice period)
RECERTIFICATION_DAYS_DEFAULT = 90


def recertification_days() -> int:
    return int(getattr(settings, "CASYS_PERSONS_RECERTIFICATION_DAYS", RECERTIFICATION_DAYS_DEFAULT))


def cpd_standing(cert: PersonCertificate, today: date) -> dict[str, Any]:
    """The scheme's recertification route for ``cert`` and, for CPD, the credits the person logged in
    the period ending at expiry (counted up to ``today``) against the minimum per period."""
    recert = persons_part(cert.scheme_id).recertification
    if recert.by != "cpd":
        return {"route": recert.by}
    start = cert.expires_on - timedelta(days=round(365.25 * recert.period_years))
    logged = CpdEntry.all_objects.filter(
        candidate_id=cert.candidate_id, done_on__gt=start, done_on__lte=today
    ).values_list("credits", flat=True)
    credits = float(sum(logged))
    return {
        "route": "cpd",
        "cpd_required": recert.cpd_credits,
        "period_years": recert.period_years,
        "cpd_logged": int(credits) if credits == int(credits) else round(credits, 2),
        "cpd_met": credits >= recert.cpd_credits,
    }


@daily.rule(RECERTIFICATION_RULE)
def person_recertification_due(today: date) -> list[dict[str, Any]]:
    """A reminder to each certified person whose active certificate expires within
    ``CASYS_PERSONS_RECERTIFICATION_DAYS`` days: the route to recertification and, for CPD, whether
    their log meets the minimum. Once per certificate and expiry date (running a day twice, or the
    next day, sends nothing new); a person without an account in casys cannot be mailed."""
    horizon = today + timedelta(days=recertification_days())
    active = set(
        Attestation.all_objects.filter(kind=Kind.PERSON_CERTIFICATE, status=Status.ACTIVE).values_list(
            "issuer_id", "number"
        )
    )
    due = (
        PersonCertificate.all_objects.filter(expires_on__gte=today, expires_on__lte=horizon)
        .select_related("candidate__user", "body")
        .order_by("expires_on", "id")
    )
    changes = []
    for cert in due:
        user = cert.candidate.user
        if (cert.body_id, cert.number) not in active or user is None:
            continue
        data = {
            "certificate": cert.number,
            "scope": cert.scope,
            "scheme": scheme(cert.scheme_id).title,
            "body_name": cert.body.name,
            "due": cert.expires_on.isoformat(),
        } | cpd_standing(cert, today)
        key = f"{RECERTIFICATION_RULE}:{cert.pk}:{cert.expires_on.isoformat()}"
        if notify(user, cert.body_id, "recertification_due", key, data, rule=RECERTIFICATION_RULE):
            changes.append({**data, "to": user.email})
    return changes

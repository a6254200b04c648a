"""What the certification body's dashboard shows, computed relative to a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from casys.accounts.models import Body
from casys.certification.models import Audit, Certificate, Finding
from casys.certification.services.certificates import withdrawal_due

#: Horizons of the dashboard (body policy, not normative): audits due, certificates expiring.
DUE_DAYS = 90
EXPIRY_DAYS = 90
SUSPENSION_WARNING_DAYS = 30
AGE_BUCKETS = ((0, 30), (31, 60), (61, 90), (91, None))


@dataclass(frozen=True)
class Dashboard:
    today: date
    overdue: list[Audit]
    due: list[Audit]
    nc_by_age: list[dict[str, Any]]
    open_ncs: list[Finding]
    expiring: list[Certificate]
    suspensions: list[dict[str, Any]]


def _audits(body: Body) -> Any:
    return (
        Audit.objects.filter(body=body, done_on__isnull=True, latest__isnull=False)
        .exclude(application__certificates__status__in=["withdrawn", "transferred"])
        .select_related("application__client__organisation")
        .order_by("latest")
    )


def dashboard(body: Body, today: date) -> Dashboard:
    overdue = list(_audits(body).filter(latest__lt=today))
    due = list(_audits(body).filter(latest__gte=today, latest__lte=today + timedelta(days=DUE_DAYS)))
    open_ncs = list(
        Finding.objects.filter(body=body, verified_on__isnull=True, grade__in=["major", "minor"])
        .select_related("audit__application__client__organisation")
        .order_by("raised_on")
    )
    buckets = []
    for lo, hi in AGE_BUCKETS:
        rows = [
            f
            for f in open_ncs
            if (today - f.raised_on).days >= lo and (hi is None or (today - f.raised_on).days <= hi)
        ]
        buckets.append(
            {
                "label": f"{lo}–{hi}" if hi is not None else f"> {lo - 1}",
                "major": sum(1 for f in rows if f.grade == "major"),
                "minor": sum(1 for f in rows if f.grade == "minor"),
            }
        )
    expiring = list(
        Certificate.objects.filter(
            body=body,
            status="issued",
            expiry_date__gte=today,
            expiry_date__lte=today + timedelta(days=EXPIRY_DAYS),
        )
        .select_related("client__organisation")
        .order_by("expiry_date")
    )
    suspensions = []
    for c in Certificate.objects.filter(body=body, status="suspended").select_related("client__organisation"):
        limit = withdrawal_due(c)
        left = (limit - today).days if limit else None
        suspensions.append(
            {
                "certificate": c,
                "limit": limit,
                "days_left": left,
                "near": left is not None and left <= SUSPENSION_WARNING_DAYS,
            }
        )
    suspensions.sort(key=lambda s: s["days_left"] if s["days_left"] is not None else 10**6)
    return Dashboard(today, overdue, due, buckets, open_ncs, expiring, suspensions)

"""Each auditor's iCalendar feed (RFC 5545) of audit assignments, at a secret per-user URL.

An event per planned audit where the person is the leader or on the team: all-day from the
planned date for the audit's auditor-days (at least one day), with a stable UID so a calendar
application updates the event when the audit moves instead of adding another.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from casys.certification.models import Audit

PRODID = "-//casys//audit assignments//EN"


def _location(audit: Audit) -> str:
    client = audit.application.client
    address = next(iter(client.addresses.all()), None)
    org = client.organisation
    parts = (
        (address.street, address.postcode, address.city, address.country)
        if address is not None
        else (org.address, org.city, org.country)
    )
    return ", ".join(p for p in (str(client), *parts) if p)


def feed(user: Any) -> bytes:
    audits = (
        Audit.all_objects.filter(Q(leader__user=user) | Q(team__user=user), planned_on__isnull=False)
        .select_related("application__client__organisation", "body")
        .prefetch_related("application__client__addresses")
        .distinct()
        .order_by("planned_on", "id")
    )
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"casys · {user}")
    stamp = timezone.now()
    host = settings.CASYS_SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "casys"
    for audit in audits:
        event = Event()
        event.add("uid", f"audit-{audit.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", audit.planned_on)
        days = max(1, math.ceil(audit.days or 1))
        event.add("dtend", audit.planned_on + timedelta(days=days))
        event.add("summary", f"{audit.kind_label}: {audit.application.client}")
        event.add("location", _location(audit))
        event.add("description", f"{audit.body.name} · {audit.phase_label}")
        cal.add_component(event)
    return cal.to_ical()

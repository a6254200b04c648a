"""What the notifications app does when a job finishes or a certificate changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from casys.accounts.models import Membership, Role
from casys.certification.models import SuspensionProposal
from casys.certification.signals import certificate_changed, suspension_proposed
from casys.jobs.models import Job
from casys.jobs.signals import job_finished
from casys.notifications import webhooks
from casys.notifications.email import notify

#: The certificate statuses that are webhook events.
CERTIFICATE_EVENTS = {
    "active": "certificate.issued",
    "suspended": "certificate.suspended",
    "withdrawn": "certificate.withdrawn",
}


def on_job_finished(sender: Any, job: Job, **kwargs: Any) -> None:
    if job.kind == webhooks.DELIVER:
        return  # a delivery does not announce itself (no loop of deliveries)
    data = {
        "job_id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "error": job.error[:500],
        "link": getattr(settings, "CASYS_SITE_URL", "")
        + reverse("jobs:detail", args=[job.body.slug, job.pk]),
    }
    if job.created_by_id:
        notify(job.created_by, job.body_id, "job_finished", f"job-finished:{job.pk}", data)
    webhooks.emit(job.body_id, "job.finished", data)


def on_certificate_changed(sender: Any, record: Any, **kwargs: Any) -> None:
    event = CERTIFICATE_EVENTS.get(record.status)
    if event is None:
        return
    webhooks.emit(
        record.issuer,
        event,
        {
            "number": record.number,
            "status": record.status,
            "holder": record.holder_name,
            "standards": list(record.standards),
            "issue_date": record.issue_date.isoformat(),
            "expiry_date": record.expiry_date.isoformat(),
        },
    )


#: Who decides on a suspension proposal (as casys.certification.views.common.DECIDE).
DECIDERS = (Role.ADMIN, Role.DECISION_MAKER)


def on_suspension_proposed(sender: Any, proposal: SuspensionProposal, **kwargs: Any) -> None:
    """Each decision maker of the body is told of the proposal (once per proposal)."""
    cert = proposal.certificate
    data = {
        "certificate": cert.number,
        "client": str(cert.client),
        "due": proposal.due.isoformat(),
        "days_late": proposal.days_late,
        "link": getattr(settings, "CASYS_SITE_URL", "")
        + reverse("certification:suspension-proposals", args=[proposal.body.slug]),
    }
    deciders = Membership.all_objects.filter(
        body_id=proposal.body_id, role__in=DECIDERS, is_active=True, user__is_active=True
    ).select_related("user")
    for user in sorted({m.user for m in deciders}, key=lambda u: u.pk):
        notify(
            user,
            proposal.body_id,
            "suspension_proposed",
            f"suspension-proposed:{proposal.pk}",
            data,
            rule=proposal.rule,
        )


def connect() -> None:
    job_finished.connect(on_job_finished, sender=Job, dispatch_uid="casys.notifications.job_finished")
    certificate_changed.connect(on_certificate_changed, dispatch_uid="casys.notifications.certificate")
    suspension_proposed.connect(
        on_suspension_proposed, sender=SuspensionProposal, dispatch_uid="casys.notifications.suspension"
    )

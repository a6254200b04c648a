"""What the notifications app does when a job finishes or a certificate changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from casys.certification.signals import certificate_changed
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


def connect() -> None:
    job_finished.connect(on_job_finished, sender=Job, dispatch_uid="casys.notifications.job_finished")
    certificate_changed.connect(on_certificate_changed, dispatch_uid="casys.notifications.certificate")

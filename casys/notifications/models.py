"""Notices to people, their preferences and calendar feed, and webhook endpoints with deliveries."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager

NOTICE_KINDS = {
    "job_finished": _("a job I started has finished"),
    "surveillance_due": _("a surveillance audit is due soon"),
    "suspension_proposed": _("a certificate's suspension is proposed (surveillance overdue)"),
    "inspection_due": _("an item's periodic inspection is due soon"),
    "calibration_due": _("an instrument's calibration is due soon"),
    "recertification_due": _("my person certificate is due for recertification"),
}
IMMEDIATE, DIGEST = "immediate", "digest"
EVENTS = {
    "certificate.issued": _("certificate issued"),
    "certificate.suspended": _("certificate suspended"),
    "certificate.withdrawn": _("certificate withdrawn"),
    "job.finished": _("job finished"),
}


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Preference(models.Model):
    """What a person is told, and how: each notice at once, or one digest a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_pref"
    )
    kinds = models.JSONField(default=list, blank=True)  # kinds switched OFF (everything is on by default)
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=[(IMMEDIATE, _("each notice at once")), (DIGEST, _("one digest a day"))],
        default=IMMEDIATE,
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_secret)

    def __str__(self) -> str:
        return f"notification preferences of {self.user}"

    def wants(self, kind: str) -> bool:
        return kind not in self.kinds


class Notice(models.Model):
    """One thing to tell one person; ``key`` makes a rule's notice once per subject."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notice_once_per_user_key")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user}"


class WebhookEndpoint(models.Model):
    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(max_length=100, default=new_secret)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    state = models.CharField(max_length=10, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint}"

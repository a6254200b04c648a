"""Decisions, person certificates, CPD and appeals/complaints (ISO/IEC 17024:2012 9.4–9.9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Decision(models.Model):
    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    sitting = models.OneToOneField("persons.Sitting", on_delete=models.PROTECT, related_name="decision")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted = models.BooleanField()
    decided_on = models.DateField()
    reason = models.TextField(blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"decision on {self.sitting_id}"


class PersonCertificate(models.Model):
    """The body's record of a person certificate; its signed credential and status are in the
    attestations layer (kind ``person-certificate``)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey("persons.Candidate", on_delete=models.PROTECT, related_name="certificates")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, null=True, blank=True)
    scheme_id = models.CharField(max_length=60)
    scope = models.CharField(_("scope"), max_length=60)
    number = models.CharField(_("certificate number"), max_length=80)
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"))

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="persons_certificate_number")]

    def __str__(self) -> str:
        return self.number


class CpdEntry(models.Model):
    """Continuing professional development logged by a certified person (17024 9.6 recertification)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey("persons.Candidate", on_delete=models.CASCADE, related_name="cpd")
    done_on = models.DateField(_("date"))
    activity = models.CharField(_("activity"), max_length=300)
    credits = models.FloatField(_("credits"))

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return self.activity


class AppealKind(models.TextChoices):
    APPEAL = "appeal", _("appeal")
    COMPLAINT = "complaint", _("complaint")


class Appeal(models.Model):
    """An appeal or a complaint and its outcome (ISO/IEC 17024:2012 9.8, 9.9); a re-mark it leads to
    is a new event in the audit log, the first marks stay."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=AppealKind.choices)
    candidate = models.ForeignKey(
        "persons.Candidate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.TextField(_("subject"))
    received_on = models.DateField(_("received on"))
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject[:40]}"

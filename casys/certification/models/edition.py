"""A new edition of a product standard and the re-evaluation of the certificates on the old one
(ISO/IEC 17065:2012 7.10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class EditionChange(models.Model):
    """A normative document's new edition, with the date by which certificates must be on it."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_edition_changes")
    document = models.CharField(_("normative document"), max_length=120)
    old_edition = models.CharField(_("edition replaced"), max_length=60, blank=True)
    new_edition = models.CharField(_("new edition"), max_length=60)
    published_on = models.DateField(_("new edition published on"))
    transition_until = models.DateField(_("end of the transition"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document}:{self.new_edition}"


class ReEvaluation(models.Model):
    """The re-evaluation of one certificate against a new edition, and its result."""

    change = models.ForeignKey(EditionChange, on_delete=models.PROTECT, related_name="re_evaluations")
    certificate = models.ForeignKey("certification.Certificate", on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("re-evaluated on"))
    result = models.TextField(_("result"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = ScopedManager("change__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["change", "certificate"], name="cert_reevaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} → {self.change}"

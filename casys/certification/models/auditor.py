"""Auditors of a certification body with their qualifications and declared conflicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager


class Auditor(models.Model):
    """An auditor (ISO/IEC 17021-1:2015 7.1): may be linked to a user who signs in."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_auditors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cert_auditors",
    )
    name = models.CharField(pgettext_lazy("certification", "name"), max_length=200)
    leader_for = models.JSONField(_("team leader for"), default=list, blank=True)  # scheme ids
    is_active = models.BooleanField(default=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """How the auditor is named to the engine: the same label a decision maker gets."""
        return str(self.user) if self.user_id else self.name


class Qualification(models.Model):
    """Qualified for a scheme (standard) in one IAF code (IAF ID 1)."""

    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="qualifications")
    scheme = models.CharField(_("scheme"), max_length=40)
    iaf_code = models.PositiveSmallIntegerField(_("IAF code"))

    objects = ScopedManager("auditor__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["scheme", "iaf_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["auditor", "scheme", "iaf_code"], name="cert_qualification_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.iaf_code}"


class Conflict(models.Model):
    """A declared conflict of interest with a client (ISO/IEC 17021-1:2015 5.2)."""

    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="conflicts")
    client = models.ForeignKey("certification.Client", on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(
        pgettext_lazy("certification", "kind"), max_length=40
    )  # consultancy, employment, family, ...
    ended = models.DateField(_("ended on"), null=True, blank=True)

    objects = ScopedManager("auditor__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.client_id})"

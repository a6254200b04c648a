"""Inspection reports (ISO/IEC 17020:2012 7.4): issued frozen and signed; a correction is a new report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager

LANGUAGES = [("en", "English"), ("fr", "Français"), ("ru", "Русский")]


class InspectionReport(models.Model):
    """An issued inspection report: its content frozen in ``snapshot`` (every 7.4.2 element), its
    signed credential; ``supersedes`` the report it corrects (7.4.4), which is never edited."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="inspection_reports")
    inspection = models.ForeignKey("inspection.Inspection", on_delete=models.PROTECT, related_name="reports")
    client = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("report number"), max_length=60)
    kind = models.CharField(max_length=32, default="inspection-report")
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language of the report"), max_length=2, choices=LANGUAGES, default="en")
    snapshot = models.JSONField(default=dict)
    credential = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    # the client's contacts read the client's reports
    objects = ScopedManager("body_id", "client_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="inspection_report_unique_number")
        ]
        verbose_name = _("inspection report")

    def __str__(self) -> str:
        return self.number

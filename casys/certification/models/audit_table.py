"""A certification body's loaded copy of an audit-time table that casys cannot ship.

ISO/IEC 27006-1, ISO 50003 and ISO 21030 are not public (``casys.core.audit_time.BODY_TABLES``):
the body loads its licensed copy as CSV. A new version is a new row; the newest is used,
the earlier ones stay as the history of what the quotations were based on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class AuditTimeTable(models.Model):
    """One loaded version of a body's audit-time table (never edited)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_audit_tables")
    table_id = models.CharField(_("table"), max_length=40)  # a key of casys.core.audit_time.BODY_TABLES
    csv_text = models.TextField(_("CSV"))
    source = models.CharField(_("source"), max_length=300)  # as the body states it
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(_("loaded at"))

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["table_id", "-loaded_at", "-id"]
        indexes = [models.Index(fields=["body", "table_id", "-loaded_at"])]

    def __str__(self) -> str:
        return f"{self.table_id} ({self.source})"

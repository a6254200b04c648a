"""The laboratory's record of a customer: the language its reports are issued in, its contact."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager

REPORT_LANGUAGES = [("en", "English"), ("fr", "Français"), ("ru", "Русский")]


class CustomerRecord(models.Model):
    """What the laboratory keeps about a customer (a Body ``managed_by`` the laboratory) for its
    reports: the contact named on them (ISO/IEC 17025:2017 7.8.2.1 e) and the report language."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="lab_customer_records")
    customer = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    report_language = models.CharField(
        _("language of the reports"), max_length=2, choices=REPORT_LANGUAGES, default="en"
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["body", "customer"], name="lab_customer_record_unique")
        ]
        verbose_name = _("customer record")
        verbose_name_plural = _("customer records")

    def __str__(self) -> str:
        return str(self.customer)

"""What is inspected (items, installations, batches, services) and the instruments measuring it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class ItemKind(models.TextChoices):
    ITEM = "item", _("item")
    INSTALLATION = "installation", _("installation")
    BATCH = "batch", _("batch")
    SERVICE = "service", _("service")


class Item(models.Model):
    """An object of inspection owned by a client; ``in_service`` turns off at a dangerous defect and
    on again only after a new inspection; ``next_due`` is when it is next inspected."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="inspection_items")
    owner = models.ForeignKey(
        "accounts.Body", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    identifier = models.CharField(_("identifier"), max_length=120)
    description = models.CharField(_("description"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices, default=ItemKind.ITEM)
    location = models.CharField(_("location"), max_length=300, blank=True)
    lot_size = models.PositiveIntegerField(_("lot size"), null=True, blank=True)
    in_service = models.BooleanField(_("in service"), default=True)
    out_of_service_since = models.DateField(_("out of service since"), null=True, blank=True)
    next_due = models.DateField(_("next inspection due"), null=True, blank=True)

    objects = ScopedManager("body_id", "owner_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["identifier"]
        constraints = [
            models.UniqueConstraint(fields=["body", "identifier"], name="inspection_item_unique_identifier")
        ]
        verbose_name = _("inspected item")

    def __str__(self) -> str:
        return f"{self.identifier} — {self.description}"


class Instrument(models.Model):
    """A measuring instrument of the body's register (17020 6.2.6): used only while calibrated."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("instrument number"), max_length=60)
    name = models.CharField(_("instrument"), max_length=200)
    calibration_due = models.DateField(_("calibration due"))
    certificate = models.CharField(_("calibration certificate"), max_length=120, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="inspection_instrument_unique_code")
        ]
        verbose_name = _("instrument")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

"""A PT scheme run by a proficiency-testing provider (ISO/IEC 17043:2023, 3.9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class PTScheme(models.Model):
    """A proficiency testing scheme: a series of rounds on one kind of PT item."""

    provider = models.ForeignKey(
        "accounts.Body", verbose_name=_("PT provider"), on_delete=models.PROTECT, related_name="pt_schemes"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The provider sees its schemes; a participant reaches a scheme through its participations.
    objects = ScopedManager("provider_id", "rounds__participations__participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["name"]
        verbose_name = _("PT scheme")
        verbose_name_plural = _("PT schemes")

    def __str__(self) -> str:
        return self.name

"""Inspectors: their competence per inspection field and their declared involvements in items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager

ACTIVITIES = [
    ("design", _("design")),
    ("manufacture", _("manufacture")),
    ("supply", _("supply")),
    ("installation", _("installation")),
    ("purchase", _("purchase")),
    ("ownership", _("ownership")),
    ("use", _("use")),
    ("maintenance", _("maintenance")),
]


class Competence(models.Model):
    """An inspector authorised for an inspection field: the scheme's category (17020 6.1.2, 6.1.3)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    field = models.CharField(_("inspection field"), max_length=80)
    granted_on = models.DateField(_("authorised on"))

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["field", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "inspector", "field"], name="inspection_competence_unique"
            )
        ]
        verbose_name = _("competence")

    def __str__(self) -> str:
        return f"{self.inspector}: {self.field}"


class Involvement(models.Model):
    """An inspector's declared involvement in an item (design, manufacture, installation, maintenance…)
    with its dates: the same person does not inspect it (17020 Annex A.3, 4.1.3)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("inspection.Item", on_delete=models.CASCADE, related_name="involvements")
    activity = models.CharField(_("activity"), max_length=20, choices=ACTIVITIES)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-since", "id"]
        verbose_name = _("declared involvement")

    def __str__(self) -> str:
        return f"{self.inspector}: {self.activity} of {self.item_id}"

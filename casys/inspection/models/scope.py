"""The inspection body's scope: each scheme with its type of independence (ISO/IEC 17020:2012 4.1.6,
Annex A), and the organisation a type B body is part of."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Independence(models.TextChoices):
    A = "A", _("Type A")
    B = "B", _("Type B")
    C = "C", _("Type C")


class BodyProfile(models.Model):
    """What the inspection body says of itself: the organisation it is part of (types B and C).

    ``parent`` is the body's record of its own parent organisation (a client record it keeps); a
    type B body inspects only for it (Annex A.2).
    """

    body = models.OneToOneField("accounts.Body", on_delete=models.CASCADE, related_name="inspection_profile")
    parent = models.ForeignKey(
        "accounts.Body",
        verbose_name=_("organisation the body is part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = _("inspection body profile")

    def __str__(self) -> str:
        return str(self.body_id)


class ScopeLine(models.Model):
    """One inspection scheme in the body's scope with its type; one type per scheme (ILAC FAQ 26)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="inspection_scope")
    scheme_id = models.CharField(_("inspection scheme"), max_length=80)
    independence = models.CharField(_("type of independence"), max_length=1, choices=Independence.choices)
    declared_on = models.DateField(
        _("declaration of non-involvement dated"),
        null=True,
        blank=True,
        help_text=_("Type A: the date of the body's declaration (ISO/IEC 17020:2012 Annex A.1)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["scheme_id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "scheme_id"], name="inspection_scope_one_type_per_scheme")
        ]
        verbose_name = _("scope line")

    def __str__(self) -> str:
        return f"{self.scheme_id} ({self.independence})"

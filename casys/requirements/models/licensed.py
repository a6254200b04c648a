"""A body's licensed text of a copyrighted normative document: seen by the body's members only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class LicensedText(models.Model):
    """The text of one requirement as the body's licensed copy of the standard has it.

    The shared catalogue holds the clause number and title; this row, owned by a body, holds the
    text the body bought the right to use. A query goes through the body's scope, so another
    body's members never see it.
    """

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="licensed_texts")
    requirement = models.ForeignKey(
        "requirements.Requirement", on_delete=models.CASCADE, related_name="licensed_texts"
    )
    text = models.TextField(_("text"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["body", "requirement"], name="licensed_text_unique_per_body")
        ]
        verbose_name = _("licensed text")
        verbose_name_plural = _("licensed texts")

    def __str__(self) -> str:
        return f"{self.body_id}: {self.requirement_id}"

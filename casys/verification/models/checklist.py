"""The engagement's verification checklist: each requirement of the programme's profile (ISO
14064-3:2019 clause ids by default) answered with its evidence (docs/audits.md, "Coverage in
product, inspection and verification schemes")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager
from casys.verification.models.engagement import Engagement


class ChecklistAnswer(models.Model):
    """One requirement of the profile, answered on the engagement with the evidence seen."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="checklist")
    requirement = models.ForeignKey(
        "requirements.Requirement", verbose_name=_("requirement"), on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(_("evidence"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField(_("answered on"))

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "requirement__position"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "requirement"], name="vv_checklist_answer_unique")
        ]
        verbose_name = _("checklist answer")

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.evidence[:40]}"

"""The recorded evaluation of a round: the provider's choices, exclusions and every score.

An evaluation is never edited: evaluating again records a new one, and the latest counts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from casys.accounts.scoping import ScopedManager


class Evaluation(models.Model):
    """One evaluation of a round (ISO 13528:2022, clauses 7–9), with who chose what and why."""

    round = models.ForeignKey("proficiency.Round", on_delete=models.PROTECT, related_name="evaluations")
    assigned_method = models.CharField(max_length=32)
    assigned_value = models.FloatField(null=True, blank=True)
    u_assigned = models.FloatField(null=True, blank=True)
    sigma_source = models.CharField(max_length=32)
    score_kind = models.CharField(max_length=16)
    exclusions = models.JSONField(default=dict)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField()

    # A participant reads the evaluation of a round it took part in (summary only, after publication).
    objects = ScopedManager("round__scheme__provider_id", "round__participations__participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-evaluated_at", "-id"]

    @property
    def choices(self) -> dict[str, Any]:
        return {
            "assigned": self.assigned_method,
            "assigned_value": self.assigned_value,
            "u_assigned": self.u_assigned,
            "sigma_pt": self.sigma_source,
            "score": self.score_kind,
            "exclusions": self.exclusions,
        }

    def __str__(self) -> str:
        return f"{self.round_id} @ {self.evaluated_at:%Y-%m-%d %H:%M}"


class SeriesEvaluation(models.Model):
    """The statistics of one item and measurand within an evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="series")
    item = models.ForeignKey("proficiency.Item", on_delete=models.PROTECT, related_name="+")
    measurand = models.ForeignKey("proficiency.Measurand", on_delete=models.PROTECT, related_name="+")
    x_pt = models.FloatField()
    u_x_pt = models.FloatField()
    assigned_text = models.CharField(max_length=200)
    sigma_pt = models.FloatField()
    sigma_text = models.CharField(max_length=200)
    robust_x = models.FloatField(null=True, blank=True)
    robust_s = models.FloatField(null=True, blank=True)
    p = models.PositiveIntegerField()
    score_kind = models.CharField(max_length=8)
    u_negligible = models.BooleanField()

    objects = ScopedManager(
        "evaluation__round__scheme__provider_id", "evaluation__round__participations__participant_id"
    )
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["item__code", "measurand_id"]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.measurand_id}: x_pt = {self.x_pt:.4g}"


class Score(models.Model):
    """A participant's score in one series: its result, D, D % and z (or z', ζ, En)."""

    series = models.ForeignKey(SeriesEvaluation, on_delete=models.CASCADE, related_name="scores")
    participation = models.ForeignKey(
        "proficiency.Participation", on_delete=models.PROTECT, related_name="scores"
    )
    x = models.FloatField()
    D = models.FloatField()
    D_percent = models.FloatField(null=True, blank=True)
    kind = models.CharField(max_length=8, blank=True)
    value = models.FloatField(null=True, blank=True)
    classification = models.CharField(max_length=16, blank=True)
    used_in_statistics = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)

    # A participant sees its own scores only.
    objects = ScopedManager("series__evaluation__round__scheme__provider_id", "participation__participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["participation__code"]
        indexes = [models.Index(fields=["participation", "series"])]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.kind} = {self.value}"

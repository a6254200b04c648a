"""A laboratory's participation in a round and the results it submits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Participation(models.Model):
    """A laboratory invited to a round, known to everyone but the provider by its ``code``.

    The participant reaches its own participation through its own body's membership;
    the path ``participant_id`` lets it see this row and no other laboratory's.
    """

    round = models.ForeignKey("proficiency.Round", on_delete=models.PROTECT, related_name="participations")
    participant = models.ForeignKey(
        "accounts.Body",
        verbose_name=_("laboratory"),
        on_delete=models.PROTECT,
        related_name="pt_participations",
    )
    code = models.CharField(_("participant code"), max_length=16)
    language = models.CharField(_("report language"), max_length=8, default="en")
    invited_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The signed performance credential (compact JWS, VC-JOSE-COSE), made when the round is published.
    credential = models.TextField(_("signed credential"), blank=True)

    objects = ScopedManager("round__scheme__provider_id", "participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="pt_participation_unique_lab"),
            models.UniqueConstraint(fields=["round", "code"], name="pt_participation_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code


class ResultSource(models.TextChoices):
    FORM = "form", _("form")
    CSV = "csv", _("CSV upload")
    PROVIDER = "provider", _("entered by the provider")
    API = "api", _("API")


class Result(models.Model):
    """A participant's result for one item and measurand, with its expanded uncertainty U (k = 2)."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey("proficiency.Item", on_delete=models.PROTECT, related_name="results")
    measurand = models.ForeignKey("proficiency.Measurand", on_delete=models.PROTECT, related_name="results")
    value = models.FloatField(_("result"))
    U = models.FloatField(_("expanded uncertainty U (k = 2)"), null=True, blank=True)
    source = models.CharField(max_length=16, choices=ResultSource.choices, default=ResultSource.FORM)
    submitted_at = models.DateTimeField()

    objects = ScopedManager("participation__round__scheme__provider_id", "participation__participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["item__code", "measurand_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "item", "measurand"], name="pt_result_unique_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participation_id} {self.item_id}/{self.measurand_id}: {self.value}"

"""A PT round: its measurands, PT items and homogeneity studies (ISO/IEC 17043:2023, 7.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proficiency", "Draft")
    OPEN = "open", _("Open for results")
    CLOSED = "closed", pgettext_lazy("proficiency", "Closed")
    EVALUATED = "evaluated", _("Evaluated")
    PUBLISHED = "published", _("Report published")


class Round(models.Model):
    """One round of a scheme: items sent on ``opens_on``, results due by ``deadline``."""

    scheme = models.ForeignKey("proficiency.PTScheme", on_delete=models.PROTECT, related_name="rounds")
    code = models.CharField(_("round code"), max_length=40)
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT, db_index=True
    )
    opens_on = models.DateField(_("items dispatched on"))
    deadline = models.DateField(_("deadline for results"))
    report_due = models.DateField(_("report due on"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("scheme__provider_id", "participations__participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-opens_on", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="pt_round_unique_code")]
        verbose_name = _("PT round")
        verbose_name_plural = _("PT rounds")

    def __str__(self) -> str:
        return self.code

    @property
    def provider_id(self) -> int:
        return self.scheme.provider_id


class Measurand(models.Model):
    """A quantity measured on the PT items, with its unit and the σpt for fitness for purpose."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="measurands")
    name = models.CharField(_("measurand"), max_length=120)
    unit = models.CharField(_("unit"), max_length=40)
    sigma_pt = models.FloatField(_("σpt (fitness for purpose)"), null=True, blank=True)
    mass_fraction_per_unit = models.FloatField(
        _("mass fraction of one unit"),
        null=True,
        blank=True,
        help_text=_("For the Horwitz function, e.g. 1e-9 for µg/L in water"),
    )

    objects = ScopedManager("round__scheme__provider_id", "round__participations__participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="pt_measurand_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Item(models.Model):
    """A PT item (sample) sent to every participant; two items make a Youden pair."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("item code"), max_length=40)
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = ScopedManager("round__scheme__provider_id", "round__participations__participant_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="pt_item_unique_code")]

    def __str__(self) -> str:
        return self.code


class HomogeneityStudy(models.Model):
    """Homogeneity data of one item and measurand, checked against 0.3·σpt (ISO 13528:2022, annex B)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="homogeneity_studies")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="homogeneity_studies")
    measurand = models.ForeignKey(Measurand, on_delete=models.CASCADE, related_name="homogeneity_studies")
    sigma_pt = models.FloatField(_("σpt"))
    data_csv = models.TextField()
    g = models.PositiveIntegerField()
    m = models.PositiveIntegerField()
    s_x = models.FloatField()
    s_w = models.FloatField()
    s_s = models.FloatField()
    limit = models.FloatField()
    c = models.FloatField()
    passes = models.BooleanField()
    passes_allowing_repeatability = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("round__scheme__provider_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.measurand_id}: s_s = {self.s_s:.4g}"

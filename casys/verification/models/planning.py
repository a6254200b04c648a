"""The engagement's middle: competence, plan and time, risk per source, sampling plans, control tests,
base year and removals, and the figures of claims other than an inventory (ISO 14064-2 projects).

ISO 14064-3:2019 6.1 (strategic analysis, risk assessment, verification and
sampling plans), ISO 14065:2020 6.3 (competence of the team), ISO 14064-1:2018
6.4 (base year) and 9.3.1 (removals reported apart).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager
from casys.verification.models.engagement import Engagement, Misstatement


class CompetenceKind(models.TextChoices):
    SECTOR = "sector", _("Sector")
    PROGRAMME = "programme", _("GHG programme")


class VerifierCompetence(models.Model):
    """A verifier's recorded competence for a sector or a GHG programme (ISO 14065:2020 6.3; ISO 14066)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=CompetenceKind.choices)
    value = models.CharField(_("sector or programme"), max_length=100)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["kind", "value", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "user", "kind", "value"], name="vv_competence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.value}"


class EngagementPlan(models.Model):
    """The verification plan's header: the client's sector and the time allocated, with its justification."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="plan")
    sector = models.CharField(_("sector"), max_length=100)
    days = models.DecimalField(_("time allocated (days)"), max_digits=6, decimal_places=1)
    justification = models.TextField(_("justification of the time"))

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"{self.engagement}: {self.days} d"


class SourceRisk(models.Model):
    """Inherent, control and (acceptable) detection risk of one emission source, and the planned work."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="risks")
    source = models.CharField(_("emission source"), max_length=200)
    inherent = models.CharField(_("inherent risk"), max_length=8)
    control = models.CharField(_("control risk"), max_length=8)
    detection = models.CharField(_("detection risk"), max_length=8)
    work = models.CharField(_("planned assurance work"), max_length=16)
    justification = models.TextField(_("justification"))

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "source"]
        constraints = [models.UniqueConstraint(fields=["engagement", "source"], name="vv_source_risk_unique")]

    def __str__(self) -> str:
        return f"{self.source}: {self.inherent}/{self.control}/{self.detection}"


class SamplingPlan(models.Model):
    """A monetary-unit sample for data testing: its parameters, size, seeded selection and evaluation."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sampling_plans")
    name = models.CharField(_("population"), max_length=200)
    items = models.JSONField(default=list)  # [[item, book value], ...] as given
    population_value = models.FloatField(_("population value"))
    tolerable = models.FloatField(_("tolerable misstatement"))
    confidence = models.FloatField(_("confidence"))
    expected = models.FloatField(_("expected misstatement"), default=0.0)
    sample_size = models.PositiveIntegerField(_("sample size"))
    sampling_interval = models.FloatField(_("sampling interval"))
    reliability_factor = models.FloatField(_("reliability factor"))
    seed = models.BigIntegerField(_("seed"))
    selection = models.JSONField(default=list)  # [[item, book value, hit], ...]
    audited = models.JSONField(default=dict, blank=True)  # {item: audited value}
    projected = models.FloatField(_("projected misstatement"), null=True, blank=True)
    basic_precision = models.FloatField(_("basic precision"), null=True, blank=True)
    upper_limit = models.FloatField(_("upper misstatement limit"), null=True, blank=True)
    misstatement = models.OneToOneField(
        Misstatement, null=True, blank=True, on_delete=models.SET_NULL, related_name="sampling_plan"
    )

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "id"]

    def __str__(self) -> str:
        return f"{self.name}: n = {self.sample_size}"


class ControlTest(models.Model):
    """A test of one control: attribute sample size, deviations found and the conclusion."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="control_tests")
    control = models.CharField(_("control"), max_length=300)
    tolerable_rate = models.FloatField(_("tolerable deviation rate"))
    risk = models.FloatField(_("risk of overreliance"))
    expected_rate = models.FloatField(_("expected deviation rate"), default=0.0)
    sample_size = models.PositiveIntegerField(_("sample size"))
    deviations = models.PositiveIntegerField(_("deviations found"), null=True, blank=True)
    upper_rate = models.FloatField(_("upper deviation rate"), null=True, blank=True)
    relied_on = models.BooleanField(_("relied on"), null=True, blank=True)

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "id"]

    def __str__(self) -> str:
        return f"{self.control}: n = {self.sample_size}"


class BaseYear(models.Model):
    """The organisation's base year and the significance threshold for its recalculation."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="base_year")
    year = models.PositiveSmallIntegerField(_("base year"))
    tco2e = models.FloatField(_("base-year emissions (t CO2e)"))
    threshold_percent = models.FloatField(_("recalculation threshold (%)"))
    threshold_source = models.TextField(_("source of the threshold"))

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"{self.year}: {self.tco2e:g} t CO2e"


class StructuralChange(models.Model):
    """A structural change since the base year (signed effect on base-year emissions, t CO2e)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="structural_changes")
    description = models.CharField(_("description"), max_length=300)
    tco2e = models.FloatField(_("effect on the base year (t CO2e)"))

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.tco2e:+g}"


class Removal(models.Model):
    """GHG removals of a source (t CO2e, positive), reported apart from emissions (ISO 14064-1 9.3.1)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="removals")
    source = models.CharField(_("source"), max_length=200)
    category = models.CharField(_("category"), max_length=2, default="1")
    tco2e = models.FloatField(_("removals (t CO2e)"))

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "id"]

    def __str__(self) -> str:
        return f"{self.source}: {self.tco2e:g}"


class ClaimFigure(models.Model):
    """One period (vintage) of a claim other than an inventory: its terms and result (claim type as data)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="claim_figures")
    claim_type = models.CharField(_("claim type"), max_length=60)
    period = models.CharField(_("vintage"), max_length=20)
    values = models.JSONField(default=dict)
    result = models.FloatField(_("result"))

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "period"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "period"], name="vv_claim_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.claim_type} {self.period}: {self.result:g}"

"""Measurement results with their uncertainty (ISO/IEC 17025:2017 7.6, 7.8.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager


class Evaluation(models.TextChoices):
    GUM = "gum", _("GUM (JCGM 100)")
    GUM_MCM = "gum+mcm", _("GUM and Monte Carlo (JCGM 100, JCGM 101)")
    BUDGET = "budget", _("Uncertainty budget")
    ENTERED = "entered", _("Entered u and k")


class TestResult(models.Model):
    """One measured value ``y`` with standard uncertainty ``u``, coverage factor ``k`` and U = k·u.

    ``computation`` keeps what the evaluation produced (budget lines, GUM and
    Monte Carlo results, histogram) so pages and reports draw the same pictures.
    """

    __test__ = False

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="test_results")
    method = models.ForeignKey("laboratory.TestMethod", on_delete=models.PROTECT, related_name="results")
    customer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    sample = models.CharField(_("sample or item"), max_length=200)
    measured_on = models.DateField(_("measured on"))
    # ISO/IEC 17025:2017 7.8.2.1 g), i), j), k), 7.8.2.2: the item and how it came to the laboratory
    item_description = models.TextField(_("description of the item"), blank=True)
    received_on = models.DateField(pgettext_lazy("laboratory", "received on"), null=True, blank=True)
    sampled_on = models.DateField(_("sampled on"), null=True, blank=True)
    sampling_plan = models.CharField(_("sampling plan or method"), max_length=300, blank=True)
    external_provider = models.CharField(
        _("external provider"),
        max_length=300,
        blank=True,
        help_text=_("Name the provider when the result comes from outside the laboratory (7.8.2.1 p)."),
    )
    y = models.FloatField(_("measured value"))
    u = models.FloatField(_("standard uncertainty"))
    k = models.FloatField(_("coverage factor"))
    U = models.FloatField(_("expanded uncertainty"), db_column="expanded_uncertainty")
    df = models.FloatField(_("effective degrees of freedom"), null=True, blank=True)
    evaluation = models.CharField(_("uncertainty evaluation"), max_length=16, choices=Evaluation.choices)
    model_toml = models.TextField(_("measurement model (TOML)"), blank=True)
    computation = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-measured_on", "-id"]
        indexes = [
            models.Index(fields=["body", "customer"], name="lab_result_customer"),
            models.Index(fields=["body", "-measured_on"], name="lab_result_date"),
        ]
        verbose_name = _("test result")
        verbose_name_plural = _("test results")

    def __str__(self) -> str:
        return f"{self.sample}: {self.y:g} ± {self.U:.2g} {self.method.unit}"

"""Test and calibration methods of a laboratory: measurand, unit, limits, uncertainty model or budget."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class UncertaintySource(models.TextChoices):
    MODEL = "model", _("Measurement model (GUM / Monte Carlo)")
    BUDGET = "budget", _("Uncertainty budget (rows)")
    ENTERED = "entered", _("Entered with each result (u and k)")


class TestMethod(models.Model):
    """A test or calibration method (ISO/IEC 17025:2017 7.2) with its specification limits.

    The tolerance interval [lower_limit, upper_limit] may be one-sided (one limit
    blank). The uncertainty is evaluated from a TOML measurement model
    (docs/uncertainty-model-file.md) or from a budget of rows (:class:`BudgetRow`).
    """

    __test__ = False  # not a pytest test class despite its name

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="test_methods")
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    measurand = models.CharField(_("measurand"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40)
    lower_limit = models.FloatField(_("lower specification limit"), null=True, blank=True)
    upper_limit = models.FloatField(_("upper specification limit"), null=True, blank=True)
    uncertainty_source = models.CharField(
        _("uncertainty evaluation"), max_length=16, choices=UncertaintySource.choices
    )
    model_toml = models.TextField(_("uncertainty model (TOML)"), blank=True)
    coverage_probability = models.FloatField(_("coverage probability"), default=0.95)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="lab_method_unique_code")]
        verbose_name = _("test method")
        verbose_name_plural = _("test methods")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def limits_text(self) -> str:
        if self.lower_limit is not None and self.upper_limit is not None:
            return f"[{self.lower_limit:g}, {self.upper_limit:g}] {self.unit}"
        if self.lower_limit is not None:
            return f"≥ {self.lower_limit:g} {self.unit}"
        return f"≤ {self.upper_limit:g} {self.unit}"


class BudgetRow(models.Model):
    """One row of an uncertainty budget (JCGM 100:2008 8 and H.1): u(x_i), c_i and ν_i."""

    method = models.ForeignKey(TestMethod, on_delete=models.CASCADE, related_name="budget_rows")
    position = models.PositiveIntegerField()
    quantity = models.CharField(_("input quantity"), max_length=200)
    u = models.FloatField(_("standard uncertainty u(x_i)"))
    c = models.FloatField(_("sensitivity coefficient c_i"), default=1.0)
    dof = models.FloatField(_("degrees of freedom ν_i"), null=True, blank=True)

    objects = ScopedManager("method__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["method", "position"]
        constraints = [
            models.UniqueConstraint(fields=["method", "position"], name="lab_budget_row_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.quantity}: u = {self.u:g}, c = {self.c:g}"

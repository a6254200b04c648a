"""Decision rules agreed with a customer (ISO/IEC 17025:2017 7.1.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class DecisionRule(models.TextChoices):
    SIMPLE = "simple", _("Simple acceptance")
    GUARDED_ACCEPTANCE = "guarded-acceptance", _("Guarded acceptance")
    GUARDED_REJECTION = "guarded-rejection", _("Guarded rejection")


class DecisionRuleAgreement(models.Model):
    """A decision rule agreed with a customer, for one method or for all (``method`` blank).

    ISO/IEC 17025:2017 7.1.3: when the customer requests a statement of
    conformity, the decision rule is communicated to and agreed with the
    customer. The record keeps when, with whom and who at the laboratory.
    ``r`` is the guard-band multiplier, w = r·U (ILAC G8:09/2019 4.2.2).
    """

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="rule_agreements")
    customer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    method = models.ForeignKey(
        "laboratory.TestMethod", null=True, blank=True, on_delete=models.PROTECT, related_name="agreements"
    )
    rule = models.CharField(_("decision rule"), max_length=24, choices=DecisionRule.choices)
    r = models.FloatField(_("guard band multiplier r (w = r·U)"), default=1.0)
    binary = models.BooleanField(_("binary statement (pass/fail)"), default=True)
    agreed_on = models.DateField(_("agreed on"))
    customer_representative = models.CharField(_("customer's representative"), max_length=200)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agreed by (laboratory)"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["customer__name", "-agreed_on", "id"]
        indexes = [models.Index(fields=["body", "customer"], name="lab_agreement_customer")]
        verbose_name = _("decision rule agreement")
        verbose_name_plural = _("decision rule agreements")

    def __str__(self) -> str:
        text = str(self.get_rule_display())
        if self.rule != DecisionRule.SIMPLE:
            text += f" (r = {self.r:g})"
        return text + (" · " + str(_("binary")) if self.binary else " · " + str(_("non-binary")))

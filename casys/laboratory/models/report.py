"""Test reports (ISO/IEC 17025:2017 7.8): drafted, reviewed and issued; never edited once issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager
from casys.laboratory.models.customer import REPORT_LANGUAGES


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class TestReport(models.Model):
    """A test report for one customer with its results and the statements of conformity.

    Issuing freezes the content in ``snapshot`` (results, uncertainties,
    decisions) and gives the report its number; an issued report is never edited.
    An amendment is a new report that ``supersedes`` it (ISO/IEC 17025:2017 7.8.8).
    """

    __test__ = False

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="test_reports")
    customer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("report number"), max_length=40, blank=True)
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    results = models.ManyToManyField(
        "laboratory.TestResult", related_name="reports", verbose_name=_("results")
    )
    agreements = models.ManyToManyField(
        "laboratory.DecisionRuleAgreement", related_name="reports", verbose_name=_("decision rules")
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)
    language = models.CharField(
        _("language of the report"), max_length=2, choices=REPORT_LANGUAGES, default="en"
    )
    remarks = models.TextField(
        _("additions, deviations or exclusions"),
        blank=True,
        help_text=_(
            "Deviations from the method, additions to it or exclusions (ISO/IEC 17025:2017 7.8.2.1 n)."
        ),
    )
    location = models.CharField(
        _("where the laboratory activities were performed"),
        max_length=300,
        blank=True,
        help_text=_("Blank: at the laboratory's permanent facilities."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict, blank=True)
    # The signed credential of the issued report (compact JWS, VC-JOSE-COSE), made when it is issued.
    credential = models.TextField(_("signed credential"), blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"], condition=~models.Q(number=""), name="lab_report_unique_number"
            )
        ]
        indexes = [models.Index(fields=["body", "status"], name="lab_report_status")]
        verbose_name = _("test report")
        verbose_name_plural = _("test reports")

    def __str__(self) -> str:
        return self.number or str(_("draft report"))

    @property
    def issued(self) -> bool:
        return self.status == ReportStatus.ISSUED

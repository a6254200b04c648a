"""An application for certification: scope, sites, personnel and the quotation (audit time)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager

COMPLEXITY = [("high", _("high")), ("medium", _("medium")), ("low", _("low")), ("limited", _("limited"))]
STATUS = [
    ("received", _("received")),
    ("reviewed", _("reviewed")),
    ("certified", _("certified")),
]
PERSONNEL_LABELS = {
    "full-time": _("full-time"),
    "shift": _("shift"),
    "temporary": _("temporary"),
    "part-time": _("part-time"),
}


class Application(models.Model):
    """Application and, once reviewed, its quotation (ISO/IEC 17021-1:2015 9.1.1, 9.1.2, 9.1.4)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_applications")
    client = models.ForeignKey("certification.Client", on_delete=models.PROTECT, related_name="applications")
    schemes = models.JSONField(_("schemes"), default=list)  # scheme ids, e.g. ["iso14001", "iso45001"]
    scope = models.TextField(_("scope"))  # one scope item per line
    iaf_codes = models.JSONField(pgettext_lazy("certification", "IAF codes"), default=list)
    complexity = models.CharField(_("complexity"), max_length=10, choices=COMPLEXITY, default="medium")
    status = models.CharField(_("status"), max_length=12, choices=STATUS, default="received")
    received_on = models.DateField(_("received on"))
    # quotation (application review): the engine's result, kept as the justification shown to the client
    n = models.PositiveIntegerField(_("effective personnel"), default=0)
    adjustment_percent = models.FloatField(default=0)
    adjustment_reason = models.CharField(max_length=300, blank=True)
    integration_percent = models.FloatField(default=0)
    integration_reason = models.CharField(max_length=300, blank=True)
    initial_days = models.FloatField(null=True, blank=True)
    stage1_days = models.FloatField(null=True, blank=True)
    stage2_days = models.FloatField(null=True, blank=True)
    surveillance_days = models.FloatField(null=True, blank=True)
    recertification_days = models.FloatField(null=True, blank=True)
    justification = models.JSONField(default=list, blank=True)
    #: what the scheme's audit-time method reads besides personnel and complexity, e.g. the food
    #: chain category and HACCP studies (ISO/TS 22003-1), factor adjustments (ISO/IEC 27006-1)
    audit_time_inputs = models.JSONField(default=dict, blank=True)
    site_sample = models.JSONField(default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)

    objects = ScopedManager("body_id", "client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-id"]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self) -> str:
        return f"{self.client} — {', '.join(self.schemes)}"

    @property
    def scope_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.scope.splitlines() if line.strip())


class Site(models.Model):
    """A site in the scope, with its personnel groups (IAF MD 1; IAF MD 5:2019 2.3)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("site"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    is_central = models.BooleanField(_("central function"), default=False)

    objects = ScopedManager("application__body_id", "application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-is_central", "id"]

    def __str__(self) -> str:
        return self.name


class PersonnelGroup(models.Model):
    """Personnel of a site counted per IAF MD 5:2019 2.3 (full-time, shift, temporary, part-time)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="personnel")
    kind = models.CharField(max_length=12)
    count = models.PositiveIntegerField()
    hours = models.FloatField(null=True, blank=True)  # part-time weekly hours against 40

    objects = ScopedManager("site__application__body_id", "site__application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.count} {self.kind}"

    @property
    def kind_label(self) -> str:
        return str(PERSONNEL_LABELS.get(self.kind, self.kind))

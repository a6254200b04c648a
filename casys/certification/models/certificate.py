"""Decisions, certificates and their lifecycle events (never edits)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager
from casys.certification.models.audit import PHASE_LABELS

STATUS = [
    ("issued", pgettext_lazy("certification", "active")),
    ("suspended", _("suspended")),
    ("withdrawn", pgettext_lazy("certification", "withdrawn")),
    ("expired", pgettext_lazy("certification", "expired")),
    ("transferred", _("transferred")),
]
EVENTS = [
    ("issued", _("issued")),
    ("suspended", _("suspended")),
    ("restored", pgettext_lazy("certification", "restored")),
    ("withdrawn", pgettext_lazy("certification", "withdrawn")),
    ("expired", pgettext_lazy("certification", "expired")),
    ("scope-reduced", pgettext_lazy("certification", "scope reduced")),
    ("scope-extended", pgettext_lazy("certification", "scope extended")),
    ("reissued", _("reissued")),
    ("transferred", _("transferred")),
]


class Decision(models.Model):
    """A certification decision after technical review (ISO/IEC 17021-1:2015 9.5)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_decisions")
    application = models.ForeignKey(
        "certification.Application", on_delete=models.CASCADE, related_name="decisions"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    phase = models.CharField(max_length=40)
    review_notes = models.TextField(_("technical review"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    onsite_share = models.FloatField(null=True, blank=True)

    objects = ScopedManager("body_id", "application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.phase} {self.decided_on}"

    @property
    def phase_label(self) -> str:
        return str(PHASE_LABELS.get(self.phase, self.phase))


class Certificate(models.Model):
    """A management-system certificate. Fields as issued never change; ``status``, ``scope`` and
    ``expiry_date`` are the current state, derived by the lifecycle service from the events."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_certificates")
    client = models.ForeignKey("certification.Client", on_delete=models.PROTECT, related_name="certificates")
    application = models.ForeignKey(
        "certification.Application", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("number"), max_length=60)
    schemes = models.JSONField(default=list)
    standards = models.JSONField(default=list)
    iaf_codes = models.JSONField(default=list)
    sites = models.JSONField(default=list)  # [{name, address, country}]
    scope = models.TextField(_("scope"))
    original_issue_date = models.DateField()
    issue_date = models.DateField()
    expiry_date = models.DateField()
    status = models.CharField(_("status"), max_length=12, choices=STATUS, default="issued")
    status_since = models.DateField(null=True, blank=True)

    objects = ScopedManager("body_id", "client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="cert_certificate_number_unique")
        ]
        indexes = [models.Index(fields=["body", "status", "expiry_date"])]

    def __str__(self) -> str:
        return self.number

    @property
    def scope_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.scope.splitlines() if line.strip())


class CertificateEvent(models.Model):
    """One lifecycle event (ISO/IEC 17021-1:2015 9.6.5; IAF MD 2:2017): who, when, why."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EVENTS)
    at = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(max_length=200)
    why = models.TextField()
    scope = models.TextField(blank=True)
    to_body = models.CharField(max_length=200, blank=True)
    expiry = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("certificate__body_id", "certificate__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at}"

"""Audits of the programme, their team, and their findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager

MODES = [("on-site", _("on-site")), ("remote", _("remote")), ("hybrid", _("hybrid"))]
GRADES = [
    ("major", _("major nonconformity")),
    ("minor", _("minor nonconformity")),
    ("ofi", _("opportunity for improvement")),
]

#: Names of the activity and phase ids of the shipped schemes (casys/schemes/*.toml).
ACTIVITY_LABELS = {
    "stage1": _("Stage 1 audit"),
    "stage2": _("Stage 2 audit"),
    "surveillance-audit": _("Surveillance audit"),
    "recertification-audit": _("Recertification audit"),
    "short-notice-audit": _("Short-notice audit"),
    "scope-extension-audit": _("Scope extension audit"),
    "type-test": _("Type test"),
    "factory-inspection": _("Factory inspection"),
    "market-sample-test": _("Market-sample test"),
    # the other activities of the shipped product schemes (ISO/IEC 17067 types, EAEU schemes)
    "batch-sampling": _("Drawing the sample from the batch"),
    "batch-test": _("Testing the sample"),
    "batch-sample-test": _("Testing of samples drawn from the batch"),
    "item-test": _("Testing of the single item"),
    "sample-test": _("Testing of product samples"),
    "production-assessment": _("Assessment of the production process"),
    "production-analysis": _("Analysis of the state of production"),
    "factory-sample-test": _("Testing of samples taken at the factory"),
    "control-sample-test": _("Inspection control: testing of samples"),
    "control-production-analysis": _("Inspection control: analysis of the state of production"),
    "service-sampling": _("Choosing the sites, channels and interactions to assess"),
    "service-assessment": _("Assessment of the service"),
    "service-delivery-assessment": _("Assessment of the delivery of the service"),
    "management-system-audit": _("Audit of the management system"),
}
PHASE_LABELS = {
    "initial": _("Initial certification"),
    "surveillance": _("Surveillance"),
    "recertification": _("Recertification"),
    "special": _("Special audit"),
}


class Audit(models.Model):
    """One activity of the audit programme (ISO/IEC 17021-1:2015 9.1.3), planned then recorded."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_audits")
    application = models.ForeignKey(
        "certification.Application", on_delete=models.CASCADE, related_name="audits"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    phase = models.CharField(_("phase"), max_length=40)  # scheme phase id
    kind = models.CharField(pgettext_lazy("certification", "activity"), max_length=40)  # scheme activity id
    earliest = models.DateField(_("from"), null=True, blank=True)
    latest = models.DateField(_("due by"), null=True, blank=True)
    rule = models.CharField(max_length=300, blank=True)
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    days = models.FloatField(_("auditor-days"), null=True, blank=True)
    leader = models.ForeignKey(
        "certification.Auditor", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ManyToManyField("certification.Auditor", blank=True, related_name="audits")
    # record
    done_on = models.DateField(_("carried out on"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=MODES, blank=True)
    remote_days = models.FloatField(_("remote auditor-days"), default=0)
    profile = models.CharField(
        _("profile of requirements"),
        max_length=80,
        blank=True,
        help_text=_("The profile the audit is planned against; blank: the scheme's (its current edition)."),
    )
    transition_from = models.CharField(
        _("transition from"),
        max_length=80,
        blank=True,
        help_text=_(
            "A transition audit from this edition (catalogue key): only the requirements the edition "
            "mapping gives as new or changed are planned."
        ),
    )
    report = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager("body_id", "application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["cycle", models.F("latest").asc(nulls_first=True), "id"]
        indexes = [models.Index(fields=["body", "done_on", "latest"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.application.client})"

    @property
    def kind_label(self) -> str:
        return str(ACTIVITY_LABELS.get(self.kind, self.kind))

    @property
    def phase_label(self) -> str:
        return str(PHASE_LABELS.get(self.phase, self.phase))

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Finding(models.Model):
    """A finding (ISO/IEC 17021-1:2015 9.4.8, 9.4.9): the client answers, the auditor verifies."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_findings")
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    grade = models.CharField(_("grade"), max_length=5, choices=GRADES)
    clause = models.CharField(_("clause"), max_length=80)
    evidence = models.TextField(_("evidence"))
    raised_on = models.DateField()
    due = models.DateField(_("due"), null=True, blank=True)
    correction = models.TextField(_("correction"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_comment = models.TextField(_("verification comment"), blank=True)
    #: The last answer was sent back to the client with this reason (cleared by a new answer).
    sent_back_on = models.DateField(null=True, blank=True)
    sent_back_reason = models.TextField(_("reason for sending back"), blank=True)

    objects = ScopedManager("body_id", "audit__application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["raised_on", "id"]
        indexes = [models.Index(fields=["body", "verified_on"])]

    def __str__(self) -> str:
        return f"F-{self.pk} {self.grade} {self.clause}"

    @property
    def ref(self) -> str:
        return f"F-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.grade != "ofi" and self.verified_on is None

    @property
    def state(self) -> str:
        """Where the finding stands: ofi, closed, answered (awaiting verification), sent_back or open."""
        if self.grade == "ofi":
            return "ofi"
        if self.verified_on is not None:
            return "closed"
        if self.answered_on is not None:
            return "answered"
        return "sent_back" if self.sent_back_on is not None else "open"


STEPS = [
    ("raised", _("raised")),
    ("answered", _("answered")),
    ("sent_back", _("sent back to the client")),
    ("accepted", _("accepted and closed")),
    ("attached", _("attached evidence")),
]


class FindingStep(models.Model):
    """One step of a finding's life (who, when, what): kept for staff and the client to read."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=10, choices=STEPS)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(pgettext_lazy("certification", "by"), max_length=200, blank=True)
    #: the answer of an "answered" step, the comment of "accepted", the reason of "sent_back"
    text = models.TextField(blank=True)
    correction = models.TextField(_("correction"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)

    objects = ScopedManager("body_id", "finding__audit__application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.kind}"


class Attachment(models.Model):
    """An evidence file on a finding or on an answer, stored under the data directory by its SHA-256."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="attachments")
    step = models.ForeignKey(
        FindingStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_client = models.BooleanField(default=False)

    objects = ScopedManager("body_id", "finding__audit__application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

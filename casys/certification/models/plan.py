"""Audit plan, checklists against requirement ids, and remote-audit records.

- :class:`AuditPlan` and :class:`PlanLine`: the plan of an audit (ISO/IEC 17021-1:2015 9.2.3),
  requirements x processes x sites x auditors, with times that add up to the IAF MD 5 audit time;
  the client accepts it or objects to a team member with a reason.
- :class:`ChecklistEntry`, :class:`EntryEvidence`, :class:`FindingRequirement`: what an auditor
  checked against each requirement id of the scheme's profile, with evidence; findings point at ids.
- :class:`RemoteAssessment`, :class:`RemoteActivity`, :class:`RecordingConsent`: ISO/IEC TS
  17012:2024 5.2.2 conditions per programme, and how each remote activity was carried out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager

PLAN_STATUS = [
    ("draft", _("draft")),
    ("sent", _("sent to the client")),
    ("accepted", _("accepted by the client")),
    ("objected", _("objected to by the client")),
]
LINE_MODES = [
    ("on-site", _("on-site")),
    ("remote", _("remote (ICT, physical location)")),
    ("virtual", _("virtual site")),
]
CONFORMITY = [
    ("conform", _("conforms")),
    ("nonconform", _("does not conform")),
    ("ofi", _("conforms, opportunity for improvement")),
    ("not-applicable", _("not applicable")),
]
APP = "application__client__organisation_id"


class AuditPlan(models.Model):
    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    audit = models.OneToOneField("certification.Audit", on_delete=models.CASCADE, related_name="plan")
    days = models.FloatField(_("audit time (IAF MD 5)"))
    status = models.CharField(_("status"), max_length=10, choices=PLAN_STATUS, default="draft")
    sent_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objected_member = models.ForeignKey(
        "certification.Auditor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objection = models.TextField(_("reason for the objection"), blank=True)
    remote_justification = models.TextField(_("justification of the remote share"), blank=True)

    objects = ScopedManager("body_id", f"audit__{APP}")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"plan of audit {self.audit_id}"


class PlanLine(models.Model):
    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(AuditPlan, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    process = models.CharField(_("process or function"), max_length=300)
    requirement_ids = models.JSONField(_("requirements"), default=list)
    site = models.CharField(_("site"), max_length=200)
    auditor = models.ForeignKey("certification.Auditor", on_delete=models.PROTECT, related_name="+")
    days = models.FloatField(_("auditor-days"))
    mode = models.CharField(_("mode"), max_length=8, choices=LINE_MODES, default="on-site")
    on = models.DateField(_("on"), null=True, blank=True)

    objects = ScopedManager("body_id", f"plan__audit__{APP}")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.process} @ {self.site}"

    @property
    def is_remote(self) -> bool:
        return self.mode != "on-site"


class ChecklistEntry(models.Model):
    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("certification.Audit", on_delete=models.CASCADE, related_name="checklist")
    auditor = models.ForeignKey("certification.Auditor", on_delete=models.PROTECT, related_name="+")
    requirement = models.ForeignKey("requirements.Requirement", on_delete=models.PROTECT, related_name="+")
    conformity = models.CharField(_("conformity"), max_length=16, choices=CONFORMITY, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    interviewees = models.JSONField(_("interviewees (roles)"), default=list, blank=True)
    finding = models.ForeignKey(
        "certification.Finding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager("body_id", f"audit__{APP}")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["requirement__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "auditor", "requirement"], name="checklist_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.audit_id} {self.requirement_id}"

    @property
    def is_checked(self) -> bool:
        return bool(self.conformity)


class EntryEvidence(models.Model):
    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(ChecklistEntry, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField()

    objects = ScopedManager("body_id", f"entry__audit__{APP}")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class FindingRequirement(models.Model):
    """A requirement id of the scheme's profile a finding is raised against (one or more per finding)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(
        "certification.Finding", on_delete=models.CASCADE, related_name="requirements"
    )
    requirement = models.ForeignKey("requirements.Requirement", on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager("body_id", f"finding__audit__{APP}")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["requirement__position"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "requirement"], name="finding_requirement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.requirement_id}"


class RemoteAssessment(models.Model):
    """ISO/IEC TS 17012:2024 5.2.2 for a programme: each condition met or not, with its evidence."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "certification.Application", on_delete=models.CASCADE, related_name="remote_assessment"
    )
    met = models.JSONField(default=dict)  # condition id -> bool
    evidence = models.JSONField(default=dict)  # condition id -> text
    assessed_on = models.DateField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager("body_id", APP)
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"remote assessment of application {self.application_id}"


class RemoteActivity(models.Model):
    """How one activity of an audit was carried out (IAF MD 4): ICT, who took part from where,
    remote or on site, interruptions and their effect, recordings."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey(
        "certification.Audit", on_delete=models.CASCADE, related_name="remote_activities"
    )
    activity = models.CharField(_("activity"), max_length=300)
    mode = models.CharField(_("mode"), max_length=8, choices=LINE_MODES)
    ict = models.CharField(_("ICT used"), max_length=300, blank=True)
    participants = models.TextField(_("participants and their locations"))
    interruptions = models.TextField(_("interruptions and their effect"), blank=True)
    recording = models.CharField(_("recordings or screenshots made"), max_length=300, blank=True)
    recorded_at = models.DateTimeField()

    objects = ScopedManager("body_id", f"audit__{APP}")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.activity


class RecordingConsent(models.Model):
    """Permission to record or take screenshots, asked and logged before any is made (ISO 19011:2018 A.16)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey(
        "certification.Audit", on_delete=models.CASCADE, related_name="recording_consents"
    )
    given_by = models.CharField(_("given by (name and role)"), max_length=200)
    covers = models.CharField(_("what it covers"), max_length=300)
    given_at = models.DateTimeField()

    objects = ScopedManager("body_id", f"audit__{APP}")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["given_at", "id"]

    def __str__(self) -> str:
        return self.covers

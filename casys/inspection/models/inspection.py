"""An inspection (ISO/IEC 17020:2012 7.1): its scheme, client and items, its checklist answers, the
defects found with their consequences, and photos as evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class State(models.TextChoices):
    PLANNED = "planned", _("planned")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    IN_REVIEW = "in_review", _("in review")
    REPORTED = "reported", _("reported")
    CANCELLED = "cancelled", _("cancelled")


#: The states an inspection may go to from each state (cancel from any state before the report).
TRANSITIONS = {
    State.PLANNED: (State.ASSIGNED, State.CANCELLED),
    State.ASSIGNED: (State.ASSIGNED, State.IN_PROGRESS, State.CANCELLED),
    State.IN_PROGRESS: (State.IN_REVIEW, State.CANCELLED),
    State.IN_REVIEW: (State.IN_PROGRESS, State.REPORTED, State.CANCELLED),
    State.REPORTED: (),
    State.CANCELLED: (),
}


class Inspection(models.Model):
    """One inspection under one scheme of the body's scope, for one client, of one or more items."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="inspections")
    scheme_id = models.CharField(_("inspection scheme"), max_length=80)
    client = models.ForeignKey(
        "accounts.Body", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    items = models.ManyToManyField("inspection.Item", related_name="inspections", verbose_name=_("items"))
    reference = models.CharField(_("reference"), max_length=40)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PLANNED)
    planned_on = models.DateField(_("planned for"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("inspected from"), null=True, blank=True)
    finished_on = models.DateField(_("inspected until"), null=True, blank=True)
    location = models.CharField(_("place of inspection"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-planned_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "reference"], name="inspection_unique_reference")
        ]
        indexes = [models.Index(fields=["body", "state"], name="inspection_state")]
        verbose_name = _("inspection")

    def __str__(self) -> str:
        return self.reference


class CheckResult(models.Model):
    """The answer to one check item of the scheme's checklist for one item, as judged.

    ``value`` holds what was entered in the check's kind (pass/fail, a number, a count); ``u`` the
    standard uncertainty of a measured value; ``subcontractor`` names who supplied a subcontracted
    result (17020 6.3, 7.4.4).
    """

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey("inspection.Item", on_delete=models.PROTECT, related_name="+")
    check_id = models.CharField(_("check"), max_length=80)
    kind = models.CharField(max_length=12)
    value = models.JSONField(_("value"))
    u = models.FloatField(_("standard uncertainty"), null=True, blank=True)
    instrument = models.ForeignKey(
        "inspection.Instrument",
        verbose_name=_("instrument"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument_calibration_due = models.DateField(null=True, blank=True)
    passed = models.BooleanField()
    grade = models.CharField(max_length=16, blank=True)
    detail = models.TextField(blank=True)
    subcontractor = models.CharField(_("supplied by subcontractor"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_on = models.DateField()

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item", "check_id"], name="inspection_result_one_per_check"
            )
        ]
        verbose_name = _("check result")

    def __str__(self) -> str:
        return f"{self.check_id}: {self.detail}"


class Defect(models.Model):
    """A defect found, graded by the scheme, with the consequence applied (17020 7.1; the scheme's
    ``[inspection.grading]``)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="defects")
    item = models.ForeignKey("inspection.Item", on_delete=models.PROTECT, related_name="defects")
    check_id = models.CharField(_("check"), max_length=80, blank=True)
    grade = models.CharField(_("grade"), max_length=16)
    description = models.TextField(_("description"))
    consequence = models.CharField(max_length=24)
    consequence_text = models.TextField(blank=True)
    repeat_by = models.DateField(null=True, blank=True)
    found_on = models.DateField(_("found on"))

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["found_on", "id"]
        verbose_name = _("defect")

    def __str__(self) -> str:
        return f"{self.grade}: {self.description}"


class Photo(models.Model):
    """A photo taken during the inspection, stored by its SHA-256 under the data directory."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    check_id = models.CharField(_("check"), max_length=80, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]
        verbose_name = _("photo")

    def __str__(self) -> str:
        return self.name

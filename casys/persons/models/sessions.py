"""Examination sessions, the candidates sitting them and their responses (ISO/IEC 17024:2012 9.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class ExamSession(models.Model):
    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    form = models.ForeignKey("persons.Form", on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    invigilator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: the examiner who second-marks the borderline results; with ``examiner`` the only people outside
    #: the item bank's roles who see items of this session, and only those they mark (17024 7.4)
    second_examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: seats candidates may book in the portal; None: the session is not open for booking
    capacity = models.PositiveIntegerField(_("seats for booking"), null=True, blank=True)
    #: the last day a candidate may book or cancel (None: CASYS_PERSONS_BOOKING_CLOSES_DAYS before)
    booking_closes_on = models.DateField(_("booking closes on"), null=True, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.place} {self.held_on}"


class Outcome(models.TextChoices):
    PENDING = "pending", _("pending")
    PASS = "pass", _("passed")
    FAIL = "fail", _("failed")


class Sitting(models.Model):
    """One candidate in one session: identity check, reasonable adjustments, results by part."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="sittings")
    application = models.ForeignKey("persons.Application", on_delete=models.PROTECT, related_name="sittings")
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    identity_document = models.CharField(_("identity document"), max_length=120, blank=True)
    adjustments = models.TextField(_("reasonable adjustments"), blank=True)
    #: the language the candidate sat the examination in: the group of the DIF analysis (Mantel–Haenszel)
    language = models.CharField(_("language of the examination"), max_length=16, blank=True)
    #: {"parts": {part: {"points", "max", "percent", "passed", "borderline"}}, "composite": …}
    results = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["application__candidate__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="persons_sitting_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.session_id}"


class Response(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="responses")
    form_item = models.ForeignKey("persons.FormItem", on_delete=models.PROTECT, related_name="+")
    response = models.TextField(blank=True)
    points = models.FloatField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: a borderline result is second-marked by another examiner
    second_points = models.FloatField(null=True, blank=True)
    second_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager("sitting__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["form_item__position"]
        constraints = [models.UniqueConstraint(fields=["sitting", "form_item"], name="persons_response_once")]

    @property
    def final_points(self) -> float | None:
        """The mark that counts: the mean of the two marks where the response was second-marked."""
        if self.second_points is not None and self.points is not None:
            return (self.points + self.second_points) / 2
        return self.points

    def __str__(self) -> str:
        return f"{self.sitting_id}/{self.form_item_id}"


class Booking(models.Model):
    """A candidate's seat booked in the portal for a planned session; cancelled before the deadline
    it frees the seat (the row stays, with ``cancelled_on``)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="bookings")
    application = models.ForeignKey("persons.Application", on_delete=models.CASCADE, related_name="bookings")
    booked_on = models.DateField(_("booked on"))
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["booked_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"],
                condition=models.Q(cancelled_on__isnull=True),
                name="persons_booking_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} booked {self.session_id}"


class PsychometricReport(models.Model):
    """The psychometric report of a large session, computed by a background job
    (``persons.psychometrics``). Kept here, not in the job's result: the report names items and
    their keys, which only the item bank's roles may read (ISO/IEC 17024:2012 7.4)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="reports")
    computed_at = models.DateTimeField()
    report = models.JSONField()

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"report of {self.session_id} at {self.computed_at:%Y-%m-%d %H:%M}"

"""Assessments of a CAB and the accreditation decisions taken on them (ISO/IEC 17011:2017, 7.4–7.8).

An assessment (initial, surveillance, reassessment, extension or witnessing) is carried out by a
team of the accreditation body's members with a team leader; it records the CAB activities it
witnessed and its findings. The accreditation decision is taken by a person who was not on the
team (ISO/IEC 17011:2017, 7.8.1): the check compares users, never names.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", _("initial assessment")
    SURVEILLANCE = "surveillance", _("surveillance")
    REASSESSMENT = "reassessment", _("reassessment")
    EXTENSION = "extension", _("extension of scope")
    WITNESS = "witness", _("witnessing")


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("grant")
    EXTEND = "extend", _("extend scope")
    REDUCE = "reduce", _("reduce scope")
    SUSPEND = "suspend", _("suspend")
    WITHDRAW = "withdraw", _("withdraw")
    RESTORE = "restore", _("restore")


class FindingGrade(models.TextChoices):
    NONCONFORMITY = "nonconformity", _("nonconformity")
    OBSERVATION = "observation", _("observation")


class Assessment(models.Model):
    """One assessment of the accredited CAB, by a team of the AB's members."""

    accreditation = models.ForeignKey(
        "accreditation.Accreditation", on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(_("kind of assessment"), max_length=16, choices=AssessmentKind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    team_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("team leader"), on_delete=models.PROTECT, related_name="+"
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assessors"), related_name="+", blank=True
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=DecisionKind.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("accreditation__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["start", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}"

    def team_ids(self) -> set[int]:
        """The users who assessed: the team leader and every assessor (identities, not names)."""
        return {self.team_leader_id, *self.assessors.values_list("pk", flat=True)}


class WitnessedActivity(models.Model):
    """A CAB activity the team witnessed (ISO/IEC 17011:2017, 3.23 witnessing): what, where, when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="witnessed")
    activity = models.CharField(_("witnessed activity"), max_length=300)
    location = models.CharField(_("where"), max_length=300, blank=True)
    on = models.DateField(_("when"))

    objects = ScopedManager("assessment__accreditation__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["on", "id"]
        verbose_name = _("witnessed activity")
        verbose_name_plural = _("witnessed activities")

    def __str__(self) -> str:
        return self.activity


class AssessmentFinding(models.Model):
    """A nonconformity or observation against a clause; a nonconformity is closed once resolved."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    grade = models.CharField(_("grade"), max_length=16, choices=FindingGrade.choices)
    clause = models.CharField(_("clause"), max_length=40)
    text = models.TextField(_("finding"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("assessment__accreditation__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]
        verbose_name = _("assessment finding")
        verbose_name_plural = _("assessment findings")

    def __str__(self) -> str:
        return f"{self.clause}: {self.text[:40]}"

    @property
    def closed(self) -> bool:
        return self.closed_on is not None


class AccreditationDecision(models.Model):
    """The accreditation decision on an assessment, by someone who was not on its team."""

    accreditation = models.ForeignKey(
        "accreditation.Accreditation", on_delete=models.PROTECT, related_name="decisions"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=16, choices=DecisionKind.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by_label = models.CharField(max_length=300, blank=True)
    event = models.OneToOneField(
        "accreditation.AccreditationEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("accreditation__body_id", "accreditation__cab_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["on", "id"]
        verbose_name = _("accreditation decision")
        verbose_name_plural = _("accreditation decisions")

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"

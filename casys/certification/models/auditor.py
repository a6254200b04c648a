"""Auditors of a certification body with their qualifications, the evidence, and declared conflicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager


class Auditor(models.Model):
    """An auditor (ISO/IEC 17021-1:2015 7.1), linked to the user they sign in as, if any.

    Impartiality rules compare people through :attr:`identity` (the user, or the record
    itself for someone who never signs in), never through names.
    """

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_auditors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signs in as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cert_auditors",
    )
    name = models.CharField(pgettext_lazy("certification", "name"), max_length=200)
    other_person = models.BooleanField(
        _("another person of the same name as a member"),
        default=False,
        help_text=_("Confirmed not to be the member of the same name: the record does not sign in."),
    )
    is_active = models.BooleanField(default=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=models.Q(user__isnull=False),
                name="cert_auditor_one_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name shown to people (never compared by a rule)."""
        return str(self.user) if self.user_id else self.name

    @property
    def identity(self) -> str:
        """Who the auditor is, for rules: ``user:<id>`` when linked to a sign-in, else ``auditor:<id>``."""
        return f"user:{self.user_id}" if self.user_id else f"auditor:{self.pk}"


class QualificationRole(models.TextChoices):
    AUDITOR = "auditor", _("Auditor")
    TEAM_LEADER = "team_leader", _("Team leader")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")
    REVIEWER = "reviewer", _("Reviewer")
    DECISION_MAKER = "decision_maker", _("Decision maker")


class Qualification(models.Model):
    """Qualified for a scheme in some roles and IAF codes (IAF ID 1), valid between two dates."""

    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="qualifications")
    scheme = models.CharField(_("scheme"), max_length=40)
    roles = models.JSONField(_("roles"), default=list)
    iaf_codes = models.JSONField(pgettext_lazy("certification", "IAF codes"), default=list, blank=True)
    valid_from = models.DateField(pgettext_lazy("certification", "valid from"), null=True, blank=True)
    valid_until = models.DateField(pgettext_lazy("certification", "valid until"), null=True, blank=True)
    #: knowledge areas of the scheme's sector competence criteria (e.g. ISO/IEC TS 17021-15)
    areas = models.JSONField(_("knowledge areas"), default=list, blank=True)

    objects = ScopedManager("auditor__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["scheme", "id"]

    def __str__(self) -> str:
        return f"{self.scheme} {', '.join(self.roles)} {self.iaf_codes}"

    @property
    def role_labels(self) -> str:
        labels = dict(QualificationRole.choices)
        return ", ".join(str(labels.get(r, r)) for r in self.roles)


class EvidenceKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WITNESSED_AUDIT = "witnessed_audit", _("Witnessed audit")
    OTHER = "other", _("Other")


class Evidence(models.Model):
    """What a qualification rests on (ISO/IEC 17021-1:2015 7.2.4): a training record, a witnessed audit."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(
        pgettext_lazy("certification", "kind"), max_length=20, choices=EvidenceKind.choices
    )
    description = models.TextField(_("description"))
    on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    objects = ScopedManager("qualification__auditor__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class Conflict(models.Model):
    """A declared conflict of interest with a client (ISO/IEC 17021-1:2015 5.2)."""

    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="conflicts")
    client = models.ForeignKey("certification.Client", on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(
        pgettext_lazy("certification", "kind"), max_length=40
    )  # consultancy, employment, family, ...
    ended = models.DateField(_("ended on"), null=True, blank=True)

    objects = ScopedManager("auditor__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.client_id})"

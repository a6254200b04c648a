"""Candidates, their applications with the evidence of prerequisites, and declared relations
(ISO/IEC 17024:2012 9.1 application process, 4.3 impartiality)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Candidate(models.Model):
    """A person applying for certification; ``user`` when they sign in to the candidate portal."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    #: ISO/IEC 17024:2012 7.2: the register names a certified person only with their consent
    publish_consent = models.BooleanField(_("publish my certificates in the public register"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ELIGIBLE = "eligible", _("eligible")
    INELIGIBLE = "ineligible", _("not eligible")


class Application(models.Model):
    """An application for one scope of one scheme (ISO/IEC 17024:2012 9.1.1)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    scheme_id = models.CharField(_("scheme"), max_length=60)
    scope = models.CharField(_("scope"), max_length=60)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    #: the unmet prerequisite, named, when the eligibility check refused
    eligibility_note = models.TextField(blank=True)
    submitted_on = models.DateField(_("submitted on"))

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.scope}"


class Evidence(models.Model):
    """Evidence of one prerequisite, uploaded by the candidate: the file's SHA-256 and size are kept
    so the record shows which document was assessed."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.CharField(_("prerequisite"), max_length=32)
    #: hours of training, months of experience; a text for education; "yes" for vision/medical
    value = models.CharField(_("value"), max_length=200)
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_on = models.DateField()

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["requirement", "id"]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.filename}"


class RelationKind(models.TextChoices):
    TRAINED = "trained", _("trained the candidate")
    RELATIVE = "relative", _("relative of the candidate")
    EMPLOYER = "employer", _("employer or colleague of the candidate")


class Relation(models.Model):
    """A relation between a member of staff and a candidate, declared (ISO/IEC 17024:2012 4.3, 6.2)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)
    declared_on = models.DateField()

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"{self.person} — {self.kind} — {self.candidate}"

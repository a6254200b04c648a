"""A profile: a scheme's selection of requirements from one or more catalogues (OSCAL profile)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.requirements.models.catalogue import NormativeDocument, Requirement


class Profile(models.Model):
    """The requirements a scheme audits against, e.g. every requirement of ISO 9001:2015 for the
    ``iso9001`` scheme, or the NIST SP 800-53 rev5 LOW baseline."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    scheme = models.CharField(_("scheme"), max_length=80, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    oscal_uuid = models.UUIDField()
    metadata = models.JSONField(default=dict, blank=True)
    extra = models.JSONField(default=dict, blank=True)  # merge, modify, back-matter: kept as imported
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.title


class ProfileImport(models.Model):
    """One catalogue a profile selects from, with the OSCAL selectors as written."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="imports")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="profile_imports")
    position = models.PositiveSmallIntegerField(default=0)
    href = models.CharField(max_length=500)
    selectors = models.JSONField(
        default=dict, blank=True
    )  # include-all / include-controls / exclude-controls

    class Meta:
        ordering = ["profile", "position"]

    def __str__(self) -> str:
        return f"{self.profile_id} ← {self.href}"


class ProfileEntry(models.Model):
    """A requirement the profile selects (the resolved selection, in catalogue order)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="entries")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="profile_entries")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "requirement"], name="profile_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.requirement_id}"

"""Recognition as data: an accreditation body's signatory status in an arrangement, per scope, with dates.

Loaded from a file the body or an administrator imports
(:func:`casys.accreditation.services.recognition.import_statuses`); casys ships
no real signatory list (IAF PL 3; ILAC R6 say who publishes them).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class SignatoryStatus(models.Model):
    """``body`` is a signatory of ``arrangement`` for a main scope (activity + normative document)
    and, for the IAF MLA, a sub-scope (level 4/5 standard, e.g. ISO 9001)."""

    body = models.ForeignKey(
        "accounts.Body", verbose_name=_("accreditation body"), on_delete=models.CASCADE, related_name="+"
    )
    arrangement = models.CharField(_("arrangement"), max_length=16)
    activity = models.CharField(_("activity"), max_length=64)
    normative_document = models.CharField(_("main scope normative document"), max_length=64)
    sub_scope = models.CharField(_("sub-scope"), max_length=64, blank=True)
    valid_from = models.DateField(_("signatory since"))
    valid_until = models.DateField(_("signatory until"), null=True, blank=True)
    suspended = models.JSONField(_("suspension periods"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["arrangement", "normative_document", "sub_scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "arrangement", "activity", "normative_document", "sub_scope", "valid_from"],
                name="signatory_status_unique",
            )
        ]
        verbose_name = _("signatory status")
        verbose_name_plural = _("signatory statuses")

    def __str__(self) -> str:
        sub = f" / {self.sub_scope}" if self.sub_scope else ""
        return f"{self.arrangement}: {self.normative_document}{sub}"


class ChainVersion(models.Model):
    """One counter, raised in the same transaction as every change of an accreditation (its scope
    lines, its events) or of a signatory status: a reader that caches accreditation chains keeps a
    chain only while the counter it read with the certificate is the one it cached it under, so a
    suspension shows on the next request, in every worker (see
    :mod:`casys.accreditation.services.chain_cache`). Not body-owned: one row for the installation."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("accreditation chain version")

    def __str__(self) -> str:
        return f"chain version {self.version}"

    @classmethod
    def bump(cls) -> None:
        """Raise the version (in the caller's transaction): every cached chain is stale from its commit."""
        if cls.objects.filter(pk=1).update(version=models.F("version") + 1) == 0:
            cls.objects.get_or_create(pk=1, defaults={"version": 1})

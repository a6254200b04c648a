"""Third-party marks of conformity (ISO/IEC 17030:2021) owned by a certification body, and reports
of their misuse.

A mark belongs to a product scheme the body runs; its licences (:class:`Licence`) let a client put
it on named products. Anyone who sees the mark used where no licence covers it (or a licence used
beyond its products) reports it through the public registry with evidence; the report is a case for
the body, whose outcome may suspend or withdraw the licence — an event on the licence's
attestation, published through the status list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Mark(models.Model):
    """A mark of conformity: its artwork (SVG, checked by :func:`casys.core.marks.check_svg`) and
    its rules of use, for the licences of one product scheme."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_marks")
    scheme_id = models.CharField(_("scheme"), max_length=80)
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name of the mark"), max_length=200)
    artwork = models.BinaryField(_("artwork (SVG)"))
    artwork_sha256 = models.CharField(max_length=64)
    rules_of_use = models.TextField(_("rules of use"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="cert_mark_body_code"),
            models.UniqueConstraint(fields=["body", "scheme_id"], name="cert_mark_body_scheme"),
        ]

    def __str__(self) -> str:
        return self.name


class MisuseOutcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("unfounded: the use is covered by a valid licence")
    CORRECTED = "corrected", _("founded: the licensee corrected the use")
    SUSPENDED = "suspended", _("founded: licence suspended")
    WITHDRAWN = "withdrawn", _("founded: licence withdrawn")
    NOT_LICENSEE = "not_licensee", _("founded: used by someone without a licence (action outside the scheme)")


class MisuseReport(models.Model):
    """A report of misuse of a mark, by anyone, with its evidence; then the body's case."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_misuse_reports")
    reference = models.CharField(_("reference"), max_length=30)
    mark = models.ForeignKey(Mark, on_delete=models.PROTECT, related_name="misuse_reports")
    licence = models.ForeignKey(
        "certification.Licence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="misuse_reports",
    )
    licence_number = models.CharField(_("licence number seen"), max_length=80, blank=True)
    reporter_name = models.CharField(_("your name"), max_length=200)
    reporter_email = models.EmailField(_("your e-mail address"))
    where_seen = models.CharField(_("where the mark was seen"), max_length=300)
    description = models.TextField(_("what is wrong"))
    evidence = models.BinaryField(null=True, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=60, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=MisuseOutcome.choices, blank=True)
    outcome_notes = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["body", "reference"], name="cert_misuse_reference")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return not self.outcome

"""The issued attestation: one denormalised row per attestation of any kind, built for search at 10 M rows.

Every kind — a management-system or product certificate, an accreditation, a laboratory's test
report, a PT performance report, and the kinds to come — is one row: its public facts (holder,
normative documents, scope, dates), its signed credential, the key that signed it and its slot
in the issuer's status lists. A row is written by :mod:`casys.attestations.services.issue` only,
never edited by hand: each change replaces the row's facts and re-signs its credential in the
same slot; the attestation's own history is kept in ``history``.

Reads: the public registry reads certificates through ``Attestation.registry`` (public data by
design, filtered by :mod:`casys.registry.services.search`, which never lets a non-public row into a
name search); body staff read through ``objects`` (scoped).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager


class Status(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("registry", "active")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", pgettext_lazy("registry", "withdrawn")
    EXPIRED = "expired", pgettext_lazy("registry", "expired")
    #: replaced by a corrected attestation (e.g. an amended test report, ISO/IEC 17025:2017 7.8.8)
    SUPERSEDED = "superseded", pgettext_lazy("registry", "superseded")


class Kind(models.TextChoices):
    """What was attested; each kind has its credential builder in :mod:`casys.core`."""

    CERTIFICATE = "certificate", _("certificate")
    ACCREDITATION = "accreditation", _("accreditation")
    TEST_REPORT = "test-report", _("test report")
    PT_PERFORMANCE = "pt-performance", _("proficiency testing performance")
    INSPECTION_REPORT = "inspection-report", _("inspection report")
    INSPECTION_CERTIFICATE = "inspection-certificate", _("inspection certificate")
    MARK_LICENCE = "mark-licence", _("licence to use a mark of conformity")
    PERSON_CERTIFICATE = "person-certificate", _("certificate of a person")
    VERIFICATION_STATEMENT = "verification-statement", _("validation or verification statement")


class CertificateManager(models.Manager["Attestation"]):
    """The public registry's view: certificates only (other kinds are verified where they are served)."""

    def get_queryset(self) -> models.QuerySet[Attestation]:
        return super().get_queryset().filter(kind=Kind.CERTIFICATE)


class Attestation(models.Model):
    #: no index of its own: the unique (issuer, kind, number) and (issuer, status_list, status_index)
    #: indexes lead with it (one index fewer for a bulk import to maintain per row)
    issuer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.CERTIFICATE)
    #: the holder when it is a body on casys (the accredited CAB, the PT participant), else null
    holder = models.ForeignKey(
        "accounts.Body", on_delete=models.PROTECT, related_name="+", null=True, blank=True, db_index=False
    )
    issuer_slug = models.CharField(_("issuing body"), max_length=80)
    issuer_name = models.CharField(_("issuing body name"), max_length=300)
    number = models.CharField(_("certificate number"), max_length=120)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    holder_name = models.CharField(_("certified entity"), max_length=300)
    holder_name_en = models.CharField(_("certified entity (English)"), max_length=300, blank=True)
    #: casys.core.search_keys.name_key of both names, joined by " | " (see services.search)
    holder_key = models.CharField(max_length=700)
    holder_address = models.TextField(_("address"), blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    #: "|ISO 9001:2015|ISO 14001:2015|": delimited so a contains-query matches one whole value
    standards = models.CharField(_("standards"), max_length=500)
    iaf_codes = models.CharField(_("IAF codes"), max_length=300, blank=True)
    scope = models.TextField(pgettext_lazy("registry", "scope"), blank=True)
    sites = models.JSONField(_("sites"), default=list, blank=True)
    original_issue_date = models.DateField(_("original issue date"))
    issue_date = models.DateField(_("issue date"))
    #: null for an attestation without an end (a test report, a PT performance report)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    accreditation_body = models.CharField(_("accreditation body"), max_length=120, blank=True)
    public = models.BooleanField(_("public"), default=True)
    status_list = models.IntegerField()
    status_index = models.IntegerField()
    credential = models.TextField()
    kid = models.CharField(max_length=64)
    history = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=16, default="casys")
    updated_at = models.DateTimeField()

    objects = ScopedManager("issuer_id")
    all_objects = models.Manager()
    registry = CertificateManager()

    class Meta:
        # the table keeps the name it had in the registry app: the SQLite full-text index and its
        # triggers (registry migration 0002) are built on it
        db_table = "registry_attestation"
        base_manager_name = "all_objects"
        ordering = ["holder_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "kind", "number"], name="attestation_issuer_kind_number"
            ),
            models.UniqueConstraint(
                fields=["issuer", "status_list", "status_index"], name="registry_attestation_status_slot"
            ),
        ]
        indexes = [
            # issuer_slug too: a lookup by (issuer, number) is then answered by this index alone
            models.Index(fields=["number", "issuer_slug"], name="registry_att_number"),
            # the case-insensitive number search compares UPPER(number) (services.search.by_number)
            models.Index(Upper("number"), name="registry_att_number_upper"),
            models.Index(fields=["-issue_date", "-id"], name="registry_att_recent"),
            models.Index(fields=["holder_key"], name="registry_att_holder_key"),
            models.Index(fields=["country", "status"], name="registry_att_country"),
            models.Index(fields=["issuer_slug", "status"], name="registry_att_issuer"),
            models.Index(fields=["accreditation_body"], name="registry_att_ab"),
            # only the rows whose holder is a body on casys (imported certificates have none)
            models.Index(fields=["holder"], name="registry_att_holder", condition=Q(holder__isnull=False)),
        ]
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")

    def __str__(self) -> str:
        return f"{self.issuer_slug}/{self.number}"

    @property
    def standard_list(self) -> list[str]:
        return [s for s in self.standards.split("|") if s]

    @property
    def iaf_code_list(self) -> list[str]:
        return [c for c in self.iaf_codes.split("|") if c]

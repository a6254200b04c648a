"""Product certification (ISO/IEC 17065:2012): the products of an application, the manufacturer,
the results of type tests and market-sample tests, the outcome of each decision, the licence.

The application, its factories (``Site``), its activities (``Audit``: phase and kind from the
scheme file), findings, decisions and certificates are the management-system records: one engine.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager

RESULTS = [("pass", _("pass")), ("fail", _("fail"))]
OUTCOMES = [
    ("grant", _("grant certification")),
    ("maintain", _("maintain certification")),
    ("suspend", _("suspend certification")),
    ("withdraw", _("withdraw certification")),
]


class Product(models.Model):
    """A product type covered by the application (ISO/IEC 17065:2012 7.2.1 a, 7.7.1 d)."""

    application = models.ForeignKey(
        "certification.Application", on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=200)
    type_designation = models.CharField(_("type or model designation"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    ratings = models.CharField(_("ratings and variants"), max_length=300, blank=True)
    normative_document = models.CharField(_("normative document"), max_length=200)

    objects = ScopedManager("application__body_id", "application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.type_designation}"

    @property
    def scope_line(self) -> str:
        ratings = f" ({self.ratings})" if self.ratings else ""
        return f"{self.name}, type {self.type_designation}{ratings}: {self.normative_document}"


class Manufacturer(models.Model):
    """The manufacturer of the products (ISO/IEC 17065:2012 7.2.1), when not the client itself."""

    application = models.OneToOneField(
        "certification.Application", on_delete=models.CASCADE, related_name="manufacturer"
    )
    name = models.CharField(_("manufacturer"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    objects = ScopedManager("application__body_id", "application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.name


class ProductResult(models.Model):
    """The result for one product type of a type test or a market-sample test (ISO/IEC 17067:2013
    5.3.6): the test report, the laboratory, the date; for a market sample, where and when it
    was bought."""

    audit = models.ForeignKey("certification.Audit", on_delete=models.CASCADE, related_name="test_results")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="test_results")
    report_reference = models.CharField(_("test report"), max_length=120)
    laboratory = models.CharField(_("laboratory"), max_length=200)
    tested_on = models.DateField(_("tested on"))
    result = models.CharField(_("result"), max_length=4, choices=RESULTS)
    sample_source = models.CharField(_("where the sample was bought"), max_length=200, blank=True)
    sample_bought_on = models.DateField(_("bought on"), null=True, blank=True)

    objects = ScopedManager("audit__body_id", "audit__application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.report_reference} {self.result}"


class Outcome(models.Model):
    """What a product decision decided, and for which window of the programme (a surveillance
    phase recurs every year of the cycle, each with its own decision)."""

    decision = models.OneToOneField(
        "certification.Decision", on_delete=models.CASCADE, related_name="outcome"
    )
    window = models.DateField(null=True, blank=True)  # the activities' ``latest``; none for the initial
    outcome = models.CharField(_("outcome"), max_length=10, choices=OUTCOMES)

    objects = ScopedManager("decision__body_id", "decision__application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.outcome


class Licence(models.Model):
    """A licence to use the certification mark (ISO/IEC 17065:2012 4.1.3; ISO/IEC 17030), granted
    with the certificate where the scheme says ``licence_to_mark``. Its status follows the
    certificate's, unless a misuse case suspended or withdrew the licence itself (ISO/IEC 17030)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_licences")
    certificate = models.OneToOneField(
        "certification.Certificate", on_delete=models.PROTECT, related_name="licence"
    )
    number = models.CharField(_("number"), max_length=60)
    mark = models.CharField(_("mark"), max_length=200)
    products = models.JSONField(default=list)  # scope lines of the products covered
    valid_from = models.DateField(pgettext_lazy("certification", "valid from"))
    #: the mark licensed, when the body has published it (its artwork and rules of use)
    mark_ref = models.ForeignKey(
        "certification.Mark", on_delete=models.PROTECT, null=True, blank=True, related_name="licences"
    )
    #: the licence's own status after a misuse case ("" = it follows its certificate)
    own_status = models.CharField(_("licence status"), max_length=12, blank=True)
    own_status_since = models.DateField(null=True, blank=True)

    objects = ScopedManager("body_id", "certificate__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number

    @property
    def valid_until(self):  # type: ignore[no-untyped-def]
        return self.certificate.expiry_date


class Batch(models.Model):
    """The batch a batch certification covers (ISO/IEC 17067:2013 5.3.3, type 1b): its
    identification and size, the sample the scheme's plan draws from it (ISO 2859-1 through
    :mod:`casys.core.batch_sampling`) with its acceptance and rejection numbers, and what the
    sample showed. The certificate names all of it."""

    application = models.OneToOneField(
        "certification.Application", on_delete=models.CASCADE, related_name="batch"
    )
    identification = models.CharField(_("batch identification"), max_length=120)
    lot_size = models.PositiveIntegerField(_("lot size (units)"))
    sample_size = models.PositiveIntegerField(_("sample size"))
    accept_number = models.PositiveIntegerField("Ac")
    reject_number = models.PositiveIntegerField("Re")
    code_letter = models.CharField(max_length=2, blank=True)
    plan = models.TextField(_("sampling plan"))
    examined = models.PositiveIntegerField(_("units examined"), null=True, blank=True)
    nonconforming = models.PositiveIntegerField(_("nonconforming units found"), null=True, blank=True)
    examined_on = models.DateField(null=True, blank=True)

    objects = ScopedManager("application__body_id", "application__client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.identification

    @property
    def accepted(self) -> bool | None:
        """Whether the sample accepts the batch (None until the sample's result is recorded)."""
        if self.nonconforming is None:
            return None
        return self.nonconforming <= self.accept_number

    @property
    def scope_line(self) -> str:
        letter = f"code letter {self.code_letter}, " if self.code_letter else ""
        return (
            f"Batch {self.identification}: {self.lot_size} units; sample of {self.sample_size} "
            f"({self.plan}; {letter}Ac {self.accept_number}, Re {self.reject_number})"
        )

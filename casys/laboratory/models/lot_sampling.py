"""Lot-by-lot acceptance sampling: inspection by attributes (ISO 2859-1, tables of MIL-STD-105E).

Named ``lot_sampling`` (and ``SamplingScheme``, ISO 2859-1's own term for a set of plans with
switching rules) since "inspection" in casys means ISO/IEC 17020 (issue 15); "normal, tightened,
reduced inspection" and "inspection level" below are ISO 2859-1's words for the severity of sampling.

A :class:`SamplingScheme` fixes what is inspected and how (inspection level,
AQL, single or double sampling, nonconforming items or nonconformities per 100
units). Each inspected lot is a :class:`SampledLot`, recorded with the plan
that applied to it and the counts found. The severity of inspection (normal,
tightened, reduced, discontinued) is not stored on the scheme: it is recomputed
from the lots by the switching rules of MIL-STD-105E 4.7, so it cannot drift.

Lots are append-only: a recorded lot is never edited or deleted (a mistake is
explained by a note on a later lot). Resuming a discontinued inspection
(MIL-STD-105E 4.7.5) is a :class:`SamplingResumption` event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Sampling(models.TextChoices):
    SINGLE = "single", _("Single sampling")
    DOUBLE = "double", _("Double sampling")


class Basis(models.TextChoices):
    # MIL-STD-105E 3.1 and 4.2: nonconforming items (percent nonconforming) or
    # nonconformities per hundred units.
    NONCONFORMING = "nonconforming", _("Nonconforming items (percent nonconforming)")
    PER_100 = "per100", _("Nonconformities per 100 units")


class Severity(models.TextChoices):
    NORMAL = "normal", _("normal")
    TIGHTENED = "tightened", _("tightened")
    REDUCED = "reduced", _("reduced")
    DISCONTINUED = "discontinued", _("discontinued")


class SamplingScheme(models.Model):
    """Acceptance sampling of one product characteristic from one supplier, lot by lot."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="sampling_schemes")
    code = models.SlugField(_("code"), max_length=60)
    product = models.CharField(_("product"), max_length=300)
    characteristic = models.CharField(_("characteristic inspected"), max_length=300)
    supplier = models.CharField(_("supplier"), max_length=300)
    level = models.CharField(_("inspection level"), max_length=4, default="II")
    aql = models.CharField(_("AQL"), max_length=8)
    sampling = models.CharField(_("sampling"), max_length=8, choices=Sampling.choices, default="single")
    basis = models.CharField(_("counted as"), max_length=16, choices=Basis.choices, default="nonconforming")
    lot_size = models.PositiveIntegerField(_("usual lot size"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="lab_sampling_scheme_code")]
        verbose_name = _("sampling scheme")
        verbose_name_plural = _("sampling schemes")

    def __str__(self) -> str:
        return f"{self.code}: {self.product} ({self.supplier})"

    @property
    def double(self) -> bool:
        return self.sampling == Sampling.DOUBLE


class SampledLot(models.Model):
    """One inspected lot with the plan used and what was found; never edited once recorded.

    ``n2``/``Ac2``/``Re2``/``d2`` are empty for a single plan (and for a double
    plan whose table cell sends to the single plan); ``d2`` is also empty when
    the first sample decided. ``reinstate_normal`` marks a lot accepted on
    reduced inspection with a count between Ac and Re (MIL-STD-105E 4.9.4).
    """

    scheme = models.ForeignKey(SamplingScheme, on_delete=models.CASCADE, related_name="lots")
    sequence = models.PositiveIntegerField(_("order of inspection"))
    lot = models.CharField(_("lot"), max_length=100)
    lot_size = models.PositiveIntegerField(_("lot size"))
    inspected_on = models.DateField(_("inspected on"))
    severity = models.CharField(_("inspection"), max_length=12, choices=Severity.choices)
    code_letter = models.CharField(_("sample size code letter"), max_length=2)
    plan_letter = models.CharField(_("plan row"), max_length=2)
    table = models.CharField(_("table"), max_length=20)
    n1 = models.PositiveIntegerField(_("sample size"))
    Ac1 = models.PositiveIntegerField(_("acceptance number"))
    Re1 = models.PositiveIntegerField(_("rejection number"))
    n2 = models.PositiveIntegerField(_("second sample size"), null=True, blank=True)
    Ac2 = models.PositiveIntegerField(_("second acceptance number"), null=True, blank=True)
    Re2 = models.PositiveIntegerField(_("second rejection number"), null=True, blank=True)
    d1 = models.PositiveIntegerField(_("found in the first sample"))
    d2 = models.PositiveIntegerField(_("found in the second sample"), null=True, blank=True)
    accepted = models.BooleanField(_("accepted"))
    reinstate_normal = models.BooleanField(default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("scheme__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["scheme", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "lot"], name="lab_lot_unique_per_scheme"),
            models.UniqueConstraint(fields=["scheme", "sequence"], name="lab_lot_sequence"),
        ]
        verbose_name = _("inspected lot")
        verbose_name_plural = _("inspected lots")

    def __str__(self) -> str:
        return f"{self.lot} ({self.severity})"

    @property
    def found(self) -> int:
        """Total found in the samples inspected (first plus second)."""
        return self.d1 + (self.d2 or 0)

    @property
    def sample_units(self) -> int:
        """Sample units inspected for the lot (MIL-STD-105E 4.7.3 b counts all samples)."""
        second = (self.n2 or 0) if self.d2 is not None else 0
        return min(self.n1, self.lot_size) + second


class SamplingResumption(models.Model):
    """Acceptance inspection resumed after discontinuation (MIL-STD-105E 4.7.5), on tightened inspection.

    ``after_lots`` is the number of lots recorded when it was resumed.
    """

    scheme = models.ForeignKey(SamplingScheme, on_delete=models.CASCADE, related_name="resumptions")
    after_lots = models.PositiveIntegerField()
    resumed_on = models.DateField(_("resumed on"))
    reason = models.TextField(_("corrective action by the supplier"))
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resumed_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("scheme__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["scheme", "after_lots"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "after_lots"], name="lab_sampling_resumed_once")
        ]
        verbose_name = _("resumption of inspection")
        verbose_name_plural = _("resumptions of inspection")

    def __str__(self) -> str:
        return f"resumed on {self.resumed_on.isoformat()} after {self.after_lots} lots"

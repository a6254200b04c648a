"""An accreditation (ISO/IEC 17011:2017): an accreditation body attests a CAB's competence for a scope.

The accreditation itself is never edited once granted: suspension, restoration,
withdrawal and reduction or extension of scope are :class:`AccreditationEvent` rows
(ISO/IEC 17011:2017, 7.11), replayed by :func:`casys.core.recognition.accreditation_state`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Standard(models.TextChoices):
    """The standard a CAB is accredited to, with its IAF/ILAC level 2 activity (IAF PL 3; ILAC R6)."""

    CB_MS = "ISO/IEC 17021-1", _("ISO/IEC 17021-1 — management-system certification")
    CB_PRODUCT = "ISO/IEC 17065", _("ISO/IEC 17065 — product certification")
    CB_PERSONS = "ISO/IEC 17024", _("ISO/IEC 17024 — certification of persons")
    INSPECTION = "ISO/IEC 17020", _("ISO/IEC 17020 — inspection")
    LAB = "ISO/IEC 17025", _("ISO/IEC 17025 — testing and calibration")
    PT = "ISO/IEC 17043", _("ISO/IEC 17043 — proficiency testing")
    VV = "ISO/IEC 17029", _("ISO/IEC 17029 — validation and verification")
    MEDICAL = "ISO 15189", _("ISO 15189 — medical laboratories")
    RMP = "ISO 17034", _("ISO 17034 — reference material producers")


#: standard -> the activities (casys.core.recognition.ACTIVITIES keys) it can be accredited for
ACTIVITIES_OF: dict[str, tuple[str, ...]] = {
    "ISO/IEC 17021-1": ("certification-management-systems",),
    "ISO/IEC 17065": ("certification-products",),
    "ISO/IEC 17024": ("certification-persons",),
    "ISO/IEC 17020": ("inspection",),
    "ISO/IEC 17025": ("testing", "calibration"),
    "ISO/IEC 17043": ("proficiency-testing-providers",),
    "ISO/IEC 17029": ("validation-verification",),
    "ISO 15189": ("medical-testing",),
    "ISO 17034": ("reference-material-producers",),
}


class InspectionType(models.TextChoices):
    """ISO/IEC 17020:2012, annex A: independence of the inspection body."""

    NONE = "", _("—")
    A = "A", _("Type A")
    B = "B", _("Type B")
    C = "C", _("Type C")


class Accreditation(models.Model):
    """An accreditation granted by ``body`` (the AB) to ``cab`` for a standard, with validity dates."""

    body = models.ForeignKey(
        "accounts.Body", verbose_name=_("accreditation body"), on_delete=models.PROTECT, related_name="+"
    )
    cab = models.ForeignKey(
        "accounts.Body",
        verbose_name=_("conformity assessment body"),
        on_delete=models.PROTECT,
        related_name="accreditations",
    )
    number = models.CharField(_("accreditation number"), max_length=80)
    standard = models.CharField(_("standard"), max_length=32, choices=Standard.choices)
    activity = models.CharField(_("activity"), max_length=64)
    inspection_type = models.CharField(
        _("inspection body type"), max_length=1, choices=InspectionType.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id", "cab_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="accreditation_unique_number")]
        indexes = [models.Index(fields=["cab", "standard"])]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")

    def __str__(self) -> str:
        return f"{self.number} ({self.standard})"


class ScopeLine(models.Model):
    """One line of the scope: a normative document with its IAF codes (CB), methods, measurands
    and ranges (laboratory) or inspection field (inspection body)."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="scope_lines")
    normative_document = models.CharField(_("normative document / scheme"), max_length=200)
    iaf_codes = models.JSONField(_("IAF codes"), default=list, blank=True)
    methods = models.JSONField(_("methods"), default=list, blank=True)
    measurand = models.CharField(_("measurand"), max_length=200, blank=True)
    range = models.CharField(_("range"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=200, blank=True)

    objects = ScopedManager("accreditation__body_id", "accreditation__cab_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["id"]
        verbose_name = _("scope line")
        verbose_name_plural = _("scope lines")

    def __str__(self) -> str:
        return self.normative_document


class EventKind(models.TextChoices):
    SUSPENDED = "suspended", _("suspended")
    RESTORED = "restored", _("restored")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SCOPE_REDUCED = "scope-reduced", _("scope reduced")
    SCOPE_EXTENDED = "scope-extended", _("scope extended")


class AccreditationEvent(models.Model):
    """A dated event on an accreditation (ISO/IEC 17011:2017, 7.11), with who recorded it and why."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="events")
    on = models.DateField(_("date"))
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    normative_document = models.CharField(_("normative document"), max_length=200, blank=True)
    iaf_codes = models.JSONField(_("IAF codes"), default=list, blank=True)
    methods = models.JSONField(_("methods"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("accreditation__body_id", "accreditation__cab_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["on", "id"]
        verbose_name = _("accreditation event")
        verbose_name_plural = _("accreditation events")

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"

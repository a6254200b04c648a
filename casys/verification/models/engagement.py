"""A validation/verification engagement (ISO/IEC 17029, ISO 14065, ISO 14064-3) and its claim.

The claim is the client's GHG statement (ISO 14064-1), imported row by row and
recomputed by casys; misstatements (factual, judgemental, projected) and
non-conformities are recorded against it; the opinion follows from them by the
core rules; the statement is issued through the attestations layer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class EngagementType(models.TextChoices):
    VERIFICATION = "verification", _("Verification")
    VALIDATION = "validation", _("Validation")


class Assurance(models.TextChoices):
    REASONABLE = "reasonable", _("Reasonable assurance")
    LIMITED = "limited", _("Limited assurance")


class EngagementStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    EXECUTION = "execution", _("Execution")
    REVIEW = "review", _("Independent review")
    DECIDED = "decided", _("Opinion decided")
    ISSUED = "issued", _("Statement issued")


class Engagement(models.Model):
    """One validation or verification of one claim for one client."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="vv_engagements")
    #: the client's record kept by the body (a Body of kind client): its contacts upload the claim
    client = models.ForeignKey(
        "accounts.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("client record"),
    )  # fmt: skip
    client_name = models.CharField(_("client"), max_length=300)
    title = models.CharField(_("title"), max_length=300)
    engagement_type = models.CharField(
        _("type"), max_length=16, choices=EngagementType.choices, default=EngagementType.VERIFICATION
    )
    programme = models.CharField(_("programme"), max_length=60)
    assurance = models.CharField(
        _("level of assurance"), max_length=16, choices=Assurance.choices, default=Assurance.REASONABLE
    )
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    gwp = models.CharField(_("GWP set"), max_length=8, default="AR6")
    previous_average_tco2e = models.FloatField(_("previous period's average (t CO2e)"), null=True, blank=True)
    reported_total_tco2e = models.FloatField(_("client's reported total (t CO2e)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EngagementStatus.choices, default=EngagementStatus.PLANNING
    )
    #: the scheme's cooling-off period: no one who consulted for the client within it joins the team
    cooling_off_years = models.PositiveSmallIntegerField(_("cooling-off period (years)"), default=2)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="vv_engagements", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    insufficient_evidence = models.BooleanField(_("evidence insufficient"), default=False)
    pervasive = models.BooleanField(_("material matters pervasive"), default=False)
    opinion = models.CharField(_("opinion"), max_length=16, blank=True)
    opinion_reasons = models.JSONField(default=list, blank=True)
    number = models.CharField(_("statement number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    credential = models.TextField(blank=True)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # the client's contacts reach their engagements (the client portal)
    objects = ScopedManager("body_id", "client_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-created_at", "-id"]
        verbose_name = _("verification engagement")
        verbose_name_plural = _("verification engagements")

    def __str__(self) -> str:
        return f"{self.client_name}: {self.title}"


class StatementLine(models.Model):
    """One row of the client's GHG statement as imported, with the t CO2e casys recomputed."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField()
    source = models.CharField(max_length=200)
    category = models.CharField(max_length=2)
    gas = models.CharField(max_length=40)
    activity = models.FloatField()
    activity_unit = models.CharField(max_length=40)
    factor = models.FloatField()
    factor_unit = models.CharField(max_length=40)
    emission_t = models.FloatField()
    tco2e = models.FloatField()

    objects = ScopedManager("engagement__body_id", "engagement__client_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "row"]

    def __str__(self) -> str:
        return f"{self.source} {self.gas}: {self.tco2e:g} t CO2e"


class Misstatement(models.Model):
    """A misstatement (signed: positive when the claim overstates), in its base's unit."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="misstatements")
    kind = models.CharField(max_length=16)  # factual / judgemental / projected (casys.core.ghg)
    amount = models.FloatField(_("amount"))
    base = models.CharField(_("materiality base"), max_length=100, default="total emissions")
    corrected = models.BooleanField(_("corrected"), default=False)
    description = models.TextField(_("description"))
    chain = models.JSONField(default=list, blank=True)
    upper_limit = models.FloatField(_("upper misstatement limit"), null=True, blank=True)

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount:+g}: {self.description}"


class NonConformity(models.Model):
    """A non-conformity with the programme's rules; an open material one blocks an unmodified opinion."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="nonconformities")
    description = models.TextField(_("description"))
    material = models.BooleanField(_("material"), default=False)
    closed = models.BooleanField(_("closed"), default=False)

    objects = ScopedManager("engagement__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["engagement", "id"]

    def __str__(self) -> str:
        return self.description


class ConsultancyDeclaration(models.Model):
    """A person's declared consultancy for a client (impartiality: ISO/IEC 17029, ISO 14065).

    ``ended_on`` empty: still ongoing. Within the engagement's cooling-off period the person may
    not be on the team nor review.
    """

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_name = models.CharField(_("client"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["body", "user", "-ended_on"]

    def __str__(self) -> str:
        return f"{self.user} for {self.client_name}"

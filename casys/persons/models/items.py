"""The item bank and the examination forms assembled from it (ISO/IEC 17024:2012 9.3, 7.4 security)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class ItemKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TRUE_FALSE = "true_false", _("true or false")
    NUMERIC = "numeric", _("numeric with tolerance")
    ESSAY = "essay", _("essay (rubric)")
    PRACTICAL = "practical", _("practical task (rubric)")


#: kinds an examiner marks on a rubric; the others are scored automatically
RUBRIC_KINDS = (ItemKind.ESSAY.value, ItemKind.PRACTICAL.value)


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")
    RETIRED = "retired", _("retired")


class Item(models.Model):
    """One version of an item. An item once used is never edited: a change is a new version with the
    same ``code`` and the next ``version`` (its predecessor is retired)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    scheme_id = models.CharField(_("scheme"), max_length=60)
    code = models.SlugField(_("item code"), max_length=60)
    version = models.PositiveIntegerField(default=1)
    element = models.CharField(_("blueprint element"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    stem = models.TextField(_("question or task"))
    #: the options of a choice item, in order; they are answered by letter (A, B, C …)
    options = models.JSONField(default=list, blank=True)
    #: the key: a letter, letters joined by commas, true/false, or a number
    key = models.CharField(_("key"), max_length=200, blank=True)
    tolerance = models.FloatField(_("tolerance"), null=True, blank=True)
    #: a rubric item's criteria: [{"criterion": str, "points": int}]
    rubric = models.JSONField(default=list, blank=True)
    points = models.FloatField(_("points"), default=1)
    state = models.CharField(_("review state"), max_length=16, choices=ReviewState.choices, default="draft")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exposure_count = models.PositiveIntegerField(_("exposures"), default=0)
    last_used_on = models.DateField(_("last used"), null=True, blank=True)
    #: the item analysis's review flags (too_easy, too_hard, negative_discrimination…) from the last
    #: psychometric report that included the item; a flagged item is in the item-review queue
    flags = models.JSONField(default=list, blank=True)
    flagged_on = models.DateField(_("flagged on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["scheme_id", "element", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "scheme_id", "code", "version"], name="persons_item_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def used(self) -> bool:
        return self.exposure_count > 0 or FormItem.all_objects.filter(item=self, form__frozen=True).exists()

    @property
    def rubric_kind(self) -> bool:
        return self.kind in RUBRIC_KINDS


class Form(models.Model):
    """An examination form: items drawn from the blueprint by stratified random selection with a
    recorded ``seed``; frozen once used in a session."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    scheme_id = models.CharField(_("scheme"), max_length=60)
    code = models.SlugField(_("form code"), max_length=60)
    seed = models.BigIntegerField(_("seed"))
    assembled_on = models.DateField()
    assembled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frozen = models.BooleanField(default=False)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-assembled_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="persons_form_code")]

    def __str__(self) -> str:
        return self.code


class FormItem(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="form_items")
    part = models.CharField(max_length=60)
    position = models.PositiveIntegerField()

    objects = ScopedManager("form__body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.form_id}#{self.position}"


class AngoffRating(models.Model):
    """One judge's rating of one item of a form in one round of a modified Angoff panel: the
    probability that a minimally competent candidate answers the item correctly (Angoff 1971)."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="+")
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="angoff_ratings")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    judge = models.CharField(_("judge"), max_length=120)
    round = models.PositiveIntegerField(_("round"), default=1)
    probability = models.FloatField(_("probability"))
    recorded_on = models.DateField()

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["round", "judge", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "round", "judge", "item"], name="persons_angoff_once"),
            models.CheckConstraint(
                condition=models.Q(probability__gte=0) & models.Q(probability__lte=1),
                name="persons_angoff_probability",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} r{self.round} {self.item_id}: {self.probability}"

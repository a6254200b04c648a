from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.models.text import check_text
from casys.accounts.scoping import ScopedManager


class BodyKind(models.TextChoices):
    ACCREDITATION_BODY = "accreditation_body", _("Accreditation body")
    CERTIFICATION_BODY = "certification_body", _("Certification body")
    INSPECTION_BODY = "inspection_body", _("Inspection body")
    LABORATORY = "laboratory", _("Laboratory")
    PT_PROVIDER = "pt_provider", _("Proficiency-testing provider")
    PERSONS_CERTIFICATION_BODY = "persons_body", _("Certification body for persons")
    VALIDATION_VERIFICATION_BODY = "vv_body", _("Validation/verification body")
    CLIENT = "client", _("Client")


class Body(models.Model):
    """An organisation: a conformity assessment body, an accreditation body, or a client.

    A client's record is kept by the body that serves it (``managed_by``); the
    client's own contacts reach it through their membership.
    """

    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    managed_by = models.ForeignKey(
        "self",
        verbose_name=_("record kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_bodies",
    )
    is_active = models.BooleanField(_("active"), default=True)
    require_mfa = models.BooleanField(
        _("two-factor sign-in required for staff"),
        default=False,
        help_text=_(
            "Staff (every role but client contact) must sign in with a code from an authenticator app."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("id", "managed_by_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_text(self, "name", "name_en", "slug", "country", "city", multiline=("address",))

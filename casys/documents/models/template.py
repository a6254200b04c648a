"""A body's document template: the look and the signature every document it issues carries."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("a colour as #rrggbb, e.g. #14213d"))
DEFAULT_PRIMARY = "#14213d"
DEFAULT_ACCENT = "#1f5fa8"


class DocumentTemplate(models.Model):
    """Logo, colours, the certification mark (an accreditation body's: its accreditation symbol) and
    the authorised signatory of one body (ISO/IEC 17021-1:2015 8.2.2; ISO/IEC 17025:2017 7.8.2.1 o).

    Images are kept in the database (checked PNG or JPEG, at most 1 MB each): a document
    renders from one row, without a media server.
    """

    body = models.OneToOneField("accounts.Body", on_delete=models.CASCADE, related_name="document_template")
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default=DEFAULT_PRIMARY, validators=[HEX_COLOUR]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default=DEFAULT_ACCENT, validators=[HEX_COLOUR]
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(max_length=20, blank=True)
    mark = models.BinaryField(_("certification mark"), blank=True, default=b"")
    mark_type = models.CharField(max_length=20, blank=True)
    signature = models.BinaryField(_("signature image"), blank=True, default=b"")
    signature_type = models.CharField(max_length=20, blank=True)
    signatory_name = models.CharField(_("authorised signatory"), max_length=200, blank=True)
    signatory_function = models.CharField(_("function of the signatory"), max_length=200, blank=True)
    signatory_function_fr = models.CharField(
        _("function of the signatory (French)"), max_length=200, blank=True
    )
    signatory_function_ru = models.CharField(
        _("function of the signatory (Russian)"), max_length=200, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return f"{self.body}"

    def function_in(self, language: str) -> str:
        """The signatory's function in ``language``, English where no translation is given."""
        translated = {"fr": self.signatory_function_fr, "ru": self.signatory_function_ru}.get(language, "")
        return translated or self.signatory_function

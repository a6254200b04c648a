"""A client of the certification body: the client organisation's record with the body's own data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager

LANGUAGES = [("en", "English"), ("fr", "Français"), ("ru", "Русский")]


class Client(models.Model):
    """The certification body's file on a client organisation (a Body ``managed_by`` the body).

    Client contacts are members of the client's Body: the second scope path lets them
    reach their own client file and nothing else.
    """

    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="cert_clients")
    organisation = models.ForeignKey(
        "accounts.Body", on_delete=models.PROTECT, related_name="cert_client_files"
    )
    language = models.CharField(
        _("language of the certificate"), max_length=2, choices=LANGUAGES, default="en"
    )
    consent_to_publication = models.BooleanField(
        _("consents to publication"),
        default=True,
        help_text=_("ISO/IEC 17021-1:2015 8.4: certificate details may be published in the registry"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id", "organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [models.UniqueConstraint(fields=["body", "organisation"], name="cert_client_unique")]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

"""A client of the certification body: the client organisation's record with the body's own data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casys.accounts.scoping import ScopedManager

LANGUAGES = [("en", "English"), ("fr", "Français"), ("ru", "Русский")]


class Client(models.Model):
    """The certification body's file on a client organisation (a Body ``managed_by`` the body).

    Client contacts are members of the client's Body: the second scope path lets them
    reach their own client file and nothing else. Master data (registration and VAT
    numbers, NACE code, contact persons, addresses) is the body's record of the client;
    the names (local and English) live on the organisation's Body.
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
    registration_number = models.CharField(_("legal registration number"), max_length=40, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    nace_code = models.CharField(_("NACE Rev. 2 code"), max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager("body_id", "organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [models.UniqueConstraint(fields=["body", "organisation"], name="cert_client_unique")]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name


class ContactPerson(models.Model):
    """A person to address at the client (an address-book record, not a portal login)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(pgettext_lazy("certification", "name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    is_primary = models.BooleanField(_("primary contact"), default=False)

    objects = ScopedManager("client__body_id", "client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-is_primary", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=models.Q(is_primary=True), name="cert_contact_one_primary"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AddressKind(models.TextChoices):
    REGISTERED_OFFICE = "registered", _("Registered office")
    POSTAL = "postal", _("Postal address")
    SITE = "site", _("Site")


class Address(models.Model):
    """One of the client's addresses: registered office, postal address or a site."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(
        pgettext_lazy("certification", "kind"), max_length=12, choices=AddressKind.choices
    )
    street = models.CharField(_("street"), max_length=300)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))

    objects = ScopedManager("client__body_id", "client__organisation_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postcode} {self.city}".strip(), self.country) if p)

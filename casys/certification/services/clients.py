"""Clients of the certification body."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction

from casys.accounts.models import Body
from casys.accounts.services.bodies import ClientRecordError, create_client_record
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Address, AddressKind, Client, ContactPerson
from casys.certification.models.client import LANGUAGES
from casys.certification.services import CertificationError, checked
from casys.certification.services.certificates import announce
from casys.core import master_data


@transaction.atomic
def create_client(
    body: Body,
    *,
    name: str,
    country: str,
    city: str = "",
    address: str = "",
    language: str = "en",
    consent_to_publication: bool = True,
    organisation: Body | None = None,
    actor: Actor = SYSTEM,
) -> Client:
    """A client file; the client organisation's Body is created (managed by ``body``) unless given."""
    if organisation is None:
        try:
            organisation = create_client_record(
                body, actor=actor, name=name, country=country, city=city, address=address
            )
        except ClientRecordError as exc:
            raise CertificationError(str(exc)) from exc
    if language not in dict(LANGUAGES):
        raise CertificationError(f"language: {language!r} is not one of en, fr, ru")
    client = Client.all_objects.create(
        body=body, organisation=organisation, language=language, consent_to_publication=consent_to_publication
    )
    log(
        "certification.client.created",
        actor=actor,
        body=body,
        obj=client,
        data={"name": organisation.name, "consent_to_publication": consent_to_publication},
    )
    return client


@transaction.atomic
def set_consent(client: Client, consent: bool, *, actor: Actor = SYSTEM) -> Client:
    """Record the client's consent to publication (ISO/IEC 17021-1:2015 8.4)."""
    client.consent_to_publication = consent
    client.save(update_fields=["consent_to_publication"])
    log(
        "certification.client.consent",
        actor=actor,
        body=client.body_id,
        obj=client,
        data={"consent": consent},
    )
    for cert in client.certificates.all():
        announce(cert, actor)
    return client


_REGISTRATION = re.compile(r"^[^\W_][\w ./-]{0,39}$")  # letters of any script (e.g. ОГРН), digits
_PHONE = re.compile(r"^\+?[0-9 ()./-]{4,40}$")
_EMAIL = EmailValidator()


def _country(field: str, value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise CertificationError(f"{field}: give the ISO 3166-1 alpha-2 code, e.g. DE")
    return code


def _identifiers(registration_number: str, vat_number: str, nace_code: str) -> tuple[str, str, str]:
    reg = registration_number.strip()
    if reg and not _REGISTRATION.match(reg):
        raise CertificationError(
            "registration_number: letters, digits, spaces and . / - only, at most 40 characters"
        )
    try:
        vat = master_data.vat(vat_number) if vat_number.strip() else ""
        nace = master_data.nace(nace_code) if nace_code.strip() else ""
    except master_data.MasterDataError as exc:
        raise CertificationError(str(exc)) from exc
    return reg, vat, nace


@transaction.atomic
def update_client(
    client: Client,
    *,
    name: str,
    name_en: str,
    registration_number: str = "",
    vat_number: str = "",
    nace_code: str = "",
    language: str = "en",
    actor: Actor = SYSTEM,
) -> Client:
    """Change a client's master data: names (the English one is what the registry and CertSearch
    show), legal registration number, VAT number (syntax as VIES checks it), NACE Rev. 2 code.

    The client's certificates are announced again so the registry shows the new names.
    """
    if not name.strip():
        raise CertificationError("name: the client needs a name")
    name, name_en = checked("name", name, 300), checked("name_en", name_en, 300)
    if language not in dict(LANGUAGES):
        raise CertificationError(f"language: {language!r} is not one of en, fr, ru")
    reg, vat, nace = _identifiers(registration_number, vat_number, nace_code)
    org = client.organisation
    org.name, org.name_en = name.strip(), name_en.strip() or name.strip()
    org.save(update_fields=["name", "name_en"])
    client.registration_number, client.vat_number, client.nace_code = reg, vat, nace
    client.language = language
    client.save(update_fields=["registration_number", "vat_number", "nace_code", "language"])
    log(
        "certification.client.updated",
        actor=actor,
        body=client.body_id,
        obj=client,
        data={
            "name": org.name,
            "name_en": org.name_en,
            "registration_number": reg,
            "vat_number": vat,
            "nace_code": nace,
            "language": language,
        },
    )
    for cert in client.certificates.all():
        announce(cert, actor)
    return client


@transaction.atomic
def save_contact_person(
    client: Client,
    *,
    name: str,
    function: str = "",
    email: str = "",
    phone: str = "",
    language: str = "en",
    primary: bool = False,
    contact: ContactPerson | None = None,
    actor: Actor = SYSTEM,
) -> ContactPerson:
    """Add (or change, given ``contact``) a contact person; one of them is the primary contact."""
    if not name.strip():
        raise CertificationError("name: the contact person needs a name")
    name, function = checked("name", name, 200), checked("function", function, 200)
    if email.strip():
        try:
            _EMAIL(email.strip())
        except ValidationError:
            raise CertificationError(f"email: {email!r} is not an e-mail address") from None
    if phone.strip() and not _PHONE.match(phone.strip()):
        raise CertificationError(f"phone: {phone!r} is not a phone number (digits, spaces, + ( ) . / -)")
    if language not in dict(LANGUAGES):
        raise CertificationError(f"language: {language!r} is not one of en, fr, ru")
    others = ContactPerson.all_objects.filter(client=client).exclude(pk=getattr(contact, "pk", None))
    primary = primary or not others.filter(is_primary=True).exists()  # the first one is the primary
    if primary:
        others.filter(is_primary=True).update(is_primary=False)
    c = contact or ContactPerson(client=client)
    c.name, c.function, c.email, c.phone = (
        name.strip(),
        function.strip(),
        email.strip().lower(),
        phone.strip(),
    )
    c.language, c.is_primary = language, primary
    c.save()
    log(
        "certification.client.contact_saved",
        actor=actor,
        body=client.body_id,
        obj=client,
        data={"contact": c.pk, "name": c.name, "function": c.function, "email": c.email, "primary": primary},
    )
    return c


@transaction.atomic
def remove_contact_person(contact: ContactPerson, *, actor: Actor = SYSTEM) -> None:
    """Remove a contact person; if it was the primary one, the next contact becomes primary."""
    client, pk, name, was_primary = contact.client, contact.pk, contact.name, contact.is_primary
    contact.delete()
    if was_primary:
        nxt = ContactPerson.all_objects.filter(client=client).order_by("name", "id").first()
        if nxt is not None:
            nxt.is_primary = True
            nxt.save(update_fields=["is_primary"])
    log(
        "certification.client.contact_removed",
        actor=actor,
        body=client.body_id,
        obj=client,
        data={"contact": pk, "name": name},
    )


@transaction.atomic
def save_address(
    client: Client,
    *,
    kind: str,
    street: str,
    postcode: str = "",
    city: str,
    country: str,
    address: Address | None = None,
    actor: Actor = SYSTEM,
) -> Address:
    """Add (or change, given ``address``) an address: registered office, postal address or site."""
    if kind not in AddressKind.values:
        raise CertificationError(f"kind: {kind!r} is not one of {', '.join(AddressKind.values)}")
    if not street.strip():
        raise CertificationError("street: required")
    if not city.strip():
        raise CertificationError("city: required")
    street, city = checked("street", street, 300), checked("city", city, 120)
    if postcode.strip() and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 -]{0,19}", postcode.strip()):
        raise CertificationError(f"postcode: {postcode!r} is not a postcode (letters, digits, space, -)")
    a = address or Address(client=client)
    a.kind, a.street, a.postcode, a.city = kind, street.strip(), postcode.strip().upper(), city.strip()
    a.country = _country("country", country)
    a.save()
    log(
        "certification.client.address_saved",
        actor=actor,
        body=client.body_id,
        obj=client,
        data={"address": a.pk, "kind": kind, "text": str(a)},
    )
    return a


@transaction.atomic
def remove_address(address: Address, *, actor: Actor = SYSTEM) -> None:
    client, pk, text = address.client, address.pk, str(address)
    address.delete()
    log(
        "certification.client.address_removed",
        actor=actor,
        body=client.body_id,
        obj=client,
        data={"address": pk, "text": text},
    )

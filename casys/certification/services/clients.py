"""Clients of the certification body."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from casys.accounts.models import Body, BodyKind
from casys.accounts.services.bodies import create_body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Client
from casys.certification.models.client import LANGUAGES
from casys.certification.services import CertificationError


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
        if not name.strip():
            raise CertificationError("name: the client needs a name")
        if len(country.strip()) != 2:
            raise CertificationError("country: give the ISO 3166-1 alpha-2 code, e.g. DE")
        slug = _free_slug(name)
        organisation = _create_organisation(
            actor=actor,
            name=name.strip(),
            name_en=name.strip(),
            slug=slug,
            kind=BodyKind.CLIENT,
            country=country.strip().upper(),
            city=city,
            address=address,
            managed_by=body,
        )
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


def _create_organisation(**fields: Any) -> Body:
    try:
        return create_body(**fields)
    except ValidationError as exc:
        raise CertificationError("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc


def _free_slug(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:60] or "client"
    slug, i = base, 1
    while Body.all_objects.filter(slug=slug).exists():
        i += 1
        slug = f"{base}-{i}"
    return slug


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
    from casys.certification.services.certificates import announce

    for cert in client.certificates.all():
        announce(cert, actor)
    return client

"""A body's document template: read it for a document, check uploads, save changes (logged)."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any

from babel import Locale
from django.core.exceptions import ValidationError
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.documents.models import DocumentTemplate
from casys.documents.models.template import HEX_COLOUR

#: Uploads: PNG or JPEG only (an SVG could make the PDF renderer fetch files), at most 1 MB,
#: at most 4000 × 4000 pixels.
MAX_IMAGE_BYTES = 1_000_000
MAX_IMAGE_PIXELS = 4000
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
IMAGES = ("logo", "mark", "signature")
TEXTS = ("signatory_name", "signatory_function", "signatory_function_fr", "signatory_function_ru")


class DocumentError(ValueError):
    """Bad input for a document template, naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def template_of(body: Body) -> DocumentTemplate:
    """The body's template, or an unsaved default one (system read: a client's portal renders the
    certificate of the certification body that issued it)."""
    found = DocumentTemplate.all_objects.filter(body_id=body.pk).first()
    return found if found is not None else DocumentTemplate(body=body)


def check_image(data: bytes, field: str) -> str:
    """The content type of an uploaded image, after checking its bytes (not the name it came with)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise DocumentError(field, f"the file is {len(data)} bytes; at most {MAX_IMAGE_BYTES} are accepted")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DocumentError(field, "not a PNG or JPEG image") from exc
    if kind not in IMAGE_TYPES:
        raise DocumentError(field, f"a {kind} image; upload a PNG or JPEG image")
    if max(size) > MAX_IMAGE_PIXELS:
        raise DocumentError(field, f"{size[0]} × {size[1]} pixels; at most {MAX_IMAGE_PIXELS} on a side")
    return IMAGE_TYPES[kind]


def check_colour(value: str, field: str) -> str:
    value = value.strip()
    try:
        HEX_COLOUR(value)
    except ValidationError as exc:
        raise DocumentError(field, f"{value!r} is not a colour as #rrggbb (e.g. #14213d)") from exc
    return value.lower()


@transaction.atomic
def save_template(
    body: Body,
    *,
    texts: dict[str, str],
    colours: dict[str, str],
    images: dict[str, bytes],
    remove: set[str] | None = None,
    actor: Actor = SYSTEM,
) -> DocumentTemplate:
    """Change the body's template: every value is checked before anything is written."""
    checked_colours = {f: check_colour(v, f) for f, v in colours.items()}
    checked_images = {f: (data, check_image(data, f)) for f, data in images.items() if data}
    for field in texts:
        if field not in TEXTS:
            raise DocumentError(field, "not a field of the template")
    template = DocumentTemplate.all_objects.select_for_update().filter(body_id=body.pk).first()
    if template is None:
        template = DocumentTemplate(body=body)
    for field, value in texts.items():
        setattr(template, field, value.strip()[:200])
    for field, value in checked_colours.items():
        setattr(template, field, value)
    for field in remove or set():
        if field in IMAGES and field not in checked_images:
            setattr(template, field, b"")
            setattr(template, f"{field}_type", "")
    for field, (data, kind) in checked_images.items():
        setattr(template, field, data)
        setattr(template, f"{field}_type", kind)
    template.save()
    log(
        "documents.template.updated",
        actor=actor,
        body=body,
        obj=template,
        data={
            **{f: getattr(template, f) for f in (*TEXTS, "primary_colour", "accent_colour")},
            "images": sorted(checked_images),
            "removed": sorted((remove or set()) - set(checked_images)),
        },
    )
    return template


def data_uri(data: bytes | memoryview, kind: str) -> str:
    """An image as a data: URI, so the PDF renderer fetches nothing."""
    if not data or not kind:
        return ""
    return f"data:{kind};base64,{base64.b64encode(bytes(data)).decode('ascii')}"


@dataclass(frozen=True)
class Issuer:
    """What every document shows of the body that issues it (the issuer block and the signatory)."""

    name: str
    address: str
    city: str
    country: str
    website: str
    logo: str
    mark: str
    primary: str
    accent: str
    signatory_name: str
    signatory_functions: dict[str, str]
    signature: str

    def signatory_function(self, language: str) -> str:
        return self.signatory_functions.get(language) or self.signatory_functions.get("en", "")

    @property
    def address_line(self) -> str:
        parts = [" ".join(self.address.split()), self.city]
        return ", ".join(p for p in parts if p)


def issuer(body: Body) -> Issuer:
    t = template_of(body)
    return Issuer(
        name=body.name,
        address=body.address,
        city=body.city,
        country=body.country,
        website=body.website,
        logo=data_uri(t.logo, t.logo_type),
        mark=data_uri(t.mark, t.mark_type),
        primary=t.primary_colour,
        accent=t.accent_colour,
        signatory_name=t.signatory_name,
        signatory_functions={lang: t.function_in(lang) for lang in ("en", "fr", "ru")},
        signature=data_uri(t.signature, t.signature_type),
    )


def signatory(issuer_: Issuer, language: str) -> dict[str, Any]:
    """The signatory block of a document in ``language``."""
    return {
        "name": issuer_.signatory_name,
        "function": issuer_.signatory_function(language),
        "signature": issuer_.signature,
    }


def country_name(code: str, language: str) -> str:
    """The country of an ISO 3166-1 alpha-2 code in ``language`` (CLDR names through Babel)."""
    if not code:
        return ""
    return str(Locale.parse(language).territories.get(code.upper(), code.upper()))


def place(address: str, city: str, country: str, language: str) -> str:
    """An address on one line, the country named in ``language``."""
    parts = [" ".join(address.split()), city, country_name(country, language)]
    return ", ".join(p for p in parts if p)

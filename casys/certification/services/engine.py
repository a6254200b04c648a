"""Translating the app's records into the pure engine's values (``casys.core``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import gettext, gettext_noop

from casys.certification.models import Application, Auditor, Qualification
from casys.core import competence
from casys.core.schemes import Scheme, available_schemes, load_scheme


@lru_cache(maxsize=32)
def scheme(scheme_id: str) -> Scheme:
    return load_scheme(scheme_id)


def scheme_title(scheme_id: str) -> str:
    """The scheme's title from its file, translated where the catalogue has it; the id if unknown.

    What a person reads where a scheme is meant (``Quality management systems``, never ``iso9001``).
    """
    try:
        title = scheme(scheme_id).title
    except (FileNotFoundError, KeyError, ValueError):
        return scheme_id
    return gettext(title) if title else scheme_id


#: The scheme files' titles, so that the catalogues carry their translations.
SCHEME_TITLES = (
    gettext_noop("Quality management systems"),
    gettext_noop("Environmental management systems"),
    gettext_noop("Educational organizations management systems"),
    gettext_noop("Information security management systems"),
    gettext_noop("Occupational health and safety management systems"),
    gettext_noop("Energy management systems"),
    gettext_noop("Food safety management systems"),
    gettext_noop("Artificial intelligence management systems"),
    gettext_noop("Healthcare quality management systems"),
    gettext_noop("Nuclear supply chain quality management systems (ITNS)"),
    gettext_noop("Electrical equipment, ISO/IEC 17067 type 5 (example scheme)"),
    gettext_noop("Electrical components, ISO/IEC 17067 type 1a (example scheme)"),
    gettext_noop("Batch of fasteners, ISO/IEC 17067 type 1b (example scheme)"),
    gettext_noop("Household appliances, ISO/IEC 17067 type 2 (example scheme)"),
    gettext_noop("Construction products, ISO/IEC 17067 type 3 (example scheme)"),
    gettext_noop("Electrical accessories, ISO/IEC 17067 type 4 (example scheme)"),
    gettext_noop("Customer contact centre services, ISO/IEC 17067 type 6 (example scheme)"),
    gettext_noop("EAEU technical regulations, certification scheme 1с (serial production)"),
    gettext_noop("EAEU technical regulations, certification scheme 3с (batch)"),
    gettext_noop("EAEU technical regulations, certification scheme 4с (single item)"),
    gettext_noop("EAEU technical regulations, declaration scheme 1д (serial production)"),
)


def certification_schemes() -> tuple[str, ...]:
    """Ids of the shipped schemes a certification body runs and attests itself: not inspection schemes
    (ISO/IEC 17020), not declarations (issued by the manufacturer, first party)."""
    return tuple(
        s
        for s in available_schemes()
        if scheme(s).body == "certification" and scheme(s).attestation.issuer == "body"
    )


def standard(scheme_id: str) -> str:
    """The normative document a scheme certifies against, e.g. ``ISO 9001:2015``."""
    return scheme(scheme_id).normative_document


def main_scheme(app: Application) -> Scheme:
    """The scheme whose phases drive the programme (integrated schemes share the same phases)."""
    return scheme(app.schemes[0])


#: Scheme objects certified with the product workflow (services/products.py), by the scheme file's
#: ``object``: their activities record test results and their decisions grant a licence.
PRODUCT_OBJECTS = ("product",)


def is_product_application(app: Application) -> bool:
    return main_scheme(app).object in PRODUCT_OBJECTS


def core_qualification(q: Qualification) -> competence.Qualification:
    return competence.Qualification(
        standard=standard(q.scheme),
        roles=frozenset(q.roles),
        codes=frozenset(q.iaf_codes),
        valid_from=q.valid_from,
        valid_until=q.valid_until,
        areas=frozenset(q.areas or ()),
    )


def core_auditor(a: Auditor) -> competence.Auditor:
    """An auditor as the engine sees it, identified as a person (:attr:`Auditor.identity`), never by
    name; clients of conflicts by their id. Qualifications and conflicts must be prefetched."""
    return competence.Auditor(
        id=a.identity,
        name=a.name,
        qualifications=tuple(core_qualification(q) for q in a.qualifications.all()),
        conflicts=tuple(
            competence.Conflict(client=client_identity(c.client_id), kind=c.kind, ended=c.ended)
            for c in a.conflicts.all()
        ),
    )


def client_identity(client_id: int) -> str:
    return f"client:{client_id}"


def user_identity(user) -> str:  # type: ignore[no-untyped-def]
    """The identity of a person who signs in, as :attr:`Auditor.identity` gives it for a linked record."""
    return f"user:{user.pk}"


def team_identities(auditors: Iterable[Auditor]) -> tuple[str, ...]:
    return tuple(a.identity for a in auditors)

"""What a management-system certificate says, per language (ISO/IEC 17021-1:2015 8.2.2).

8.2.2 asks for: a) the name and geographical location of each certified client (and of the
headquarters and sites of a multi-site certification); b) the dates of granting, extending or
renewing the certification; c) the expiry or recertification due date; d) a unique identification
code; e) the normative document(s) with issue number and/or revision; f) the scope with respect to
the type of activities, products and services at each site; g) the name, address and
certification mark of the certification body (other marks, e.g. the accreditation symbol, may be
used provided they are not misleading); h) any other information the standard or normative
document requires; i) on a revised certificate, the means to tell it from the earlier ones.
A certificate issued in two languages repeats every element in each of them.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from casys.accreditation.services import statements
from casys.certification.iaf import iaf_title
from casys.certification.models import Certificate
from casys.documents.services import country_name, issuer, signatory
from casys.documents.services import place as _place

#: The CAB standard whose accreditation may cover a management-system certificate.
CAB_STANDARD = "ISO/IEC 17021-1"
#: Events that revise the certificate (8.2.2 i): each one is listed with its date.
REVISIONS = ("scope-reduced", "scope-extended", "reissued")
SECOND_LANGUAGES = ("fr", "ru")


def languages_of(cert: Certificate) -> list[str]:
    """English, with the client's language alongside where it is French or Russian."""
    second = cert.client.language
    return ["en", second] if second in SECOND_LANGUAGES else ["en"]


def _revision_label(kind: str) -> str:
    return {
        "scope-reduced": pgettext("certification", "scope reduced"),
        "scope-extended": pgettext("certification", "scope extended"),
        "reissued": _("reissued"),
    }[kind]


def labels() -> dict[str, str]:
    """The fixed wording of the certificate in the active language."""
    return {
        "title": _("Certificate"),
        "certifies": _("This is to certify that the management system of"),
        "conforms": _("conforms to the requirements of"),
        "scope": _("Scope of certification"),
        "sites": _("Sites covered"),
        "site": _("Site"),
        "location": _("Location"),
        "codes": _("IAF sectors"),
        "number": _("Certificate number"),
        "original": _("Date of original certification"),
        "issued": _("Date of this issue"),
        "expiry": _("Expiry date"),
        "recertification": _("Recertification due before"),
        "revisions": _("Revisions of this certificate"),
        "verify": _("Verify this certificate"),
        "status": _("Status on the date printed"),
        "signed": _("For the certification body"),
        "mark": _("Certification mark"),
        "validity": _(
            "The validity of this certificate depends on successful surveillance; its current status "
            "is shown at the address above. This certificate remains the property of the certification body."
        ),
        "issuer": _("Certification body"),
    }


def _status_label(status: str) -> str:
    return {
        "issued": pgettext("certification", "active"),
        "suspended": _("suspended"),
        "withdrawn": pgettext("certification", "withdrawn"),
        "expired": pgettext("certification", "expired"),
        "transferred": _("transferred"),
    }.get(status, status)


def certificate_document(cert: Certificate, *, url: str, status: str) -> dict[str, Any]:
    """The template context of the certificate PDF: one page per language, every element on each."""
    org = cert.client.organisation
    body = issuer(cert.body)
    accreditation = statements.for_certificate(
        cert.body,
        standard=CAB_STANDARD,
        documents=cert.standards,
        iaf_codes=cert.iaf_codes,
        on=cert.issue_date,
    )
    events = list(cert.events.all())
    pages = []
    for language in languages_of(cert):
        with translation.override(language):
            pages.append(
                {
                    "lang": language,
                    "labels": labels(),
                    "holder_place": _place(org.address, org.city, org.country, language),
                    "sites": [
                        {
                            "name": s.get("name", ""),
                            "place": _place(s.get("address", ""), "", s.get("country", ""), language),
                        }
                        for s in cert.sites
                    ],
                    "codes": [(c, iaf_title(c)) for c in cert.iaf_codes],
                    "revisions": [(e.at, _revision_label(e.kind)) for e in events if e.kind in REVISIONS],
                    "signatory": signatory(body, language),
                    "status_label": _status_label(status),
                    "issuer_country": country_name(cert.body.country, language),
                }
            )
    return {
        "cert": cert,
        "org": org,
        "issuer": body,
        "accreditation": accreditation,
        "pages": pages,
        "url": url,
        "status": status,
        "doc_id": cert.number,
    }

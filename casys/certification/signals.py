"""The certification app tells other areas about certificates through one signal.

The certification app issues each certificate through the attestations layer
(:mod:`casys.certification.services.publication`), then sends ``certificate_changed``
inside the transaction that issued or changed it, with a :class:`CertificateRecord`:
the public face of the certificate, in the fields of IAF CertSearch's upload.
Whoever else wants to know (webhooks, notices) listens to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.dispatch import Signal

# Sent with sender=CertificateRecord, record=CertificateRecord,
# actor=casys.auditlog.services.Actor
certificate_changed = Signal()

STATUSES = ("active", "suspended", "withdrawn", "expired")


@dataclass(frozen=True)
class Site:
    name: str
    address: str = ""
    country: str = ""


@dataclass(frozen=True)
class StatusChange:
    """One event in the certificate's life, as the public may see it."""

    on: date
    status: str  # one of STATUSES, or "scope_reduced" / "scope_extended" / "reissued" / "transferred"
    reason: str = ""


@dataclass(frozen=True)
class CertificateRecord:
    issuer: Any  # casys.accounts.models.Body (the certification body)
    number: str
    status: str  # one of STATUSES
    holder_name: str
    holder_name_en: str
    holder_country: str  # ISO 3166-1 alpha-2
    holder_address: str
    standards: tuple[str, ...]  # e.g. ("ISO 9001:2015",)
    scheme_ids: tuple[str, ...]  # e.g. ("iso9001",)
    iaf_codes: tuple[int, ...]
    scope: str
    original_issue_date: date
    issue_date: date
    expiry_date: date
    public: bool  # the client's consent to publication (ISO/IEC 17021-1, 8.4)
    sites: tuple[Site, ...] = ()
    scope_translations: dict[str, str] = field(default_factory=dict)  # language code -> scope text
    accreditation_body: str = ""  # slug of the accreditation body whose accreditation covers it, if any
    history: tuple[StatusChange, ...] = ()
    source: str = "casys"  # "casys" for certificates issued here; "import" for bulk imports


#: Sent after commit when the daily rule ``surveillance-overdue`` proposes a certificate's suspension
#: to the decision maker, with ``proposal=<SuspensionProposal>`` (the notifications app tells the
#: body's decision makers).
suspension_proposed = Signal()

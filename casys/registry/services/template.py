"""The import/export template: columns after the certificate fields of IAF CertSearch's upload.

One row per certificate. Lists inside a cell are separated by ``;``; a site is
``name | address | country``. Dates are ISO 8601 (``2025-03-01``) or spreadsheet dates.
The header row holds the column keys below (or their labels, any case).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    help: str


COLUMNS: tuple[Column, ...] = (
    Column("certificate_number", "Certificate number", True, "unique per issuing body"),
    Column("status", "Certification status", True, "active, suspended, withdrawn or expired"),
    Column("issue_date", "Issue date", True, "date of the current certificate"),
    Column("original_issue_date", "Original issue date", False, "first certification; default: issue date"),
    Column("expiry_date", "Expiry date", True, "not before the issue date"),
    Column("certified_entity_name", "Certified entity name", True, "official name, any script"),
    Column("certified_entity_name_en", "Certified entity English name", False, "name in English"),
    Column("address", "Address", False, "address of the certified entity"),
    Column("country", "Country", True, "ISO 3166-1 alpha-2 code, e.g. LV"),
    Column("scope", "Scope", False, "scope of certification"),
    Column("standards", "Standards / schemes", True, "e.g. ISO 9001:2015; ISO 14001:2015"),
    Column("iaf_codes", "Sectors (IAF codes)", False, "IAF ID 1 codes 1 to 39, e.g. 17; 19"),
    Column("sites", "Sites", False, "name | address | country; ..."),
    Column("accreditation_body", "Accreditation body", False, "slug or name of the accreditation body"),
    Column("public", "Public", False, "yes or no (client's consent to publication); default yes"),
)

KEYS = tuple(c.key for c in COLUMNS)
#: IAF ID 1:2020 (IAF Informative Document for QMS and EMS scopes of accreditation) lists 39 codes.
IAF_CODES = range(1, 40)

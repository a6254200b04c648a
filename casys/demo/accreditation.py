"""Demo accreditations (ORDER 10): the Nordic Accreditation Service accredits the two demo CBs.

All of it is fictional: NAS's signatory status below is demo data, not a real IAF MLA listing.
"""

from __future__ import annotations

from datetime import date

from casys.accounts.models import Body
from casys.accreditation.models import Accreditation, SignatoryStatus
from casys.accreditation.services import accreditations as svc
from casys.accreditation.services.recognition import import_statuses

ORDER = 10

#: Fictional signatory statuses of NAS (demo only): ISO 9001 and ISO 14001, not ISO 45001.
NAS_STATUSES = [
    {
        "body": "nas",
        "arrangement": "IAF-MLA",
        "activity": "certification-management-systems",
        "normativeDocument": "ISO/IEC 17021-1",
        "subScope": sub,
        "validFrom": "2012-06-01",
    }
    for sub in ("ISO 9001", "ISO 14001")
]


def load_demo() -> None:
    nas = Body.all_objects.get(slug="nas")
    baltcert = Body.all_objects.get(slug="baltcert")
    eurasia = Body.all_objects.get(slug="eurasia-cert")
    if not Accreditation.all_objects.filter(body=nas, number="NAS-CB-014").exists():
        codes = ("3", "17", "18", "19", "28", "29", "35")
        svc.grant(
            nas,
            svc.GrantInput(
                cab=baltcert,
                number="NAS-CB-014",
                standard="ISO/IEC 17021-1",
                valid_from=date(2021, 4, 1),
                valid_until=date(2029, 3, 31),
                scope=tuple(
                    svc.ScopeInput(s, codes) for s in ("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018")
                ),
            ),
        )
    if not Accreditation.all_objects.filter(body=nas, number="NAS-CB-022").exists():
        svc.grant(
            nas,
            svc.GrantInput(
                cab=eurasia,
                number="NAS-CB-022",
                standard="ISO/IEC 17021-1",
                valid_from=date(2018, 1, 1),
                valid_until=date(2023, 12, 31),  # lapsed: not renewed
                scope=(svc.ScopeInput("ISO 9001:2015", ("3", "17", "29")),),
            ),
        )
    if not SignatoryStatus.all_objects.filter(body=nas).exists():
        import_statuses(NAS_STATUSES, source="demo data (fictional)")

"""Demo registry (ORDER 50): a recognized certificate, one whose chain fails at the accreditation,
a suspended one, a confidential one, and a Cyrillic holder found by 'Gazprom'. All fictional."""

from __future__ import annotations

from datetime import date

from casys.accounts.models import Body
from casys.attestations.services.issue import Entry, issue

ORDER = 50


def _e(number: str, **kw: object) -> Entry:
    base: dict[str, object] = {
        "number": number,
        "status": "active",
        "holder_name_en": "",
        "standards": ("ISO 9001:2015",),
        "iaf_codes": ("17",),
        "original_issue_date": date(2024, 5, 2),
        "issue_date": date(2024, 5, 2),
        "expiry_date": date(2027, 5, 1),
        "accreditation_body": "nas",
    }
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


BALTCERT = [
    _e(
        "BC-Q-24-0101",
        holder_name="Müller Präzisionsteile GmbH",
        holder_name_en="Mueller Precision Parts GmbH",
        holder_address="Industriestraße 12, 70565 Stuttgart",
        country="DE",
        scope="Machining and assembly of precision steel parts",
        sites=({"name": "Werk Stuttgart", "address": "Industriestraße 12, Stuttgart", "country": "DE"},),
    ),
    _e(
        "BC-E-24-0102",
        holder_name="Société Lyonnaise de Mécanique SAS",
        country="FR",
        standards=("ISO 14001:2015",),
        scope="Fabrication de pièces mécaniques",
    ),
    _e(
        "BC-S-23-0077",
        status="suspended",
        holder_name="Rīgas Piena Kombināts AS",
        holder_name_en="Riga Dairy Plant JSC",
        country="LV",
        standards=("ISO 45001:2018",),
        iaf_codes=("3",),
        issue_date=date(2023, 9, 15),
        original_issue_date=date(2023, 9, 15),
        expiry_date=date(2026, 9, 14),
        scope="Processing of milk and production of dairy products",
        history=(
            {"on": "2025-02-10", "status": "suspended", "reason": "surveillance audit not held in time"},
        ),
    ),
    _e(
        "BC-Q-24-0140",
        holder_name="Nordfisk Sjømat AS",
        holder_name_en="Nordfisk Seafood AS",
        country="NO",
        public=False,
        scope="Processing of fish",
    ),
]

EURASIA = [
    _e(
        "EA-QMS-24-0007",
        holder_name="ООО «Газпромснаб-Тест» (демо)",
        holder_name_en="Gazpromsnab-Test LLC (demo)",
        holder_address="ул. Примерная, 1, Москва",
        country="RU",
        issue_date=date(2024, 2, 1),
        original_issue_date=date(2024, 2, 1),
        expiry_date=date(2027, 1, 31),
        scope="Поставка промышленного оборудования",
    ),
    _e(
        "EA-QMS-24-0011",
        holder_name="ТОО «Казахстанские агротехнологии»",
        holder_name_en="Kazakhstan Agrotechnologies LLP",
        country="KZ",
        iaf_codes=("3",),
        scope="Production of grain crops",
    ),
]


def load_demo() -> None:
    issue(Body.all_objects.get(slug="baltcert"), BALTCERT, source="demo")
    issue(Body.all_objects.get(slug="eurasia-cert"), EURASIA, source="demo")

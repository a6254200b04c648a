"""Fixtures of the registry tests: files in a temporary data directory, an AB, a CB and a recognition."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache

from casys.accounts.models import Body, BodyKind
from casys.accounts.scoping import unscoped
from casys.accreditation.services import accreditations as acc_services
from casys.accreditation.services import recognition as rec_services
from casys.attestations.services.issue import Entry, issue
from tests.conftest import make_body


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Any, request: Any) -> Any:
    settings.DATA_DIR = tmp_path
    settings.CASYS_REGISTRY_RATE = "1000/m"
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        cache.clear()  # the rate-limit counters live in the database cache
    return tmp_path


@pytest.fixture
def thawed_heap() -> Iterator[None]:
    """No frozen heap during the test, whatever ran before it in this worker (casys.project.asgi
    freezes the heap at import); one that was frozen is frozen again after it."""
    preloaded = gc.get_freeze_count() > 0
    gc.unfreeze()
    yield
    if preloaded:
        gc.freeze()


@pytest.fixture
def ab(db: Any) -> Body:
    return make_body("nordic-ab", kind=BodyKind.ACCREDITATION_BODY, name="Nordic AB", country="SE")


def entry(number: str = "Q-1", **over: Any) -> Entry:
    fields: dict[str, Any] = {
        "number": number,
        "status": "active",
        "holder_name": "ООО «Газпромснаб-Тест»",
        "holder_name_en": "Gazpromsnab-Test LLC",
        "country": "RU",
        "standards": ("ISO 9001:2015",),
        "iaf_codes": ("17",),
        "original_issue_date": date(2024, 3, 1),
        "issue_date": date(2024, 3, 1),
        "expiry_date": date(2027, 2, 28),
        "scope": "Supply of industrial equipment",
        "sites": ({"name": "Head office", "address": "Moscow", "country": "RU"},),
        "accreditation_body": "nordic-ab",
    }
    fields.update(over)
    return Entry(**fields)


@pytest.fixture
def accredited(ab: Body, body_a: Body) -> Body:
    """body_a accredited by ab for ISO 9001 / IAF 17 (2020-2030); ab an IAF MLA signatory for ISO 9001."""
    with unscoped():
        acc_services.grant(
            ab,
            acc_services.GrantInput(
                cab=body_a,
                number="NAB-001",
                standard="ISO/IEC 17021-1",
                valid_from=date(2020, 1, 1),
                valid_until=date(2030, 1, 1),
                scope=(acc_services.ScopeInput("ISO 9001:2015", ("17", "28")),),
            ),
        )
        rec_services.import_statuses(
            [
                {
                    "body": "nordic-ab",
                    "arrangement": "IAF-MLA",
                    "activity": "certification-management-systems",
                    "normativeDocument": "ISO/IEC 17021-1",
                    "subScope": "ISO 9001",
                    "validFrom": "2015-01-01",
                }
            ],
            source="test",
        )
    return body_a


def publish(issuer: Body, *entries: Entry) -> Any:
    with unscoped():
        return issue(issuer, list(entries), source="test")

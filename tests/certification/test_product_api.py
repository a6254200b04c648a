"""The product-certification API: create an application, list its activities, record a type test;
full expected JSON; roles, a foreign body, anonymous."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as HttpClient

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from casys.certification.models import Application, Auditor
from casys.certification.services import auditors, products
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/certification"


def _token(user: Any, body: Any) -> str:
    return create_token(user=user, body=body, name="test", actor=SYSTEM)[1]


def _post(path: str, token: str, data: dict[str, Any]) -> Any:
    return HttpClient().post(
        f"{API}{path}",
        json.dumps(data),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _get(path: str, token: str) -> Any:
    return HttpClient().get(f"{API}{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


PAYLOAD = {
    "scheme": "type5-electrical",
    "products": [
        {"name": "Electric kettle", "type_designation": "WK-17", "ratings": "230 V, 2200 W"},
        {"name": "Electric kettle", "type_designation": "WK-10", "normative_document": "IEC 60335-2-15:2012"},
    ],
    "manufacturer": {"name": "Müller Präzisionsteile GmbH", "country": "DE"},
    "factories": [{"name": "Werk Esslingen", "address": "Fabrikweg 2", "country": "DE"}],
}


@pytest.fixture
def ines(body_a) -> Auditor:  # type: ignore[no-untyped-def]
    with unscoped():
        return auditors.create_auditor(body_a, name="Ines Inspector")


def test_the_owner_creates_a_product_application_and_records_a_type_test(
    owner, body_a, cert_client, ines
) -> None:
    token = _token(owner, body_a)
    r = _post("/product-applications", token, {**PAYLOAD, "client": cert_client.pk})
    assert r.status_code == 201, r.content
    with unscoped():
        app = Application.all_objects.get()
        p17, p10 = app.products.order_by("id")
    assert r.json() == {
        "id": app.pk,
        "body": "alpha-cert",
        "client": cert_client.pk,
        "scheme": "type5-electrical",
        "status": "received",
        "received_on": "2026-01-05",
        "scope": "Electric kettle, type WK-17 (230 V, 2200 W): IEC 60335-1 (example product standard)\n"
        "Electric kettle, type WK-10: IEC 60335-2-15:2012",
        "products": [
            {
                "id": p17.pk,
                "name": "Electric kettle",
                "type_designation": "WK-17",
                "description": "",
                "ratings": "230 V, 2200 W",
                "normative_document": "IEC 60335-1 (example product standard)",
            },
            {
                "id": p10.pk,
                "name": "Electric kettle",
                "type_designation": "WK-10",
                "description": "",
                "ratings": "",
                "normative_document": "IEC 60335-2-15:2012",
            },
        ],
        "manufacturer": {"name": "Müller Präzisionsteile GmbH", "address": "", "country": "DE"},
        "factories": [{"name": "Werk Esslingen", "address": "Fabrikweg 2", "country": "DE"}],
    }
    with unscoped():
        products.review_product_application(app, on=app.received_on)
        test, inspection = app.audits.order_by("id")
    r = _get(f"/product-applications/{app.pk}/activities", token)
    blank = {
        "application": app.pk,
        "cycle": 1,
        "phase": "initial",
        "earliest": None,
        "latest": None,
        "planned_on": None,
        "days": None,
        "leader": None,
        "team": [],
        "done_on": None,
        "mode": "",
        "remote_days": 0.0,
        "results": [],
    }
    assert r.json() == [
        {**blank, "id": test.pk, "kind": "type-test", "records": "test-report"},
        {**blank, "id": inspection.pk, "kind": "factory-inspection", "records": "findings"},
    ]
    results = [
        {
            "product": p.pk,
            "report_reference": f"TR-{p.type_designation}",
            "laboratory": "Prüflabor Süd",
            "tested_on": "2026-01-02",
            "result": "pass",
        }
        for p in (p17, p10)
    ]
    late = _post(
        f"/product-activities/{test.pk}/record",
        token,
        {"done_on": "2026-01-06", "team": [ines.pk], "results": results},
    )
    assert late.status_code == 422
    assert late.json() == {
        "detail": "done_on: 2026-01-06 is after today (2026-01-05); "
        "record an activity once it has been carried out"
    }
    r = _post(
        f"/product-activities/{test.pk}/record",
        token,
        {"done_on": "2026-01-04", "team": [ines.pk], "results": results},
    )
    assert r.status_code == 200, r.content
    assert r.json() == {
        **blank,
        "id": test.pk,
        "kind": "type-test",
        "records": "test-report",
        "planned_on": "2026-01-04",
        "days": 1.0,
        "leader": "Ines Inspector",
        "team": ["Ines Inspector"],
        "done_on": "2026-01-04",
        "mode": "on-site",
        "results": [{**row, "sample_source": "", "sample_bought_on": None} for row in results],
    }


def test_roles_a_foreign_body_and_anonymous_are_kept_out(
    owner, team, outsider, body_a, body_b, cert_client, ines
) -> None:
    with unscoped():
        app = products.create_product_application(
            body_a,
            cert_client,
            scheme_id="type5-electrical",
            products=[products.ProductInput("Kettle", "K1")],
            manufacturer=products.PartyInput("M"),
            factories=[products.PartyInput("F", country="DE")],
            received_on=cert_client.created_at.date(),
        )
        products.review_product_application(app, on=app.received_on)
        inspection = app.audits.get(kind="factory-inspection")
    data = {**PAYLOAD, "client": cert_client.pk}
    assert _post("/product-applications", _token(team, body_a), data).status_code == 403
    dm = make_user("dm@alpha.example")
    Membership.all_objects.create(user=dm, body=body_a, role=Role.DECISION_MAKER)
    dm_token = _token(dm, body_a)
    assert (
        _post(
            f"/product-activities/{inspection.pk}/record",
            dm_token,
            {"done_on": "2026-01-05", "team": [ines.pk]},
        ).status_code
        == 403
    )
    assert _get(f"/product-applications/{app.pk}/activities", dm_token).status_code == 200
    foreign = _token(outsider, body_b)
    assert _post("/product-applications", foreign, data).status_code == 404
    assert _get(f"/product-applications/{app.pk}", foreign).status_code == 404
    assert _get(f"/product-applications/{app.pk}/activities", foreign).status_code == 404
    assert (
        _post(
            f"/product-activities/{inspection.pk}/record", foreign, {"done_on": "2026-01-05", "team": []}
        ).status_code
        == 404
    )
    assert HttpClient().get(f"{API}/product-applications/{app.pk}").status_code == 401
    r = _post(
        f"/product-activities/{inspection.pk}/record",
        _token(team, body_a),
        {"done_on": "2026-01-05", "team": [ines.pk]},
    )
    assert r.status_code == 200 and r.json()["records"] == "findings"
